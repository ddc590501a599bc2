"""brand: documents, chunks, profile, write journal

Revision ID: brand_0001
Revises: 
Create Date: 2026-11-28 20:08:59.429065
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'brand_0001'
down_revision = None
branch_labels = ('brand',)
depends_on = '0001_foundation'


def upgrade() -> None:
    op.create_table('brand_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('location', sa.Text(), nullable=True),
    sa.Column('format', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('chunk_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_brand_documents_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_brand_documents')),
    sa.UniqueConstraint('workspace_id', 'content_hash', name=op.f('uq_brand_documents_workspace_id_content_hash'))
    )
    with op.batch_alter_table('brand_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_brand_documents_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('brand_pending_writes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('collection', sa.String(length=200), nullable=False),
    sa.Column('chunk_ids', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_brand_pending_writes_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_brand_pending_writes'))
    )
    with op.batch_alter_table('brand_pending_writes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_brand_pending_writes_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('brand_profiles',
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('derived', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('edits', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_brand_profiles_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workspace_id', name=op.f('pk_brand_profiles'))
    )
    op.create_table('brand_chunks',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('heading', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['brand_documents.id'], name=op.f('fk_brand_chunks_document_id_brand_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_brand_chunks_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_brand_chunks')),
    sa.UniqueConstraint('workspace_id', 'text_hash', name=op.f('uq_brand_chunks_workspace_id_text_hash'))
    )
    with op.batch_alter_table('brand_chunks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_brand_chunks_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_brand_chunks_workspace_id'), ['workspace_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('brand_chunks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_brand_chunks_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_brand_chunks_document_id'))

    op.drop_table('brand_chunks')
    op.drop_table('brand_profiles')
    with op.batch_alter_table('brand_pending_writes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_brand_pending_writes_workspace_id'))

    op.drop_table('brand_pending_writes')
    with op.batch_alter_table('brand_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_brand_documents_workspace_id'))

    op.drop_table('brand_documents')
