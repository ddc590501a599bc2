"""The workspace vocabulary's file cache (stdlib only): lets `hookline chat --plan` match scopes without importing or
opening the database. Written by every full agent turn (`workspace_vocabulary`), read by the planning path."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def cache_path(settings: Any, workspace: str) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in workspace)
    return Path(settings.home) / "cache" / f"vocabulary-{safe}.json"


def read_cached(settings: Any, workspace: str) -> dict[str, list[str]]:
    """The last vocabulary written for this workspace; empty when none was (or the file is unreadable)."""
    try:
        data = json.loads(cache_path(settings, workspace).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): [str(v) for v in values] for k, values in data.items() if isinstance(values, list)}


def write_cached(settings: Any, workspace: str, vocabulary: dict[str, list[str]]) -> None:
    """Replace the cache atomically (a reader never sees half a file)."""
    path = cache_path(settings, workspace)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(vocabulary, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a read-only home only costs --plan its scope matching
