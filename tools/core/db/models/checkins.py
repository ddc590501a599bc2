"""Scheduled check-ins: the schedules and the posting ledger.

Why two tables: a schedule says *when* to run; the ledger says *what was posted*. A row in `checkin_runs` is claimed
(unique per workspace × job × channel × period) before anything is sent to Slack, so two schedulers, a crash or a
manual `hookline checkin run` can never post the same check-in twice; its state (claimed → sending → sent → posted)
tells a later attempt how far an interrupted one got.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tools.core.db.base import Base, JSONType, utcnow


class CheckinSchedule(Base):
    __tablename__ = "checkin_schedules"
    __table_args__ = (
        Index("ix_checkin_schedules_active_next_run_at", "active", "next_run_at"),  # the scheduler's due scan
        Index("ix_checkin_schedules_workspace_id", "workspace_id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    job: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(200))
    cron: Mapped[str] = mapped_column(String(200))
    every: Mapped[str | None] = mapped_column(String(200))
    tz: Mapped[str] = mapped_column(String(64))
    all_quiet: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    next_run_at: Mapped[datetime | None] = mapped_column()  # UTC; the next scheduled time not yet handled
    last_fire_at: Mapped[datetime | None] = mapped_column()  # the scheduled time of the latest fire taken
    # a fire taken by a scheduler but not finished yet (crash, Slack down): retried by any scheduler after
    # `pending_until`; `version` guards every change (compare-and-set), so one scheduler owns each fire
    pending_fire_at: Mapped[datetime | None] = mapped_column()
    pending_note: Mapped[str | None] = mapped_column(Text)
    pending_owner: Mapped[str | None] = mapped_column(String(200))
    pending_until: Mapped[datetime | None] = mapped_column()
    pending_attempts: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=0)
    last_outcome: Mapped[dict | None] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column()


class CheckinRun(Base):
    __tablename__ = "checkin_runs"
    __table_args__ = (
        # the exactly-once arbiter: one normal post per workspace × job × channel × period (forced re-posts: seq > 0)
        UniqueConstraint("workspace_id", "job", "channel", "period_key", "seq"),
        Index("ix_checkin_runs_state_lease_until", "state", "lease_until"),  # the recovery scan
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    job: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(64))  # the Slack channel id the message goes to
    period_key: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    channel_label: Mapped[str] = mapped_column(String(200))  # as asked (#growth)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    reference_day: Mapped[date] = mapped_column(Date)
    schedule_id: Mapped[str | None] = mapped_column(String(32))
    fire_at: Mapped[datetime | None] = mapped_column()
    trigger: Mapped[str] = mapped_column(String(20), default="manual")  # schedule | manual
    all_quiet: Mapped[bool] = mapped_column(Boolean, default=False)
    # claimed (nothing sent) → sending (chat.postMessage may have happened) → sent (ts known, files pending) → posted;
    # quiet (nothing to say) and failed may be claimed again by a later run of the same period
    state: Mapped[str] = mapped_column(String(20), default="claimed")
    owner: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None] = mapped_column()
    version: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    marker: Mapped[str] = mapped_column(String(64))  # carried in the message metadata, found again after a crash
    message_ts: Mapped[str | None] = mapped_column(String(32))
    files: Mapped[list] = mapped_column(JSONType, default=list)  # [{"name", "id"}] uploaded into the thread
    payload: Mapped[dict | None] = mapped_column(JSONType)  # the message as sent (text, blocks, files)
    items: Mapped[list] = mapped_column(JSONType, default=list)  # what was reported (fatigue episodes, ...)
    note: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    posted_at: Mapped[datetime | None] = mapped_column()
