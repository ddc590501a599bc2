"""analyst: model registry (versioned pre-launch models per workspace and metric)

Revision ID: analyst_0001
Revises:
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'analyst_0001'
down_revision = None
branch_labels = ('analyst',)
depends_on = '0001_foundation'


def upgrade() -> None:
    op.create_table('analyst_models',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('metric', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('data_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('n_creatives', sa.Integer(), nullable=False),
    sa.Column('cold_start', sa.Boolean(), nullable=False),
    sa.Column('uses_embeddings', sa.Boolean(), nullable=False),
    sa.Column('validation', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('features', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('trained_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_analyst_models_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analyst_models')),
    sa.UniqueConstraint('workspace_id', 'kind', 'metric', 'version', name=op.f('uq_analyst_models_workspace_id_kind_metric_version'))
    )
    with op.batch_alter_table('analyst_models', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_analyst_models_workspace_id'), ['workspace_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('analyst_models', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_analyst_models_workspace_id'))
    op.drop_table('analyst_models')
