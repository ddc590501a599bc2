"""performance: audience breakdown facts (ad × day × breakdown cell), apart from the daily totals

Revision ID: performance_0002
Revises: performance_0001
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'performance_0002'
down_revision = 'performance_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'performance_breakdowns',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workspace_id', sa.Integer(), nullable=False),
        sa.Column('ad_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('breakdown', sa.String(length=100), nullable=False),
        sa.Column('value', sa.String(length=300), nullable=False),
        sa.Column('currency', sa.String(length=8), nullable=True),
        sa.Column('spend', sa.Float(), nullable=False),
        sa.Column('impressions', sa.Integer(), nullable=False),
        sa.Column('reach', sa.Integer(), nullable=True),
        sa.Column('link_clicks', sa.Integer(), nullable=True),
        sa.Column('clicks_all', sa.Integer(), nullable=True),
        sa.Column('video_plays_3s', sa.Integer(), nullable=True),
        sa.Column('thruplays', sa.Integer(), nullable=True),
        sa.Column('purchases', sa.Float(), nullable=True),
        sa.Column('purchase_value', sa.Float(), nullable=True),
        sa.Column('conversions', sa.Float(), nullable=True),
        sa.Column('batch_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['ad_id'], ['ads.id'], name=op.f('fk_performance_breakdowns_ad_id_ads'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'],
                                name=op.f('fk_performance_breakdowns_batch_id_import_batches'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'],
                                name=op.f('fk_performance_breakdowns_workspace_id_workspaces'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_performance_breakdowns')),
        sa.UniqueConstraint('ad_id', 'day', 'breakdown', 'value',
                            name=op.f('uq_performance_breakdowns_ad_id_day_breakdown_value')),
    )
    op.create_index('ix_performance_breakdowns_workspace_id_day', 'performance_breakdowns', ['workspace_id', 'day'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_performance_breakdowns_workspace_id_day', table_name='performance_breakdowns')
    op.drop_table('performance_breakdowns')
