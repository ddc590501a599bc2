"""The Slack app manifest (`slack/manifest.yml`) filled in for a host, or turned into its Socket Mode variant."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from integrations.errors import InputError

MANIFEST_PATH = Path(__file__).resolve().parents[2] / "slack" / "manifest.yml"
PLACEHOLDER = "https://YOUR_HOST"


def load_manifest(path: Path = MANIFEST_PATH) -> dict[str, Any]:
    if not path.is_file():
        raise InputError(f"Slack manifest not found at {path}.", file=str(path))
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def render_manifest(*, url: str | None = None, socket_mode: bool = False,
                    path: Path = MANIFEST_PATH) -> dict[str, Any]:
    """Replace the placeholder host with `url`, or drop request URLs and enable Socket Mode."""
    manifest = load_manifest(path)
    if url:
        if not url.startswith(("https://", "http://")):
            raise InputError(f"--url {url!r} must start with https:// (Slack only calls public HTTPS URLs).",
                             field="url")
        text = yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True).replace(PLACEHOLDER, url.rstrip("/"))
        manifest = yaml.safe_load(text)
    if socket_mode:
        manifest["settings"]["socket_mode_enabled"] = True
        manifest["settings"]["event_subscriptions"].pop("request_url", None)
        manifest["settings"]["interactivity"].pop("request_url", None)
        for command in manifest["features"].get("slash_commands", []):
            command.pop("url", None)
        manifest["oauth_config"].pop("redirect_urls", None)
    return manifest
