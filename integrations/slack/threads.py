"""Slack thread ↔ agent thread: one agent memory per Slack thread (or per DM's top level)."""

from __future__ import annotations

from sqlalchemy import select

from integrations.slack.ledger import insert_ignore
from tools.core.db import Database
from tools.core.db.models.slack import SlackThread


def agent_thread_id(team_id: str, channel_id: str, thread_ts: str | None) -> str:
    """Deterministic, so a restart (or another process) maps the same Slack thread to the same agent thread."""
    return f"slack:{team_id}:{channel_id}:{thread_ts or 'top'}"


class ThreadMap:
    def __init__(self, database: Database) -> None:
        self.database = database

    def ensure(self, team_id: str, channel_id: str, thread_ts: str | None, workspace: str) -> str:
        thread_id = agent_thread_id(team_id, channel_id, thread_ts)
        with self.database.session() as session:
            insert_ignore(session, SlackThread.__table__, {
                "team_id": team_id, "channel_id": channel_id, "thread_ts": thread_ts or "", "workspace": workspace,
                "agent_thread_id": thread_id,
            }, ["agent_thread_id"])
        return thread_id

    def known(self, team_id: str, channel_id: str, thread_ts: str | None) -> bool:
        """Whether the bot already works in this thread (files dropped there are meant for it)."""
        with self.database.session() as session:
            return session.scalar(select(SlackThread.id).where(
                SlackThread.team_id == team_id, SlackThread.channel_id == channel_id,
                SlackThread.thread_ts == (thread_ts or ""),
            )) is not None
