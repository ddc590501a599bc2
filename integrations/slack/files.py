"""Moving files between Slack and Hookline: private downloads with the bot token, chunked `files_upload_v2`.

The bot token is only ever sent to Slack's own hosts (and the configured `SLACK_API_URL` host): a `url_private`
pointing anywhere else is refused rather than handed our credentials.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlparse

import httpx
from slack_sdk import WebClient

from tools.core.errors import InputError

SLACK_FILE_HOST_SUFFIXES = (".slack.com", ".slack-edge.com", ".slack-files.com")


def safe_filename(name: str, fallback: str = "file") -> str:
    """A local file name that cannot escape its folder."""
    cleaned = re.sub(r"[^A-Za-z0-9._ -]+", "_", Path(name or "").name).strip(" .")
    return cleaned[:180] or fallback


def token_allowed_for(url: str, api_url: str) -> bool:
    """True when `url` is served by Slack (or the configured API host), so it may receive the bot token."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    api = urlparse(api_url)
    if host and parsed.netloc.lower() == api.netloc.lower() and parsed.scheme == api.scheme:
        return True
    return parsed.scheme == "https" and (host == "slack.com" or host.endswith(SLACK_FILE_HOST_SUFFIXES))


def download_private_file(url: str, token: str, destination: Path, *, api_url: str, max_bytes: int,
                          timeout: float = 60.0, expected_html: bool = False) -> Path:
    """Stream a `url_private(_download)` file to `destination` (atomically); errors name the file and the cause."""
    name = destination.name
    if not token_allowed_for(url, api_url):
        raise InputError(f"Refusing to download {name}: its URL is not on a Slack host.", file=name)
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".part-", dir=destination.parent)
    size = 0
    try:
        with os.fdopen(handle, "wb") as out, httpx.Client(timeout=timeout, follow_redirects=True) as http, \
                http.stream("GET", url, headers={"Authorization": f"Bearer {token}"}) as response:
            if response.status_code != 200:
                raise InputError(f"Slack refused the download of {name} (HTTP {response.status_code}); "
                                 "the app needs the files:read scope and access to the channel.", file=name)
            content_type = response.headers.get("content-type", "")
            if content_type.startswith("text/html") and not expected_html:
                raise InputError(f"Slack sent a sign-in page instead of {name}: the bot token lacks files:read "
                                 "or cannot see this file.", file=name)
            for chunk in response.iter_bytes(1 << 16):
                size += len(chunk)
                if size > max_bytes:
                    raise InputError(f"{name} is larger than the {max_bytes // (1 << 20)} MB the bot downloads "
                                     "(HOOKLINE_SLACK_MAX_DOWNLOAD_MB).", file=name)
                out.write(chunk)
        os.replace(temp_name, destination)
    except httpx.HTTPError as exc:
        raise InputError(f"Could not download {name} from Slack: {exc.__class__.__name__}.", file=name) from None
    finally:
        if os.path.exists(temp_name):
            os.unlink(temp_name)
    return destination


def upload_files(client: WebClient, *, channel: str, thread_ts: str | None, paths: Sequence[Path],
                 batch: int = 10, initial_comment: str | None = None,
                 on_batch: Callable[[list[Path]], None] | None = None) -> list[str]:
    """Upload files into the thread, `batch` per `files_upload_v2` call; `on_batch` checkpoints each batch.

    Returns the Slack file ids. Missing files are skipped (the caller lists them to the user).
    """
    existing = [p for p in paths if p.is_file()]
    uploaded: list[str] = []
    for index in range(0, len(existing), batch):
        group = existing[index:index + batch]
        response = client.files_upload_v2(
            channel=channel,
            thread_ts=thread_ts,
            initial_comment=initial_comment if index == 0 else None,
            file_uploads=[{"file": str(p), "filename": p.name, "title": p.name} for p in group],
        )
        for item in response.get("files") or []:
            if isinstance(item, dict) and item.get("id"):
                uploaded.append(str(item["id"]))
        if on_batch is not None:
            on_batch(group)
    return uploaded
