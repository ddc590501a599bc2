"""brand: the brand kit's images (product, logo) and ads' own media files

Revision ID: brand_0002
Revises: brand_0001
Create Date: 2026-12-06 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'brand_0002'
down_revision = 'brand_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'brand_assets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workspace_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('ad_id', sa.String(length=100), nullable=False),
        sa.Column('media', sa.String(length=10), nullable=False),
        sa.Column('key', sa.Text(), nullable=False),
        sa.Column('original_key', sa.Text(), nullable=False),
        sa.Column('filename', sa.Text(), nullable=False),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.Column('treatment', sa.String(length=10), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('duration_s', sa.Float(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'],
                                name=op.f('fk_brand_assets_workspace_id_workspaces'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_brand_assets')),
        sa.UniqueConstraint('workspace_id', 'kind', 'ad_id', 'content_hash',
                            name=op.f('uq_brand_assets_workspace_id_kind_ad_id_content_hash')),
    )
    with op.batch_alter_table('brand_assets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_brand_assets_workspace_id'), ['workspace_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('brand_assets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_brand_assets_workspace_id'))
    op.drop_table('brand_assets')
