"""Collection names: one Chroma collection per (area, workspace).

Why per workspace: isolation is then structural — a query, an MMR candidate fetch or a get-by-id can only ever see
the collection it was sent to, so no filter can be forgotten. Workspace names allow characters and lengths Chroma
rejects (names must be 3-512 of [A-Za-z0-9._-], start and end alphanumeric, no '..'), and SQL treats 'Acme' and 'acme'
as different workspaces, so the name carries a readable slug plus a hash of the exact workspace name.
"""

from __future__ import annotations

import hashlib
import re


def collection_name(area: str, workspace: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", workspace.lower()).strip("-")[:40] or "ws"
    digest = hashlib.sha256(workspace.encode("utf-8")).hexdigest()[:10]
    return f"{area}-{slug}-{digest}"


def brand_collection_name(workspace: str) -> str:
    return collection_name("brand", workspace)
