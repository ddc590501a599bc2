"""The posting ledger: one row per workspace × job × channel × period, claimed before anything reaches Slack.

How it guarantees "exactly once":
- **Claim** = INSERT under a unique constraint. Of two schedulers (or a scheduler and `hookline checkin run`)
  racing for the same check-in, the database lets exactly one in; the other sees the row and stands down.
- **Lease.** The claimant holds the row until `lease_until`. Every state change is a compare-and-set on
  (`version`, `owner`), so a process that lost its lease (paused, partitioned) can never move the row again.
- **States** say how far an attempt got: `claimed` (nothing sent) → `sending` (chat.postMessage may have reached
  Slack) → `sent` (message ts recorded, files pending) → `posted`. A row whose lease ran out is taken over by the
  next scheduler tick or run: from `claimed` it simply starts again, from `sending` it first looks for the message's
  metadata marker in the channel (found: record it; not found: send), from `sent` it uploads only missing files.
- `quiet` (nothing to say) and `failed` (Slack refused; nothing was posted) may be claimed again by a later run of
  the same period; `abandoned` (could not verify after repeated tries) is left for a human (`--force`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from tools.checkins.clock import as_utc
from tools.core.db.models import CheckinRun, Workspace
from tools.core.domain.checkins import CheckinPeriod
from tools.core.errors import HooklineError
from tools.core.work import LeaseLost

if TYPE_CHECKING:
    from tools.core.db import Database
    from tools.core.runtime import WorkspaceRuntime

IN_FLIGHT = ("claimed", "sending", "sent")
REUSABLE = ("quiet", "failed")
DELIVERED = ("sending", "sent", "posted")  # states whose reported items count as told to the channel


@dataclass(frozen=True)
class RunRecord:
    """A snapshot of one ledger row, enough to carry the attempt on without the ORM session."""

    id: int
    workspace_id: int
    job: str
    channel: str
    channel_label: str
    period: CheckinPeriod
    seq: int
    state: str
    owner: str | None
    lease_until: datetime | None
    version: int
    attempts: int
    marker: str
    message_ts: str | None
    files: list[dict[str, str]] = field(default_factory=list)
    payload: dict[str, Any] | None = None
    items: list[str] = field(default_factory=list)
    note: str | None = None
    all_quiet: bool = False
    reason: str | None = None
    error: str | None = None
    schedule_id: str | None = None
    fire_at: datetime | None = None
    trigger: str = "manual"
    created_at: datetime | None = None
    posted_at: datetime | None = None


ClaimStatus = Literal["claimed", "posted", "busy", "abandoned"]


@dataclass(frozen=True)
class Claim:
    status: ClaimStatus
    run: RunRecord
    previous_state: str | None = None  # the state taken over (None for a fresh row)


def _record(row: CheckinRun) -> RunRecord:
    return RunRecord(
        id=row.id, workspace_id=row.workspace_id, job=row.job, channel=row.channel, channel_label=row.channel_label,
        period=CheckinPeriod(key=row.period_key, start=row.period_start, end=row.period_end,
                             reference_day=row.reference_day),
        seq=row.seq, state=row.state, owner=row.owner,
        lease_until=as_utc(row.lease_until) if row.lease_until else None, version=row.version,
        attempts=row.attempts, marker=row.marker, message_ts=row.message_ts, files=list(row.files or []),
        payload=row.payload, items=list(row.items or []), note=row.note, all_quiet=row.all_quiet, reason=row.reason,
        error=row.error, schedule_id=row.schedule_id, fire_at=as_utc(row.fire_at) if row.fire_at else None,
        trigger=row.trigger, created_at=as_utc(row.created_at) if row.created_at else None,
        posted_at=as_utc(row.posted_at) if row.posted_at else None,
    )


@dataclass(frozen=True)
class ClaimRequest:
    job: str
    channel: str  # channel id
    channel_label: str
    period: CheckinPeriod
    all_quiet: bool = False
    note: str | None = None
    schedule_id: str | None = None
    fire_at: datetime | None = None
    trigger: str = "manual"
    force: bool = False


def claim(runtime: WorkspaceRuntime, request: ClaimRequest, *, owner: str, now: datetime,
          lease: timedelta) -> Claim:
    """Claim the right to post this check-in (see the module docstring for the rules)."""
    existing: RunRecord | None = None
    for _ in range(5):  # a row deleted or a forced sequence taken between our reads: look again
        seq = _next_seq(runtime, request) if request.force else 0
        inserted = _insert(runtime, request, seq, owner=owner, now=now, lease=lease)
        if inserted is not None:
            return Claim("claimed", inserted)
        if request.force:
            continue
        with runtime.session() as session:
            row = session.scalar(_key_query(runtime.workspace_id, request, 0))
            if row is None:
                continue
            existing = _record(row)
        return _take_existing(runtime, existing, owner=owner, now=now, lease=lease, request=request)
    if existing is None:
        raise HooklineError(f"could not claim {request.job} for {request.period.key}: the ledger kept changing")
    return Claim("busy", existing)


def take_over(database: Database, run_id: int, *, owner: str, now: datetime, lease: timedelta) -> Claim | None:
    """Take an in-flight row whose lease has expired (the recovery path); None when it is not (or no longer) ours."""
    with database.session() as session:
        row = session.get(CheckinRun, run_id)
        if row is None:
            return None
        existing = _record(row)
    if existing.state not in IN_FLIGHT or (existing.lease_until and existing.lease_until > now):
        return None
    claimed = _cas(database, existing, None, owner=owner, now=now, lease=lease)
    return claimed


def _take_existing(runtime: WorkspaceRuntime, existing: RunRecord, *, owner: str, now: datetime, lease: timedelta,
                   request: ClaimRequest) -> Claim:
    if existing.state == "posted":
        return Claim("posted", existing)
    if existing.state == "abandoned":
        return Claim("abandoned", existing)
    if existing.state in IN_FLIGHT and existing.lease_until is not None and existing.lease_until > now:
        return Claim("busy", existing)
    taken = _cas(runtime.database, existing, request, owner=owner, now=now, lease=lease)
    return taken or Claim("busy", existing)


def _cas(database: Database, existing: RunRecord, request: ClaimRequest | None, *, owner: str, now: datetime,
         lease: timedelta) -> Claim | None:
    values: dict[str, Any] = {
        "owner": owner, "lease_until": now + lease, "version": existing.version + 1, "updated_at": now,
        "attempts": existing.attempts + 1,
    }
    if existing.state in REUSABLE:  # a fresh attempt of the period: it runs as the new request asks
        values.update(state="claimed", error=None, reason=None, payload=None, message_ts=None, files=[], items=[])
        if request is not None:
            values.update(note=request.note, all_quiet=request.all_quiet, schedule_id=request.schedule_id,
                          fire_at=request.fire_at, trigger=request.trigger, channel_label=request.channel_label)
    with database.session() as session:
        result = session.execute(
            update(CheckinRun).where(CheckinRun.id == existing.id, CheckinRun.version == existing.version)
            .values(**values).execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            return None
        row = session.get(CheckinRun, existing.id, populate_existing=True)
        assert row is not None
        return Claim("claimed", _record(row), previous_state=existing.state)


def _key_query(workspace_id: int, request: ClaimRequest, seq: int):  # type: ignore[no-untyped-def]
    return select(CheckinRun).where(
        CheckinRun.workspace_id == workspace_id, CheckinRun.job == request.job, CheckinRun.channel == request.channel,
        CheckinRun.period_key == request.period.key, CheckinRun.seq == seq,
    )


def _next_seq(runtime: WorkspaceRuntime, request: ClaimRequest) -> int:
    with runtime.session() as session:
        current = session.scalar(select(func.max(CheckinRun.seq)).where(
            CheckinRun.workspace_id == runtime.workspace_id, CheckinRun.job == request.job,
            CheckinRun.channel == request.channel, CheckinRun.period_key == request.period.key))
    return 1 if current is None else int(current) + 1


def _insert(runtime: WorkspaceRuntime, request: ClaimRequest, seq: int, *, owner: str, now: datetime,
            lease: timedelta) -> RunRecord | None:
    row = CheckinRun(
        workspace_id=runtime.workspace_id, job=request.job, channel=request.channel, period_key=request.period.key,
        seq=seq, channel_label=request.channel_label, period_start=request.period.start,
        period_end=request.period.end, reference_day=request.period.reference_day, schedule_id=request.schedule_id,
        fire_at=request.fire_at, trigger=request.trigger, all_quiet=request.all_quiet, state="claimed", owner=owner,
        lease_until=now + lease, version=0, attempts=1, marker=uuid.uuid4().hex, files=[], items=[],
        note=request.note, created_at=now, updated_at=now,
    )
    try:
        with runtime.session() as session:
            session.add(row)
            session.flush()
            record = _record(row)
    except IntegrityError:
        return None
    return record


def transition(database: Database, run: RunRecord, *, holder: str, now: datetime, **values: Any) -> RunRecord:
    """Move a row we hold (compare-and-set on version and owner); LeaseLost when another process took it over."""
    changes = dict(values, version=run.version + 1, updated_at=now)
    with database.session() as session:
        result = session.execute(
            update(CheckinRun).where(CheckinRun.id == run.id, CheckinRun.version == run.version,
                                     CheckinRun.owner == holder)
            .values(**changes).execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise LeaseLost(f"check-in run {run.id} was taken over by another process")
    kept = {k: v for k, v in changes.items() if k in RunRecord.__dataclass_fields__ and k != "updated_at"}
    if "lease_until" in kept and kept["lease_until"] is not None:
        kept["lease_until"] = as_utc(kept["lease_until"])
    return replace(run, **kept)


def reported_items(runtime: WorkspaceRuntime, job: str, channel: str) -> frozenset[str]:
    """Everything earlier posts of `job` told this channel (e.g. fatigue episodes), so it is not repeated."""
    with runtime.session() as session:
        rows = session.scalars(select(CheckinRun.items).where(
            CheckinRun.workspace_id == runtime.workspace_id, CheckinRun.job == job, CheckinRun.channel == channel,
            CheckinRun.state.in_(DELIVERED)))
        return frozenset(item for items in rows for item in (items or []))


def expired_runs(database: Database, now: datetime, limit: int = 50) -> list[tuple[int, str]]:
    """In-flight rows whose lease has run out, oldest first: (run id, workspace name)."""
    with database.session() as session:
        rows = session.execute(
            select(CheckinRun.id, Workspace.name).join(Workspace, Workspace.id == CheckinRun.workspace_id)
            .where(CheckinRun.state.in_(IN_FLIGHT), CheckinRun.lease_until <= now)
            .order_by(CheckinRun.lease_until).limit(limit)
        ).all()
    return [(int(r[0]), str(r[1])) for r in rows]


def earliest_lease(database: Database) -> datetime | None:
    with database.session() as session:
        value = session.scalar(select(func.min(CheckinRun.lease_until)).where(CheckinRun.state.in_(IN_FLIGHT)))
    return as_utc(value) if value is not None else None


def history(runtime: WorkspaceRuntime, limit: int = 20, job: str | None = None) -> list[RunRecord]:
    with runtime.session() as session:
        query = select(CheckinRun).where(CheckinRun.workspace_id == runtime.workspace_id)
        if job:
            query = query.where(CheckinRun.job == job)
        rows = session.scalars(query.order_by(CheckinRun.id.desc()).limit(limit)).all()
        return [_record(r) for r in rows]
