"""A small Graph API client: GET/POST with the token, cursor paging, async report runs, usage-header backoff.

Why plain httpx instead of `facebook-business`: the SDK builds one Python object per row (slow for 300k rows),
hides the usage headers we pace by, and pins a Graph version; the calls we need are four GETs and one POST.
Errors become Hookline's: a bad token (190) or a missing permission (10, 200-299) is an `InputError` naming what to
fix (exit 2); throttling (4, 17, 32, 613, 80000-80014) and transient failures are retried with backoff.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import orjson

from tools.core.errors import HooklineError, InputError

T = TypeVar("T")
DEFAULT_BASE_URL = "https://graph.facebook.com/v21.0/"
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, *range(80000, 80015)})
PERMISSION_CODES = frozenset({10, *range(200, 300)})
TOKEN_CODE = 190
_USAGE_HEADERS = ("x-business-use-case-usage", "x-ad-account-usage", "x-app-usage", "x-fb-ads-insights-throttle")
_SLOW_DOWN_PCT = 75.0  # above this share of a usage budget, pause before the next call


class MetaApiError(HooklineError):
    """The Graph API refused a call for a reason retrying will not fix (after retries for transient ones)."""

    def __init__(self, message: str, *, code: int | None = None, subcode: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.subcode = subcode


@dataclass
class Pacing:
    """How the client waits: injectable so tests run the real backoff logic without sleeping."""

    sleep: Callable[[float], None] = time.sleep
    max_attempts: int = 6
    base_delay_s: float = 2.0
    max_delay_s: float = 300.0
    waits: list[float] = field(default_factory=list)  # every wait taken, for reports and tests

    def wait(self, seconds: float) -> None:
        seconds = min(max(seconds, 0.0), self.max_delay_s)
        self.waits.append(seconds)
        if seconds > 0:
            self.sleep(seconds)

    def backoff(self, attempt: int) -> float:
        return self.base_delay_s * (2 ** attempt) * (1 + random.random() / 4)


def token_hint(account: str | None = None) -> str:
    target = account or "act_ID"
    return f"reconnect with `hookline connect meta --account {target} --token-env VAR`"


class GraphClient:
    """One connection to the Graph API for one token (thread-safe: httpx.Client is shared by the page workers)."""

    def __init__(self, base_url: str, token: str, *, pacing: Pacing | None = None, timeout_s: float = 120.0,
                 account: str | None = None, verify: Any = True) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self._token = token
        self.account = account
        self.pacing = pacing or Pacing()
        self._http = httpx.Client(timeout=timeout_s, headers={"Authorization": f"Bearer {token}"}, verify=verify,
                                  limits=httpx.Limits(max_connections=16, max_keepalive_connections=16))
        self._lock = threading.Lock()
        self.calls = 0
        self.usage_pct = 0.0  # the highest usage share Meta reported on the last call

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> GraphClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- calls --

    def get(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self._call("GET", self._url(path), params)

    def post(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self._call("POST", self._url(path), params)

    def pages(self, path: str, params: dict[str, Any] | None = None) -> Iterator[list[dict[str, Any]]]:
        """Each page's `data`, following `paging.next` (the cursor URL Meta hands back) until there is none."""
        body = self.get(path, params)
        while True:
            yield body.get("data") or []
            next_url = (body.get("paging") or {}).get("next")
            if not next_url:
                return
            body = self._call("GET", self._url(str(next_url)), None)

    def decoded_pages(self, path: str, params: dict[str, Any] | None,
                      decode: Callable[[bytes], tuple[T, str | None]]) -> Iterator[T]:
        """Like `pages`, but each raw page goes through `decode` (bytes → (result, next URL)): the caller parses."""
        url, query = self._url(path), params
        while True:
            result, next_url = decode(self._call("GET", url, query, raw=True))
            yield result
            if not next_url:
                return
            url, query = self._url(str(next_url)), None

    # -- internals --

    def _url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return _without_token(path)
        return self.base_url + path.lstrip("/")

    def _call(self, method: str, url: str, params: dict[str, Any] | None, raw: bool = False) -> Any:
        last: Exception | None = None
        for attempt in range(self.pacing.max_attempts):
            if self.usage_pct >= _SLOW_DOWN_PCT:
                self.pacing.wait(self.pacing.base_delay_s * (self.usage_pct - _SLOW_DOWN_PCT) / 5)
            try:
                response = self._http.request(method, url, params=_encode(params) if method == "GET" else None,
                                              data=_encode(params) if method == "POST" else None)
            except httpx.TransportError as exc:
                last = exc
                self.pacing.wait(self.pacing.backoff(attempt))
                continue
            with self._lock:
                self.calls += 1
            regain_s = self._read_usage(response.headers)
            if response.status_code < 400:
                if raw:
                    return response.content
                try:
                    return orjson.loads(response.content)
                except orjson.JSONDecodeError as exc:
                    last = exc
                    self.pacing.wait(self.pacing.backoff(attempt))
                    continue
            error = _error_of(response)
            code, subcode = error.get("code"), error.get("error_subcode")
            message = str(error.get("message") or response.reason_phrase)
            if code == TOKEN_CODE:
                raise InputError(
                    f"Meta rejected the access token ({message}; code 190"
                    + (f", subcode {subcode}" if subcode else "") + "): it expired or was revoked. Create a new "
                    f"token with the ads_read permission and {token_hint(self.account)}.", field="token")
            if code in PERMISSION_CODES:
                raise InputError(
                    f"Meta refused access to {self.account or 'the ad account'} ({message}; code {code}): the token "
                    "lacks the ads_read permission or access to this ad account. Grant ads_read (and the account in "
                    f"Business Settings), then {token_hint(self.account)}.", field="token")
            if code == 100 and response.status_code == 400:
                raise InputError(f"Meta refused the request ({message}; code 100): check the account id "
                                 "(act_…) and the breakdowns asked for.", field="account")
            transient = code in RATE_LIMIT_CODES or bool(error.get("is_transient")) or response.status_code >= 500
            if not transient:
                raise MetaApiError(f"Meta API error {code}: {message}", code=code, subcode=subcode)
            last = MetaApiError(f"Meta API error {code}: {message}", code=code, subcode=subcode)
            if code in RATE_LIMIT_CODES:
                self.pacing.wait(regain_s if regain_s else self.pacing.backoff(attempt))
            else:
                self.pacing.wait(self.pacing.backoff(attempt))
        raise MetaApiError(f"Meta API call failed after {self.pacing.max_attempts} attempts: {last}. Nothing was "
                           "changed; run `hookline sync` again later.")

    def _read_usage(self, headers: httpx.Headers) -> float:
        """Meta's usage headers → the highest usage share seen; returns seconds until access is regained (if said)."""
        highest, regain_s = 0.0, 0.0
        for name in _USAGE_HEADERS:
            raw = headers.get(name)
            if not raw:
                continue
            try:
                value = orjson.loads(raw)
            except orjson.JSONDecodeError:
                continue
            for entry in _usage_entries(value):
                for key, number in entry.items():
                    if not isinstance(number, int | float):
                        continue
                    if key == "estimated_time_to_regain_access":
                        regain_s = max(regain_s, float(number) * 60)  # Meta states minutes
                    elif key == "reset_time_duration":
                        regain_s = max(regain_s, float(number))  # seconds
                    elif key.endswith(("_pct", "call_count", "total_cputime", "total_time")):
                        highest = max(highest, float(number))
        self.usage_pct = highest
        return regain_s


def _usage_entries(value: Any) -> Iterator[dict[str, Any]]:
    """`x-business-use-case-usage` maps business ids to lists of dicts; the others are one dict."""
    if isinstance(value, dict):
        if any(isinstance(v, list) for v in value.values()):
            for items in value.values():
                if isinstance(items, list):
                    yield from (i for i in items if isinstance(i, dict))
        else:
            yield value


def _without_token(url: str) -> str:
    """A `paging.next` URL without the `access_token` Meta may put in it: the token travels in the Authorization
    header only, so it never appears in a URL that a log line or a proxy could record."""
    parts = urlsplit(url)
    if "access_token" not in parts.query:
        return url
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "access_token"])
    return urlunsplit(parts._replace(query=query))


def _error_of(response: httpx.Response) -> dict[str, Any]:
    try:
        body = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return {"message": f"HTTP {response.status_code}", "is_transient": response.status_code >= 500}
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {"message": f"HTTP {response.status_code}"}


def _encode(params: dict[str, Any] | None) -> dict[str, str] | None:
    """Graph parameters: lists/dicts as JSON, everything else as text."""
    if params is None:
        return None
    return {k: (orjson.dumps(v).decode() if isinstance(v, list | dict) else str(v)) for k, v in params.items()}
