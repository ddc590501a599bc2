"""Test support: credentials, signed Slack requests, payload builders and the real app on a real HTTP server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import httpx
from slack_sdk.signature import SignatureVerifier

BOT_TOKEN = "xoxb-1111-2222-test-bot-token-S3CR3T"
SIGNING_SECRET = "test-signing-secret-9f8e7d6c5b4a"
APP_TOKEN = "xapp-1-A0001-3333-test-app-token-S3CR3T"
TEAM = "T0001"
BOT_USER = "U0BOT"
BOT_ID = "B0BOT"
USER = "U0ALICE"
CHANNEL = "C0GROWTH"


def identity(team: str = TEAM, user: str = BOT_USER, bot: str = BOT_ID) -> dict[str, str]:
    return {"team_id": team, "user_id": user, "bot_id": bot}


def sign(body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body)
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": str(signature)}


def event_body(event: dict[str, Any], *, event_id: str | None = None, team: str = TEAM,
               bot_user: str = BOT_USER) -> dict[str, Any]:
    return {
        "token": "legacy-verification-token", "team_id": team, "api_app_id": "A0001", "type": "event_callback",
        "event": event, "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": team, "user_id": bot_user, "is_bot": True, "enterprise_id": None}],
    }


def mention(text: str, *, ts: str, channel: str = CHANNEL, thread_ts: str | None = None, user: str = USER,
            files: list[dict[str, Any]] | None = None, team: str = TEAM) -> dict[str, Any]:
    event: dict[str, Any] = {"type": "app_mention", "user": user, "text": f"<@{BOT_USER}> {text}", "ts": ts,
                             "channel": channel, "event_ts": ts, "team": team}
    if thread_ts:
        event["thread_ts"] = thread_ts
    if files:
        event["files"] = files
    return event


def direct_message(text: str, *, ts: str, channel: str = "D0ALICE", user: str = USER,
                   files: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {"type": "message", "channel_type": "im", "user": user, "text": text, "ts": ts,
                             "channel": channel, "event_ts": ts}
    if files:
        event["files"] = files
        event["subtype"] = "file_share"
    return event


def block_action(action_id: str, value: str, *, channel: str = CHANNEL, message_ts: str, user: str = USER,
                 team: str = TEAM) -> dict[str, Any]:
    return {
        "type": "block_actions", "team": {"id": team, "domain": "acme"}, "user": {"id": user, "team_id": team},
        "api_app_id": "A0001", "trigger_id": f"trig.{uuid.uuid4().hex[:8]}", "channel": {"id": channel},
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel},
        "message": {"ts": message_ts, "type": "message"},
        "actions": [{"action_id": action_id, "block_id": "hookline_approval", "value": value, "type": "button",
                     "action_ts": str(time.time())}],
        "response_url": "http://127.0.0.1:9/unused",
    }


def count_submission(approval_id: str, count: str, *, user: str = USER, team: str = TEAM) -> dict[str, Any]:
    return {
        "type": "view_submission", "team": {"id": team}, "user": {"id": user, "team_id": team},
        "api_app_id": "A0001", "trigger_id": f"trig.{uuid.uuid4().hex[:8]}",
        "view": {"id": "V1", "type": "modal", "callback_id": "hookline_edit_count_modal",
                 "private_metadata": approval_id,
                 "state": {"values": {"count": {"value": {"type": "number_input", "value": count}},
                                      "note": {"value": {"type": "plain_text_input", "value": None}}}}},
    }


def block_text(blocks: list[dict[str, Any]]) -> str:
    """All human-readable text in a list of Block Kit blocks, one text object per line."""
    parts = []
    for block in blocks:
        if isinstance(block.get("text"), dict):
            parts.append(block["text"]["text"])
        parts += [f["text"] for f in block.get("fields", [])]
        parts += [e["text"] for e in block.get("elements", [])
                  if isinstance(e, dict) and isinstance(e.get("text"), str)]
    return "\n".join(parts)


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return None


class SlackAppServer:
    """The real Hookline Slack app (services + bolt + WSGI) on a real threaded HTTP server, port 0."""

    def __init__(self, settings: Any, options: Any, **overrides: Any) -> None:
        from integrations.slack.app import build_app
        from integrations.slack.services import build_services
        from integrations.slack.wsgi import SlackWsgiApp

        self.services = build_services(settings, options, **overrides)
        self.app = build_app(self.services)
        self.httpd = make_server("127.0.0.1", 0, SlackWsgiApp(self.app), server_class=_ThreadingWSGIServer,
                                 handler_class=_QuietHandler)
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.http = httpx.Client(timeout=10)
        self._stopped = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self, *, sweep: bool = True) -> SlackAppServer:
        self._thread.start()
        self.services.start(sweep=sweep)
        return self

    def stop(self, wait: bool = True) -> None:
        if self._stopped:
            return
        self._stopped = True
        self.httpd.shutdown()
        self.httpd.server_close()
        self.services.stop(wait=wait)
        self.http.close()

    def post(self, path: str, body: str, content_type: str, *, headers: dict[str, str] | None = None,
             secret: str = SIGNING_SECRET, timestamp: int | None = None) -> httpx.Response:
        all_headers = {"Content-Type": content_type, **sign(body, secret=secret, timestamp=timestamp),
                       **(headers or {})}
        return self.http.post(self.url + path, content=body.encode(), headers=all_headers)

    def event(self, body: dict[str, Any], *, retry_num: int | None = None, **kwargs: Any) -> httpx.Response:
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return self.post("/slack/events", json.dumps(body), "application/json", headers=headers, **kwargs)

    def command(self, text: str, *, channel: str = CHANNEL, user: str = USER, team: str = TEAM,
                trigger_id: str | None = None, response_url: str = "http://127.0.0.1:9/unused") -> httpx.Response:
        form = {"token": "legacy", "team_id": team, "channel_id": channel, "user_id": user, "command": "/hookline",
                "text": text, "response_url": response_url, "api_app_id": "A0001",
                "trigger_id": trigger_id or f"trig.{uuid.uuid4().hex[:8]}"}
        return self.post("/slack/commands", urlencode(form), "application/x-www-form-urlencoded")

    def interaction(self, payload: dict[str, Any]) -> httpx.Response:
        body = urlencode({"payload": json.dumps(payload)})
        return self.post("/slack/interactions", body, "application/x-www-form-urlencoded")


class SlackProcess:
    """`hookline slack --http` as a user runs it (gunicorn master and worker, its own process group, so a kill takes
    both at once), with stderr in `logs/<name>.log`; waits until the worker answers `/healthz`."""

    def __init__(self, home: Path, api_url: str, logs: Path, name: str, *, env: dict[str, str] | None = None,
                 threads: int = 4) -> None:
        from tests.conftest import REPO_ROOT

        environment = {k: v for k, v in os.environ.items() if not k.startswith(("HOOKLINE_", "SLACK_"))}
        environment.update({"HOOKLINE_HOME": str(home), "PYTHONPATH": str(REPO_ROOT), "SLACK_BOT_TOKEN": BOT_TOKEN,
                            "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": api_url,
                            "HOOKLINE_WORKSPACE": "acme", **(env or {})})
        self.log = logs / f"{name}.log"
        with self.log.open("wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "integrations.cli", "--json", "slack", "--http", "--port", "0", "--host",
                 "127.0.0.1", "--threads", str(threads)],
                stdout=subprocess.PIPE, stderr=err, text=True, env=environment, cwd=str(REPO_ROOT),
                start_new_session=True)
        try:
            self.ready = json.loads(self.process.stdout.readline())  # type: ignore[union-attr]
        except json.JSONDecodeError:
            self.stop()
            raise AssertionError(f"hookline slack did not start: {self.log.read_text()[-3000:]}") from None
        self.url = f"http://127.0.0.1:{self.ready['port']}"
        self.http = httpx.Client(timeout=10)
        deadline = time.monotonic() + 60
        while True:  # gunicorn's worker boots after the master reports ready
            try:
                if self.http.get(self.url + "/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"the HTTP worker never answered: {self.log.read_text()[-3000:]}")
            time.sleep(0.1)

    def post(self, path: str, body: str, content_type: str = "application/json",
             headers: dict[str, str] | None = None) -> int:
        """POST `body`, signed with the app's secret unless `headers` are given."""
        response = self.http.post(self.url + path, content=body.encode(),
                                  headers={"Content-Type": content_type, **(headers if headers is not None
                                                                            else sign(body))})
        return response.status_code

    def event(self, body: dict[str, Any]) -> int:
        return self.post("/slack/events", json.dumps(body))

    def interaction(self, payload: dict[str, Any]) -> int:
        return self.post("/slack/interactions", urlencode({"payload": json.dumps(payload)}),
                         "application/x-www-form-urlencoded")

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.http.close()

    def stop(self) -> str:
        """Stop it as an operator would (SIGTERM, then SIGKILL after 30 s); returns what it wrote to stderr."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        if hasattr(self, "http"):
            self.http.close()
        return self.log.read_text()
