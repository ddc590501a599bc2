"""Taking fires from the schedules table: due detection, catch-up after downtime, and retries — safely shared by
any number of schedulers on one database.

A fire is *taken* by a compare-and-set on the schedule's `version` that, in one statement, moves `next_run_at` past
now and records the fire as pending (`pending_fire_at`, owner, lease). Only one scheduler's update can match; the
others see nothing to do. The pending record makes the fire durable: if the taker dies before the check-in is
claimed in the ledger, another scheduler takes the pending fire over once its lease runs out.

Catch-up: after downtime, every fire time that passed collapses into one fire (the latest), carrying a note
"caught up after downtime (missed N runs)" — N counts the fire times that passed without a run (the latest too when
it is itself later than the grace period).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update

from tools.checkins.clock import as_utc
from tools.checkins.cron import MAX_COUNTED_FIRES, fires_between, next_fire, parse_timezone
from tools.core.db.models import CheckinSchedule, Workspace

if TYPE_CHECKING:
    from tools.core.db import Database

BACKOFF = (timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=5), timedelta(minutes=15),
           timedelta(minutes=30))


@dataclass(frozen=True)
class Fire:
    """One check-in to run for a schedule: which, for which scheduled time, with which note."""

    schedule_id: str
    workspace: str
    job: str
    channel: str
    tz: str
    all_quiet: bool
    fire_at: datetime
    note: str | None
    attempt: int
    version: int  # the schedule's version after the take (guards finish/retry)


def catch_up_note(missed: int) -> str:
    count = f"{missed}+" if missed >= MAX_COUNTED_FIRES else str(missed)
    return f"caught up after downtime (missed {count} run{'' if missed == 1 else 's'})"


def _scope(query, workspaces: frozenset[str] | None):  # type: ignore[no-untyped-def]
    query = query.join(Workspace, Workspace.id == CheckinSchedule.workspace_id)
    return query.where(Workspace.name.in_(sorted(workspaces))) if workspaces else query


def take_due(database: Database, now: datetime, *, owner: str, lease: timedelta, grace: timedelta,
             workspaces: frozenset[str] | None = None, limit: int = 100) -> list[Fire]:
    """Fires whose time has come, taken by this scheduler (one per schedule, however many times were missed)."""
    with database.session() as session:
        rows = session.execute(_scope(
            select(CheckinSchedule, Workspace.name), workspaces,
        ).where(CheckinSchedule.active.is_(True), CheckinSchedule.next_run_at <= now)
         .order_by(CheckinSchedule.next_run_at).limit(limit)).all()
        due = [(row, str(name)) for row, name in rows]
        session.expunge_all()
    fires = []
    for row, workspace in due:
        zone = parse_timezone(row.tz)
        missed, latest = fires_between(row.cron, zone, as_utc(row.next_run_at), now)
        following = next_fire(row.cron, zone, now)
        values: dict[str, Any] = {"next_run_at": following, "version": row.version + 1, "updated_at": now}
        note = None
        if latest is not None:
            # fire times that passed without a run: all of them when even the latest is late, else all but it
            skipped = missed if now - latest > grace else missed - 1
            note = catch_up_note(skipped) if skipped > 0 else None
            values.update(last_fire_at=latest, pending_fire_at=latest, pending_note=note, pending_owner=owner,
                          pending_until=now + lease, pending_attempts=1)
        if not _cas(database, row.id, row.version, values):
            continue  # another scheduler took it
        if latest is not None:
            fires.append(Fire(row.id, workspace, row.job, row.channel, row.tz, row.all_quiet, latest, note, 1,
                              row.version + 1))
    return fires


def take_pending(database: Database, now: datetime, *, owner: str, lease: timedelta,
                 workspaces: frozenset[str] | None = None, limit: int = 100) -> list[Fire]:
    """Fires taken earlier that never finished (the taker died, or Slack failed and the retry time has come)."""
    with database.session() as session:
        rows = session.execute(_scope(select(CheckinSchedule, Workspace.name), workspaces).where(
            CheckinSchedule.active.is_(True), CheckinSchedule.pending_fire_at.is_not(None),
            CheckinSchedule.pending_until <= now,
        ).order_by(CheckinSchedule.pending_until).limit(limit)).all()
        pending = [(row, str(name)) for row, name in rows]
        session.expunge_all()
    fires = []
    for row, workspace in pending:
        attempt = row.pending_attempts + 1
        values = {"pending_owner": owner, "pending_until": now + lease, "pending_attempts": attempt,
                  "version": row.version + 1, "updated_at": now}
        if _cas(database, row.id, row.version, values):
            fires.append(Fire(row.id, workspace, row.job, row.channel, row.tz, row.all_quiet,
                              as_utc(row.pending_fire_at), row.pending_note, attempt, row.version + 1))
    return fires


def finish(database: Database, fire: Fire, *, owner: str, now: datetime, outcome: dict[str, Any]) -> bool:
    """The fire is done (posted, quiet, or handled elsewhere): clear it and keep the outcome for `schedule list`."""
    return _release(database, fire, owner, {
        "pending_fire_at": None, "pending_note": None, "pending_owner": None, "pending_until": None,
        "pending_attempts": 0, "last_outcome": outcome, "updated_at": now})


def retry_later(database: Database, fire: Fire, *, owner: str, now: datetime, outcome: dict[str, Any],
                max_attempts: int) -> datetime | None:
    """The fire failed: schedule another attempt (backing off), or give up after `max_attempts`. Returns when the
    next attempt is due (None when given up)."""
    if fire.attempt >= max_attempts:
        finish(database, fire, owner=owner, now=now, outcome=dict(outcome, gave_up=True))
        return None
    when = now + BACKOFF[min(fire.attempt - 1, len(BACKOFF) - 1)]
    _release(database, fire, owner, {"pending_owner": None, "pending_until": when, "last_outcome": outcome,
                                     "updated_at": now})
    return when


def next_wakeup(database: Database, workspaces: frozenset[str] | None = None) -> datetime | None:
    """The earliest moment a schedule is due or a pending fire may be retried."""
    with database.session() as session:
        due = session.scalar(_scope(select(func.min(CheckinSchedule.next_run_at)), workspaces)
                             .where(CheckinSchedule.active.is_(True)))
        retry = session.scalar(_scope(select(func.min(CheckinSchedule.pending_until)), workspaces)
                               .where(CheckinSchedule.active.is_(True),
                                      CheckinSchedule.pending_fire_at.is_not(None)))
    times = [as_utc(t) for t in (due, retry) if t is not None]
    return min(times) if times else None


def _cas(database: Database, schedule_id: str, version: int, values: dict[str, Any]) -> bool:
    with database.session() as session:
        result = session.execute(
            update(CheckinSchedule).where(CheckinSchedule.id == schedule_id, CheckinSchedule.version == version)
            .values(**values).execution_options(synchronize_session=False))
        return result.rowcount == 1


def _release(database: Database, fire: Fire, owner: str, values: dict[str, Any]) -> bool:
    """Change the pending fire only while it is still ours (same owner, same fire time)."""
    with database.session() as session:
        result = session.execute(
            update(CheckinSchedule).where(CheckinSchedule.id == fire.schedule_id,
                                          CheckinSchedule.pending_owner == owner,
                                          CheckinSchedule.pending_fire_at == fire.fire_at)
            .values(version=CheckinSchedule.version + 1, **values).execution_options(synchronize_session=False))
        return result.rowcount == 1
