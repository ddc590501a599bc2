"""After install: the first visit to the bot's DM gets one welcome (what it can do, three example requests, how to
import data), never repeated; the Home tab of a workspace without data shows the same instead of empty KPIs."""

from __future__ import annotations

import json
import time

from sqlalchemy import delete

from integrations.slack.ledger import WorkItem
from tests.slack.agent_gateway import RecordingAgentGateway
from tests.slack.slack_support import USER, block_text, event_body
from tests.support.slack_web_api import Message
from tools.core.db.models.jobs import Job

DM = "D0ALICE"


def messages_tab(user: str = USER, channel: str = DM) -> dict:
    return event_body({"type": "app_home_opened", "user": user, "channel": channel, "tab": "messages",
                       "event_ts": f"{time.time():.6f}"})


def welcome_rows(server) -> list[WorkItem]:  # type: ignore[no-untyped-def]
    return server.services.ledger.items("welcome")


def wait_finished(server, slack_api, count: int = 1) -> list[WorkItem]:  # type: ignore[no-untyped-def]
    return slack_api.wait_for(lambda: (rows := welcome_rows(server)) and len(rows) == count
                              and all(r.status in ("done", "skipped") for r in rows) and rows)


def test_first_dm_visit_gets_one_welcome(make_server, slack_api) -> None:  # type: ignore[no-untyped-def]
    server = make_server(agent=RecordingAgentGateway())
    first = messages_tab()
    assert server.event(first).status_code == 200
    assert server.event(first, retry_num=1).status_code == 200  # Slack's retry of the same event
    [welcome] = slack_api.wait_for(lambda: slack_api.thread(DM, None))
    text = block_text(welcome.blocks)
    for request in ("how did we do last week?", "make 20 variants of last week's winner",
                    "break down this competitor video"):
        assert request in text and request in welcome.text  # blocks and the notification fallback
    assert "Drop an Ads Manager or TikTok export (CSV or XLSX) into this DM" in text
    assert "no ad data here yet" in text and "Workspace *acme*" in text
    assert welcome.metadata["event_type"] == "hookline_welcome"
    wait_finished(server, slack_api)

    assert server.event(messages_tab()).status_code == 200  # a later visit: the claim per person exists
    with server.services.ledger.database.session() as session:  # and once that row is pruned, the DM is not empty
        session.execute(delete(Job).where(Job.kind == "slack.welcome"))
    assert server.event(messages_tab()).status_code == 200
    [again] = wait_finished(server, slack_api)
    assert again.status == "skipped"
    assert len(slack_api.thread(DM, None)) == 1
    assert not slack_api.calls_to("views.publish")  # the Messages tab is not the Home tab


def test_no_welcome_into_a_conversation_that_already_started(make_server, slack_api) -> None:  # type: ignore[no-untyped-def]
    server = make_server(agent=RecordingAgentGateway())
    slack_api.messages["1.000001"] = Message(channel="D0BOB", ts="1.000001", text="hi", user="U0BOB")
    assert server.event(messages_tab(user="U0BOB", channel="D0BOB")).status_code == 200
    [row] = wait_finished(server, slack_api)
    assert row.status == "skipped" and [m.text for m in slack_api.thread("D0BOB", None)] == ["hi"]


def test_home_tab_of_a_workspace_without_data_welcomes(make_server, slack_api) -> None:  # type: ignore[no-untyped-def]
    server = make_server(agent=RecordingAgentGateway())
    body = event_body({"type": "app_home_opened", "user": USER, "channel": DM, "tab": "home",
                       "event_ts": "1700007100.000100"})
    assert server.event(body).status_code == 200
    published = slack_api.wait_for(lambda: slack_api.calls_to("views.publish"))[0]
    view = published.params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    text = block_text(view["blocks"])
    assert "*Ask me in plain words*" in text and "make 20 variants of last week's winner" in text
    assert "*Bring your data*" in text and "*Last week*" not in text
    assert not slack_api.thread(DM, None)  # the Home tab publishes a view; it posts no message
