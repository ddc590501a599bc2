"""slack: work ledger, claims, threads, approvals, teams, installations, oauth states

Revision ID: slack_0001
Revises: 
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'slack_0001'
down_revision = None
branch_labels = ('slack',)
depends_on = '0001_foundation'


def upgrade() -> None:
    op.create_table('slack_approvals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('approval_id', sa.String(length=200), nullable=False),
    sa.Column('agent_thread_id', sa.String(length=255), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('channel_id', sa.String(length=32), nullable=False),
    sa.Column('thread_ts', sa.String(length=32), nullable=False),
    sa.Column('message_ts', sa.String(length=32), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('details', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decided_by', sa.String(length=32), nullable=True),
    sa.Column('count', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slack_approvals')),
    sa.UniqueConstraint('approval_id', name=op.f('uq_slack_approvals_approval_id'))
    )
    op.create_table('slack_installations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('enterprise_id', sa.String(length=32), nullable=True),
    sa.Column('team_id', sa.String(length=32), nullable=True),
    sa.Column('user_id', sa.String(length=32), nullable=True),
    sa.Column('is_enterprise_install', sa.Boolean(), nullable=False),
    sa.Column('data', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('installed_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slack_installations'))
    )
    with op.batch_alter_table('slack_installations', schema=None) as batch_op:
        batch_op.create_index('ix_slack_installations_lookup', ['client_id', 'enterprise_id', 'team_id'], unique=False)

    op.create_table('slack_oauth_states',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=200), nullable=False),
    sa.Column('expires_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slack_oauth_states')),
    sa.UniqueConstraint('state', name=op.f('uq_slack_oauth_states_state'))
    )
    op.create_table('slack_teams',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('enterprise_id', sa.String(length=32), nullable=True),
    sa.Column('team_name', sa.String(length=200), nullable=True),
    sa.Column('workspace', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slack_teams')),
    sa.UniqueConstraint('team_id', name=op.f('uq_slack_teams_team_id'))
    )
    op.create_table('slack_threads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('channel_id', sa.String(length=32), nullable=False),
    sa.Column('thread_ts', sa.String(length=32), nullable=False),
    sa.Column('workspace', sa.String(length=200), nullable=False),
    sa.Column('agent_thread_id', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slack_threads')),
    sa.UniqueConstraint('agent_thread_id', name=op.f('uq_slack_threads_agent_thread_id')),
    sa.UniqueConstraint('team_id', 'channel_id', 'thread_ts', name=op.f('uq_slack_threads_team_id_channel_id_thread_ts'))
    )
    op.create_table('slack_work',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('enterprise_id', sa.String(length=32), nullable=True),
    sa.Column('channel_id', sa.String(length=32), nullable=True),
    sa.Column('thread_ts', sa.String(length=32), nullable=True),
    sa.Column('user_id', sa.String(length=32), nullable=True),
    sa.Column('payload', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('available_at', sa.Float(), nullable=False),
    sa.Column('lease_owner', sa.String(length=128), nullable=True),
    sa.Column('lease_until', sa.Float(), nullable=True),
    sa.Column('placeholder_ts', sa.String(length=32), nullable=True),
    sa.Column('result', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('checkpoints', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slack_work')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_slack_work_dedupe_key'))
    )
    with op.batch_alter_table('slack_work', schema=None) as batch_op:
        batch_op.create_index('ix_slack_work_status_due', ['status', 'available_at'], unique=False)

    op.create_table('slack_claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('work_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['work_id'], ['slack_work.id'], name=op.f('fk_slack_claims_work_id_slack_work'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slack_claims')),
    sa.UniqueConstraint('key', name=op.f('uq_slack_claims_key'))
    )
    with op.batch_alter_table('slack_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_slack_claims_work_id'), ['work_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('slack_claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_slack_claims_work_id'))

    op.drop_table('slack_claims')
    with op.batch_alter_table('slack_work', schema=None) as batch_op:
        batch_op.drop_index('ix_slack_work_status_due')

    op.drop_table('slack_work')
    op.drop_table('slack_threads')
    op.drop_table('slack_teams')
    op.drop_table('slack_oauth_states')
    with op.batch_alter_table('slack_installations', schema=None) as batch_op:
        batch_op.drop_index('ix_slack_installations_lookup')

    op.drop_table('slack_installations')
    op.drop_table('slack_approvals')
