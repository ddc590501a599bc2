"""Storage: migrations create the schema on both backends; units of work are all-or-nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tools.core.db.models import Workspace


def test_migrations_create_every_table(runtime) -> None:  # type: ignore[no-untyped-def]
    tables = set(runtime.database.table_names())
    assert {"workspaces", "ads", "creatives", "performance_daily", "import_batches"} <= tables
    runtime.database.upgrade()  # idempotent


def test_session_rolls_back_on_error(runtime) -> None:  # type: ignore[no-untyped-def]
    workspace_id = runtime.workspace_id
    with pytest.raises(RuntimeError), runtime.session() as session:
        session.add(Workspace(name="half-written", timezone="UTC", settings={}))
        session.flush()
        raise RuntimeError("crash mid-job")
    with runtime.session() as session:
        assert session.scalar(select(func.count()).select_from(Workspace)) == 1
        assert session.get(Workspace, workspace_id).name == "acme"
