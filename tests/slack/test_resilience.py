"""Failures, rate limits, restarts and secrets: work is never lost, never doubled, and errors read as words."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from sqlalchemy import update

from integrations.slack import blocks as kit
from integrations.slack.dispatch import HeldDispatcher
from integrations.slack.redaction import install_redaction, redact
from tests.slack.doubles import RecordingFileActions, ScriptedAgent
from tests.slack.slack_support import (
    APP_TOKEN,
    BOT_TOKEN,
    CHANNEL,
    SIGNING_SECRET,
    block_action,
    block_text,
    event_body,
    mention,
)
from tools.core.db.base import utcnow
from tools.core.db.models.jobs import Job
from tools.core.errors import InputError


def _status(server, key: str) -> str | None:  # type: ignore[no-untyped-def]
    item = server.services.ledger.find(key)
    return item.status if item is not None else None


def test_our_errors_are_shown_verbatim_and_internal_ones_without_internals(make_server, slack_api):
    agent = ScriptedAgent(fail=InputError("There is no ad data in workspace acme yet: drop an Ads Manager export "
                                          "into this thread first."))
    server = make_server(agent=agent, files=RecordingFileActions())
    ts = "1700003000.000100"
    server.event(event_body(mention("how did we do last week?", ts=ts), event_id="EvERR1"))
    failed = slack_api.wait_for(lambda: [m for m in slack_api.thread(CHANNEL, ts) if m.text.startswith("There is")])
    assert block_text(failed[0].blocks).startswith(":warning: There is no ad data in workspace acme yet")
    slack_api.wait_for(lambda: _status(server, "event:EvERR1") == "failed")

    agent.fail = RuntimeError("connection to postgres://admin:hunter2@db failed")
    ts2 = "1700003001.000100"
    server.event(event_body(mention("how did we do last week?", ts=ts2), event_id="EvERR2"))
    failed = slack_api.wait_for(lambda: [m for m in slack_api.thread(CHANNEL, ts2) if "internal error" in m.text])
    assert "hunter2" not in failed[0].text and "Reference: job" in failed[0].text
    assert len(slack_api.thread(CHANNEL, ts2)) == 1  # the placeholder became the error: no extra noise
    slack_api.wait_for(lambda: _status(server, "event:EvERR2") == "failed")


def test_rate_limits_and_dropped_connections_are_retried_without_duplicates(make_server, slack_api):
    agent = ScriptedAgent()
    server = make_server(agent=agent, files=RecordingFileActions())
    slack_api.fail_next("chat.postMessage", status=429, retry_after=0)
    slack_api.fail_next("chat.update", drop=True)
    slack_api.fail_next("files.completeUploadExternal", status=429, retry_after=0)
    ts = "1700003100.000100"
    server.event(event_body(mention("make 2 variants", ts=ts)))
    slack_api.wait_for(lambda: len(slack_api.uploads_in(CHANNEL, ts)) == 4, timeout=30)
    posts = [c for c in slack_api.calls_to("chat.postMessage") if c.params.get("thread_ts") == ts]
    assert len(posts) == 2  # the 429, then the retry
    assert len(slack_api.thread(CHANNEL, ts)) == 1
    assert slack_api.thread(CHANNEL, ts)[0].text == "Made 2 variants of last week's winner."
    assert len(agent.chats) == 1


def test_acknowledged_work_survives_a_restart(make_server, slack_api, slack_settings, slack_options):
    # first process: acks (the claim is durable) and dies before any worker ran
    first = make_server(agent=ScriptedAgent(), files=RecordingFileActions(), dispatcher=lambda run: HeldDispatcher())
    ts = "1700003200.000100"
    assert first.event(event_body(mention("make 2 variants", ts=ts), event_id="EvRESTART")).status_code == 200
    first.stop(wait=False)
    assert _status(first, "event:EvRESTART") == "pending"
    assert slack_api.thread(CHANNEL, ts) == []

    # the app starts again: the job is resumed and delivered once
    agent = ScriptedAgent()
    second = make_server(agent=agent, files=RecordingFileActions())
    slack_api.wait_for(lambda: len(slack_api.uploads_in(CHANNEL, ts)) == 4)
    slack_api.wait_for(lambda: _status(second, "event:EvRESTART") == "done")
    assert len(agent.chats) == 1


def test_a_job_interrupted_mid_turn_resumes_in_its_placeholder_and_the_old_worker_stays_silent(
        make_server, slack_api):
    gate = threading.Event()
    stuck = ScriptedAgent(block=gate)
    first = make_server(agent=stuck, files=RecordingFileActions())
    ts = "1700003300.000100"
    first.event(event_body(mention("make 2 variants", ts=ts), event_id="EvMID"))
    placeholder = slack_api.wait_for(lambda: slack_api.thread(CHANNEL, ts))[0]
    slack_api.wait_for(lambda: stuck.chats)
    first.stop(wait=False)  # shutdown hands the running job back

    agent = ScriptedAgent()
    second = make_server(agent=agent, files=RecordingFileActions())
    slack_api.wait_for(lambda: len(slack_api.uploads_in(CHANNEL, ts)) == 4)
    assert [m.ts for m in slack_api.thread(CHANNEL, ts)] == [placeholder.ts]  # no second placeholder
    assert slack_api.messages[placeholder.ts].text == "Made 2 variants of last week's winner."

    gate.set()  # the old worker wakes up: it lost the lease and must post nothing
    time.sleep(1.0)
    assert len(slack_api.uploads_in(CHANNEL, ts)) == 4
    assert len(slack_api.thread(CHANNEL, ts)) == 1
    slack_api.wait_for(lambda: _status(second, "event:EvMID") == "done")


def test_a_job_that_keeps_crashing_gives_up_and_says_so(make_server, slack_api, slack_options):
    options = slack_options.model_copy(update={"max_attempts": 1})
    first = make_server(options=options, agent=ScriptedAgent(), files=RecordingFileActions(),
                        dispatcher=lambda run: HeldDispatcher())
    ts = "1700003400.000100"
    first.event(event_body(mention("make 2 variants", ts=ts), event_id="EvCRASH"))
    work_id = first.services.ledger.due(all_pending=True)[0]
    assert first.services.ledger.acquire(work_id) is not None  # a worker took it… and its process died
    with first.services.database.session() as session:
        session.execute(update(Job).where(Job.id == work_id).values(heartbeat_at=utcnow() - timedelta(days=1)))
    first.stop(wait=False)

    agent = ScriptedAgent()
    second = make_server(options=options, agent=agent, files=RecordingFileActions())
    message = slack_api.wait_for(lambda: [m for m in slack_api.thread(CHANNEL, ts) if "gave up" in m.text])[0]
    assert f"Reference: job {work_id}" in message.text
    assert agent.chats == []

    # one click on "Try again" runs the same request once more, in the same thread; repeats start nothing
    button = next(e for b in message.blocks if b.get("type") == "actions" for e in b["elements"])
    assert button["action_id"] == kit.RETRY and button["value"] == work_id
    for _ in range(3):
        assert second.interaction(block_action(kit.RETRY, work_id, message_ts=message.ts)).status_code == 200
    slack_api.wait_for(lambda: agent.chats)
    time.sleep(1.0)
    assert [c["text"] for c in agent.chats] == ["make 2 variants"]
    retried = second.services.ledger.find(f"action:retry:{work_id}")
    assert retried is not None and retried.thread_ts == ts and retried.kind == "mention"
    # a forged value (a turn that did not fail, or none at all) starts nothing
    assert second.interaction(block_action(kit.RETRY, "no-such-turn", message_ts=message.ts)).status_code == 200
    assert second.services.ledger.find("action:retry:no-such-turn") is None


def test_no_secret_reaches_the_logs(make_server, slack_api, caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("slack_sdk", "slack_bolt", "hookline", "integrations", "urllib3", "httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    agent = ScriptedAgent(approval_for_variants=True)
    server = make_server(agent=agent, files=RecordingFileActions())
    slack_api.fail_next("chat.postMessage", status=429, retry_after=0)
    ts = "1700003500.000100"
    server.event(event_body(mention("make 2 variants", ts=ts)))
    slack_api.wait_for(lambda: any(any(b.get("type") == "actions" for b in m.blocks)
                                   for m in slack_api.thread(CHANNEL, ts)))
    server.event(event_body(mention("x", ts="1"), event_id="EvBAD"), secret="wrong")
    agent.fail = RuntimeError(f"failed with token {BOT_TOKEN}")
    server.event(event_body(mention("hello", ts="1700003501.000100")))
    slack_api.wait_for(lambda: any("internal error" in m.text for m in slack_api.thread(CHANNEL,
                                                                                          "1700003501.000100")))
    time.sleep(0.2)
    text = caplog.text + "\n".join(str(r.__dict__) for r in caplog.records)
    assert len(caplog.records) > 20  # debug logging was really on
    for secret in (BOT_TOKEN, SIGNING_SECRET, APP_TOKEN):
        assert secret not in text


def test_the_redaction_filter_scrubs_tokens_from_third_party_records():
    assert redact(f"Authorization: Bearer {BOT_TOKEN}") == "Authorization: Bearer [redacted]"
    assert redact("xapp-1-A1-2-abc and xoxp-9-z") == "[redacted] and [redacted]"
    assert redact("signing secret is abcdef123", ["abcdef123"]) == "signing secret is [redacted]"
    records: list[str] = []

    class ListHandler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    logger = logging.getLogger("third.party.test")
    handler = ListHandler()
    logger.addHandler(handler)
    logger.propagate = False
    try:
        install_redaction([SIGNING_SECRET], logger)
        logger.warning("calling %s with %s", "https://slack.com/api/x?token=" + BOT_TOKEN, SIGNING_SECRET)
        try:
            raise ValueError(f"bad token {APP_TOKEN}")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    joined = "\n".join(records)
    assert BOT_TOKEN not in joined and SIGNING_SECRET not in joined and APP_TOKEN not in joined
    assert "token=[redacted]" in joined and "ValueError: bad token [redacted]" in joined
