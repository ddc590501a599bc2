"""Chroma client factory: embedded `PersistentClient` under `<home>/chroma` by default, `HttpClient` when a server
URL is given (several processes — Slack app, workers — then share one store safely).

One client per location per process: Chroma itself shares embedded systems per path, and reusing the HTTP client
keeps its connection pool warm.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from vectorstore.errors import VectorStoreConfigError, VectorStoreUnavailable

_clients: dict[str, Any] = {}
_lock = threading.Lock()


def parse_chroma_url(url: str) -> tuple[str, int, bool]:
    """(host, port, ssl) of a Chroma server URL; a bare `HOST:PORT` means http. Checked before any client exists."""
    parsed = urlparse(url if "://" in url else f"http://{url}")
    try:
        port = parsed.port
    except ValueError:  # a non-numeric or out-of-range port
        port = -1
    if parsed.scheme not in ("http", "https") or not parsed.hostname or port == -1:
        raise VectorStoreConfigError("chroma_url", url, "is not a Chroma server URL: expected http(s)://HOST:PORT.")
    ssl = parsed.scheme == "https"
    return parsed.hostname, port or (443 if ssl else 8000), ssl


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

    host, port, ssl = parse_chroma_url(url)
    try:
        return chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=_chroma_settings())
    except Exception as exc:  # the client pings the server on creation
        raise VectorStoreUnavailable(url, exc) from exc


def forget_clients() -> None:
    """Drop cached clients (tests that start and stop servers)."""
    with _lock:
        _clients.clear()
