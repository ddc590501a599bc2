"""OAuth installations and install-flow state in Hookline's database (multi-workspace distribution).

Why our own store: slack_sdk's SQLAlchemy stores create their tables outside Alembic; ours uses the migrated
`slack_installations` / `slack_oauth_states` tables and maps each newly installed team to a workspace of its own.
Bot tokens are stored as Slack returns them; protect the database like any credential store.
"""

from __future__ import annotations

import logging
import secrets
import time
from typing import Any

from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore
from sqlalchemy import delete, select

from tools.core.db import Database
from tools.core.db.models.slack import SlackInstallation, SlackOAuthState

logger = logging.getLogger(__name__)


def _lookup(query: Any, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None) -> Any:
    if is_enterprise_install or (enterprise_id and not team_id):
        return query.where(SlackInstallation.enterprise_id == enterprise_id, SlackInstallation.is_enterprise_install)
    query = query.where(SlackInstallation.team_id == team_id)
    if enterprise_id:
        query = query.where(SlackInstallation.enterprise_id == enterprise_id)
    return query


class SqlInstallationStore(InstallationStore):
    """slack_sdk `InstallationStore` on the `slack_installations` table; the newest row per team wins."""

    def __init__(self, database: Database, client_id: str, on_install: Any = None) -> None:
        self.database = database
        self.client_id = client_id
        self.on_install = on_install  # callback(installation) to map the team to a workspace
        self._logger = logger

    @property
    def logger(self) -> logging.Logger:
        return self._logger

    def save(self, installation: Installation) -> None:
        with self.database.session() as session:
            session.add(SlackInstallation(
                client_id=self.client_id, enterprise_id=installation.enterprise_id, team_id=installation.team_id,
                user_id=installation.user_id, is_enterprise_install=bool(installation.is_enterprise_install),
                data=dict(installation.__dict__), installed_at=float(installation.installed_at or time.time()),
            ))
        if self.on_install is not None:
            self.on_install(installation)

    def save_bot(self, bot: Bot) -> None:  # bots are saved as part of their installation
        return None

    def find_installation(self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None,
                          is_enterprise_install: bool | None = False) -> Installation | None:
        query = select(SlackInstallation).where(SlackInstallation.client_id == self.client_id)
        query = _lookup(query, enterprise_id, team_id, is_enterprise_install)
        if user_id is not None:
            query = query.where(SlackInstallation.user_id == user_id)
        with self.database.session() as session:
            row = session.scalars(query.order_by(SlackInstallation.installed_at.desc(),
                                                 SlackInstallation.id.desc()).limit(1)).first()
            return Installation(**row.data) if row is not None else None

    def find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                 is_enterprise_install: bool | None = False) -> Bot | None:
        installation = self.find_installation(enterprise_id=enterprise_id, team_id=team_id,
                                              is_enterprise_install=is_enterprise_install)
        if installation is None or not installation.bot_token:
            return None
        return installation.to_bot()

    def delete_installation(self, *, enterprise_id: str | None, team_id: str | None,
                            user_id: str | None = None) -> None:
        query = delete(SlackInstallation).where(SlackInstallation.client_id == self.client_id)
        query = _lookup(query, enterprise_id, team_id, None)
        if user_id is not None:
            query = query.where(SlackInstallation.user_id == user_id)
        with self.database.session() as session:
            session.execute(query.execution_options(synchronize_session=False))

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.delete_installation(enterprise_id=enterprise_id, team_id=team_id)


class SqlOAuthStateStore(OAuthStateStore):
    """One-time `state` values for the OAuth redirect, valid for `expiration_seconds`."""

    def __init__(self, database: Database, expiration_seconds: int = 600) -> None:
        self.database = database
        self.expiration_seconds = expiration_seconds
        self._logger = logger

    @property
    def logger(self) -> logging.Logger:
        return self._logger

    def issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(24)
        with self.database.session() as session:
            session.add(SlackOAuthState(state=state, expires_at=time.time() + self.expiration_seconds))
        return state

    def consume(self, state: str) -> bool:
        with self.database.session() as session:
            row = session.scalars(select(SlackOAuthState).where(SlackOAuthState.state == state)).first()
            if row is None:
                return False
            valid = row.expires_at >= time.time()
            session.delete(row)
            return valid
