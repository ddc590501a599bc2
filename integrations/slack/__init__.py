"""The Slack face of Hookline: a slack-bolt app for channels, threads, DMs, the `/hookline` command and App Home.

One codebase serves HTTP (`/slack/events`, `/slack/commands`, `/slack/interactions` behind gunicorn) and Socket Mode.
Listeners only claim work durably and ack (well inside Slack's 3 s); background workers run the agent, post
progress into a placeholder and deliver results and files into the thread. Heavy imports never sit on the ack path.
"""
