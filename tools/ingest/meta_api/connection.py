"""`hookline connect meta`: check a token with one cheap call, then store it encrypted for the workspace.

The token is never returned, printed or logged: `MetaConnectionInfo` has no field for it, errors name the
account and what to fix, and the stored value is a Fernet ciphertext (tools/core/secrets.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from tools.core.db.models import MetaConnection
from tools.core.domain.ingest import MetaConnectionInfo
from tools.core.errors import InputError
from tools.core.runtime import WorkspaceRuntime
from tools.core.secrets import decrypt, encrypt
from tools.ingest.meta_api.client import GraphClient, Pacing
from tools.ingest.meta_api.reports import account_info

_ACCOUNT = re.compile(r"^(?:act_)?(\d{1,30})$")


@dataclass
class StoredConnection:
    """A workspace's connection with the decrypted token (kept in memory for one sync only)."""

    account: str
    name: str | None
    currency: str | None
    timezone: str | None
    token: str
    last_synced_at: datetime | None
    last_sync_end: date | None

    def __repr__(self) -> str:  # never show the token, even in a traceback's locals
        return f"StoredConnection(account={self.account!r}, name={self.name!r})"


def normalise_account(account: str) -> str:
    match = _ACCOUNT.match((account or "").strip())
    if not match:
        raise InputError(f"--account {account!r} is not a Meta ad account id; expected act_ followed by digits "
                         "(Ads Manager → Account overview, e.g. act_1234567890).", field="account")
    return f"act_{match.group(1)}"


def connect_meta(runtime: WorkspaceRuntime, account: str, token: str, *, pacing: Pacing | None = None,
                 ) -> MetaConnectionInfo:
    """Check `token` against `account` (name, currency, time zone), then store both for this workspace."""
    account = normalise_account(account)
    token = (token or "").strip()
    if not token:
        raise InputError("no access token given: pass --token or --token-env VAR naming an environment variable "
                         "that holds a token with the ads_read permission.", field="token")
    with GraphClient(runtime.settings.meta_api_url, token, pacing=pacing, account=account) as client:
        info = account_info(client, account)
    currency = str(info.get("currency") or "").upper() or None
    timezone = info.get("timezone_name") or None
    ciphertext = encrypt(runtime.settings, token)
    with runtime.session() as session:
        row = session.scalar(select(MetaConnection).where(MetaConnection.workspace_id == runtime.workspace_id))
        if row is None:
            row = MetaConnection(workspace_id=runtime.workspace_id, account=account, token_ciphertext=ciphertext,
                                 last_sync={})
            session.add(row)
        elif row.account != account:  # another account: its sync history does not carry over
            row.last_synced_at = row.last_sync_start = row.last_sync_end = row.last_sync_rows = None
            row.last_sync = {}
        row.account, row.name, row.currency, row.timezone = account, info.get("name"), currency, timezone
        row.token_ciphertext = ciphertext
        session.flush()
        return MetaConnectionInfo(account=account, name=row.name, currency=currency, timezone=timezone,
                                  last_synced_at=row.last_synced_at)


def load_connection(runtime: WorkspaceRuntime) -> StoredConnection:
    row = connection_info(runtime, required=True)
    assert row is not None
    with runtime.session() as session:
        stored = session.scalar(select(MetaConnection).where(MetaConnection.workspace_id == runtime.workspace_id))
        assert stored is not None
        token = decrypt(runtime.settings, stored.token_ciphertext)
        return StoredConnection(account=stored.account, name=stored.name, currency=stored.currency,
                                timezone=stored.timezone, token=token, last_synced_at=stored.last_synced_at,
                                last_sync_end=stored.last_sync_end)


def connection_info(runtime: WorkspaceRuntime, *, required: bool = False) -> MetaConnectionInfo | None:
    """The workspace's connection without its token; None (or an InputError when `required`) if there is none."""
    with runtime.session() as session:
        row = session.scalar(select(MetaConnection).where(MetaConnection.workspace_id == runtime.workspace_id))
        if row is None:
            if required:
                raise InputError(f"Workspace {runtime.workspace!r} is not connected to a Meta ad account: run "
                                 "`hookline connect meta --account act_ID --token-env VAR` first.", field="account")
            return None
        return MetaConnectionInfo(account=row.account, name=row.name, currency=row.currency, timezone=row.timezone,
                                  last_synced_at=row.last_synced_at)
