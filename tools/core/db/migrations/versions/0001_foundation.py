"""foundation: workspaces, ad tree, creatives, daily performance

Revision ID: 0001_foundation
Revises: 
Create Date: 2026-11-28 20:00:21.501138
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0001_foundation'
down_revision = None
branch_labels = ('foundation',)
depends_on = None


def upgrade() -> None:
    op.create_table('workspaces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('settings', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workspaces')),
    sa.UniqueConstraint('name', name=op.f('uq_workspaces_name'))
    )
    op.create_table('ad_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=20), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=True),
    sa.Column('currency', sa.String(length=8), nullable=True),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_ad_accounts_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ad_accounts')),
    sa.UniqueConstraint('workspace_id', 'platform', 'external_id', name=op.f('uq_ad_accounts_workspace_id_platform_external_id'))
    )
    with op.batch_alter_table('ad_accounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ad_accounts_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('creatives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('headline', sa.Text(), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('cta', sa.String(length=100), nullable=True),
    sa.Column('media_uri', sa.Text(), nullable=True),
    sa.Column('attributes', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('tags', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_creatives_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_creatives')),
    sa.UniqueConstraint('workspace_id', 'key', name=op.f('uq_creatives_workspace_id_key'))
    )
    with op.batch_alter_table('creatives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_creatives_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('import_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('files', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('ads', sa.Integer(), nullable=False),
    sa.Column('date_start', sa.Date(), nullable=True),
    sa.Column('date_end', sa.Date(), nullable=True),
    sa.Column('currency', sa.String(length=8), nullable=True),
    sa.Column('warnings', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_import_batches_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batches'))
    )
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_batches_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['ad_accounts.id'], name=op.f('fk_campaigns_account_id_ad_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns')),
    sa.UniqueConstraint('account_id', 'external_id', name=op.f('uq_campaigns_account_id_external_id'))
    )
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaigns_account_id'), ['account_id'], unique=False)

    op.create_table('ad_sets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=True),
    sa.Column('audience', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_ad_sets_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ad_sets')),
    sa.UniqueConstraint('campaign_id', 'external_id', name=op.f('uq_ad_sets_campaign_id_external_id'))
    )
    with op.batch_alter_table('ad_sets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ad_sets_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('ads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('ad_set_id', sa.Integer(), nullable=True),
    sa.Column('creative_id', sa.Integer(), nullable=True),
    sa.Column('external_id', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['ad_accounts.id'], name=op.f('fk_ads_account_id_ad_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ad_set_id'], ['ad_sets.id'], name=op.f('fk_ads_ad_set_id_ad_sets'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_ads_campaign_id_campaigns'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['creative_id'], ['creatives.id'], name=op.f('fk_ads_creative_id_creatives'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_ads_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ads')),
    sa.UniqueConstraint('account_id', 'external_id', name=op.f('uq_ads_account_id_external_id'))
    )
    with op.batch_alter_table('ads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ads_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ads_ad_set_id'), ['ad_set_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ads_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ads_creative_id'), ['creative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ads_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('performance_daily',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('ad_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('currency', sa.String(length=8), nullable=True),
    sa.Column('spend', sa.Float(), nullable=False),
    sa.Column('impressions', sa.Integer(), nullable=False),
    sa.Column('reach', sa.Integer(), nullable=True),
    sa.Column('link_clicks', sa.Integer(), nullable=True),
    sa.Column('clicks_all', sa.Integer(), nullable=True),
    sa.Column('video_plays_3s', sa.Integer(), nullable=True),
    sa.Column('thruplays', sa.Integer(), nullable=True),
    sa.Column('video_p25', sa.Integer(), nullable=True),
    sa.Column('video_p50', sa.Integer(), nullable=True),
    sa.Column('video_p75', sa.Integer(), nullable=True),
    sa.Column('video_p100', sa.Integer(), nullable=True),
    sa.Column('purchases', sa.Float(), nullable=True),
    sa.Column('purchase_value', sa.Float(), nullable=True),
    sa.Column('conversions', sa.Float(), nullable=True),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['ad_id'], ['ads.id'], name=op.f('fk_performance_daily_ad_id_ads'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'], name=op.f('fk_performance_daily_batch_id_import_batches'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_performance_daily_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_performance_daily')),
    sa.UniqueConstraint('ad_id', 'day', name=op.f('uq_performance_daily_ad_id_day'))
    )
    with op.batch_alter_table('performance_daily', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_performance_daily_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_performance_daily_workspace_id'), ['workspace_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('performance_daily', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_performance_daily_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_performance_daily_day'))

    op.drop_table('performance_daily')
    with op.batch_alter_table('ads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ads_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_ads_creative_id'))
        batch_op.drop_index(batch_op.f('ix_ads_campaign_id'))
        batch_op.drop_index(batch_op.f('ix_ads_ad_set_id'))
        batch_op.drop_index(batch_op.f('ix_ads_account_id'))

    op.drop_table('ads')
    with op.batch_alter_table('ad_sets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ad_sets_campaign_id'))

    op.drop_table('ad_sets')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaigns_account_id'))

    op.drop_table('campaigns')
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_batches_workspace_id'))

    op.drop_table('import_batches')
    with op.batch_alter_table('creatives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_creatives_workspace_id'))

    op.drop_table('creatives')
    with op.batch_alter_table('ad_accounts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ad_accounts_workspace_id'))

    op.drop_table('ad_accounts')
    op.drop_table('workspaces')
