"""The one guarded fetcher: every URL Hookline opens for a user (extract, brand add, Slack files) goes through here.

Why one place: a URL from a Slack message is untrusted. Each caller once opened it with its own httpx client, so
`http://169.254.169.254/` (cloud metadata) or `http://localhost:6379/` was fetched and the answer shown to the
user. Here a URL is only fetched over http(s); the host is resolved once and every address it resolves to is
checked (loopback, private, link-local, multicast, reserved, unspecified and IPv4-mapped IPv6 are refused), then
the socket connects to exactly the checked address — so no spelling (`2130706433`, `0x7f000001`,
`[::ffff:127.0.0.1]`) and no DNS answer that changes between check and connect gets through. Each redirect hop is
a new connection and is checked the same way. A download has one total deadline (a server dripping a byte at a
time cannot hold it), a size cap, and its temporary file is removed on every exit.

Named hosts may be allowed to resolve to private addresses (`HOOKLINE_FETCH_ALLOW_HOSTS`, for a self-hosted media
server); none are by default. Proxies from the environment are not used (they would connect on our behalf).
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import socket
import ssl
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import httpcore
import httpx

from tools.core.errors import InputError
from tools.core.settings import Settings

DEFAULT_DEADLINE_S = 60.0
MAX_REDIRECTS = 5
ALLOW_HOSTS_SETTING = "HOOKLINE_FETCH_ALLOW_HOSTS"


class FetchRefused(InputError):
    """A URL Hookline will not open (scheme, address, redirect target). Exit 2; names the URL and the reason."""


class FetchTooLarge(InputError):
    """The body is over the policy's size cap (declared or sent); `limit` is the cap in the option's unit."""

    def __init__(self, message: str, *, url: str, limit: str) -> None:
        super().__init__(message, file=url)
        self.limit = limit


class FetchHTTPError(InputError):
    """The server answered with an HTTP error status; `status` lets callers say what that means for them."""

    def __init__(self, message: str, *, status: int, url: str) -> None:
        super().__init__(message, file=url)
        self.status = status


@dataclass(frozen=True)
class FetchPolicy:
    """What one download may do. The defaults refuse every non-public address."""

    max_bytes: int = 200 * 1024 * 1024
    deadline_s: float = DEFAULT_DEADLINE_S
    allow_hosts: frozenset[str] = frozenset()  # host names allowed to resolve to private addresses
    host_check: Callable[[httpx.URL], str | None] | None = field(default=None, compare=False)
    """Extra per-hop rule: returns a refusal reason, or None to go on (Slack files: only Slack's file hosts)."""
    size_unit: str = "MB"  # the unit the user's option speaks, for the size-cap message
    size_setting: str | None = None  # the setting that raises the cap, named in the message


@dataclass(frozen=True)
class FetchResult:
    url: str  # the URL asked for
    final_url: str  # after redirects
    path: Path
    size_bytes: int
    content_type: str  # media type, lower case, without parameters
    charset: str | None
    sha256: str


def parse_allow_hosts(value: str | Iterable[str] | None) -> frozenset[str]:
    """`"media.lan, 10.0.0.5"` -> {"media.lan", "10.0.0.5"} (lower case, brackets stripped)."""
    if value is None:
        return frozenset()
    items = value.split(",") if isinstance(value, str) else list(value)
    return frozenset(item.strip().strip("[]").lower().rstrip(".") for item in items if item.strip())


def policy_from_settings(settings: Settings, *, max_bytes: int, deadline_s: float | None = None,
                         size_unit: str = "MB", size_setting: str | None = None,
                         host_check: Callable[[httpx.URL], str | None] | None = None) -> FetchPolicy:
    """The policy of this installation: its allowed private hosts and download deadline."""
    return FetchPolicy(max_bytes=max_bytes, deadline_s=deadline_s or settings.fetch_deadline_s,
                       allow_hosts=parse_allow_hosts(settings.fetch_allow_hosts), host_check=host_check,
                       size_unit=size_unit, size_setting=size_setting)


def address_refusal(address: str) -> str | None:
    """Why `address` (an IP literal) may not be fetched, or None when it is a public unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if mapped is not None:
            reason = address_refusal(str(mapped))
            return f"{reason} (inside the IPv6 address {ip})" if reason else None
    checks = (("is_unspecified", "an unspecified address"), ("is_loopback", "a loopback address (this machine)"),
              ("is_link_local", "a link-local address (such as cloud metadata)"),
              ("is_multicast", "a multicast address"), ("is_reserved", "a reserved address"),
              ("is_private", "a private-network address"))
    for attribute, reason in checks:
        if getattr(ip, attribute):
            return f"{ip}, which is {reason}"
    if not ip.is_global:
        return f"{ip}, which is not a public address"
    return None


def _fmt_size(n: int, unit: str) -> str:
    # the project's "MB" options all multiply by 2**20 (--max-mb, HOOKLINE_SLACK_MAX_DOWNLOAD_MB)
    scale = {"KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}.get(unit, 1)
    return f"{n / scale:.3g} {unit}"


class _Deadline:
    def __init__(self, seconds: float, url: str) -> None:
        self.url, self.seconds, self.end = url, seconds, time.monotonic() + seconds

    def left(self) -> float:
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise InputError(f"{self.url}: the download took longer than its {self.seconds:g} s limit and was "
                             "stopped.", file=self.url)
        return remaining

    def clamp(self, timeout: float | None) -> float:
        left = self.left()
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every read and write ends by the download's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._inner, self._deadline = inner, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.clamp(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.clamp(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, self._deadline.clamp(timeout)),
                               self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.SyncBackend):
    """Resolves, checks, and connects to the checked address itself (no second lookup to rebind)."""

    def __init__(self, policy: FetchPolicy, deadline: _Deadline, url: str) -> None:
        self._policy, self._deadline, self._url = policy, deadline, url

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        name = host.strip("[]").lower().rstrip(".")
        try:
            infos = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise InputError(f"{self._url}: the host {host!r} could not be resolved ({exc}).", file=self._url) from None
        addresses = list(dict.fromkeys((info[0], info[4][0]) for info in infos))
        if name not in self._policy.allow_hosts:
            for _family, address in addresses:
                reason = address_refusal(address)
                if reason:
                    raise FetchRefused(
                        f"Refused to fetch {self._url}: the host {host!r} resolves to {reason}. Hookline only opens "
                        f"public http(s) addresses; to allow a self-hosted server, name its host in "
                        f"{ALLOW_HOSTS_SETTING}.", file=self._url)
        last: OSError | None = None
        for family, address in addresses:
            sock = socket.socket(family, socket.SOCK_STREAM)
            try:
                sock.settimeout(self._deadline.clamp(timeout))
                sock.connect((address, port))
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError as exc:
                sock.close()
                last = exc
                continue
            return _DeadlineStream(httpcore._backends.sync.SyncStream(sock), self._deadline)
        raise httpcore.ConnectError(str(last or "no address"))


@cache
def _tls_context() -> ssl.SSLContext:
    """Loading the CA bundle costs tens of milliseconds: once per process."""
    return ssl.create_default_context()


def check_url(url: str) -> httpx.URL:
    """The parsed URL when its scheme and form may be fetched, else FetchRefused (before any connection)."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchRefused(f"Refused to fetch {url}: not a valid URL ({exc}).", file=url) from None
    if parsed.scheme not in ("http", "https"):
        raise FetchRefused(f"Refused to fetch {url}: only http and https URLs are opened (this one is "
                           f"{parsed.scheme or 'without a scheme'}).", file=url)
    if not parsed.host:
        raise FetchRefused(f"Refused to fetch {url}: the URL names no host.", file=url)
    if parsed.userinfo:
        raise FetchRefused(f"Refused to fetch {url}: URLs with a user name or password are not opened.", file=url)
    return parsed


def download(url: str, dest: Path, policy: FetchPolicy | None = None, *,
             headers: Mapping[str, str] | None = None) -> FetchResult:
    """Stream `url` to `dest` (atomically: a temp file beside it, renamed at the end, removed on any failure).

    Raises FetchRefused (refused URL/address/redirect), FetchHTTPError (status >= 400) or InputError (deadline,
    size cap, network failure) — all exit 2 at the CLI and name the URL.
    """
    policy = policy or FetchPolicy()
    deadline = _Deadline(policy.deadline_s, url)
    current = check_url(url)
    dest.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".part-", dir=dest.parent)
    os.close(handle)
    try:
        with httpcore.ConnectionPool(ssl_context=_tls_context(), network_backend=_GuardedBackend(policy, deadline, url),
                                     max_connections=1, retries=0) as pool:
            for _hop in range(MAX_REDIRECTS + 1):
                if policy.host_check is not None:
                    reason = policy.host_check(current)
                    if reason:
                        raise FetchRefused(f"Refused to fetch {url}: {reason}.", file=url)
                request_headers = {"Accept-Encoding": "identity", "User-Agent": "hookline",
                                   **(dict(headers) if headers else {})}
                left = deadline.left()
                timeouts = {"connect": min(10.0, left), "read": left, "write": left, "pool": left}
                with pool.stream("GET", str(current), headers=list(request_headers.items()),
                                 extensions={"timeout": timeouts}) as response:
                    status = response.status
                    head = httpx.Headers(response.headers)
                    if status in (301, 302, 303, 307, 308) and head.get("location"):
                        current = check_url(str(current.join(head["location"])))
                        continue
                    if status >= 400:
                        raise FetchHTTPError(f"{url}: the server answered HTTP {status}.", status=status, url=url)
                    declared = head.get("content-length", "")
                    if declared.isdigit() and int(declared) > policy.max_bytes:
                        raise _too_large(url, policy, f"{_fmt_size(int(declared), policy.size_unit)} declared")
                    size, digest = 0, hashlib.sha256()
                    with open(temp_name, "wb") as out:
                        for chunk in response.iter_stream():
                            deadline.left()
                            size += len(chunk)
                            if size > policy.max_bytes:
                                raise _too_large(url, policy, "more was sent")
                            digest.update(chunk)
                            out.write(chunk)
                    media = head.get("content-type", "")
                    content_type = media.split(";")[0].strip().lower()
                    charset = httpx.Response(200, headers=head).charset_encoding
                    os.replace(temp_name, dest)
                    return FetchResult(url=url, final_url=str(current), path=dest, size_bytes=size,
                                       content_type=content_type, charset=charset, sha256=digest.hexdigest())
            raise FetchRefused(f"Refused to fetch {url}: more than {MAX_REDIRECTS} redirects.", file=url)
    except httpcore.TimeoutException:
        deadline.left()  # raises the deadline message when that is what ran out
        raise InputError(f"{url}: the server stopped answering (timed out).", file=url) from None
    except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol) as exc:
        raise InputError(f"{url}: could not be downloaded ({exc.__class__.__name__}: {exc}).", file=url) from None
    finally:
        if os.path.exists(temp_name):
            os.unlink(temp_name)


def _too_large(url: str, policy: FetchPolicy, detail: str) -> FetchTooLarge:
    limit = _fmt_size(policy.max_bytes, policy.size_unit)
    where = f"; raise it with {policy.size_setting}" if policy.size_setting else ""
    return FetchTooLarge(f"{url}: too large ({detail}; the limit is {limit}{where}).", url=url, limit=limit)


def fetch_bytes(url: str, policy: FetchPolicy | None = None) -> tuple[bytes, FetchResult]:
    """A small download held in memory (brand pages): same guards, the temp folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="hookline-fetch-") as folder:
        result = download(url, Path(folder) / "body", policy)
        return result.path.read_bytes(), result
