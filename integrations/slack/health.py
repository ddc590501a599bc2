"""Slack setup checks for `hookline doctor`: the bot token (auth.test), its granted scopes against the manifest's,
the signing secret (HTTP mode) and the app-level token (Socket Mode) — before the first silent thread.

The token's granted scopes come back in the `x-oauth-scopes` header of every Web API answer; the scopes the app
needs, and why, are the manifest's (`slack/manifest.yml`, one comment per scope).
"""

from __future__ import annotations

import re
from typing import Literal

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from integrations.slack.config import oauth_enabled
from integrations.slack.manifest import MANIFEST_PATH, load_manifest
from tools.core.health import Check
from tools.core.settings import Settings

Mode = Literal["auto", "socket", "http"]
SETUP = ("Create the app from `hookline slack manifest` (api.slack.com/apps → Create New App → From a manifest), "
         "install it, then set SLACK_BOT_TOKEN (and SLACK_APP_TOKEN for Socket Mode or SLACK_SIGNING_SECRET for HTTP).")
REINSTALL = ("add them under OAuth & Permissions → Bot Token Scopes (or recreate the app from `hookline slack "
             "manifest`), then reinstall the app to the workspace — Slack grants new scopes only on reinstall.")
_SCOPE_LINE = re.compile(r"^\s*-\s*([a-z_]+:[a-z_.]+)\s*(?:#\s*(.*))?$")
_SIGNING_SECRET = re.compile(r"^[0-9a-f]{32}$")


def required_scopes() -> dict[str, str]:
    """Bot scopes of the manifest → why the app needs each (its comment in the manifest)."""
    scopes = load_manifest()["oauth_config"]["scopes"]["bot"]
    reasons: dict[str, str] = {}
    for line in MANIFEST_PATH.read_text(encoding="utf-8").splitlines():
        match = _SCOPE_LINE.match(line)
        if match and match.group(1) in scopes:
            reasons[match.group(1)] = (match.group(2) or "").strip()
    return {scope: reasons.get(scope, "") for scope in scopes}


def check_slack(settings: Settings, *, mode: Mode = "auto", timeout: float = 10.0) -> list[Check]:
    """The Slack rows of the doctor; one `off` row when Slack is not set up at all."""
    socket = mode == "socket" or (mode == "auto" and settings.slack_app_token is not None)
    if settings.slack_bot_token is None and not oauth_enabled(settings):
        if mode != "auto":
            return [Check(name="slack", status="fail", detail="no SLACK_BOT_TOKEN (or OAuth client) set", fix=SETUP)]
        return [Check(name="slack", status="off", required=False, detail="not set up", fix=SETUP)]
    checks: list[Check] = []
    if settings.slack_bot_token is not None:
        checks += _bot_token(settings, timeout)
    else:
        checks.append(Check(name="slack", status="ok", detail=f"OAuth install (SLACK_CLIENT_ID "
                            f"{settings.slack_client_id}): each team's token is checked when it installs the app"))
    checks.append(_signing_secret(settings, socket))
    if socket:
        checks.append(_app_token(settings, timeout))
    return checks


def _client(settings: Settings, token: str, timeout: float) -> WebClient:
    return WebClient(token=token, base_url=settings.slack_api_url, timeout=int(max(1, timeout)))


def _bot_token(settings: Settings, timeout: float) -> list[Check]:
    assert settings.slack_bot_token is not None
    token = settings.slack_bot_token.get_secret_value()
    if token.startswith(("xapp-", "xoxp-")):
        kind = "an app-level token" if token.startswith("xapp-") else "a user token"
        return [Check(name="slack token", status="fail", detail=f"SLACK_BOT_TOKEN is {kind}, not a bot token",
                      fix="Use the Bot User OAuth Token (xoxb-…) from OAuth & Permissions.")]
    try:
        response = _client(settings, token, timeout).auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error") if exc.response is not None else "refused"
        return [Check(name="slack token", status="fail",
                      detail=f"Slack refused SLACK_BOT_TOKEN ({error}) at {settings.slack_api_url}",
                      fix="Copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions of your app into "
                          "SLACK_BOT_TOKEN; if the app was reinstalled or removed, install it again and copy the new "
                          "token.")]
    except Exception as exc:  # network: DNS, refused connection, TLS, timeout
        return [Check(name="slack token", status="fail",
                      detail=f"Slack's API at {settings.slack_api_url} did not answer ({type(exc).__name__}: {exc})",
                      fix="Check this machine's network access to Slack (or SLACK_API_URL).")]
    who = f"@{response.get('user')} in {response.get('team')} ({response.get('team_id')})"
    token_row = Check(name="slack token", status="ok", detail=f"bot {who}")
    return [token_row, _scopes(response.headers)]


def _scopes(headers: dict[str, object]) -> Check:
    granted_header = next((str(v) for k, v in headers.items() if k.lower() == "x-oauth-scopes"), None)
    needed = required_scopes()
    if granted_header is None:
        return Check(name="slack scopes", status="warn", detail="Slack did not report the token's scopes",
                     fix=f"Compare OAuth & Permissions with the manifest: {', '.join(needed)}.")
    granted = {s.strip() for s in granted_header.split(",") if s.strip()}
    missing = [s for s in needed if s not in granted]
    if missing:
        listed = "; ".join(f"{s} ({needed[s]})" if needed[s] else s for s in missing)
        return Check(name="slack scopes", status="fail", detail=f"missing {len(missing)} of {len(needed)}: {listed}",
                     fix=f"Add {', '.join(missing)}: {REINSTALL}")
    return Check(name="slack scopes", status="ok", detail=f"all {len(needed)} scopes of the manifest granted")


def _signing_secret(settings: Settings, socket: bool) -> Check:
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    where = "Basic Information → App Credentials → Signing Secret"
    if secret is None:
        if socket:
            return Check(name="slack signing secret", status="ok", required=False,
                         detail="not set: not needed in Socket Mode")
        return Check(name="slack signing secret", status="fail",
                     detail="HTTP mode needs SLACK_SIGNING_SECRET: without it every request from Slack is refused",
                     fix=f"Set SLACK_SIGNING_SECRET ({where}), or run in Socket Mode (`hookline slack --socket` with "
                         "SLACK_APP_TOKEN).")
    others = {"the client secret": settings.slack_client_secret, "the bot token": settings.slack_bot_token,
              "the app-level token": settings.slack_app_token}
    for name, value in others.items():
        if value is not None and value.get_secret_value() == secret:
            return Check(name="slack signing secret", status="fail", required=not socket,
                         detail=f"SLACK_SIGNING_SECRET is {name}", fix=f"Copy the Signing Secret ({where}).")
    if not _SIGNING_SECRET.match(secret):
        return Check(name="slack signing secret", status="warn", required=not socket,
                     detail="set, but it does not look like a Slack signing secret (32 hexadecimal characters)",
                     fix=f"Copy it again from {where}; with a wrong one Slack's requests get 401 "
                         "(shown in `hookline slack`'s log).")
    note = " — not used in Socket Mode" if socket else ""
    return Check(name="slack signing secret", status="ok", required=not socket,
                 detail=f"set (Slack's requests are verified with it){note}")


def _app_token(settings: Settings, timeout: float) -> Check:
    fix = ("Generate an app-level token with the connections:write scope (Basic Information → App-Level Tokens, "
           "xapp-…) into SLACK_APP_TOKEN, with Socket Mode enabled in the app; or run `hookline slack --http`.")
    if settings.slack_app_token is None:
        return Check(name="slack socket mode", status="fail", detail="Socket Mode needs SLACK_APP_TOKEN", fix=fix)
    token = settings.slack_app_token.get_secret_value()
    if not token.startswith("xapp-"):
        return Check(name="slack socket mode", status="fail", detail="SLACK_APP_TOKEN is not an app-level token "
                                                                     "(xapp-…)", fix=fix)
    try:
        _client(settings, token, timeout).apps_connections_open(app_token=token)
    except SlackApiError as exc:
        error = exc.response.get("error") if exc.response is not None else "refused"
        return Check(name="slack socket mode", status="fail", detail=f"Slack refused SLACK_APP_TOKEN ({error})",
                     fix=fix)
    except Exception as exc:
        return Check(name="slack socket mode", status="fail",
                     detail=f"Slack's API did not answer ({type(exc).__name__}: {exc})",
                     fix="Check this machine's network access to Slack (or SLACK_API_URL).")
    return Check(name="slack socket mode", status="ok", detail="SLACK_APP_TOKEN accepted: Socket Mode can connect")
