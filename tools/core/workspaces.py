"""Which workspaces of this installation hold ad performance data — for "no data yet" answers that say where it is.

Why here: the report, winners, analyst and creator all stop on an empty workspace; one query and one error type
(`NoPerformanceDataError`) keep their answers the same.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tools.core.db.models import Workspace
from tools.core.db.models.performance import PerformanceDaily
from tools.core.errors import NoPerformanceDataError


class WorkspaceData(BaseModel):
    name: str
    rows: int
    ads: int
    date_start: date
    date_end: date


def workspaces_with_data(session: Session) -> list[WorkspaceData]:
    """Every workspace with at least one daily performance row, most rows first."""
    rows = session.execute(
        select(Workspace.name, func.count(PerformanceDaily.id), func.count(func.distinct(PerformanceDaily.ad_id)),
               func.min(PerformanceDaily.day), func.max(PerformanceDaily.day))
        .join(PerformanceDaily, PerformanceDaily.workspace_id == Workspace.id)
        .group_by(Workspace.name)
    ).all()
    found = [WorkspaceData(name=r[0], rows=r[1], ads=r[2], date_start=r[3], date_end=r[4]) for r in rows]
    return sorted(found, key=lambda w: (-w.rows, w.name))


def latest_data_day(session: Session, workspace_id: int) -> date | None:
    """The last day with performance data in one workspace (None when it has none): how fresh its data is."""
    return session.scalar(select(func.max(PerformanceDaily.day)).where(PerformanceDaily.workspace_id == workspace_id))


def no_performance_data(session: Session, workspace: str) -> NoPerformanceDataError:
    """The error for an empty `workspace`, carrying the workspaces that do have data."""
    elsewhere = [w.model_dump() for w in workspaces_with_data(session) if w.name != workspace]
    return NoPerformanceDataError(workspace, elsewhere)
