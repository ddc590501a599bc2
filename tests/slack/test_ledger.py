"""The Slack ledger (turns as rows of the work table) on SQLite and Postgres: one winner per key under
concurrency, leases, takeover, pruning."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import update

from integrations.slack.ledger import WorkLedger
from tools.core.db.base import utcnow
from tools.core.db.models.jobs import Job


@pytest.fixture
def database(db_url):  # type: ignore[no-untyped-def]
    from tools.core.runtime import forget_databases, open_database

    yield open_database(db_url)
    forget_databases()


def test_concurrent_claims_of_one_key_have_exactly_one_winner(database):
    # four "processes" (each with its own claim connection) and many threads deliver the same event at once
    ledgers = [WorkLedger(database, f"p{i}") for i in range(4)]
    ledger = ledgers[0]

    def claim(n: int) -> str | None:
        return ledgers[n % 4].claim("event:EvRACE", "mention", "T1", payload={"text": "hi"}, channel_id="C1",
                                    extra_keys=["file:T1:F1"])

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(claim, range(16)))
    winners = [r for r in results if r is not None]
    assert len(winners) == 1
    assert ledger.holder_of("file:T1:F1") == winners[0]
    other = ledger.claim("event:EvOTHER", "mention", "T1", payload={})
    assert other is not None and other != winners[0]
    assert ledger.claim_key("file:T1:F1", other) is False
    assert ledger.claim_key("file:T1:F2", winners[0]) is True
    for each in ledgers:
        each.close()


def test_leases_let_only_one_process_run_a_job_and_a_dead_ones_job_be_taken_over(database):
    first = WorkLedger(database, "p1", lease_s=60)
    second = WorkLedger(database, "p2", lease_s=60)
    work_id = first.claim("event:Ev1", "mention", "T1", payload={})
    assert work_id is not None
    item = first.acquire(work_id)
    assert item is not None and item.attempts == 1 and item.status == "running"
    assert second.acquire(work_id) is None  # held
    assert second.due() == []
    # p1 dies: its lease lapses
    with database.session() as session:
        session.execute(update(Job).where(Job.id == work_id).values(heartbeat_at=utcnow() - timedelta(seconds=61)))
    assert second.due() == [work_id]
    taken = second.acquire(work_id)
    assert taken is not None and taken.attempts == 2
    assert first.renew(work_id, item.attempts) is False  # p1 learns it lost the job …
    assert first.finish(work_id) is False  # … and cannot close it
    second.checkpoint(work_id, placeholder_ts="1.2", checkpoints={"summary": True})
    second.checkpoint(work_id, checkpoints={"uploaded": ["a.png"]})
    assert second.finish(work_id) is True
    done = second.get(work_id)
    assert done is not None and done.status == "done" and done.placeholder_ts == "1.2"
    assert done.checkpoints == {"summary": True, "uploaded": ["a.png"]}
    assert second.acquire(work_id) is None


def test_pending_work_is_due_after_its_grace_and_old_finished_rows_are_pruned(database):
    ledger = WorkLedger(database, "p1", pending_grace_s=0.2)
    fresh = ledger.claim("event:EvP", "mention", "T1", payload={})
    assert ledger.due() == [] and ledger.due(all_pending=True) == [fresh]
    time.sleep(0.25)
    assert ledger.due() == [fresh]
    assert ledger.acquire(fresh) is not None and ledger.finish(fresh)
    old = ledger.claim("event:EvOld", "mention", "T1", payload={}, extra_keys=["file:T1:old"])
    assert ledger.acquire(old) is not None and ledger.finish(old)
    with database.session() as session:
        session.execute(update(Job).where(Job.id == old).values(finished_at=utcnow() - timedelta(days=8)))
    assert ledger.prune(7) == 1
    assert ledger.get(old) is None and ledger.get(fresh) is not None
    assert ledger.holder_of("file:T1:old") is None  # its claims went with it
    # after pruning the key is free again (Slack stops redelivering long before 7 days)
    assert ledger.claim("event:EvOld", "mention", "T1", payload={}) is not None


def test_turns_and_queue_jobs_are_rows_of_one_table_renewed_by_one_keeper(database):
    from tools.core.jobs.store import JobStore
    from tools.core.work import work_keeper

    ledger = WorkLedger(database, "host/1-abc", lease_s=0.6)
    store = JobStore(database, 0.6)
    turn = ledger.claim("event:EvK", "mention", "T1", payload={"text": "hi"}, channel_id="C1")
    job, _ = store.create(kind="creator.generate", handler="tools.creator.jobs:generate", workspace="acme",
                          idempotency_key=None, payload={"n": 2}, gpu=False, max_attempts=2, backend="inprocess")
    assert turn is not None
    item = ledger.acquire(turn)
    claim = store.claim(job.id, ledger.owner)
    assert item is not None and claim is not None
    assert store.info(turn).kind == "slack.mention"  # the turn is a work row like any job …
    assert [j.id for j in store.list("acme")] == [job.id]  # … that no workspace's job list shows

    class Holding:
        def __init__(self, key: str, attempt: int) -> None:
            self.lease_key, self.attempt, self.owned = key, attempt, True

        def mark(self, owned: bool, cancel_requested: bool = False) -> None:
            self.owned = owned

    keeper = work_keeper(store, ledger.owner).start()
    held = [Holding(turn, item.attempts), Holding(job.id, claim.attempt)]
    try:
        for h in held:
            keeper.add(h)
        time.sleep(1.5)  # more than two leases: only the keeper's heartbeats keep both rows ours
        other = WorkLedger(database, "host/2-def", lease_s=0.6)
        assert other.acquire(turn) is None and other.due() == []
        assert store.claim(job.id, "host/2-def") is None
        assert all(h.owned for h in held)
    finally:
        keeper.stop()
    assert ledger.finish(turn, "skipped") and ledger.find("event:EvK").status == "skipped"


def test_release_on_shutdown_hands_a_turn_over_at_once_and_the_last_claim_only_gives_up(database):
    first = WorkLedger(database, "p1", lease_s=300, max_attempts=1)
    second = WorkLedger(database, "p2", lease_s=300, max_attempts=1)
    work_id = first.claim("event:EvR", "dm", "T1", payload={})
    assert first.acquire(work_id) is not None and second.acquire(work_id) is None
    assert first.release_owned() == 1
    assert second.due() == [work_id]
    taken = second.acquire(work_id)  # the one claim beyond max_attempts: the worker uses it to say it gave up
    assert taken is not None and taken.attempts == 2
    assert second.release_owned() == 1
    assert first.due() == [] and first.acquire(work_id) is None  # no attempts left: never picked up again …
    closed = first.get(work_id)  # … and closed by the work table's one reaper, as a queue job would be
    assert closed is not None and closed.status == "failed" and "no attempts are left" in (closed.error or "")


def test_upgrading_carries_old_ledger_rows_and_their_keys_into_the_work_table(db_url):
    from datetime import UTC, datetime

    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    from tools.core.db.base import JSONType
    from tools.core.db.engine import MIGRATIONS_DIR, make_engine
    from tools.core.runtime import forget_databases, open_database

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = make_engine(db_url)
    at = datetime(2026, 12, 1, 10, tzinfo=UTC)
    old = sa.table("slack_work", *(sa.column(c) for c in ("id", "dedupe_key", "kind", "team_id", "channel_id",
                                                          "status", "attempts", "available_at", "placeholder_ts",
                                                          "created_at")),
                   sa.column("payload", JSONType), sa.column("result", JSONType), sa.column("checkpoints", JSONType))
    claims = sa.table("slack_claims", sa.column("key"), sa.column("work_id"), sa.column("created_at"))
    with engine.begin() as connection:  # a database as the previous release left it
        config.attributes["connection"] = connection
        command.upgrade(config, "slack_0001")
        command.upgrade(config, "jobs_0001")
        connection.execute(old.insert(), [
            dict(id=1, dedupe_key="event:EvDone", kind="mention", team_id="T1", channel_id="C1", status="done",
                 attempts=1, available_at=0.0, placeholder_ts="1.5", created_at=at, payload={"text": "hi"},
                 result={"reply": "ok"}, checkpoints={"summary": True}),
            dict(id=2, dedupe_key="event:EvOpen", kind="dm", team_id="T1", channel_id="D1", status="pending",
                 attempts=0, available_at=0.0, placeholder_ts=None, created_at=at, payload={"text": "yo"},
                 result=None, checkpoints={}),
        ])
        connection.execute(claims.insert(), [dict(key="file:T1:F9", work_id=1, created_at=at)])
    engine.dispose()
    database = open_database(db_url)  # upgrades to heads
    try:
        ledger = WorkLedger(database, "p1")
        done, open_ = ledger.find("event:EvDone"), ledger.find("event:EvOpen")
        assert done is not None and done.status == "done" and done.kind == "mention"
        assert done.placeholder_ts == "1.5" and done.result == {"reply": "ok"} and done.checkpoints == {"summary": True}
        assert ledger.holder_of("file:T1:F9") == done.id
        assert ledger.claim("event:EvDone", "mention", "T1", payload={}) is None  # still dedupes redeliveries
        assert open_ is not None and open_.payload == {"text": "yo"} and open_.channel_id == "D1"
        assert ledger.due() == [open_.id]
        assert "slack_work" not in database.table_names()
    finally:
        forget_databases()
