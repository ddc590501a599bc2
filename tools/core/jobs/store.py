"""The one store of durable work: job rows and the state transitions that make each run to completion exactly once.

Queue jobs and Slack turns (kind `slack.<kind>`, backend `slack`, see `integrations/slack/ledger.py`) are rows of
this one table, claimed, leased, heart-beaten and closed by the statements below; the keeper that renews a
process's leases is `tools.core.work.work_keeper`.

Every transition is one conditional UPDATE whose WHERE clause states what must still be true (the job is queued;
this worker still holds attempt N's lease), checked through the row count. On Postgres concurrent UPDATEs of one
row serialise on its row lock and re-check the WHERE clause, on SQLite the database lock serialises writers, so two
workers can never both claim a job, and a worker whose lease was taken over can never record a result.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tools.core.db import Database
from tools.core.db.base import utcnow
from tools.core.db.models.jobs import Job
from tools.core.errors import InputError
from tools.core.jobs.models import JobInfo, JobProgress, JobStatus
from tools.core.jsonio import dumps
from tools.core.work import LeaseLost, LeaseState

jobs = Job.__table__
ACTIVE = (JobStatus.QUEUED.value, JobStatus.RUNNING.value)


def new_job_id() -> str:
    return uuid.uuid4().hex


def canonical_json(payload: dict[str, Any], *, what: str = "payload") -> str:
    """Payloads and results travel as JSON (Hookline's one encoding, `tools.core.jsonio`): refuse anything it cannot
    encode up front, with the offending field named."""
    if not isinstance(payload, dict):
        raise InputError(f"Job {what} must be a JSON object (dict), got {type(payload).__name__}.", field=what)
    try:
        return dumps(payload, compact=True, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise InputError(f"Job {what} is not JSON-serialisable: {exc}.", field=what) from exc


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)  # SQLite returns naive values; every stored time is UTC
    return value


@dataclass(frozen=True)
class Claim:
    """What a worker gets when it wins a job: the lease token is the attempt number."""

    id: str
    kind: str
    handler: str
    workspace: str
    payload: dict[str, Any]
    attempt: int
    max_attempts: int
    gpu: bool


@dataclass(frozen=True)
class Expired:
    id: str
    gpu: bool


def to_info(row: Any) -> JobInfo:
    progress = row.progress
    return JobInfo(
        id=row.id, kind=row.kind, workspace=row.workspace, status=JobStatus(row.status), backend=row.backend,
        gpu=bool(row.gpu), idempotency_key=row.idempotency_key, attempts=row.attempts, max_attempts=row.max_attempts,
        payload=row.payload or {}, result=row.result, error=row.error,
        progress=JobProgress.model_validate(progress) if progress else None,
        cancel_requested=bool(row.cancel_requested), worker=row.worker, created_at=_aware(row.created_at),
        started_at=_aware(row.started_at), finished_at=_aware(row.finished_at), heartbeat_at=_aware(row.heartbeat_at),
    )


class _Row:
    """Attribute access over inserted values, so `create` needs no second round trip to describe the new job."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


class JobStore:
    """All reads and writes of the jobs table."""

    def __init__(self, database: Database, lease_s: float) -> None:
        self.database = database
        self.lease_s = lease_s
        # Each transition is one statement: run it in autocommit (half the round trips of BEGIN … COMMIT).
        self._autocommit_engine = database.engine.execution_options(isolation_level="AUTOCOMMIT")

    @contextmanager
    def _auto(self) -> Iterator[Connection]:
        with self._autocommit_engine.connect() as connection:
            yield connection

    # -- submit and read ------------------------------------------------------------------------------------------
    def create(self, *, kind: str, handler: str, workspace: str, idempotency_key: str | None, payload: dict[str, Any],
               gpu: bool, max_attempts: int, backend: str, owner: str | None = None) -> tuple[JobInfo, bool]:
        """Insert a queued job, or return the existing job with the same (workspace, idempotency key)."""
        body = canonical_json(payload)
        digest = hashlib.sha256(f"{kind}\n{body}".encode()).hexdigest()
        job_id = new_job_id()
        key = idempotency_key or job_id
        if len(key) > 200:
            raise InputError("Idempotency key is longer than 200 characters.", field="idempotency_key")
        now = utcnow()
        values = dict(
            id=job_id, kind=kind, handler=handler, workspace=workspace, idempotency_key=key, payload_hash=digest,
            backend=backend, gpu=gpu, status=JobStatus.QUEUED.value, attempts=0, max_attempts=max_attempts,
            payload=json.loads(body), result=None, error=None, progress=None, cancel_requested=False, worker=owner,
            heartbeat_at=now if owner else None, published_at=None, created_at=now, updated_at=now, started_at=None,
            finished_at=None,
        )
        try:
            with self._auto() as conn:
                conn.execute(jobs.insert().values(**values))
        except IntegrityError:
            existing = self.find_by_key(workspace, key)
            if existing is None:  # not a key clash after all
                raise
            row = self._row(existing.id)
            if row.payload_hash != digest:
                raise InputError(
                    f"Idempotency key {key!r} was already used in workspace {workspace!r} for a different job "
                    f"({row.kind} {row.id}); use a new key for different work.",
                    field="idempotency_key",
                ) from None
            return existing, False
        return to_info(_Row(values)), True

    def _row(self, job_id: str) -> Any:
        with self._auto() as conn:
            return conn.execute(select(jobs).where(jobs.c.id == job_id)).one()

    def info(self, job_id: str) -> JobInfo | None:
        with self._auto() as conn:
            row = conn.execute(select(jobs).where(jobs.c.id == job_id)).one_or_none()
        return to_info(row) if row is not None else None

    def find_by_key(self, workspace: str, key: str) -> JobInfo | None:
        with self._auto() as conn:
            row = conn.execute(
                select(jobs).where(jobs.c.workspace == workspace, jobs.c.idempotency_key == key)
            ).one_or_none()
        return to_info(row) if row is not None else None

    def list(self, workspace: str | None, *, status: str | None = None, kind: str | None = None,
             limit: int = 50) -> list[JobInfo]:
        query = select(jobs).order_by(jobs.c.created_at.desc()).limit(limit)
        if workspace is not None:
            query = query.where(jobs.c.workspace == workspace)
        if status:
            query = query.where(jobs.c.status == status)
        if kind:
            query = query.where(jobs.c.kind == kind)
        with self._auto() as conn:
            return [to_info(row) for row in conn.execute(query)]

    def count_by_status(self, ids: Iterable[str]) -> dict[str, int]:
        id_list = list(ids)
        with self._auto() as conn:
            rows = conn.execute(
                select(jobs.c.status, func.count()).where(jobs.c.id.in_(id_list)).group_by(jobs.c.status)
            )
            return {status: count for status, count in rows}

    def mark_published(self, *job_ids: str) -> None:
        if not job_ids:
            return
        with self._auto() as conn:
            conn.execute(update(jobs).where(jobs.c.id.in_(job_ids)).values(published_at=utcnow()))

    # -- the worker's side ----------------------------------------------------------------------------------------
    def claim(self, job_id: str, worker: str, *, accepts_gpu: bool = True) -> Claim | None:
        """Take the job if it is queued, or running under a lease that expired; None means someone else has it.

        A worker without a GPU never claims a GPU job, even if a message reached it by mistake.
        """
        now = utcnow()
        cutoff = now - timedelta(seconds=self.lease_s)
        conditions = [jobs.c.id == job_id]
        if not accepts_gpu:
            conditions.append(jobs.c.gpu.is_(False))
        with self._auto() as conn:
            result = conn.execute(
                update(jobs)
                .where(
                    *conditions,
                    jobs.c.cancel_requested.is_(False),
                    jobs.c.attempts < jobs.c.max_attempts,
                    or_(
                        jobs.c.status == JobStatus.QUEUED.value,
                        and_(jobs.c.status == JobStatus.RUNNING.value, jobs.c.heartbeat_at < cutoff),
                    ),
                )
                .values(
                    status=JobStatus.RUNNING.value, worker=worker, attempts=jobs.c.attempts + 1, heartbeat_at=now,
                    started_at=func.coalesce(jobs.c.started_at, now), updated_at=now, error=None,
                )
                .returning(jobs.c.id, jobs.c.kind, jobs.c.handler, jobs.c.workspace, jobs.c.payload,
                           jobs.c.attempts, jobs.c.max_attempts, jobs.c.gpu)
            )
            row = result.one_or_none()
            if row is None:
                return None
        return Claim(id=row.id, kind=row.kind, handler=row.handler, workspace=row.workspace, payload=row.payload or {},
                     attempt=row.attempts, max_attempts=row.max_attempts, gpu=bool(row.gpu))

    def heartbeat(self, worker: str, active: dict[str, int]) -> dict[str, LeaseState]:
        """Renew every lease `worker` holds (one UPDATE) and report, per running job, whether it is still ours."""
        with self._auto() as conn:
            conn.execute(
                update(jobs)
                .where(jobs.c.worker == worker, jobs.c.status.in_(ACTIVE))
                .values(heartbeat_at=utcnow())
            )
            if not active:
                return {}
            rows = conn.execute(
                select(jobs.c.id, jobs.c.attempts, jobs.c.worker, jobs.c.status, jobs.c.cancel_requested)
                .where(jobs.c.id.in_(list(active)))
            ).all()
        states = {job_id: LeaseState(owned=False, cancel_requested=False) for job_id in active}
        for row in rows:
            owned = row.worker == worker and row.attempts == active[row.id] and row.status == JobStatus.RUNNING
            states[row.id] = LeaseState(owned=owned, cancel_requested=bool(row.cancel_requested))
        return states

    def renew(self, job_id: str, attempt: int, worker: str) -> bool:
        """Renew one lease now (the authoritative check before a side effect); False when it is no longer ours."""
        with self._auto() as conn:
            done = conn.execute(update(jobs).where(self._owned(job_id, attempt, worker)).values(heartbeat_at=utcnow()))
            return done.rowcount == 1

    def release(self, worker: str, backend: str) -> int:
        """On shutdown: let go of the running rows `worker` holds (their lease lapses now), so the next process
        takes them over at once instead of after a full lease."""
        lapsed = utcnow() - timedelta(seconds=self.lease_s + 1)
        with self._auto() as conn:
            done = conn.execute(
                update(jobs).where(jobs.c.worker == worker, jobs.c.backend == backend,
                                   jobs.c.status == JobStatus.RUNNING.value).values(heartbeat_at=lapsed)
            )
            return done.rowcount

    def _owned(self, job_id: str, attempt: int, worker: str) -> Any:
        return and_(jobs.c.id == job_id, jobs.c.attempts == attempt, jobs.c.worker == worker,
                    jobs.c.status == JobStatus.RUNNING.value)

    def save_progress(self, job_id: str, attempt: int, worker: str, progress: dict[str, Any]) -> bool:
        now = utcnow()
        with self._auto() as conn:
            result = conn.execute(
                update(jobs).where(self._owned(job_id, attempt, worker))
                .values(progress=progress, heartbeat_at=now, updated_at=now)
            )
            return result.rowcount == 1

    def cancel_requested(self, job_id: str) -> bool:
        with self._auto() as conn:
            return bool(conn.scalar(select(jobs.c.cancel_requested).where(jobs.c.id == job_id)))

    def succeed(self, job_id: str, attempt: int, worker: str, result: dict[str, Any],
                progress: dict[str, Any] | None, on_success: Iterable[Callable[[Session], None]] = ()) -> bool:
        """Record the result and `succeeded` in one transaction with the handler's `on_success` writes.

        Returns False (and writes nothing) when the lease was lost: another attempt owns the job now.
        """
        now = utcnow()
        callbacks = list(on_success)
        try:
            with self.database.session() if callbacks else self._auto() as session:
                done = session.execute(
                    update(jobs).where(self._owned(job_id, attempt, worker)).values(
                        status=JobStatus.SUCCEEDED.value, result=result, error=None, finished_at=now,
                        updated_at=now, heartbeat_at=now, progress=progress,
                    )
                )
                if done.rowcount != 1:
                    raise LeaseLost(job_id)
                for callback in callbacks:
                    callback(session)  # type: ignore[arg-type]
        except LeaseLost:
            return False
        return True

    def fail(self, job_id: str, attempt: int, worker: str, error: str, *, retry: bool) -> JobStatus | None:
        """Record a failed attempt: back to `queued` when a retry is allowed and left, else `failed`.

        Returns the new status, or None when the lease was lost.
        """
        now = utcnow()
        with self.database.session() as session:
            row = session.execute(
                select(jobs.c.attempts, jobs.c.max_attempts).where(self._owned(job_id, attempt, worker))
            ).one_or_none()
            if row is None:
                return None
            status = JobStatus.QUEUED if retry and row.attempts < row.max_attempts else JobStatus.FAILED
            values: dict[str, Any] = dict(status=status.value, error=error, updated_at=now)
            if status is JobStatus.FAILED:
                values.update(finished_at=now, worker=worker)
            else:  # a retry: the broker gets a new message; in-process keeps ownership
                values.update(published_at=None, heartbeat_at=now)
            done = session.execute(update(jobs).where(self._owned(job_id, attempt, worker)).values(**values))
            return status if done.rowcount == 1 else None

    def finish_cancelled(self, job_id: str, attempt: int, worker: str) -> bool:
        now = utcnow()
        with self._auto() as conn:
            done = conn.execute(
                update(jobs).where(self._owned(job_id, attempt, worker))
                .values(status=JobStatus.CANCELLED.value, finished_at=now, updated_at=now)
            )
            return done.rowcount == 1

    # -- the caller's side ----------------------------------------------------------------------------------------
    def request_cancel(self, job_id: str) -> JobStatus:
        """Cancel a queued job at once; ask a running one to stop (its handler checks `ctx.cancelled()`)."""
        now = utcnow()
        with self._auto() as conn:
            conn.execute(
                update(jobs).where(jobs.c.id == job_id, jobs.c.status.in_(ACTIVE))
                .values(cancel_requested=True, updated_at=now)
            )
            conn.execute(
                update(jobs).where(jobs.c.id == job_id, jobs.c.status == JobStatus.QUEUED.value)
                .values(status=JobStatus.CANCELLED.value, finished_at=now)
            )
            status = conn.scalar(select(jobs.c.status).where(jobs.c.id == job_id))
        if status is None:
            raise InputError(f"No job with id {job_id!r}.", field="job_id")
        return JobStatus(status)

    def retry(self, job_id: str, extra_attempts: int, owner: str | None) -> JobStatus:
        """Queue a failed or cancelled job again (same id, same key) with `extra_attempts` more attempts."""
        now = utcnow()
        with self._auto() as conn:
            conn.execute(
                update(jobs)
                .where(jobs.c.id == job_id, jobs.c.status.in_((JobStatus.FAILED.value, JobStatus.CANCELLED.value)))
                .values(status=JobStatus.QUEUED.value, max_attempts=jobs.c.attempts + extra_attempts,
                        cancel_requested=False, finished_at=None, updated_at=now, published_at=None, worker=owner,
                        heartbeat_at=now if owner else None)
            )
            status = conn.scalar(select(jobs.c.status).where(jobs.c.id == job_id))
        if status is None:
            raise InputError(f"No job with id {job_id!r}.", field="job_id")
        return JobStatus(status)

    # -- recovery --------------------------------------------------------------------------------------------------
    def reap(self, backend: str, *, adopt_as: str | None) -> list[Expired]:
        """Jobs whose holder stopped heart-beating: queue them again (or fail them when out of attempts).

        `adopt_as` names the in-process queue that takes them over (its backlog is owned too); for the broker
        backend they go back to the broker (`worker` cleared, to be published again).
        """
        now = utcnow()
        cutoff = now - timedelta(seconds=self.lease_s)
        statuses = ACTIVE if adopt_as else (JobStatus.RUNNING.value,)
        stale = and_(jobs.c.backend == backend, jobs.c.status.in_(statuses), jobs.c.worker.is_not(None),
                     jobs.c.heartbeat_at < cutoff)
        requeued: list[Expired] = []
        with self._auto() as conn:
            candidates = conn.execute(
                select(jobs.c.id, jobs.c.gpu, jobs.c.attempts, jobs.c.max_attempts, jobs.c.cancel_requested,
                       jobs.c.worker).where(stale)
            ).all()
        for row in candidates:
            with self._auto() as conn:
                guard = and_(stale, jobs.c.id == row.id, jobs.c.worker == row.worker)
                if row.cancel_requested:
                    values: dict[str, Any] = dict(status=JobStatus.CANCELLED.value, finished_at=now)
                elif row.attempts >= row.max_attempts:
                    values = dict(status=JobStatus.FAILED.value, finished_at=now,
                                  error=f"the worker running attempt {row.attempts} stopped (lease expired) and no "
                                        f"attempts are left (max {row.max_attempts})")
                else:
                    values = dict(status=JobStatus.QUEUED.value, worker=adopt_as, published_at=None,
                                  heartbeat_at=now if adopt_as else None)
                done = conn.execute(update(jobs).where(guard).values(updated_at=now, **values))
                if done.rowcount == 1 and values["status"] == JobStatus.QUEUED.value:
                    requeued.append(Expired(id=row.id, gpu=bool(row.gpu)))
        return requeued

    def unpublished(self, backend: str, older_than_s: float) -> list[Expired]:
        """Queued broker jobs never handed to the broker (the publisher died or the broker was down)."""
        cutoff = utcnow() - timedelta(seconds=older_than_s)
        with self._auto() as conn:
            rows = conn.execute(
                select(jobs.c.id, jobs.c.gpu).where(
                    jobs.c.backend == backend, jobs.c.status == JobStatus.QUEUED.value,
                    jobs.c.published_at.is_(None), jobs.c.updated_at < cutoff,
                ).order_by(jobs.c.created_at).limit(500)
            ).all()
        return [Expired(id=row.id, gpu=bool(row.gpu)) for row in rows]

    def published_long_ago(self, backend: str, *, gpu: bool, older_than_s: float, retry_grace_s: float,
                           limit: int = 500) -> list[Expired]:
        """Queued broker jobs published long ago and still unclaimed: candidates for a lost message.

        Retries published with a back-off delay wait in a worker's memory, not in the queue: they are only
        candidates once their longest back-off has passed too.
        """
        now = utcnow()
        cutoff = now - timedelta(seconds=older_than_s)
        retry_cutoff = now - timedelta(seconds=retry_grace_s)
        with self._auto() as conn:
            rows = conn.execute(
                select(jobs.c.id, jobs.c.gpu).where(
                    jobs.c.backend == backend, jobs.c.status == JobStatus.QUEUED.value, jobs.c.gpu.is_(gpu),
                    jobs.c.published_at < cutoff,
                    or_(jobs.c.attempts == 0, jobs.c.updated_at < retry_cutoff),
                ).order_by(jobs.c.created_at).limit(limit)
            ).all()
        return [Expired(id=row.id, gpu=bool(row.gpu)) for row in rows]
