"""Moving files between Slack and Hookline: private downloads with the bot token, chunked `files_upload_v2`.

The bot token is only ever sent to Slack's own hosts (and the configured `SLACK_API_URL` host): a `url_private`
pointing anywhere else is refused rather than handed our credentials.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlparse

import httpx
from slack_sdk import WebClient

from tools.core.errors import InputError
from tools.core.fetch import FetchHTTPError, FetchPolicy, FetchTooLarge, download

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
    """Download a `url_private(_download)` file to `destination` through the guarded fetcher (atomically).

    Every hop, redirects included, must be a Slack file host (or the `SLACK_API_URL` host, which may be private:
    a test double or an on-premises proxy); anything else is refused before the token is sent.
    """
    name = destination.name
    if not token_allowed_for(url, api_url):
        raise InputError(f"Refusing to download {name}: its URL is not on a Slack host.", file=name)
    api_host = (urlparse(api_url).hostname or "").lower()

    def only_slack(hop: httpx.URL) -> str | None:
        return None if token_allowed_for(str(hop), api_url) else f"it redirected to {hop.host}, not a Slack host"

    policy = FetchPolicy(max_bytes=max_bytes, deadline_s=timeout, allow_hosts=frozenset({api_host}),
                         host_check=only_slack, size_unit="MB", size_setting="HOOKLINE_SLACK_MAX_DOWNLOAD_MB")
    try:
        fetched = download(url, destination, policy, headers={"Authorization": f"Bearer {token}"})
    except FetchHTTPError as exc:
        raise InputError(f"Slack refused the download of {name} (HTTP {exc.status}); "
                         "the app needs the files:read scope and access to the channel.", file=name) from None
    except FetchTooLarge as exc:
        raise InputError(f"{name} is larger than the {exc.limit} the bot downloads "
                         "(HOOKLINE_SLACK_MAX_DOWNLOAD_MB).", file=name) from None
    except InputError as exc:
        raise InputError(f"Could not download {name} from Slack: {exc}", file=name) from None
    if fetched.content_type.startswith("text/html") and not expected_html:
        destination.unlink(missing_ok=True)
        raise InputError(f"Slack sent a sign-in page instead of {name}: the bot token lacks files:read "
                         "or cannot see this file.", file=name)
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
