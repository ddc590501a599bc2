"""WSGI entry point: `/slack/events`, `/slack/commands`, `/slack/interactions` (all verified by bolt), the OAuth
install routes when multi-workspace, and `/healthz`. Runs under gunicorn in production and any WSGI server in tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from slack_bolt.request import BoltRequest

from tools.core.jsonio import dumps

SLACK_PATHS = frozenset({"/slack/events", "/slack/commands", "/slack/interactions"})


class SlackWsgiApp:
    """A WSGI callable around one bolt App."""

    def __init__(self, app: App) -> None:
        self.app = app

    def _bolt_request(self, request: WsgiHttpRequest) -> BoltRequest:
        return BoltRequest(body=request.get_body(), query=request.query_string, headers=request.get_headers())

    def _respond(self, request: WsgiHttpRequest) -> WsgiHttpResponse:
        flow = self.app.oauth_flow
        if request.method == "POST" and request.path in SLACK_PATHS:
            bolt = self.app.dispatch(self._bolt_request(request))
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
        return WsgiHttpResponse(status=404, headers={"content-type": ["text/plain;charset=utf-8"]}, body="Not Found")

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = WsgiHttpRequest(environ)
        response = self._respond(request)
        start_response(response.status, response.get_headers())
        return response.get_body()
