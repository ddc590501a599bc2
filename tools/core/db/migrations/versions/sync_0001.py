"""sync: the Meta Marketing API connection per workspace (token encrypted) and its last sync

Revision ID: sync_0001
Revises:
Create Date: 2026-12-06 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'sync_0001'
down_revision = None
branch_labels = ('sync',)
depends_on = '0001_foundation'


def upgrade() -> None:
    op.create_table(
        'meta_connections',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workspace_id', sa.Integer(), nullable=False),
        sa.Column('account', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=500), nullable=True),
        sa.Column('currency', sa.String(length=8), nullable=True),
        sa.Column('timezone', sa.String(length=64), nullable=True),
        sa.Column('token_ciphertext', sa.Text(), nullable=False),
        sa.Column('connected_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_synced_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_sync_start', sa.Date(), nullable=True),
        sa.Column('last_sync_end', sa.Date(), nullable=True),
        sa.Column('last_sync_rows', sa.Integer(), nullable=True),
        sa.Column('last_sync', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'),
                  nullable=False),
        sa.Column('sync_lease_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('sync_error', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'],
                                name=op.f('fk_meta_connections_workspace_id_workspaces'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_meta_connections')),
        sa.UniqueConstraint('workspace_id', name=op.f('uq_meta_connections_workspace_id')),
    )


def downgrade() -> None:
    op.drop_table('meta_connections')
