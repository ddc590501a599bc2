"""Verify a Slack HTTP request on its raw bytes before anything parses it.

Why before bolt: bolt builds its request object (parsing form bodies and JSON) before its own signature check, so
an unsigned or garbled body, or a non-numeric `X-Slack-Request-Timestamp`, raised inside the WSGI app and came back
as a 500 with a traceback per request. Here the body is read once, bounded by `MAX_BODY_BYTES`, and checked
against the HMAC signature and the 5-minute freshness window; anything else is a 401 with one log line, no
traceback, and nothing is parsed.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MAX_BODY_BYTES = 1 << 20  # Slack's event, command and interaction payloads are a few KB
MAX_AGE_S = 300  # Slack's documented replay window
DRAIN_LIMIT = 8 << 20  # a refused body up to this size is read and dropped, so the client gets its 401 cleanly

log = logging.getLogger("hookline.slack.verify")


@dataclass(frozen=True)
class Verdict:
    body: bytes | None  # the verified raw body; None when refused
    reason: str = ""


def verify_request(environ: dict[str, Any], signing_secret: str, *, max_body: int = MAX_BODY_BYTES,
                   clock: Callable[[], float] = time.time) -> Verdict:
    """The verified raw body of a WSGI request, or the reason it is refused (the body is then never parsed)."""
    verdict = _verify(environ, signing_secret, max_body, clock)
    if verdict.body is None:
        _drain(environ)
    return verdict


def _drain(environ: dict[str, Any]) -> None:
    """Read and drop what is left of a refused body (bounded): a server that answers before the client has sent
    its body resets the connection, and the client sees no 401 at all."""
    length_text = environ.get("CONTENT_LENGTH", "") or ""
    stream = environ.get("wsgi.input")
    if stream is None or not length_text.isascii() or not length_text.isdigit():
        return
    left = int(length_text) - environ.get("hookline.read", 0)
    if left > DRAIN_LIMIT:
        return
    try:
        while left > 0:
            chunk = stream.read(min(left, 1 << 16))
            if not chunk:
                return
            left -= len(chunk)
    except OSError:
        return


def _verify(environ: dict[str, Any], signing_secret: str, max_body: int, clock: Callable[[], float]) -> Verdict:
    timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
    signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
    length_text = environ.get("CONTENT_LENGTH", "") or ""
    if not signature or not timestamp:
        return Verdict(None, "unsigned (no X-Slack-Signature / X-Slack-Request-Timestamp)")
    if not timestamp.isascii() or not timestamp.isdigit():
        return Verdict(None, "X-Slack-Request-Timestamp is not a whole number of seconds")
    if abs(clock() - int(timestamp)) > MAX_AGE_S:
        return Verdict(None, f"timestamp more than {MAX_AGE_S} s away from now (replayed or clock skew)")
    if not length_text.isascii() or not length_text.isdigit():
        return Verdict(None, "no Content-Length")
    length = int(length_text)
    if length > max_body:
        return Verdict(None, f"body of {length} bytes is over the {max_body}-byte limit")
    stream = environ.get("wsgi.input")
    body = stream.read(length) if stream is not None and length else b""
    environ["hookline.read"] = len(body)
    if len(body) != length:
        return Verdict(None, "body shorter than its Content-Length")
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        return Verdict(None, "signature does not match the body")
    return Verdict(body)


def log_refusal(environ: dict[str, Any], reason: str) -> None:
    """One line per refused request: where it came from, what it asked for, why it was refused."""
    log.warning("refused Slack request %s %s from %s: %s", environ.get("REQUEST_METHOD", "?"),
                environ.get("PATH_INFO", "?"), environ.get("REMOTE_ADDR", "?"), reason)
