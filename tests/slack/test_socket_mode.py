"""Socket Mode: the same app over a websocket (local server speaking Slack's protocol), same exactly-once rules."""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from integrations.slack.runner import serve_socket_mode
from tests.slack.agent_gateway import RecordingAgentGateway
from tests.slack.mock_socket_mode import MockSocketModeServer
from tests.slack.slack_support import (
    APP_TOKEN,
    BOT_TOKEN,
    CHANNEL,
    SIGNING_SECRET,
    USER,
    block_text,
    event_body,
    mention,
)
from tools.checkins.clock import ShiftedClock

# The demo data ends on Sunday 2026-11-22: the scheduler's calendar starts the next Monday, whatever today is.
DATA_MONDAY = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


@pytest.fixture
def socket_app(slack_api, slack_settings, slack_options, loaded_workspace):  # type: ignore[no-untyped-def]
    with MockSocketModeServer() as ws:
        slack_api.ws_url = ws.url
        agent = RecordingAgentGateway()
        stop = threading.Event()
        ready = threading.Event()
        thread = threading.Thread(target=serve_socket_mode, args=(slack_settings, slack_options), kwargs={
            "stop": stop, "on_ready": ready.set, "agent": agent, "clock": ShiftedClock(DATA_MONDAY)}, daemon=True)
        thread.start()
        assert ready.wait(15), "socket mode app did not connect"
        ws.wait_connected()
        yield ws, agent
        stop.set()
        thread.join(10)
    from tools.core.runtime import forget_databases

    forget_databases()


def test_socket_mode_serves_mentions_and_ignores_redeliveries(socket_app, slack_api, caplog):
    caplog.set_level(logging.DEBUG)
    ws, agent = socket_app
    # connected with the app token through apps.connections.open on the configured API URL
    opens = slack_api.calls_to("apps.connections.open")
    assert len(opens) == 1 and opens[0].headers["authorization"] == f"Bearer {APP_TOKEN}"

    ts = "1700004000.000100"
    body = event_body(mention("make 4 variants of last week's winner", ts=ts), event_id="EvSOCKET1")
    started = time.perf_counter()
    first = ws.envelope("events_api", body)
    ws.wait_ack(first["envelope_id"])
    assert time.perf_counter() - started < 1.0
    again = ws.envelope("events_api", body, retry_attempt=1)
    ws.wait_ack(again["envelope_id"])

    uploads = slack_api.wait_for(lambda: len(slack_api.uploads_in(CHANNEL, ts)) == 5 and slack_api.uploads_in(
        CHANNEL, ts), timeout=120)
    assert {"contact_sheet.png", "manifest.json"} <= {u.filename for u in uploads}
    thread = slack_api.thread(CHANNEL, ts)
    assert len(thread) == 1 and "Generated 4 variants" in thread[0].text
    time.sleep(0.3)
    assert len(agent.chats) == 1
    for secret in (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET):
        assert secret not in caplog.text


def test_socket_mode_slash_command_is_acknowledged_with_a_reply(socket_app, slack_api):
    ws, agent = socket_app
    payload = {"token": "legacy", "team_id": "T0001", "channel_id": CHANNEL, "user_id": USER,
               "command": "/hookline", "text": "how did we do last week?", "trigger_id": "trig.socket.1",
               "response_url": "http://127.0.0.1:9/unused", "api_app_id": "A0001"}
    envelope = ws.envelope("slash_commands", payload)
    ack = ws.wait_ack(envelope["envelope_id"])
    assert ack["payload"]["text"].startswith("On it")
    root = slack_api.wait_for(lambda: [m for m in slack_api.thread(CHANNEL, None) if "asked" in m.text])[0]
    answer = slack_api.wait_for(lambda: [m for m in slack_api.thread(CHANNEL, root.ts) if "spend" in m.text],
                                timeout=120)
    assert "*Spend*" in block_text(answer[0].blocks)
    assert [c["text"] for c in agent.chats] == ["how did we do last week?"]


def test_scheduled_check_ins_run_inside_the_slack_app(socket_app, slack_api, loaded_workspace):
    """`hookline slack` also runs the check-in scheduler: a due weekly report is posted once, by the app."""
    from tools.checkins.api import schedule_checkin

    schedule_checkin(loaded_workspace, "weekly-report", CHANNEL, cron="* * * * *", tz="UTC",
                     now=DATA_MONDAY - timedelta(seconds=90))
    posts = slack_api.wait_for(lambda: [c for c in slack_api.calls_to("chat.postMessage")
                                        if c.params.get("channel") == CHANNEL and c.params.get("metadata")],
                               timeout=60)
    assert "spend" in posts[0].params["text"].lower()
    time.sleep(1.0)  # several scheduler passes later: still one post for this period
    assert len([c for c in slack_api.calls_to("chat.postMessage")
                if c.params.get("channel") == CHANNEL and c.params.get("metadata")]) == 1
