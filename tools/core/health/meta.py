"""The Meta Marketing API connection (`hookline connect meta`): is there one, and is its token still valid."""

from __future__ import annotations

from tools.core.health.model import Check
from tools.core.settings import Settings


def check_meta(settings: Settings) -> Check:
    """Not connected until the Meta sync stores a connection.

    The sync extends this one function: read the workspace's stored connection, call the Graph API
    (`HOOKLINE_META_API_URL`) with its token, and answer `fail` with "reconnect: hookline connect meta …" when the
    token expired or lost `ads_read`."""
    del settings  # the connection store arrives with the Meta sync
    return Check(name="meta", status="off", required=False,
                 detail="not connected: this installation reads ad data from exported files",
                 fix="Import an Ads Manager export with `hookline ingest FILE` (CSV or XLSX).")
