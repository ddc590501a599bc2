"""Approval buttons resume the agent's paused graph exactly once; edit count and reject travel with the decision."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from tests.slack.doubles import RecordingFileActions, ScriptedAgent
from tests.slack.slack_support import CHANNEL, USER, block_action, count_submission, event_body, mention


def _ask_for_approval(server, slack_api, agent, ts: str, count: int = 4):  # type: ignore[no-untyped-def]
    assert server.event(event_body(mention(f"make {count} variants of last week's winner", ts=ts))).status_code == 200
    message = slack_api.wait_for(lambda: [m for m in slack_api.thread(CHANNEL, ts)
                                          if any(b.get("type") == "actions" for b in m.blocks)])[0]
    buttons = next(b for b in message.blocks if b.get("type") == "actions")["elements"]
    assert [b["action_id"] for b in buttons] == ["hookline_approve", "hookline_reject", "hookline_edit_count"]
    approval_id = buttons[0]["value"]
    assert approval_id.startswith("apr-") and not agent.resumes
    return message, approval_id


def test_approve_button_resumes_the_graph_once_and_posts_the_results(make_server, slack_api):
    agent = ScriptedAgent(approval_for_variants=True)
    server = make_server(agent=agent, files=RecordingFileActions())
    ts = "1700001000.000100"
    message, approval_id = _ask_for_approval(server, slack_api, agent, ts)
    assert "Render 4 variants" in str(message.blocks)
    assert slack_api.uploads_in(CHANNEL, ts) == []  # nothing rendered before the go-ahead

    click = block_action("hookline_approve", approval_id, message_ts=message.ts)
    # a double click and a colleague clicking at the same moment
    with ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(lambda _: server.interaction(click).status_code, range(4)))
    assert statuses == [200] * 4
    uploads = slack_api.wait_for(lambda: len(slack_api.uploads_in(CHANNEL, ts)) == 6 and slack_api.uploads_in(
        CHANNEL, ts))
    assert len(uploads) == 6
    time.sleep(0.4)
    assert len(agent.resumes) == 1
    resume = agent.resumes[0]
    assert resume == {"workspace": "acme", "thread_id": f"slack:T0001:{CHANNEL}:{ts}", "approved": True,
                      "count": None, "note": None}
    # the buttons are gone: the approval message now says who approved
    decided = slack_api.messages[message.ts]
    assert all(b.get("type") != "actions" for b in decided.blocks)
    assert f"Approved by <@{USER}>" in str(decided.blocks)
    # the late clickers were told, privately, that it was already decided
    ephemerals = slack_api.calls_to("chat.postEphemeral")
    assert len(ephemerals) == 3
    assert all("already approved" in c.params["text"] for c in ephemerals)
    # results: a second placeholder in the same thread turned into the summary
    summaries = [m for m in slack_api.thread(CHANNEL, ts) if m.text == "Made 4 variants of last week's winner."]
    assert len(summaries) == 1


def test_edit_count_opens_a_modal_and_resumes_with_the_new_count(make_server, slack_api):
    agent = ScriptedAgent(approval_for_variants=True)
    server = make_server(agent=agent, files=RecordingFileActions())
    ts = "1700001100.000100"
    message, approval_id = _ask_for_approval(server, slack_api, agent, ts, count=20)

    assert server.interaction(block_action("hookline_edit_count", approval_id,
                                           message_ts=message.ts)).status_code == 200
    opened = slack_api.wait_for(lambda: slack_api.calls_to("views.open"))[0]
    view = opened.params["view"]
    view = view if isinstance(view, dict) else __import__("json").loads(view)
    count_input = next(b for b in view["blocks"] if b.get("block_id") == "count")
    assert count_input["element"]["initial_value"] == "20"
    assert view["private_metadata"] == approval_id

    invalid = server.interaction(count_submission(approval_id, "0"))
    assert invalid.status_code == 200 and invalid.json()["response_action"] == "errors"
    assert "count" in invalid.json()["errors"]
    assert server.interaction(count_submission(approval_id, "3")).status_code == 200
    slack_api.wait_for(lambda: len(slack_api.uploads_in(CHANNEL, ts)) == 5)
    assert [r["count"] for r in agent.resumes] == [3]
    assert "count 3" in str(slack_api.messages[message.ts].blocks)


def test_reject_resumes_with_a_refusal_and_renders_nothing(make_server, slack_api):
    agent = ScriptedAgent(approval_for_variants=True)
    server = make_server(agent=agent, files=RecordingFileActions())
    ts = "1700001200.000100"
    message, approval_id = _ask_for_approval(server, slack_api, agent, ts)
    assert server.interaction(block_action("hookline_reject", approval_id, message_ts=message.ts)).status_code == 200
    slack_api.wait_for(lambda: any(m.text == "Understood: nothing was rendered."
                                   for m in slack_api.thread(CHANNEL, ts)))
    assert [r["approved"] for r in agent.resumes] == [False]
    assert "Rejected by" in str(slack_api.messages[message.ts].blocks)
    # approving afterwards changes nothing
    assert server.interaction(block_action("hookline_approve", approval_id, message_ts=message.ts)).status_code == 200
    time.sleep(0.3)
    assert len(agent.resumes) == 1
    assert slack_api.uploads_in(CHANNEL, ts) == []
