"""Durable job records: the source of truth for the job queue (both the in-process and the Celery backend).

Why a table and not only the broker: a message can be delivered twice (a worker died before acking) or never (a
process died before publishing). The row decides: a worker runs a job only after claiming it with a conditional
UPDATE, and commits the result together with `succeeded`, so each job completes exactly once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tools.core.db.base import Base, JSONType, utcnow


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (
        # one job per intent and workspace: a second submit with the same key returns the first job
        UniqueConstraint("workspace", "idempotency_key"),
        Index("ix_jobs_backend_status", "backend", "status"),  # the reaper's scan
        Index("ix_jobs_workspace_created_at", "workspace", "created_at"),  # `hookline jobs list`
        Index("ix_jobs_worker", "worker"),  # heartbeats of one worker's jobs
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(100))
    handler: Mapped[str] = mapped_column(String(300))  # importable `module:function`
    workspace: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str] = mapped_column(String(200))
    payload_hash: Mapped[str] = mapped_column(String(64))
    backend: Mapped[str] = mapped_column(String(20))  # inprocess | celery
    gpu: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="queued")  # queued|running|succeeded|failed|cancelled
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # claims so far; the current attempt's lease token
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    payload: Mapped[dict] = mapped_column(JSONType, default=dict)
    result: Mapped[dict | None] = mapped_column(JSONType)
    error: Mapped[str | None] = mapped_column(Text)
    progress: Mapped[dict | None] = mapped_column(JSONType)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    worker: Mapped[str | None] = mapped_column(String(200))  # the lease holder
    heartbeat_at: Mapped[datetime | None] = mapped_column()
    published_at: Mapped[datetime | None] = mapped_column()  # handed to the broker (Celery backend)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
