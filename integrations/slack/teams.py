"""Slack team → Hookline workspace, and the bot credentials to act in that team.

Single-workspace install (bot token in settings): every team is served by the configured workspace
(`--workspace` / `HOOKLINE_WORKSPACE`). Multi-workspace (OAuth): each team gets a workspace of its own, named
`slack-<team id>` unless an operator mapped it to another one; data never crosses workspaces.
"""

from __future__ import annotations

import re
import threading

from slack_sdk import WebClient
from sqlalchemy import select

from integrations.slack.client import make_web_client
from integrations.slack.installation_store import SqlInstallationStore
from integrations.slack.ledger import insert_ignore
from tools.core.db import Database
from tools.core.db.models.slack import SlackTeam
from tools.core.errors import NotConfiguredError
from tools.core.runtime import validate_workspace_name
from tools.core.settings import Settings


def default_workspace_for_team(team_id: str) -> str:
    return "slack-" + re.sub(r"[^a-z0-9_.-]", "-", team_id.lower())


class TeamDirectory:
    """Resolves workspaces and bot clients per team; caches the answers (they change only on install)."""

    def __init__(self, settings: Settings, database: Database, *, installation_store: SqlInstallationStore | None,
                 max_retries: int = 3, timeout: float = 30.0) -> None:
        self.settings = settings
        self.database = database
        self.installation_store = installation_store
        self.max_retries = max_retries
        self.timeout = timeout
        self._workspaces: dict[str, str] = {}
        self._bot_user_ids: dict[str, str | None] = {}
        self._lock = threading.Lock()

    @property
    def multi_workspace(self) -> bool:
        return self.installation_store is not None

    def workspace_for(self, team_id: str, enterprise_id: str | None = None, team_name: str | None = None) -> str:
        if not self.multi_workspace:
            return self.settings.workspace
        with self._lock:
            cached = self._workspaces.get(team_id)
        if cached:
            return cached
        with self.database.session() as session:
            insert_ignore(session, SlackTeam.__table__, {
                "team_id": team_id, "enterprise_id": enterprise_id, "team_name": team_name,
                "workspace": default_workspace_for_team(team_id),
            }, ["team_id"])
            workspace = session.scalar(select(SlackTeam.workspace).where(SlackTeam.team_id == team_id))
        with self._lock:
            self._workspaces[team_id] = workspace
        return workspace

    def map_team(self, team_id: str, workspace: str) -> None:
        """Point a team at an existing workspace (operators moving a team onto shared data)."""
        validate_workspace_name(workspace)
        with self.database.session() as session:
            row = session.scalars(select(SlackTeam).where(SlackTeam.team_id == team_id)).first()
            if row is None:
                session.add(SlackTeam(team_id=team_id, workspace=workspace))
            else:
                row.workspace = workspace
        with self._lock:
            self._workspaces[team_id] = workspace

    def team_for_workspace(self, workspace: str) -> str | None:
        """The Slack team working in `workspace` (multi-workspace installs), for posts nobody asked for in Slack."""
        with self.database.session() as session:
            return session.scalar(select(SlackTeam.team_id).where(SlackTeam.workspace == workspace)
                                  .order_by(SlackTeam.id).limit(1))

    def bot_token(self, team_id: str, enterprise_id: str | None = None) -> tuple[str, str | None]:
        """(bot token, bot user id) for the team."""
        if not self.multi_workspace:
            if self.settings.slack_bot_token is None:
                raise NotConfiguredError("Slack is not configured: set SLACK_BOT_TOKEN (a bot token, xoxb-…).")
            return self.settings.slack_bot_token.get_secret_value(), self._bot_user_ids.get(team_id)
        assert self.installation_store is not None
        bot = self.installation_store.find_bot(enterprise_id=enterprise_id, team_id=team_id)
        if bot is None:
            raise NotConfiguredError(f"Hookline is not installed in Slack team {team_id}: open /slack/install.")
        return bot.bot_token, bot.bot_user_id

    def client_for(self, team_id: str, enterprise_id: str | None = None) -> WebClient:
        token, _ = self.bot_token(team_id, enterprise_id)
        return make_web_client(token, self.settings.slack_api_url, max_retries=self.max_retries,
                               timeout=self.timeout, team_id=team_id)

    def remember_bot_user(self, team_id: str, bot_user_id: str | None) -> None:
        if bot_user_id:
            with self._lock:
                self._bot_user_ids[team_id] = bot_user_id

    def bot_user_id(self, team_id: str, client: WebClient) -> str | None:
        """The bot's own user id (to strip `<@bot>` from requests and ignore our own messages)."""
        with self._lock:
            if team_id in self._bot_user_ids:
                return self._bot_user_ids[team_id]
        user_id = client.auth_test().get("user_id")
        self.remember_bot_user(team_id, user_id)
        return user_id
