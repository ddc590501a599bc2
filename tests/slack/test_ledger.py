"""The work ledger on SQLite and Postgres: one winner per key under concurrency, leases, takeover, pruning."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import update

from integrations.slack.ledger import WorkLedger
from tools.core.db.base import utcnow
from tools.core.db.models.slack import SlackWork


@pytest.fixture
def database(db_url):  # type: ignore[no-untyped-def]
    from tools.core.runtime import forget_databases, open_database

    yield open_database(db_url)
    forget_databases()


def test_concurrent_claims_of_one_key_have_exactly_one_winner(database):
    # four "processes" (each with its own claim connection) and many threads deliver the same event at once
    ledgers = [WorkLedger(database, f"p{i}") for i in range(4)]
    ledger = ledgers[0]

    def claim(n: int) -> int | None:
        return ledgers[n % 4].claim("event:EvRACE", "mention", "T1", payload={"text": "hi"}, channel_id="C1",
                                    extra_keys=["file:T1:F1"])

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(claim, range(16)))
    winners = [r for r in results if r is not None]
    assert len(winners) == 1
    assert ledger.holder_of("file:T1:F1") == winners[0]
    assert ledger.claim_key("file:T1:F1", winners[0] + 1000) is False
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
        session.execute(update(SlackWork).where(SlackWork.id == work_id).values(lease_until=time.time() - 1))
    assert second.due() == [work_id]
    taken = second.acquire(work_id)
    assert taken is not None and taken.attempts == 2
    assert first.renew(work_id) is False  # p1 learns it lost the job …
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
        session.execute(update(SlackWork).where(SlackWork.id == old)
                        .values(finished_at=utcnow() - timedelta(days=8)))
    assert ledger.prune(7) == 1
    assert ledger.get(old) is None and ledger.get(fresh) is not None
    assert ledger.holder_of("file:T1:old") is None  # its claims went with it
    # after pruning the key is free again (Slack stops redelivering long before 7 days)
    assert ledger.claim("event:EvOld", "mention", "T1", payload={}) is not None
