"""Read-side indexes the KPI engine needs on the foundation's ad-performance tables (migration `performance_0001`).

Why: every report filters `performance_daily` by workspace and a date range. With only single-column indexes the
database either walks the whole workspace or the whole date range of every workspace; the composite
(workspace_id, day) index turns "this workspace, these days" and "latest day of this workspace" into range scans.
"""

from __future__ import annotations

from sqlalchemy import Index

from tools.core.db.models.performance import PerformanceDaily

performance_daily_workspace_day = Index(
    "ix_performance_daily_workspace_id_day", PerformanceDaily.workspace_id, PerformanceDaily.day
)
