"""Slack HTTP verifies before it parses: unsigned, garbled, oversized, stale and non-numeric-timestamp requests get
401 with one log line and no traceback — in-process over real HTTP and in the real `hookline slack --http`."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pytest

from integrations.slack.verify import MAX_BODY_BYTES, verify_request
from tests.slack.agent_gateway import RecordingAgentGateway
from tests.slack.slack_support import SIGNING_SECRET, SlackProcess, event_body, mention, sign


def _bad_requests() -> dict[str, tuple[bytes, dict[str, str]]]:
    """name -> (body, headers) of requests an attacker or a broken proxy sends."""
    body = json.dumps(event_body(mention("make 2 variants", ts="1700000300.000100"))).encode()
    now = str(int(time.time()))
    signed = sign(body.decode())
    json_type = {"Content-Type": "application/json"}
    return {
        "unsigned": (body, json_type),
        "garbled": (b"\xff\xfe{{not json", {**json_type, "X-Slack-Request-Timestamp": now,
                                             "X-Slack-Signature": "v0=deadbeef"}),
        "non-numeric timestamp": (body, {**json_type, "X-Slack-Request-Timestamp": "soon",
                                         "X-Slack-Signature": signed["X-Slack-Signature"]}),
        "stale": (body, {**json_type, **sign(body.decode(), timestamp=int(time.time()) - 400)}),
        "forged": (body, {**json_type, **sign(body.decode(), secret="not-the-secret")}),
        "oversized": (b"payload=" + b"x" * (MAX_BODY_BYTES + 10),
                      {"Content-Type": "application/x-www-form-urlencoded", **sign("x")}),
        "form garbage": (b"payload=%7B%7B%7B", {"Content-Type": "application/x-www-form-urlencoded",
                                                "X-Slack-Request-Timestamp": now, "X-Slack-Signature": "v0=00"}),
    }


def test_bad_requests_get_401_and_one_log_line_each(make_server, caplog: pytest.LogCaptureFixture) -> None:
    agent = RecordingAgentGateway()
    server = make_server(agent=agent)
    caplog.set_level(logging.WARNING)
    bad = _bad_requests()
    statuses = {}
    for name, (body, headers) in bad.items():
        for path in ("/slack/events", "/slack/interactions"):
            statuses[(name, path)] = server.http.post(server.url + path, content=body, headers=headers).status_code
    assert set(statuses.values()) == {401}, statuses
    refusals = [r for r in caplog.records if r.name == "hookline.slack.verify"]
    assert len(refusals) == 2 * len(bad)
    assert all(r.exc_info is None and "refused Slack request" in r.getMessage() for r in refusals)
    assert any("not a whole number" in r.getMessage() for r in refusals)
    assert not [r for r in caplog.records if r.exc_info]  # no traceback anywhere
    # a signed request still goes through, and a signed body that cannot be parsed is a 400, not a 500
    good = json.dumps(event_body(mention("hello", ts="1700000301.000100")))
    assert server.event(json.loads(good)).status_code == 200
    odd = "\xff".encode("latin-1")
    response = server.http.post(server.url + "/slack/events", content=odd, headers={
        "Content-Type": "application/json", **_sign_bytes(odd)})
    assert response.status_code == 400
    time.sleep(0.3)
    assert [c["text"] for c in agent.chats] == ["hello"]


def _sign_bytes(body: bytes) -> dict[str, str]:
    import hashlib
    import hmac

    ts = str(int(time.time()))
    digest = hmac.new(SIGNING_SECRET.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def test_the_verdict_uses_the_raw_bytes_and_the_given_clock() -> None:
    import io

    body = b'{"type":"event_callback"}'
    headers = _sign_bytes(body)
    environ = {"HTTP_X_SLACK_REQUEST_TIMESTAMP": headers["X-Slack-Request-Timestamp"],
               "HTTP_X_SLACK_SIGNATURE": headers["X-Slack-Signature"], "CONTENT_LENGTH": str(len(body))}
    now = float(headers["X-Slack-Request-Timestamp"])
    assert verify_request({**environ, "wsgi.input": io.BytesIO(body)}, SIGNING_SECRET, clock=lambda: now).body == body
    late = verify_request({**environ, "wsgi.input": io.BytesIO(body)}, SIGNING_SECRET, clock=lambda: now + 301)
    assert late.body is None and "300 s" in late.reason
    tampered = verify_request({**environ, "wsgi.input": io.BytesIO(body.replace(b"event", b"EVENT"))},
                              SIGNING_SECRET, clock=lambda: now)
    assert tampered.body is None and "does not match" in tampered.reason


def test_the_real_http_process_refuses_without_tracebacks(home: Path, slack_api, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = _bad_requests()
    server = SlackProcess(home, slack_api.url, tmp_path, "slack", env={"HOOKLINE_SLACK_RUN_SCHEDULER": "false"},
                          threads=2)
    try:
        statuses = {name: server.http.post(server.url + "/slack/events", content=body, headers=headers).status_code
                    for name, (body, headers) in bad.items()}
        assert set(statuses.values()) == {401}, statuses
    finally:
        stderr = server.stop()
    lines = [line for line in stderr.splitlines() if "refused Slack request" in line]
    assert len(lines) == len(bad), stderr[-3000:]
    assert "Traceback" not in stderr and SIGNING_SECRET not in stderr
