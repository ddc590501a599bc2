"""Slack app state: secondary exactly-once keys, thread and approval maps, teams, OAuth installs.

The turns themselves (one per event, command or click, claimed before the ack) are rows of the durable work table
(`jobs`, kind `slack.<kind>`; see `integrations/slack/ledger.py`), so one claim/lease/heartbeat mechanism serves
Slack turns and queue jobs alike.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tools.core.db.base import Base, JSONType, utcnow


class SlackClaim(Base):
    """A secondary exactly-once key owned by a Slack turn (e.g. `file:T1:F1` so a file is processed once)."""

    __tablename__ = "slack_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    work_id: Mapped[str] = mapped_column(String(32), ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SlackThread(Base):
    """A Slack conversation thread and the agent thread it maps to (one agent memory per Slack thread)."""

    __tablename__ = "slack_threads"
    __table_args__ = (UniqueConstraint("team_id", "channel_id", "thread_ts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    thread_ts: Mapped[str] = mapped_column(String(32))  # "" = the top level of a DM
    workspace: Mapped[str] = mapped_column(String(200))
    agent_thread_id: Mapped[str] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SlackApproval(Base):
    """An approval the agent asked for, the message carrying its buttons, and the first decision taken on it."""

    __tablename__ = "slack_approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    approval_id: Mapped[str] = mapped_column(String(200), unique=True)
    agent_thread_id: Mapped[str] = mapped_column(String(255))
    team_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    thread_ts: Mapped[str] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict] = mapped_column(JSONType, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | approved | rejected
    decided_by: Mapped[str | None] = mapped_column(String(32))
    count: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column()


class SlackTeam(Base):
    """Which Hookline workspace a Slack team (or Enterprise Grid org) works in; data never crosses workspaces."""

    __tablename__ = "slack_teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), unique=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    team_name: Mapped[str | None] = mapped_column(String(200))
    workspace: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SlackInstallation(Base):
    """One OAuth installation (bot token and metadata as slack_sdk's `Installation.to_dict()`)."""

    __tablename__ = "slack_installations"
    __table_args__ = (Index("ix_slack_installations_lookup", "client_id", "enterprise_id", "team_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    team_id: Mapped[str | None] = mapped_column(String(32))
    user_id: Mapped[str | None] = mapped_column(String(32))
    is_enterprise_install: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict] = mapped_column(JSONType, default=dict)
    installed_at: Mapped[float] = mapped_column(Float)


class SlackOAuthState(Base):
    """A one-time OAuth `state` value (CSRF protection for the install flow), valid until `expires_at` (epoch s)."""

    __tablename__ = "slack_oauth_states"

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(200), unique=True)
    expires_at: Mapped[float] = mapped_column(Float)
