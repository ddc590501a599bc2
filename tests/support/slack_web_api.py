"""A local HTTP server standing in for Slack's Web API (and its file hosts), for any test that talks to Slack through
a real `slack_sdk` client or slack-bolt app.

Modelled on slack-bolt's `tests/mock_web_api_server`: real HTTP on an ephemeral port, nothing patched. Point
`WebClient(base_url=api.url)` (or `SLACK_API_URL`) at it. It records every call and keeps channels, messages (with
`metadata` and every `chat.update`), threads and files. It implements `auth.test`, `chat.postMessage|update|delete`,
`conversations.list|open|join|history|replies` (history honours `oldest`, `limit`, `cursor` and
`include_all_metadata`), the three steps of `files_upload_v2` (`files.getUploadURLExternal`, the upload URL,
`files.completeUploadExternal`, which shares the files as a message in the channel or thread, as Slack does),
`files.info` with `url_private` downloads that need a bot token (an HTML sign-in page otherwise, like Slack),
`oauth.v2.access`, and `apps.connections.open` (the app token gets `ws_url`, for Socket Mode).

Faults can be injected per method: an `ok: false` error, an HTTP status (429 with Retry-After), a dropped connection
before handling, or a dropped connection *after* handling (the request took effect but its response was lost).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

DEFAULT_TOKEN = "xoxb-test-token"

# Methods whose answer carries nothing the callers read: recorded (see `calls_to`) and answered `ok`.
ACKNOWLEDGED = frozenset({"chat.postEphemeral", "views.open", "views.publish"})


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
    thread_ts: str | None = None
    blocks: list[dict[str, Any]] = field(default_factory=list)
    metadata: dict[str, Any] | None = None
    files: list[dict[str, Any]] = field(default_factory=list)  # set on the message that shares uploaded files
    user: str = "UBOT"
    updates: list[str] = field(default_factory=list)  # texts of every chat.update, in order


@dataclass
class Upload:
    """A file the app uploaded (files_upload_v2)."""

    file_id: str
    filename: str
    length: int = 0
    data: bytes = b""
    title: str | None = None
    channel: str | None = None
    thread_ts: str | None = None
    completed: bool = False


@dataclass
class SharedFile:
    """A file a user shared (see `add_file`): what `files.info` describes and `url_private` serves."""

    file_id: str
    name: str
    content: bytes
    channel: str
    thread_ts: str | None
    ts: str
    filetype: str
    mimetype: str


class SlackWebApiMock:
    """`with SlackWebApiMock(...) as api:` — then `api.url` is the Web API base URL (ends with /api/)."""

    def __init__(self, *, tokens: dict[str, dict[str, str]] | None = None, app_token: str | None = None,
                 channels: dict[str, str] | None = None, clock: Callable[[], float] | None = None) -> None:
        """`tokens`: bot token → identity {team_id, user_id, bot_id} (one per team for multi-workspace tests), with
        optional `scopes` (comma-separated) returned in the `x-oauth-scopes` header, as Slack does.
        `channels`: name → id of the channels that exist, with the bot a member (DM ids `D…` always exist).
        `clock` gives message timestamps (epoch seconds; default real time): tests that move a fake clock pass it
        so that message ts and the code's own notion of "now" agree, as they do in production."""
        self.clock = clock or time.time
        self._last_ts = 0.0
        self.tokens = tokens or {DEFAULT_TOKEN: {"team_id": "T0TEST", "user_id": "UBOT", "bot_id": "BBOT"}}
        self.app_token = app_token
        self.ws_url: str | None = None
        self.oauth_codes: dict[str, dict[str, Any]] = {}  # code → oauth.v2.access answer
        self.channels: dict[str, dict[str, Any]] = {}
        self.members: set[str] = set()  # channel ids the bot is in
        self.calls: list[Call] = []
        self.messages: dict[str, Message] = {}  # by ts, oldest first
        self.uploads: dict[str, Upload] = {}
        self.files: dict[str, SharedFile] = {}
        self.downloads: list[tuple[str, str | None]] = []  # (path, authorization header)
        self._faults: dict[str, list[dict[str, Any]]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        for name, channel_id in (channels or {}).items():
            self.add_channel(name, channel_id)
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

    def __enter__(self) -> SlackWebApiMock:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- set-up ----------------------------------------------------------------------------------------------------
    def add_channel(self, name: str, channel_id: str | None = None, *, member: bool = True,
                    private: bool = False) -> str:
        with self._lock:
            channel_id = channel_id or f"C{next(self._ids):08d}"
            self.channels[channel_id] = {"id": channel_id, "name": name.lstrip("#"), "is_private": private,
                                         "is_archived": False}
            if member:
                self.members.add(channel_id)
            return channel_id

    def add_file(self, *, name: str, content: bytes, channel: str, thread_ts: str | None, filetype: str,
                 mimetype: str) -> SharedFile:
        """A file a user shares (the test then sends the matching event): readable through `files.info`."""
        with self._lock:
            file_id = f"F{next(self._ids):08d}"
            shared = SharedFile(file_id, name, content, channel, thread_ts, self._next_ts(), filetype, mimetype)
            self.files[file_id] = shared
            return shared

    def fail_next(self, method: str, *, error: str | None = None, status: int = 429, retry_after: int = 0,
                  drop: bool = False, drop_after: bool = False, times: int = 1) -> None:
        """The next `times` calls of `method` fail: `drop` (close the connection unanswered, nothing done), `error`
        (ok: false), `drop_after` (do the work, then close without answering), or else HTTP `status` (429 with
        Retry-After: `retry_after`, or e.g. 500)."""
        with self._lock:
            fault = {"error": error, "status": status, "retry_after": retry_after, "drop": drop,
                     "drop_after": drop_after}
            self._faults.setdefault(method, []).extend([fault] * times)

    # -- queries ---------------------------------------------------------------------------------------------------
    def file_object(self, shared: SharedFile) -> dict[str, Any]:
        """The file as Slack describes it in `files.info` and in message events."""
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

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def thread(self, channel: str, thread_ts: str | None) -> list[Message]:
        """Messages posted in a thread (at the top level of the channel when `thread_ts` is None), oldest first —
        without the messages that share uploaded files: those are in `uploads_in`."""
        with self._lock:
            return [m for m in self.messages.values()
                    if m.channel == channel and m.thread_ts == thread_ts and not m.files]

    def uploads_in(self, channel: str, thread_ts: str | None) -> list[Upload]:
        """Files uploaded and shared in a thread (at the top level of the channel when `thread_ts` is None)."""
        with self._lock:
            return [u for u in self.uploads.values()
                    if u.completed and u.channel == channel and u.thread_ts == thread_ts]

    def wait_for(self, predicate: Any, timeout: float = 20.0) -> Any:
        """The first truthy value of `predicate()`, re-checked whenever a request was answered."""
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
                self._changed.wait(min(remaining, 0.05))

    # -- the Web API -----------------------------------------------------------------------------------------------
    def _next_ts(self) -> str:
        with self._lock:
            self._last_ts = max(round(self.clock(), 6), round(self._last_ts + 0.000001, 6))
            return f"{self._last_ts:.6f}"

    def _channel(self, params: dict[str, Any], key: str = "channel") -> tuple[str | None, dict[str, Any] | None]:
        """(channel id, error body) — accepts ids and '#name' / 'name', like chat.postMessage does."""
        ref = str(params.get(key) or "")
        if ref in self.channels or ref.startswith("D"):
            return ref, None
        name = ref.lstrip("#")
        for channel_id, info in self.channels.items():
            if info["name"] == name:
                return channel_id, None
        return None, {"ok": False, "error": "channel_not_found"}

    def _m_auth_test(self, p: dict[str, Any], me: dict[str, str]) -> dict[str, Any]:
        return {"ok": True, "team_id": me["team_id"], "user_id": me["user_id"], "bot_id": me["bot_id"],
                "user": me.get("user", "hookline"), "team": "Acme", "url": "https://acme.slack.com/"}

    def _m_chat_postMessage(self, p: dict[str, Any], me: dict[str, str]) -> dict[str, Any]:
        channel, error = self._channel(p)
        if error:
            return error
        if channel.startswith("C") and channel not in self.members:
            return {"ok": False, "error": "not_in_channel"}
        metadata = p.get("metadata")
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        message = Message(channel, self._next_ts(), str(p.get("text") or ""), p.get("thread_ts") or None,
                          _json_list(p.get("blocks")), metadata or None, user=me["user_id"])
        self.messages[message.ts] = message
        return {"ok": True, "channel": channel, "ts": message.ts, "message": _message_json(message, True)}

    def _m_chat_update(self, p: dict[str, Any], me: dict[str, str]) -> dict[str, Any]:
        message = self.messages.get(str(p.get("ts")))
        if message is None or message.channel != p.get("channel"):
            return {"ok": False, "error": "message_not_found"}
        message.text = str(p.get("text") or "")
        message.blocks = _json_list(p.get("blocks"))
        message.updates.append(message.text)
        return {"ok": True, "channel": message.channel, "ts": message.ts}

    def _m_chat_delete(self, p: dict[str, Any], me: dict[str, str]) -> dict[str, Any]:
        message = self.messages.get(str(p.get("ts")))
        if message is None or message.channel != p.get("channel"):
            return {"ok": False, "error": "message_not_found"}
        del self.messages[message.ts]
        return {"ok": True}

    def _m_conversations_list(self, p: dict[str, Any], me: dict[str, str]) -> dict[str, Any]:
        items = sorted(self.channels.values(), key=lambda c: c["id"])
        start = int(p.get("cursor") or 0)
        limit = max(1, min(int(p.get("limit") or 100), 1000))
        page = items[start:start + limit]
        cursor = str(start + limit) if start + limit < len(items) else ""
        return {"ok": True, "channels": [dict(c, is_member=c["id"] in self.members) for c in page],
                "response_metadata": {"next_cursor": cursor}}

    def _m_conversations_open(self, p: dict[str, Any], me: dict[str, str]) -> dict[str, Any]:
        user = str(p.get("users") or "")
        if not user:
            return {"ok": False, "error": "users_list_not_supplied"}
        return {"ok": True, "channel": {"id": "D" + user[1:]}}

    def _m_conversations_join(self, p: dict[str, Any], me: dict[str, str]) -> dict[str, Any]:
        channel, error = self._channel(p)
        if error:
            return error
        self.members.add(channel)
        return {"ok": True, "channel": self.channels.get(channel, {"id": channel})}

    def _m_conversations_history(self, p: dict[str, Any], me: dict[str, str]) -> dict[str, Any]:
        channel, error = self._channel(p)
        if error:
            return error
        oldest = float(p.get("oldest") or 0)
        with_metadata = str(p.get("include_all_metadata")).lower() in ("1", "true")
        found = [m for m in reversed(self.messages.values())
                 if m.channel == channel and m.thread_ts is None and float(m.ts) > oldest]
        return self._page(found, p, lambda m: _message_json(m, with_metadata))

    def _m_conversations_replies(self, p: dict[str, Any], me: dict[str, str]) -> dict[str, Any]:
        channel, error = self._channel(p)
        if error:
            return error
        root = self.messages.get(str(p.get("ts")))
        if root is None or root.channel != channel:
            return {"ok": False, "error": "thread_not_found"}
        thread = [root] + [m for m in self.messages.values() if m.channel == channel and m.thread_ts == root.ts]
        return self._page(thread, p, lambda m: _message_json(m, False))

    def _page(self, items: list[Message], p: dict[str, Any], render: Any) -> dict[str, Any]:
        start = int(p.get("cursor") or 0)
        limit = max(1, min(int(p.get("limit") or 100), 1000))
        page = items[start:start + limit]
        more = start + limit < len(items)
        return {"ok": True, "messages": [render(m) for m in page], "has_more": more,
                "response_metadata": {"next_cursor": str(start + limit) if more else ""}}

    def _m_files_getUploadURLExternal(self, p: dict[str, Any], me: dict[str, str]) -> dict[str, Any]:
        if not p.get("filename") or not p.get("length"):
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._ids):08d}"
        self.uploads[file_id] = Upload(file_id, str(p["filename"]), int(p["length"]))
        return {"ok": True, "file_id": file_id, "upload_url": f"{self.base}/upload/{file_id}"}

    def _m_files_completeUploadExternal(self, p: dict[str, Any], me: dict[str, str]) -> dict[str, Any]:
        files = _json_list(p.get("files"))
        channel = p.get("channel_id") or p.get("channels")
        thread_ts = p.get("thread_ts") or None
        done = []
        for item in files:
            upload = self.uploads.get(item.get("id"))
            if upload is None or not upload.data or len(upload.data) != upload.length:
                return {"ok": False, "error": "file_not_found"}
            upload.title = item.get("title")
            upload.channel, upload.thread_ts, upload.completed = channel, thread_ts, True
            done.append({"id": upload.file_id, "name": upload.filename, "title": upload.title,
                         "size": len(upload.data)})
        if channel and done:  # sharing posts the files as a message, in the thread when one is given
            share = Message(str(channel), self._next_ts(), str(p.get("initial_comment") or ""), thread_ts,
                            files=done, user=me["user_id"])
            self.messages[share.ts] = share
        return {"ok": True, "files": done}

    def _m_files_info(self, p: dict[str, Any], me: dict[str, str]) -> dict[str, Any]:
        shared = self.files.get(str(p.get("file")))
        if shared is None:
            return {"ok": False, "error": "file_not_found"}
        return {"ok": True, "file": self.file_object(shared)}

    # -- HTTP ------------------------------------------------------------------------------------------------------
    def _notify(self) -> None:
        with self._changed:
            self._changed.notify_all()

    def _dispatch(self, method: str, params: dict[str, Any], headers: dict[str, str]) -> tuple[int, dict[str, Any],
                                                                                               dict[str, str], bool]:
        """(status, body, extra headers, hang up without answering)."""
        with self._lock:
            self.calls.append(Call(method, params, headers, time.time()))
            queue = self._faults.get(method)
            fault = queue.pop(0) if queue else None
            if fault and fault["drop"]:
                return 0, {}, {}, True
            if fault and fault["error"]:
                return 200, {"ok": False, "error": fault["error"]}, {}, False
            if fault and not fault["drop_after"]:  # an HTTP error status
                if fault["status"] == 429:
                    return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(fault["retry_after"])}, False
                return fault["status"], {"ok": False, "error": "internal_error"}, {}, False
            return 200, self._answer(method, params, headers), self._scope_header(params, headers), bool(fault)

    def _scope_header(self, params: dict[str, Any], headers: dict[str, str]) -> dict[str, str]:
        """Slack reports a token's granted scopes in `x-oauth-scopes` on every answer; an identity given a `scopes`
        entry (comma-separated, as Slack writes them) gets the header."""
        token = _token(headers) or params.get("token")
        me = self.tokens.get(str(token)) if token else None
        return {"x-oauth-scopes": me["scopes"]} if me and "scopes" in me else {}

    def _answer(self, method: str, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        if method == "apps.connections.open":
            if headers.get("authorization") != f"Bearer {self.app_token}":
                return {"ok": False, "error": "invalid_auth"}
            return {"ok": True, "url": self.ws_url}
        if method == "oauth.v2.access":
            grant = self.oauth_codes.get(str(params.get("code")))
            return {"ok": True, **grant} if grant else {"ok": False, "error": "invalid_code"}
        token = _token(headers) or params.get("token")
        me = self.tokens.get(str(token)) if token else None
        if me is None:
            return {"ok": False, "error": "not_authed" if not token else "invalid_auth"}
        if method in ACKNOWLEDGED:
            return {"ok": True}
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        return handler(params, me) if handler else {"ok": False, "error": "unknown_method"}

    def _download(self, path: str, authorization: str | None) -> tuple[bytes, str]:
        """(body, content type) for a `url_private` GET: the file for a bot token, Slack's sign-in page otherwise."""
        with self._lock:
            self.downloads.append((path, authorization))
            shared = self.files.get(path.split("/")[2])
            if shared is None or _token({"authorization": authorization or ""}) not in self.tokens:
                return b"<html><body>Sign in to Slack</body></html>", "text/html"
            return shared.content, "application/octet-stream"

    def _receive_upload(self, file_id: str, data: bytes) -> bool:
        with self._lock:
            upload = self.uploads.get(file_id)
            if upload is not None:
                upload.data = data
            return upload is not None

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

            def _api(self, method: str, params: dict[str, Any]) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                status, body, extra, hang_up = api._dispatch(method, params, headers)
                if hang_up:  # a network failure: no answer
                    self.close_connection = True
                    with contextlib.suppress(OSError):
                        self.connection.shutdown(2)
                else:
                    self._send(status, json.dumps(body).encode(), "application/json; charset=utf-8", extra)
                api._notify()

            def do_GET(self) -> None:
                parsed = urlparse(self.path)
                if parsed.path.startswith("/files-pri/"):
                    self._send(200, *api._download(parsed.path, self.headers.get("Authorization")))
                    api._notify()
                elif parsed.path.startswith("/api/"):
                    self._api(parsed.path.removeprefix("/api/"), _query(parsed.query))
                else:
                    self._send(404, b"not found", "text/plain")

            def do_POST(self) -> None:
                parsed = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if parsed.path.startswith("/upload/"):
                    found = api._receive_upload(parsed.path.rsplit("/", 1)[-1], raw)
                    self._send(200 if found else 404, f"OK - {len(raw)}".encode(), "text/plain")
                    api._notify()
                elif parsed.path.startswith("/api/"):
                    params = _query(parsed.query)
                    if raw and self.headers.get("Content-Type", "").startswith("application/json"):
                        params.update(json.loads(raw))
                    elif raw:
                        params.update(_query(raw.decode()))
                    self._api(parsed.path.removeprefix("/api/"), params)
                else:
                    self._send(404, b"not found", "text/plain")

        return Handler


def _token(headers: dict[str, str]) -> str | None:
    auth = headers.get("authorization", "")
    return auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else None


def _query(text: str) -> dict[str, Any]:
    return {k: v[0] for k, v in parse_qs(text).items()}


def _json_list(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, str):
        value = json.loads(value)
    return list(value or [])


def _message_json(message: Message, with_metadata: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "message", "ts": message.ts, "text": message.text, "user": message.user,
                           "blocks": message.blocks}
    if message.thread_ts:
        out["thread_ts"] = message.thread_ts
    if message.files:
        out["files"] = message.files
    if with_metadata and message.metadata:
        out["metadata"] = message.metadata
    return out
