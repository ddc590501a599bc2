"""Over real HTTP: signed Slack requests into the real app (and the real agent), a local stand-in for the Web API.

The flagship flows (variants, retries, approvals) are in test_agent_e2e.py; here: signatures, DMs, the slash
command, Postgres, and attachments kept in shared storage."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.slack.agent_gateway import RecordingAgentGateway
from tests.slack.doubles import RecordingFileActions, ScriptedAgent
from tests.slack.slack_support import CHANNEL, USER, block_text, event_body, mention


def test_bad_signature_and_stale_timestamp_are_rejected(make_server, slack_api):
    agent = RecordingAgentGateway()
    server = make_server(agent=agent)
    body = event_body(mention("make 2 variants", ts="1700000300.000100"))

    forged = server.event(body, secret="not-the-signing-secret")
    stale = server.event(body, timestamp=int(time.time()) - 400)
    assert forged.status_code == 401
    assert stale.status_code == 401
    challenge = server.post("/slack/events", json.dumps({"type": "url_verification", "challenge": "c-123",
                                                         "token": "x"}), "application/json")
    assert challenge.status_code == 200 and "c-123" in challenge.text
    assert server.http.get(server.url + "/healthz").json() == {"ok": True}
    time.sleep(0.3)
    assert agent.chats == []
    assert server.services.ledger.items() == []


def test_dm_is_answered_and_other_message_events_are_acknowledged(make_server, slack_api, loaded_workspace):
    from tests.slack.slack_support import direct_message

    agent = RecordingAgentGateway()
    server = make_server(agent=agent)
    assert server.event(event_body(direct_message("how did we do last week?", ts="1700000400.000100"))).status_code \
        == 200
    edited = {"type": "message", "subtype": "message_changed", "channel": "D0ALICE", "channel_type": "im",
              "ts": "1700000401.000100", "message": {"text": "x"}}
    own = {"type": "message", "channel_type": "im", "channel": "D0ALICE", "bot_id": "B0BOT", "user": "U0BOT",
           "text": "my own reply", "ts": "1700000402.000100"}
    assert server.event(event_body(edited)).status_code == 200
    assert server.event(event_body(own)).status_code == 200
    answer = slack_api.wait_for(lambda: [m for m in slack_api.thread("D0ALICE", None) if "spend" in m.text],
                                timeout=120)
    time.sleep(0.3)
    assert [c["text"] for c in agent.chats] == ["how did we do last week?"]
    assert agent.chats[0]["thread_id"] == "slack:T0001:D0ALICE:top"
    assert "*Spend*" in block_text(answer[0].blocks)


def test_slash_command_acks_at_once_and_answers_in_a_thread(make_server, slack_api, loaded_workspace):
    agent = RecordingAgentGateway()
    server = make_server(agent=agent)
    help_response = server.command("help")
    assert help_response.status_code == 200 and "make 20 variants" in help_response.json()["text"]
    response = server.command("how did we do last week?")
    assert response.status_code == 200
    assert response.json()["response_type"] == "ephemeral"
    root = slack_api.wait_for(lambda: [m for m in slack_api.thread(CHANNEL, None) if "asked" in m.text])[0]
    assert root.text == f"<@{USER}> asked: /hookline how did we do last week?"
    reply = slack_api.wait_for(lambda: [m for m in slack_api.thread(CHANNEL, root.ts) if "spend" in m.text],
                               timeout=120)
    assert len(reply) == 1 and len(slack_api.thread(CHANNEL, root.ts)) == 1
    assert len(agent.chats) == 1 and agent.chats[0]["thread_id"] == f"slack:T0001:{CHANNEL}:{root.ts}"


@pytest.mark.services
def test_exactly_once_holds_on_postgres(make_server, slack_api, slack_settings, postgres_url, tmp_path):
    from tools.core.runtime import build_runtime
    from tools.demo.build import build_demo_workspace

    settings = slack_settings.model_copy(update={"database_url": postgres_url})
    build_demo_workspace(build_runtime(settings, "acme"), tmp_path / "demo-data")
    agent = RecordingAgentGateway()
    server = make_server(settings, agent=agent)
    ts = "1700000500.000100"
    body = event_body(mention("how did we do last week?", ts=ts), event_id="EvPG1")
    with ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(lambda n: server.event(body, retry_num=n or None).status_code, range(6)))
    assert statuses == [200] * 6
    slack_api.wait_for(lambda: [m for m in slack_api.thread(CHANNEL, ts) if "spend" in m.text], timeout=120)
    time.sleep(0.3)
    assert len(agent.chats) == 1 and len(slack_api.thread(CHANNEL, ts)) == 1


def test_slash_command_in_a_channel_without_the_bot_explains_how_to_invite_it(make_server, slack_api):
    agent = RecordingAgentGateway()
    server = make_server(agent=agent)
    slack_api.fail_next("chat.postMessage", error="not_in_channel")
    response_url = slack_api.base + "/api/response_url_hook"
    response = server.command("how did we do last week?", response_url=response_url)
    assert response.status_code == 200
    told = slack_api.wait_for(lambda: slack_api.calls_to("response_url_hook"))
    assert "/invite @Hookline" in told[0].params["text"] and told[0].params["response_type"] == "ephemeral"
    time.sleep(0.3)
    assert agent.chats == []


def test_files_rendered_elsewhere_are_fetched_from_shared_storage(make_server, slack_api, slack_settings):
    """Narrow: a stand-in agent names attachments by storage key, as a reply about a GPU worker's output does."""
    from integrations.slack.agent_port import TurnResult
    from tools.core.storage import workspace_storage

    workspace_storage(slack_settings, "acme").put("reports/weekly.csv", b"kpi,value\nroas,2.5\n")

    class StorageAgent(ScriptedAgent):
        def chat(self, runtime, **kwargs):  # type: ignore[no-untyped-def, override]
            super().chat(runtime, **kwargs)
            return TurnResult(reply="Here is the weekly report.",
                              attachments=["reports/weekly.csv", "reports/not-rendered.png"])

    server = make_server(agent=StorageAgent(), files=RecordingFileActions())
    ts = "1700000600.000100"
    server.event(event_body(mention("weekly report please", ts=ts)))
    upload = slack_api.wait_for(lambda: slack_api.uploads_in(CHANNEL, ts))[0]
    assert upload.filename == "weekly.csv" and upload.data == b"kpi,value\nroas,2.5\n"
    note = slack_api.wait_for(lambda: [m for m in slack_api.thread(CHANNEL, ts) if "not found" in m.text])[0]
    assert note.text == "1 file(s) were not found and could not be sent: not-rendered.png"
