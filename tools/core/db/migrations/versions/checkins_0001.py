"""checkins: schedules and the posting ledger (exactly-once check-ins)

Revision ID: checkins_0001
Revises: 
Create Date: 2026-11-28 21:06:16.089545
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'checkins_0001'
down_revision = None
branch_labels = ('checkins',)
depends_on = '0001_foundation'


def upgrade() -> None:
    op.create_table('checkin_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('job', sa.String(length=40), nullable=False),
    sa.Column('channel', sa.String(length=64), nullable=False),
    sa.Column('period_key', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('channel_label', sa.String(length=200), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('reference_day', sa.Date(), nullable=False),
    sa.Column('schedule_id', sa.String(length=32), nullable=True),
    sa.Column('fire_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('trigger', sa.String(length=20), nullable=False),
    sa.Column('all_quiet', sa.Boolean(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=True),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('marker', sa.String(length=64), nullable=False),
    sa.Column('message_ts', sa.String(length=32), nullable=True),
    sa.Column('files', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('payload', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('items', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('posted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_checkin_runs_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkin_runs')),
    sa.UniqueConstraint('workspace_id', 'job', 'channel', 'period_key', 'seq', name=op.f('uq_checkin_runs_workspace_id_job_channel_period_key_seq'))
    )
    with op.batch_alter_table('checkin_runs', schema=None) as batch_op:
        batch_op.create_index('ix_checkin_runs_state_lease_until', ['state', 'lease_until'], unique=False)

    op.create_table('checkin_schedules',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('job', sa.String(length=40), nullable=False),
    sa.Column('channel', sa.String(length=200), nullable=False),
    sa.Column('cron', sa.String(length=200), nullable=False),
    sa.Column('every', sa.String(length=200), nullable=True),
    sa.Column('tz', sa.String(length=64), nullable=False),
    sa.Column('all_quiet', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('next_run_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_fire_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('pending_fire_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('pending_note', sa.Text(), nullable=True),
    sa.Column('pending_owner', sa.String(length=200), nullable=True),
    sa.Column('pending_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('pending_attempts', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('last_outcome', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_checkin_schedules_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkin_schedules'))
    )
    with op.batch_alter_table('checkin_schedules', schema=None) as batch_op:
        batch_op.create_index('ix_checkin_schedules_active_next_run_at', ['active', 'next_run_at'], unique=False)
        batch_op.create_index('ix_checkin_schedules_workspace_id', ['workspace_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('checkin_schedules', schema=None) as batch_op:
        batch_op.drop_index('ix_checkin_schedules_workspace_id')
        batch_op.drop_index('ix_checkin_schedules_active_next_run_at')

    op.drop_table('checkin_schedules')
    with op.batch_alter_table('checkin_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_checkin_runs_state_lease_until')

    op.drop_table('checkin_runs')
