"""performance: composite (workspace_id, day) index for KPI range scans

Revision ID: performance_0001
Revises:
Create Date: 2026-11-28 20:20:00
"""

from __future__ import annotations

from alembic import op

revision = 'performance_0001'
down_revision = None
branch_labels = ('performance',)
depends_on = '0001_foundation'


def upgrade() -> None:
    op.create_index('ix_performance_daily_workspace_id_day', 'performance_daily', ['workspace_id', 'day'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_performance_daily_workspace_id_day', table_name='performance_daily')
