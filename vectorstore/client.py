"""Chroma client factory: embedded `PersistentClient` under `$HOOKLINE_HOME/chroma` by default, `HttpClient` when
`HOOKLINE_CHROMA_URL` is set (several processes — Slack app, workers — then share one store safely).

One client per location per process: Chroma itself shares embedded systems per path, and reusing the HTTP client
keeps its connection pool warm.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from tools.core.errors import InputError

_clients: dict[str, Any] = {}
_lock = threading.Lock()


def embedded_path(home: Path) -> Path:
    return (home / "chroma").resolve()


def client_key(chroma_url: str | None, home: Path) -> str:
    return f"http:{chroma_url}" if chroma_url else f"path:{embedded_path(home)}"


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False)


def make_client(chroma_url: str | None, home: Path) -> Any:
    """Build (or reuse) the Chroma client for this location."""
    key = client_key(chroma_url, home)
    client = _clients.get(key)
    if client is not None:
        return client
    with _lock:
        client = _clients.get(key)
        if client is None:
            client = _http_client(chroma_url) if chroma_url else _embedded_client(home)
            _clients[key] = client
    return client


def _embedded_client(home: Path) -> Any:
    import chromadb

    path = embedded_path(home)
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())


def _http_client(url: str) -> Any:
    import chromadb

    parsed = urlparse(url if "://" in url else f"http://{url}")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise InputError(
            f"HOOKLINE_CHROMA_URL {url!r} is not a Chroma server URL: expected http(s)://HOST:PORT.",
            field="chroma_url",
        )
    ssl = parsed.scheme == "https"
    port = parsed.port or (443 if ssl else 8000)
    try:
        return chromadb.HttpClient(host=parsed.hostname, port=port, ssl=ssl, settings=_chroma_settings())
    except Exception as exc:  # the client pings the server on creation
        from tools.core.errors import NotConfiguredError

        raise NotConfiguredError(
            f"Chroma server at {url} did not answer ({exc.__class__.__name__}: {exc}). Start it with "
            "`chroma run --path DIR --host HOST --port PORT`, or unset HOOKLINE_CHROMA_URL to use the embedded store."
        ) from exc


def forget_clients() -> None:
    """Drop cached clients (tests that start and stop servers)."""
    with _lock:
        _clients.clear()
