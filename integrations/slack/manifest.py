"""The Slack app manifest (`slack/manifest.yml`, Socket Mode) and its HTTP variant for a public URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tools.core.errors import InputError

MANIFEST_PATH = Path(__file__).resolve().parents[2] / "slack" / "manifest.yml"


def load_manifest(path: Path = MANIFEST_PATH) -> dict[str, Any]:
    if not path.is_file():
        raise InputError(f"Slack manifest not found at {path}.", file=str(path))
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def render_manifest(*, url: str | None = None, path: Path = MANIFEST_PATH) -> dict[str, Any]:
    """The manifest as shipped (Socket Mode), or with `url`: HTTP mode with the three request URLs and the OAuth
    redirect under that public base URL."""
    manifest = load_manifest(path)
    if not url:
        return manifest
    if not url.startswith("https://"):
        raise InputError(f"--url {url!r} must start with https:// (Slack only calls public HTTPS URLs).",
                         field="url")
    base = url.rstrip("/")
    settings = manifest["settings"]
    settings["socket_mode_enabled"] = False
    settings["event_subscriptions"]["request_url"] = f"{base}/slack/events"
    settings["interactivity"]["request_url"] = f"{base}/slack/interactions"
    for command in manifest["features"].get("slash_commands", []):
        command["url"] = f"{base}/slack/commands"
    manifest["oauth_config"]["redirect_urls"] = [f"{base}/slack/oauth_redirect"]
    return manifest
