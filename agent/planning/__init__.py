"""Planners: the offline NLU planner (default) and the LLM tool-calling planner (`HOOKLINE_MODEL`).

Both produce `AIMessage(tool_calls=...)` for the same graph; the offline one also returns a whole `Plan` at once
for `--plan`. Light imports only: the `--plan` path must not load langgraph or any model.
"""
