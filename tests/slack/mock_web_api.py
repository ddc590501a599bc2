"""A local HTTP server that stands in for Slack's Web API (and its file hosts) and records every call.

Modelled on slack-bolt's `tests/mock_web_api_server`: real HTTP, real slack_sdk clients, nothing patched. It keeps
messages per channel/thread, implements the three-step `files_upload_v2` flow (the upload URL points back here),
serves `url_private` downloads only with a valid bot token (an HTML sign-in page otherwise, like Slack), answers
`apps.connections.open` with a websocket URL, and can inject 429s / API errors for a given method.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    at: float


@dataclass
class Message:
    channel: str
    ts: str
    text: str
    thread_ts: str | None
    blocks: list[dict[str, Any]] = field(default_factory=list)
    updates: list[str] = field(default_factory=list)  # texts of every chat.update, in order


@dataclass
class Upload:
    file_id: str
    filename: str
    data: bytes = b""
    channel: str | None = None
    thread_ts: str | None = None
    completed: bool = False


@dataclass
class SharedFile:
    file_id: str
    name: str
    content: bytes
    channel: str
    thread_ts: str | None
    ts: str
    filetype: str
    mimetype: str


class MockSlackApi:
    """Start with `with MockSlackApi(...) as api:`; point clients at `api.url`."""

    def __init__(self, *, bot_tokens: dict[str, dict[str, str]] | None = None, app_token: str | None = None) -> None:
        # token → identity {team_id, user_id, bot_id}
        self.bot_tokens = bot_tokens or {}
        self.app_token = app_token
        self.ws_url: str | None = None
        self.oauth_codes: dict[str, dict[str, Any]] = {}
        self.calls: list[Call] = []
        self.messages: dict[str, Message] = {}
        self.uploads: dict[str, Upload] = {}
        self.files: dict[str, SharedFile] = {}
        self.downloads: list[tuple[str, str | None]] = []  # (path, authorization header)
        self._faults: dict[str, list[dict[str, Any]]] = {}
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # -- lifecycle -------------------------------------------------------------------------------------------------
    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def url(self) -> str:
        return f"{self.base}/api/"

    def __enter__(self) -> MockSlackApi:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- test set-up -----------------------------------------------------------------------------------------------
    def fail_next(self, method: str, *, status: int = 429, retry_after: int = 0, error: str | None = None,
                  drop: bool = False, times: int = 1) -> None:
        """Make the next `times` calls of `method` answer HTTP `status` (429 with Retry-After), `ok: false` with
        `error`, or (`drop`) close the connection without answering."""
        with self._lock:
            self._faults.setdefault(method, []).extend(
                [{"status": status, "retry_after": retry_after, "error": error, "drop": drop}] * times)

    def add_file(self, *, name: str, content: bytes, channel: str, thread_ts: str | None, filetype: str,
                 mimetype: str) -> SharedFile:
        with self._lock:
            file_id = f"F{next(self._ids):08d}"
            shared = SharedFile(file_id, name, content, channel, thread_ts, self._next_ts(), filetype, mimetype)
            self.files[file_id] = shared
            return shared

    def file_object(self, shared: SharedFile) -> dict[str, Any]:
        scope = "private" if shared.channel.startswith(("G", "D")) else "public"
        entry: dict[str, Any] = {"ts": shared.ts}
        if shared.thread_ts:
            entry["thread_ts"] = shared.thread_ts
        return {
            "id": shared.file_id, "name": shared.name, "title": shared.name, "filetype": shared.filetype,
            "mimetype": shared.mimetype, "size": len(shared.content),
            "url_private": f"{self.base}/files-pri/{shared.file_id}/{shared.name}",
            "url_private_download": f"{self.base}/files-pri/{shared.file_id}/download/{shared.name}",
            "shares": {scope: {shared.channel: [entry]}},
        }

    # -- queries ---------------------------------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def thread(self, channel: str, thread_ts: str | None) -> list[Message]:
        """Messages posted in a thread (or at the top level of a channel when `thread_ts` is None)."""
        with self._lock:
            return [m for m in self.messages.values() if m.channel == channel and m.thread_ts == thread_ts]

    def uploads_in(self, channel: str, thread_ts: str | None) -> list[Upload]:
        with self._lock:
            return [u for u in self.uploads.values()
                    if u.completed and u.channel == channel and u.thread_ts == thread_ts]

    def wait_for(self, predicate: Any, timeout: float = 20.0) -> Any:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                value = predicate()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out after {timeout}s waiting for {predicate}; "
                                         f"calls: {[c.method for c in self.calls]}")
                self._changed.wait(min(remaining, 0.1))

    # -- internals -------------------------------------------------------------------------------------------------
    def _next_ts(self) -> str:
        return f"{1_700_000_000 + next(self._ts)}.000100"

    def _notify(self) -> None:
        with self._changed:
            self._changed.notify_all()

    def _take_fault(self, method: str) -> dict[str, Any] | None:
        with self._lock:
            queue = self._faults.get(method)
            return queue.pop(0) if queue else None

    def _identity(self, headers: dict[str, str], params: dict[str, Any]) -> dict[str, str] | None:
        auth = headers.get("authorization", "")
        token = auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else params.get("token")
        return self.bot_tokens.get(str(token)) if token else None

    def _api(self, method: str, params: dict[str, Any], headers: dict[str, str]) -> tuple[int, dict[str, Any],
                                                                                            dict[str, str]]:
        fault = self._take_fault(method)
        if fault is not None:
            if fault["drop"]:
                return 0, {}, {}
            if fault["error"]:
                return 200, {"ok": False, "error": fault["error"]}, {}
            return fault["status"], {"ok": False, "error": "ratelimited"}, {"Retry-After": str(fault["retry_after"])}
        if method == "apps.connections.open":
            ok = headers.get("authorization") == f"Bearer {self.app_token}"
            return 200, ({"ok": True, "url": self.ws_url} if ok else {"ok": False, "error": "invalid_auth"}), {}
        if method == "oauth.v2.access":
            grant = self.oauth_codes.get(str(params.get("code")))
            return 200, ({"ok": True, **grant} if grant else {"ok": False, "error": "invalid_code"}), {}
        identity = self._identity(headers, params)
        if identity is None:
            return 200, {"ok": False, "error": "invalid_auth"}, {}
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        body = handler(params, identity) if handler else {"ok": True}
        return 200, body, {}

    def _m_auth_test(self, params: dict[str, Any], me: dict[str, str]) -> dict[str, Any]:
        return {"ok": True, "team_id": me["team_id"], "user_id": me["user_id"], "bot_id": me["bot_id"],
                "team": "Acme", "url": "https://acme.slack.com/"}

    def _m_chat_postMessage(self, params: dict[str, Any], me: dict[str, str]) -> dict[str, Any]:
        with self._lock:
            ts = self._next_ts()
            message = Message(str(params["channel"]), ts, str(params.get("text") or ""),
                              params.get("thread_ts") or None, _blocks(params))
            self.messages[ts] = message
        return {"ok": True, "channel": message.channel, "ts": ts, "message": {"text": message.text, "ts": ts}}

    def _m_chat_update(self, params: dict[str, Any], me: dict[str, str]) -> dict[str, Any]:
        with self._lock:
            message = self.messages.get(str(params.get("ts")))
            if message is None or message.channel != params.get("channel"):
                return {"ok": False, "error": "message_not_found"}
            message.text = str(params.get("text") or "")
            message.blocks = _blocks(params)
            message.updates.append(message.text)
        return {"ok": True, "channel": message.channel, "ts": message.ts}

    def _m_files_getUploadURLExternal(self, params: dict[str, Any], me: dict[str, str]) -> dict[str, Any]:
        with self._lock:
            file_id = f"F{next(self._ids):08d}"
            self.uploads[file_id] = Upload(file_id, str(params.get("filename")))
        return {"ok": True, "file_id": file_id, "upload_url": f"{self.base}/upload/{file_id}"}

    def _m_files_completeUploadExternal(self, params: dict[str, Any], me: dict[str, str]) -> dict[str, Any]:
        files = params.get("files")
        files = json.loads(files) if isinstance(files, str) else files
        done = []
        with self._lock:
            for item in files or []:
                upload = self.uploads.get(item["id"])
                if upload is None or not upload.data:
                    return {"ok": False, "error": "file_not_found"}
                upload.channel = params.get("channel_id") or params.get("channels")
                upload.thread_ts = params.get("thread_ts") or None
                upload.completed = True
                done.append({"id": upload.file_id, "name": upload.filename, "title": item.get("title")})
        return {"ok": True, "files": done}

    def _m_files_info(self, params: dict[str, Any], me: dict[str, str]) -> dict[str, Any]:
        shared = self.files.get(str(params.get("file")))
        if shared is None:
            return {"ok": False, "error": "file_not_found"}
        return {"ok": True, "file": self.file_object(shared)}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return None

            def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def _read(self) -> bytes:
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def do_GET(self) -> None:
                parsed = urlparse(self.path)
                if parsed.path.startswith("/files-pri/"):
                    file_id = parsed.path.split("/")[2]
                    auth = self.headers.get("Authorization")
                    with api._lock:
                        api.downloads.append((parsed.path, auth))
                    shared = api.files.get(file_id)
                    token = (auth or "").removeprefix("Bearer ")
                    if shared is None or token not in api.bot_tokens:
                        self._send(200, b"<html><body>Sign in to Slack</body></html>", "text/html")
                    else:
                        self._send(200, shared.content, "application/octet-stream")
                    api._notify()
                    return
                self._send(404, b"not found", "text/plain")

            def do_POST(self) -> None:
                parsed = urlparse(self.path)
                raw = self._read()
                if parsed.path.startswith("/upload/"):
                    file_id = parsed.path.rsplit("/", 1)[-1]
                    with api._lock:
                        upload = api.uploads.get(file_id)
                        if upload is not None:
                            upload.data = raw
                    self._send(200 if upload else 404, f"OK - {len(raw)}".encode(), "text/plain")
                    api._notify()
                    return
                if not parsed.path.startswith("/api/"):
                    self._send(404, b"not found", "text/plain")
                    return
                method = parsed.path.removeprefix("/api/")
                headers = {k.lower(): v for k, v in self.headers.items()}
                params: dict[str, Any] = {k: v[0] for k, v in parse_qs(parsed.query).items()}
                content_type = headers.get("content-type", "")
                if raw and content_type.startswith("application/json"):
                    params.update(json.loads(raw))
                elif raw:
                    params.update({k: v[0] for k, v in parse_qs(raw.decode()).items()})
                with api._lock:
                    api.calls.append(Call(method, params, headers, time.time()))
                status, body, extra = api._api(method, params, headers)
                if status == 0:  # simulated network failure: hang up without a response
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                self._send(status, json.dumps(body).encode(), "application/json; charset=utf-8", extra)
                api._notify()

        return Handler


def _blocks(params: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = params.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    return list(blocks or [])
