"""End-to-end over real HTTP: signed Slack requests into the real app, a local server standing in for the Web API."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from integrations.db.models.slack import SlackWork
from tests.slack.doubles import RecordingFileActions, ScriptedAgent, variant_score
from tests.slack.slack_support import CHANNEL, USER, block_text, event_body, mention


def test_mention_for_variants_posts_summary_and_files_in_the_thread(make_server, slack_api):
    agent = ScriptedAgent()
    server = make_server(agent=agent, files=RecordingFileActions())
    ts = "1700000100.000200"

    started = time.perf_counter()
    response = server.event(event_body(mention("make 6 variants of last week's winner", ts=ts)))
    ack_s = time.perf_counter() - started
    assert response.status_code == 200
    assert ack_s < 1.0

    uploads = slack_api.wait_for(lambda: len(slack_api.uploads_in(CHANNEL, ts)) == 8 and slack_api.uploads_in(
        CHANNEL, ts))
    # one placeholder in the thread, edited with progress and then the summary
    thread = slack_api.thread(CHANNEL, ts)
    assert len(thread) == 1
    message = thread[0]
    assert message.updates[:1] == [":hourglass_flowing_sand: rendering 1/6"]
    assert ":hourglass_flowing_sand: rendering 6/6" in message.updates
    assert message.text == "Made 6 variants of last week's winner."
    summary = block_text(message.blocks)
    assert "Top variants* (of 6" in summary
    # ranked by score: the best variant first, with its score
    best = max(range(1, 7), key=variant_score)
    first_line = next(line for line in summary.splitlines() if line.startswith("*1.*"))
    assert f"`v{best:02d}`" in first_line and f"score *{variant_score(best)}*" in first_line
    # the files are in the same thread, byte for byte, in batches of 4 (8 files → 2 completeUploadExternal calls)
    names = sorted(u.filename for u in uploads)
    assert names == sorted(["contact_sheet.png", "variants.csv", *[f"variant-{i:02d}.png" for i in range(1, 7)]])
    csv_upload = next(u for u in uploads if u.filename == "variants.csv")
    assert csv_upload.data.decode().splitlines()[0] == "id,hook,score"
    assert len(slack_api.calls_to("files.completeUploadExternal")) == 2
    # the agent got the request without the @-mention, in the thread mapped to this Slack thread
    assert len(agent.chats) == 1
    assert agent.chats[0]["text"] == "make 6 variants of last week's winner"
    assert agent.chats[0]["thread_id"] == f"slack:T0001:{CHANNEL}:{ts}"
    assert agent.chats[0]["workspace"] == "acme"


def test_retries_and_redeliveries_never_start_a_second_job(make_server, slack_api):
    agent = ScriptedAgent()
    server = make_server(agent=agent, files=RecordingFileActions())
    ts = "1700000200.000200"
    body = event_body(mention("make 2 variants", ts=ts), event_id="EvSAMEEVENT1")

    assert server.event(body).status_code == 200
    # Slack's retries (X-Slack-Retry-Num) and concurrent redeliveries of the same event_id
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda n: server.event(body, retry_num=n % 3 + 1).status_code, range(8)))
    assert statuses == [200] * 8
    slack_api.wait_for(lambda: len(slack_api.uploads_in(CHANNEL, ts)) == 4)
    time.sleep(0.5)  # let any (wrongly) started second job show itself
    assert len(agent.chats) == 1
    placeholders = [c for c in slack_api.calls_to("chat.postMessage") if c.params.get("thread_ts") == ts]
    assert len(placeholders) == 1
    assert len(slack_api.uploads_in(CHANNEL, ts)) == 4
    with server.services.database.session() as session:
        rows = session.scalar(select(func.count()).select_from(SlackWork)
                              .where(SlackWork.dedupe_key == "event:EvSAMEEVENT1"))
        status = session.scalar(select(SlackWork.status).where(SlackWork.dedupe_key == "event:EvSAMEEVENT1"))
    assert rows == 1 and status == "done"


def test_bad_signature_and_stale_timestamp_are_rejected(make_server, slack_api):
    agent = ScriptedAgent()
    server = make_server(agent=agent, files=RecordingFileActions())
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
    with server.services.database.session() as session:
        assert session.scalar(select(func.count()).select_from(SlackWork)) == 0


def test_dm_is_answered_and_other_message_events_are_acknowledged(make_server, slack_api):
    from tests.slack.slack_support import direct_message

    agent = ScriptedAgent()
    server = make_server(agent=agent, files=RecordingFileActions())
    assert server.event(event_body(direct_message("how did we do last week?", ts="1700000400.000100"))).status_code \
        == 200
    edited = {"type": "message", "subtype": "message_changed", "channel": "D0ALICE", "channel_type": "im",
              "ts": "1700000401.000100", "message": {"text": "x"}}
    own = {"type": "message", "channel_type": "im", "channel": "D0ALICE", "bot_id": "B0BOT", "user": "U0BOT",
           "text": "my own reply", "ts": "1700000402.000100"}
    assert server.event(event_body(edited)).status_code == 200
    assert server.event(event_body(own)).status_code == 200
    slack_api.wait_for(lambda: any(m.text == "Noted: how did we do last week?"
                                   for m in slack_api.thread("D0ALICE", None)))
    time.sleep(0.3)
    assert [c["text"] for c in agent.chats] == ["how did we do last week?"]
    assert agent.chats[0]["thread_id"] == "slack:T0001:D0ALICE:top"


def test_slash_command_acks_at_once_and_answers_in_a_thread(make_server, slack_api):
    agent = ScriptedAgent()
    server = make_server(agent=agent, files=RecordingFileActions())
    help_response = server.command("help")
    assert help_response.status_code == 200 and "make 20 variants" in help_response.json()["text"]
    response = server.command("how did we do last week?")
    assert response.status_code == 200
    assert response.json()["response_type"] == "ephemeral"
    root = slack_api.wait_for(lambda: [m for m in slack_api.thread(CHANNEL, None) if "asked" in m.text])[0]
    assert root.text == f"<@{USER}> asked: /hookline how did we do last week?"
    reply = slack_api.wait_for(lambda: [m for m in slack_api.thread(CHANNEL, root.ts) if m.text.startswith("Noted")])
    assert reply[0].text == "Noted: how did we do last week?"
    assert len(agent.chats) == 1 and agent.chats[0]["thread_id"] == f"slack:T0001:{CHANNEL}:{root.ts}"


@pytest.mark.services
def test_exactly_once_holds_on_postgres(make_server, slack_api, slack_settings, postgres_url):
    agent = ScriptedAgent()
    settings = slack_settings.model_copy(update={"database_url": postgres_url})
    server = make_server(settings, agent=agent, files=RecordingFileActions())
    ts = "1700000500.000100"
    body = event_body(mention("make 2 variants", ts=ts), event_id="EvPG1")
    with ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(lambda n: server.event(body, retry_num=n or None).status_code, range(6)))
    assert statuses == [200] * 6
    slack_api.wait_for(lambda: len(slack_api.uploads_in(CHANNEL, ts)) == 4)
    time.sleep(0.3)
    assert len(agent.chats) == 1 and len(slack_api.thread(CHANNEL, ts)) == 1


def test_slash_command_in_a_channel_without_the_bot_explains_how_to_invite_it(make_server, slack_api):
    agent = ScriptedAgent()
    server = make_server(agent=agent, files=RecordingFileActions())
    slack_api.fail_next("chat.postMessage", error="not_in_channel")
    response_url = slack_api.base + "/api/response_url_hook"
    response = server.command("how did we do last week?", response_url=response_url)
    assert response.status_code == 200
    told = slack_api.wait_for(lambda: slack_api.calls_to("response_url_hook"))
    assert "/invite @Hookline" in told[0].params["text"] and told[0].params["response_type"] == "ephemeral"
    time.sleep(0.3)
    assert agent.chats == []


def test_files_rendered_elsewhere_are_fetched_from_shared_storage(make_server, slack_api, slack_settings):
    from integrations.jobs.storage import workspace_storage
    from integrations.slack.agent_port import TurnResult

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
