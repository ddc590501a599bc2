"""Schedules in the database: create, list, cancel (per workspace), and their public `Schedule` shape.

Why the next run is stored (not only the cron): the scheduler finds due work with one indexed query, and a fire is
taken by advancing `next_run_at` with a compare-and-set, which is what lets several schedulers share one database.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from tools.checkins.clock import as_utc
from tools.checkins.cron import describe, next_fire, parse_timezone
from tools.core.db.models import CheckinSchedule, Workspace
from tools.core.domain.checkins import Schedule
from tools.core.errors import InputError

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime

ID_PREFIX = "chk_"


def new_schedule_id() -> str:
    return ID_PREFIX + uuid.uuid4().hex[:8]


def to_schedule(row: CheckinSchedule, created: bool = True) -> Schedule:
    tz = parse_timezone(row.tz)

    def local(value: datetime | None) -> datetime | None:
        return as_utc(value).astimezone(tz) if value is not None else None

    return Schedule(
        id=row.id, job=row.job, channel=row.channel, cron=row.cron, every=row.every, tz=row.tz,
        description=describe(row.cron, row.tz), all_quiet=row.all_quiet, active=row.active,
        next_run=local(row.next_run_at) if row.active else None, last_run=local(row.last_fire_at),
        last_outcome=row.last_outcome, created_by=row.created_by, created_at=local(row.created_at),
        cancelled_at=local(row.cancelled_at), created=created,
    )


def workspace_timezone(runtime: WorkspaceRuntime) -> str:
    """The workspace's own zone (its `timezone`), the default for schedules created without one."""
    with runtime.session() as session:
        return session.scalar(select(Workspace.timezone).where(Workspace.id == runtime.workspace_id)) or "UTC"


def create_schedule(runtime: WorkspaceRuntime, *, job: str, channel: str, cron: str, every: str | None, tz: str,
                    all_quiet: bool, created_by: str | None, now: datetime) -> Schedule:
    """A new active schedule, or the identical active one that already exists (`created` False)."""
    zone = parse_timezone(tz)
    first = next_fire(cron, zone, now)
    if first is None:
        raise InputError(f"cron {cron!r} never fires after {now:%Y-%m-%d %H:%M} UTC.", field="cron")
    with runtime.session() as session:
        same = session.scalar(select(CheckinSchedule).where(
            CheckinSchedule.workspace_id == runtime.workspace_id, CheckinSchedule.active.is_(True),
            CheckinSchedule.job == job, CheckinSchedule.channel == channel, CheckinSchedule.cron == cron,
            CheckinSchedule.tz == tz))
        if same is not None:
            if same.all_quiet != all_quiet:
                same.all_quiet = all_quiet
                same.version += 1
                same.updated_at = now
            return to_schedule(same, created=False)
        row = CheckinSchedule(
            id=new_schedule_id(), workspace_id=runtime.workspace_id, job=job, channel=channel, cron=cron, every=every,
            tz=tz, all_quiet=all_quiet, created_by=created_by, active=True, next_run_at=first, version=0,
            pending_attempts=0, created_at=now, updated_at=now,
        )
        session.add(row)
        session.flush()
        return to_schedule(row)


def list_schedules(runtime: WorkspaceRuntime, include_cancelled: bool = False) -> list[Schedule]:
    with runtime.session() as session:
        query = select(CheckinSchedule).where(CheckinSchedule.workspace_id == runtime.workspace_id)
        if not include_cancelled:
            query = query.where(CheckinSchedule.active.is_(True))
        rows = session.scalars(query.order_by(CheckinSchedule.created_at, CheckinSchedule.id)).all()
        return [to_schedule(r) for r in rows]


def cancel_schedule(runtime: WorkspaceRuntime, schedule_id: str, now: datetime) -> Schedule:
    key = (schedule_id or "").strip()
    with runtime.session() as session:
        row = session.scalar(select(CheckinSchedule).where(
            CheckinSchedule.workspace_id == runtime.workspace_id, CheckinSchedule.id == key.lower()))
        if row is None:
            known = session.scalars(select(CheckinSchedule.id).where(
                CheckinSchedule.workspace_id == runtime.workspace_id, CheckinSchedule.active.is_(True))).all()
            listed = ", ".join(known) if known else "none"
            raise InputError(f"No check-in schedule {schedule_id!r} in workspace {runtime.workspace!r} (active: "
                             f"{listed}); see `hookline schedule list`.", field="id")
        if row.active:
            row.active = False
            row.cancelled_at = now
            row.next_run_at = None
            row.pending_fire_at = None
            row.pending_owner = None
            row.pending_until = None
            row.version += 1
            row.updated_at = now
        return to_schedule(row)


def schedules_for_job(runtime: WorkspaceRuntime, job: str) -> list[Schedule]:
    return [s for s in list_schedules(runtime) if s.job == job]
