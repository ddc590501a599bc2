"""extract: blueprints stored against creatives

Revision ID: extract_0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'extract_0001'
down_revision = None
branch_labels = ('extract',)
depends_on = '0001_foundation'


def upgrade() -> None:
    op.create_table('blueprints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('creative_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('extractor_version', sa.String(length=20), nullable=False),
    sa.Column('attributes', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('blueprint', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['creative_id'], ['creatives.id'], name=op.f('fk_blueprints_creative_id_creatives'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_blueprints_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blueprints'))
    )
    with op.batch_alter_table('blueprints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_blueprints_creative_id'), ['creative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_blueprints_workspace_id'), ['workspace_id'], unique=False)
        batch_op.create_index('ix_blueprints_workspace_id_content_hash', ['workspace_id', 'content_hash'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('blueprints', schema=None) as batch_op:
        batch_op.drop_index('ix_blueprints_workspace_id_content_hash')
        batch_op.drop_index(batch_op.f('ix_blueprints_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_blueprints_creative_id'))

    op.drop_table('blueprints')
