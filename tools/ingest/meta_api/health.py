"""`hookline doctor`'s Meta row: is the workspace connected, and does Meta still accept its token.

Extends `tools.core.health.check_meta` (which answers "off" while nothing is connected) with one cheap call to the
Graph API; an expired token or a lost `ads_read` fails the check with the command that fixes it.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, select
from sqlalchemy.exc import SQLAlchemyError

from tools.core.db.engine import make_engine
from tools.core.db.models import MetaConnection, Workspace
from tools.core.errors import HooklineError, InputError
from tools.core.health import Check
from tools.core.health import check_meta as check_not_connected
from tools.core.secrets import decrypt
from tools.core.settings import Settings
from tools.ingest.meta_api.client import GraphClient, Pacing
from tools.ingest.meta_api.reports import account_info


def _stored(settings: Settings) -> tuple | None:
    """The workspace's connection row, read without creating or migrating anything (the doctor changes nothing)."""
    url = settings.resolved_database_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return None
    if not url.startswith("sqlite"):
        url += ("&" if "?" in url else "?") + "connect_timeout=5"
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table(MetaConnection.__tablename__):
                return None
            row = connection.execute(
                select(MetaConnection.account, MetaConnection.token_ciphertext, MetaConnection.last_synced_at)
                .join(Workspace, Workspace.id == MetaConnection.workspace_id)
                .where(Workspace.name == settings.workspace)
            ).first()
    finally:
        engine.dispose()
    return tuple(row) if row is not None else None


def check_meta(settings: Settings, *, timeout: float = 10.0) -> Check:
    try:
        row = _stored(settings)
    except SQLAlchemyError:  # the database row says what is wrong with the database
        return Check(name="meta", status="warn", required=False, detail="the connection could not be read (see the "
                     "database check)", fix="Fix the database first.")
    if row is None:
        return check_not_connected(settings)
    account, ciphertext, last_synced = row
    fix = f"Reconnect: `hookline connect meta --account {account} --token-env VAR` (a token with ads_read)."
    try:
        token = decrypt(settings, ciphertext)
        with GraphClient(settings.meta_api_url, token, account=account, timeout_s=timeout,
                         pacing=Pacing(max_attempts=1)) as client:
            info = account_info(client, account)
    except InputError as exc:
        return Check(name="meta", status="fail", detail=f"{account}: {exc}", fix=fix)
    except HooklineError as exc:
        return Check(name="meta", status="fail", detail=f"{account}: {exc}", fix=fix)
    except Exception as exc:  # an unreachable API is a caveat, not a broken setup
        return Check(name="meta", status="warn", detail=f"{account}: Meta's API did not answer ({exc})",
                     fix="Check the network or HOOKLINE_META_API_URL; `hookline sync` retries with backoff.")
    synced = f"last synced {last_synced:%Y-%m-%d %H:%M} UTC" if last_synced else "never synced"
    return Check(name="meta", status="ok", detail=f"connected to {info.get('name') or account} ({account}), {synced}",
                 fix=None if last_synced else "Run `hookline sync`.")
