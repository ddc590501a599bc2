"""The durable work ledger: exactly-once claims, leases, checkpoints and recovery for Slack work.

Why a ledger and not a set: Slack redelivers events (`X-Slack-Retry-Num`, the same `event_id`), a deployment may run
several processes, and the app restarts. Inserting a row with a unique `dedupe_key` *before* acking is the claim;
a second delivery finds the key taken and starts nothing. Workers take a lease (atomic UPDATE) before running, so
only one process runs a job at a time, and a job whose process died is taken over once its lease lapses.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Table, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from integrations.db import Database
from integrations.db.base import utcnow
from integrations.db.models.slack import SlackClaim, SlackWork

PENDING, RUNNING, DONE, FAILED, SKIPPED = "pending", "running", "done", "failed", "skipped"
FINAL_STATES = (DONE, FAILED, SKIPPED)


class WorkItem(BaseModel):
    """A snapshot of one ledger row, handed to the worker."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    dedupe_key: str
    kind: str
    team_id: str
    enterprise_id: str | None = None
    channel_id: str | None = None
    thread_ts: str | None = None
    user_id: str | None = None
    payload: dict[str, Any]
    status: str
    attempts: int
    placeholder_ts: str | None = None
    result: dict[str, Any] | None = None
    checkpoints: dict[str, Any]
    error: str | None = None


def insert_ignore(session: Session, table: Table, values: dict[str, Any], conflict: Sequence[str]) -> int | None:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id: the new row's id, or None when the key already existed."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        statement = postgresql.insert(table).values(**values).on_conflict_do_nothing(index_elements=list(conflict))
    elif dialect == "sqlite":
        statement = sqlite.insert(table).values(**values).on_conflict_do_nothing(index_elements=list(conflict))
    else:  # pragma: no cover - only SQLite and Postgres are supported
        raise RuntimeError(f"unsupported database dialect {dialect!r}")
    return session.execute(statement.returning(table.c.id)).scalar_one_or_none()


class WorkLedger:
    """All reads and writes of `slack_work` / `slack_claims`; every method is one short transaction."""

    def __init__(self, database: Database, owner: str, *, lease_s: float = 120.0, pending_grace_s: float = 30.0,
                 max_attempts: int = 3) -> None:
        self.database = database
        self.owner = owner
        self.lease_s = lease_s
        self.pending_grace_s = pending_grace_s
        self.max_attempts = max_attempts

    # -- claiming (on the ack path: one INSERT, no reads) -------------------------------------------------------
    def claim(self, key: str, kind: str, team_id: str, *, payload: dict[str, Any], channel_id: str | None = None,
              thread_ts: str | None = None, user_id: str | None = None, enterprise_id: str | None = None,
              extra_keys: Iterable[str] = (), session: Session | None = None) -> int | None:
        """Record new work under `key`; None when the key was already claimed (a retry or redelivery).

        `extra_keys` are claimed for the same work when still free (e.g. the files a mention carries), so a second
        path to the same object (a `file_shared` event) can tell it is already taken care of.
        """
        if session is None:
            with self.database.session() as own:
                return self.claim(key, kind, team_id, payload=payload, channel_id=channel_id, thread_ts=thread_ts,
                                  user_id=user_id, enterprise_id=enterprise_id, extra_keys=extra_keys, session=own)
        now = time.time()
        work_id = insert_ignore(session, SlackWork.__table__, {
            "dedupe_key": key, "kind": kind, "team_id": team_id, "enterprise_id": enterprise_id,
            "channel_id": channel_id, "thread_ts": thread_ts, "user_id": user_id, "payload": payload,
            "status": PENDING, "attempts": 0, "available_at": now + self.pending_grace_s, "checkpoints": {},
            "created_at": utcnow(),
        }, ["dedupe_key"])
        if work_id is not None:
            for extra in extra_keys:
                insert_ignore(session, SlackClaim.__table__, {"key": extra, "work_id": work_id, "created_at": utcnow()},
                              ["key"])
        return work_id

    def claim_key(self, key: str, work_id: int) -> bool:
        """Take a secondary key for `work_id`; False when another work item already holds it."""
        with self.database.session() as session:
            return insert_ignore(session, SlackClaim.__table__, {"key": key, "work_id": work_id,
                                                                 "created_at": utcnow()}, ["key"]) is not None

    def holder_of(self, key: str) -> int | None:
        with self.database.session() as session:
            return session.scalar(select(SlackClaim.work_id).where(SlackClaim.key == key))

    # -- running -------------------------------------------------------------------------------------------------
    def acquire(self, work_id: int) -> WorkItem | None:
        """Lease the work for this process; None when it is finished or another live process holds it."""
        now = time.time()
        with self.database.session() as session:
            taken = session.execute(
                update(SlackWork)
                .where(SlackWork.id == work_id)
                .where(or_(SlackWork.status == PENDING,
                           (SlackWork.status == RUNNING) & (SlackWork.lease_until < now)))
                .values(status=RUNNING, lease_owner=self.owner, lease_until=now + self.lease_s,
                        attempts=SlackWork.attempts + 1)
                .execution_options(synchronize_session=False)
            ).rowcount
            if taken != 1:
                return None
            row = session.get(SlackWork, work_id)
            return WorkItem.model_validate(row)

    def renew(self, work_id: int) -> bool:
        """Extend our lease; False if we lost it (then the caller must stop posting)."""
        with self.database.session() as session:
            return session.execute(
                update(SlackWork)
                .where(SlackWork.id == work_id, SlackWork.lease_owner == self.owner, SlackWork.status == RUNNING)
                .values(lease_until=time.time() + self.lease_s)
                .execution_options(synchronize_session=False)
            ).rowcount == 1

    def checkpoint(self, work_id: int, *, placeholder_ts: str | None = None, result: dict[str, Any] | None = None,
                   checkpoints: dict[str, Any] | None = None) -> None:
        """Persist progress that must not be repeated on resume (placeholder posted, agent answered, files sent)."""
        with self.database.session() as session:
            row = session.get(SlackWork, work_id, with_for_update=not self.database.is_sqlite)
            if row is None:
                return
            if placeholder_ts is not None:
                row.placeholder_ts = placeholder_ts
            if result is not None:
                row.result = result
            if checkpoints:
                row.checkpoints = {**(row.checkpoints or {}), **checkpoints}

    def finish(self, work_id: int, status: str = DONE, error: str | None = None) -> bool:
        """Close work we hold; False (and nothing changed) when another process took it over meanwhile."""
        with self.database.session() as session:
            return session.execute(
                update(SlackWork).where(SlackWork.id == work_id, SlackWork.lease_owner == self.owner)
                .values(status=status, error=error, lease_owner=None, lease_until=None, finished_at=utcnow())
                .execution_options(synchronize_session=False)
            ).rowcount == 1

    def release_owned(self) -> int:
        """On shutdown: hand our running work back (lease lapsed now) so the next process resumes it at once."""
        with self.database.session() as session:
            return session.execute(
                update(SlackWork).where(SlackWork.status == RUNNING, SlackWork.lease_owner == self.owner)
                .values(lease_until=0.0)
                .execution_options(synchronize_session=False)
            ).rowcount

    # -- recovery ------------------------------------------------------------------------------------------------
    def due(self, *, all_pending: bool = False, limit: int = 500) -> list[int]:
        """Work that nobody is running: stale pending rows and running rows whose lease lapsed."""
        now = time.time()
        pending = SlackWork.status == PENDING
        if not all_pending:
            pending = pending & (SlackWork.available_at <= now)
        lapsed = (SlackWork.status == RUNNING) & (SlackWork.lease_until < now)
        with self.database.session() as session:
            return list(session.scalars(
                select(SlackWork.id).where(or_(pending, lapsed)).order_by(SlackWork.id).limit(limit)
            ))

    def get(self, work_id: int) -> WorkItem | None:
        with self.database.session() as session:
            row = session.get(SlackWork, work_id)
            return WorkItem.model_validate(row) if row is not None else None

    def prune(self, older_than_days: float) -> int:
        """Delete finished rows old enough that Slack can no longer redeliver their events."""
        cutoff = utcnow() - timedelta(days=older_than_days)
        with self.database.session() as session:
            return session.execute(
                delete(SlackWork).where(SlackWork.status.in_(FINAL_STATES), SlackWork.finished_at < cutoff)
                .execution_options(synchronize_session=False)
            ).rowcount
