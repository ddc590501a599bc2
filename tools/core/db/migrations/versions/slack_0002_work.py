"""slack: turns become rows of the one durable work table (jobs); slack_work goes

Why: Slack turns, queue jobs and their leases were two mechanisms over two tables. A turn is now a `jobs` row
(kind `slack.<kind>`, backend `slack`, workspace `@slack`, the dedupe key as idempotency key), claimed, leased and
closed by the same statements as every job. Existing rows are carried over (finished ones too: they still dedupe
Slack's redeliveries), and so are the secondary keys in `slack_claims`, which now point at `jobs.id`.

Revision ID: slack_0002_work
Revises: slack_0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'slack_0002_work'
down_revision = 'slack_0001'
branch_labels = None
depends_on = 'jobs_0001'

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
STATUS = {"pending": "queued", "running": "running", "done": "succeeded", "skipped": "succeeded",
          "failed": "failed"}

old_work = sa.table(
    'slack_work', sa.column('id', sa.Integer), sa.column('dedupe_key', sa.String), sa.column('kind', sa.String),
    sa.column('team_id', sa.String), sa.column('enterprise_id', sa.String), sa.column('channel_id', sa.String),
    sa.column('thread_ts', sa.String), sa.column('user_id', sa.String), sa.column('payload', JSON),
    sa.column('status', sa.String), sa.column('attempts', sa.Integer), sa.column('lease_owner', sa.String),
    sa.column('placeholder_ts', sa.String), sa.column('result', JSON), sa.column('checkpoints', JSON),
    sa.column('error', sa.Text), sa.column('created_at', sa.DateTime(timezone=True)),
    sa.column('finished_at', sa.DateTime(timezone=True)),
)
old_claims = sa.table('slack_claims', sa.column('key', sa.String), sa.column('work_id', sa.Integer),
                      sa.column('created_at', sa.DateTime(timezone=True)))
jobs = sa.table(
    'jobs', sa.column('id', sa.String), sa.column('kind', sa.String), sa.column('handler', sa.String),
    sa.column('workspace', sa.String), sa.column('idempotency_key', sa.String), sa.column('payload_hash', sa.String),
    sa.column('backend', sa.String), sa.column('gpu', sa.Boolean), sa.column('status', sa.String),
    sa.column('attempts', sa.Integer), sa.column('max_attempts', sa.Integer), sa.column('payload', JSON),
    sa.column('result', JSON), sa.column('error', sa.Text), sa.column('cancel_requested', sa.Boolean),
    sa.column('worker', sa.String), sa.column('heartbeat_at', sa.DateTime(timezone=True)),
    sa.column('created_at', sa.DateTime(timezone=True)), sa.column('updated_at', sa.DateTime(timezone=True)),
    sa.column('started_at', sa.DateTime(timezone=True)), sa.column('finished_at', sa.DateTime(timezone=True)),
)


def _key(dedupe_key: str) -> str:  # integrations.slack.ledger.work_key, frozen here as migrations must be
    if len(dedupe_key) <= 200:
        return dedupe_key
    return f"{dedupe_key[:120]}#sha256:{hashlib.sha256(dedupe_key.encode()).hexdigest()}"


def _carry_over(bind: sa.Connection) -> tuple[list[dict], list[dict]]:
    now = datetime.now(UTC)
    ids: dict[int, str] = {}
    rows = []
    for row in bind.execute(sa.select(old_work)).mappings():
        new_id = ids[row["id"]] = uuid.uuid4().hex
        fields = {"dedupe_key": row["dedupe_key"], "team_id": row["team_id"], "enterprise_id": row["enterprise_id"],
                  "channel_id": row["channel_id"], "thread_ts": row["thread_ts"], "user_id": row["user_id"],
                  "body": row["payload"] or {}}
        kind = f"slack.{row['kind']}"
        body = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
        state: dict = {"checkpoints": row["checkpoints"] or {}}
        if row["placeholder_ts"]:
            state["placeholder_ts"] = row["placeholder_ts"]
        if row["result"] is not None:
            state["turn"] = row["result"]
        if row["status"] in ("done", "skipped"):
            state["outcome"] = row["status"]
        status = STATUS.get(row["status"], "failed")
        rows.append(dict(
            id=new_id, kind=kind, handler="integrations.slack.worker:SlackWorker.run", workspace="@slack",
            idempotency_key=_key(row["dedupe_key"]), payload_hash=hashlib.sha256(f"{kind}\n{body}".encode()).hexdigest(),
            backend="slack", gpu=False, status=status, attempts=row["attempts"], max_attempts=max(4, row["attempts"] + 1),
            payload=fields, result=state, error=row["error"], cancel_requested=False,
            worker=row["lease_owner"] if status == "running" else None,
            heartbeat_at=now if status == "running" else None, created_at=row["created_at"] or now, updated_at=now,
            started_at=None, finished_at=row["finished_at"],
        ))
    claims = [dict(key=c["key"], work_id=ids[c["work_id"]], created_at=c["created_at"])
              for c in bind.execute(sa.select(old_claims)).mappings() if c["work_id"] in ids]
    return rows, claims


def upgrade() -> None:
    bind = op.get_bind()
    rows, claims = _carry_over(bind)
    if rows:
        op.bulk_insert(jobs, rows)
    with op.batch_alter_table('slack_claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_slack_claims_work_id'))
    op.drop_table('slack_claims')
    with op.batch_alter_table('slack_work', schema=None) as batch_op:
        batch_op.drop_index('ix_slack_work_status_due')
    op.drop_table('slack_work')
    op.create_table('slack_claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('work_id', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['work_id'], ['jobs.id'], name=op.f('fk_slack_claims_work_id_jobs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slack_claims')),
    sa.UniqueConstraint('key', name=op.f('uq_slack_claims_key'))
    )
    with op.batch_alter_table('slack_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_slack_claims_work_id'), ['work_id'], unique=False)
    if claims:
        op.bulk_insert(sa.table('slack_claims', sa.column('key', sa.String), sa.column('work_id', sa.String),
                                sa.column('created_at', sa.DateTime(timezone=True))), claims)


def downgrade() -> None:
    """Back to the separate ledger, empty: turns in flight are not carried back (they are dropped from jobs)."""
    with op.batch_alter_table('slack_claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_slack_claims_work_id'))
    op.drop_table('slack_claims')
    op.execute(sa.delete(jobs).where(jobs.c.backend == 'slack'))
    op.create_table('slack_work',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('enterprise_id', sa.String(length=32), nullable=True),
    sa.Column('channel_id', sa.String(length=32), nullable=True),
    sa.Column('thread_ts', sa.String(length=32), nullable=True),
    sa.Column('user_id', sa.String(length=32), nullable=True),
    sa.Column('payload', JSON, nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('available_at', sa.Float(), nullable=False),
    sa.Column('lease_owner', sa.String(length=128), nullable=True),
    sa.Column('lease_until', sa.Float(), nullable=True),
    sa.Column('placeholder_ts', sa.String(length=32), nullable=True),
    sa.Column('result', JSON, nullable=True),
    sa.Column('checkpoints', JSON, nullable=False),
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
    sa.ForeignKeyConstraint(['work_id'], ['slack_work.id'], name=op.f('fk_slack_claims_work_id_slack_work'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slack_claims')),
    sa.UniqueConstraint('key', name=op.f('uq_slack_claims_key'))
    )
    with op.batch_alter_table('slack_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_slack_claims_work_id'), ['work_id'], unique=False)
