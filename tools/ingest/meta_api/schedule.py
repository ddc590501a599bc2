"""The scheduler's `sync` job: every connected workspace is synced once a day at 06:00 in its ad account's time zone,
before that morning's check-ins (the scheduler runs due syncs first in each pass).

A sync is taken by a compare-and-set on `meta_connections.sync_lease_until`, so schedulers sharing a database never
run the same workspace's sync twice at once; a failed sync keeps its message in `sync_error` and is tried again on
the next pass after `RETRY` (an expired token keeps failing until someone reconnects — the check-ins then say when
the data was last synced, and `hookline doctor` names the fix).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import or_, select, update

from tools.core.db import Database
from tools.core.db.models import MetaConnection, Workspace

SYNC_AT = time(6, 0)  # account-local time of the daily sync
LEASE = timedelta(minutes=30)
RETRY = timedelta(minutes=30)


@dataclass(frozen=True)
class DueSync:
    workspace: str
    account: str


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def latest_slot(now: datetime, timezone: str | None) -> datetime:
    """The most recent daily sync time at or before `now` (UTC)."""
    local = now.astimezone(_zone(timezone))
    slot = datetime.combine(local.date(), SYNC_AT, tzinfo=local.tzinfo)
    if slot > local:
        slot = datetime.combine(local.date() - timedelta(days=1), SYNC_AT, tzinfo=local.tzinfo)
    return slot.astimezone(UTC)


def next_slot(now: datetime, timezone: str | None) -> datetime:
    local = now.astimezone(_zone(timezone))
    slot = datetime.combine(local.date(), SYNC_AT, tzinfo=local.tzinfo)
    if slot <= local:
        slot = datetime.combine(local.date() + timedelta(days=1), SYNC_AT, tzinfo=local.tzinfo)
    return slot.astimezone(UTC)


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def take_due_syncs(database: Database, now: datetime, *, workspaces: frozenset[str] | None = None) -> list[DueSync]:
    """Connections whose daily sync time has passed since they were last synced, each taken for this scheduler."""
    with database.session() as session:
        query = select(MetaConnection, Workspace.name).join(Workspace, Workspace.id == MetaConnection.workspace_id)
        if workspaces:
            query = query.where(Workspace.name.in_(sorted(workspaces)))
        rows = [(row.id, row.account, row.timezone, _utc(row.last_synced_at), _utc(row.sync_lease_until), str(name))
                for row, name in session.execute(query).all()]
    taken = []
    for row_id, account, timezone, last, lease, workspace in rows:
        if last is not None and last >= latest_slot(now, timezone):
            continue
        if lease is not None and lease > now:
            continue
        with database.session() as session:
            claimed = session.execute(
                update(MetaConnection).where(
                    MetaConnection.id == row_id,
                    or_(MetaConnection.sync_lease_until.is_(None), MetaConnection.sync_lease_until <= now))
                .values(sync_lease_until=now + LEASE)
            ).rowcount
        if claimed:
            taken.append(DueSync(workspace=workspace, account=account))
    return taken


def finish_sync(database: Database, workspace: str, now: datetime, error: str | None) -> None:
    """Release the lease: at once after a success, after `RETRY` after a failure (kept in `sync_error`)."""
    with database.session() as session:
        workspace_id = session.scalar(select(Workspace.id).where(Workspace.name == workspace))
        session.execute(update(MetaConnection).where(MetaConnection.workspace_id == workspace_id).values(
            sync_lease_until=(now + RETRY) if error else None, sync_error=error))


def next_sync_at(database: Database, now: datetime, workspaces: frozenset[str] | None = None) -> datetime | None:
    with database.session() as session:
        query = select(MetaConnection.timezone, MetaConnection.sync_lease_until, MetaConnection.last_synced_at,
                       Workspace.name).join(Workspace, Workspace.id == MetaConnection.workspace_id)
        rows = session.execute(query).all()
    times = []
    for timezone, lease, last, name in rows:
        if workspaces and name not in workspaces:
            continue
        last, lease = _utc(last), _utc(lease)
        due = now if last is None or last < latest_slot(now, timezone) else next_slot(now, timezone)
        times.append(max(due, lease) if lease else due)
    return min(times) if times else None
