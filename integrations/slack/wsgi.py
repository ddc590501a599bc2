"""WSGI entry point: `/slack/events`, `/slack/commands`, `/slack/interactions`, the OAuth install routes when
multi-workspace, and `/healthz`. Runs under gunicorn in production and any WSGI server in tests.

Slack's three paths are verified on the raw body (`verify.py`) before bolt parses anything: a bad request is a 401
and one log line, never a 500 with a traceback.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from slack_bolt.request import BoltRequest

from integrations.slack.verify import log_refusal, verify_request
from tools.core.jsonio import dumps

SLACK_PATHS = frozenset({"/slack/events", "/slack/commands", "/slack/interactions"})


class SlackWsgiApp:
    """A WSGI callable around one bolt App."""

    def __init__(self, app: App, signing_secret: str | None = None) -> None:
        self.app = app
        # bolt keeps the secret it verifies with; the raw-body check uses the same one
        self.signing_secret = signing_secret or getattr(app, "_signing_secret", None)

    def _bolt_request(self, request: WsgiHttpRequest) -> BoltRequest:
        return BoltRequest(body=request.get_body(), query=request.query_string, headers=request.get_headers())

    def _respond(self, request: WsgiHttpRequest, environ: dict[str, Any]) -> WsgiHttpResponse:
        flow = self.app.oauth_flow
        if request.method == "POST" and request.path in SLACK_PATHS:
            try:
                parsed = self._bolt_request(request)
            except Exception as exc:  # a signed body bolt cannot parse: refuse it, one line, no traceback
                log_refusal(environ, f"body could not be parsed ({exc.__class__.__name__})")
                return _plain(400, "Bad Request")
            bolt = self.app.dispatch(parsed)
            return WsgiHttpResponse(status=bolt.status, headers=bolt.headers, body=bolt.body)
        if request.method == "GET" and flow is not None and request.path == flow.install_path:
            bolt = flow.handle_installation(self._bolt_request(request))
            return WsgiHttpResponse(status=bolt.status, headers=bolt.headers, body=bolt.body)
        if request.method == "GET" and flow is not None and request.path == flow.redirect_uri_path:
            bolt = flow.handle_callback(self._bolt_request(request))
            return WsgiHttpResponse(status=bolt.status, headers=bolt.headers, body=bolt.body)
        if request.method == "GET" and request.path == "/healthz":
            return WsgiHttpResponse(status=200, headers={"content-type": ["application/json"]},
                                    body=dumps({"ok": True}, compact=True))
        return _plain(404, "Not Found")

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") in SLACK_PATHS:
            if not self.signing_secret:
                log_refusal(environ, "no signing secret configured")
                response = _plain(401, "Unauthorized")
            else:
                verdict = verify_request(environ, self.signing_secret)
                if verdict.body is None:
                    log_refusal(environ, verdict.reason)
                    response = _plain(401, "Unauthorized")
                else:
                    environ = {**environ, "wsgi.input": io.BytesIO(verdict.body),
                               "CONTENT_LENGTH": str(len(verdict.body))}
                    response = self._respond(WsgiHttpRequest(environ), environ)
        else:
            response = self._respond(WsgiHttpRequest(environ), environ)
        start_response(response.status, response.get_headers())
        return response.get_body()


def _plain(status: int, text: str) -> WsgiHttpResponse:
    return WsgiHttpResponse(status=status, headers={"content-type": ["text/plain;charset=utf-8"]}, body=text)
