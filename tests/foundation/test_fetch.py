"""The guarded fetcher against real sockets: a loopback canary server must see zero requests for every refused
spelling of an internal address, on the first hop and after a redirect; a dripping server is cut at the deadline."""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tools.core.errors import InputError
from tools.core.fetch import FetchPolicy, FetchRefused, FetchTooLarge, address_refusal, download


class _Canary(http.server.ThreadingHTTPServer):
    hits: list[str]


def _serve(handler: type[http.server.BaseHTTPRequestHandler], host: str = "0.0.0.0") -> Iterator[_Canary]:
    server = _Canary((host, 0), handler)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


class _Recording(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        body = b"internal secret"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def canary() -> Iterator[_Canary]:
    """Listens on every local IPv4 address: any request that gets through is recorded."""
    yield from _serve(_Recording)


SPELLINGS = ["localhost", "127.0.0.1", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "0.0.0.0", "[::1]",
             "[::ffff:127.0.0.1]", "[0:0:0:0:0:ffff:7f00:1]", "[::]", "LOCALHOST."]


@pytest.mark.parametrize("host", SPELLINGS)
def test_every_spelling_of_this_machine_is_refused_before_any_request(canary: _Canary, host: str,
                                                                     tmp_path: Path) -> None:
    url = f"http://{host}:{canary.server_address[1]}/latest/meta-data"
    with pytest.raises(FetchRefused) as refused:
        download(url, tmp_path / "out", FetchPolicy())
    message = str(refused.value)
    assert url in message and any(w in message for w in ("loopback", "unspecified", "not a valid URL"))
    assert refused.value.file == url
    assert canary.hits == []
    assert list(tmp_path.iterdir()) == []  # no temp file left


@pytest.mark.parametrize("address, kind", [
    ("169.254.169.254", "link-local"), ("10.0.0.1", "private"), ("192.168.1.10", "private"),
    ("172.16.0.1", "private"), ("100.64.0.1", "not a public"), ("224.0.0.1", "multicast"),
    ("240.0.0.1", "reserved"), ("fe80::1", "link-local"), ("fc00::1", "private"), ("ff02::1", "multicast"),
    ("::ffff:169.254.169.254", "link-local"), ("2002:7f00:1::", "loopback"),
])
def test_internal_addresses_are_named_by_kind(address: str, kind: str) -> None:
    reason = address_refusal(address)
    assert reason is not None and kind in reason


def test_public_addresses_pass() -> None:
    assert address_refusal("93.184.216.34") is None and address_refusal("2606:4700::1111") is None


def test_cloud_metadata_is_refused_without_a_connection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    connects: list[object] = []
    monkeypatch.setattr(socket.socket, "connect", lambda self, addr: connects.append(addr))
    with pytest.raises(FetchRefused, match=r"resolves to 169\.254\.169\.254, which is a link-local address"):
        download("http://169.254.169.254/latest/meta-data/iam", tmp_path / "x", FetchPolicy())
    assert connects == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/x", "gopher://127.0.0.1:70/",
                                 "http://user:pw@example.com/", "http:///nohost"])
def test_other_schemes_and_forms_are_refused(url: str, tmp_path: Path) -> None:
    with pytest.raises(FetchRefused):
        download(url, tmp_path / "x", FetchPolicy())


def test_a_name_that_resolves_inside_is_refused_and_the_checked_address_is_the_one_connected(
        canary: _Canary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: the resolver is asked once per connection, and the socket connects to that exact answer."""
    real = socket.getaddrinfo
    calls: list[str] = []

    def resolver(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(host)
        return real("127.0.0.1" if host == "rebind.test" else host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    url = f"http://rebind.test:{canary.server_address[1]}/"
    with pytest.raises(FetchRefused, match=r"rebind\.test.*loopback"):
        download(url, tmp_path / "x", FetchPolicy())
    assert canary.hits == [] and calls == ["rebind.test"]
    # named in the setting, the same host is fetched, from the address that was checked
    result = download(url, tmp_path / "x", FetchPolicy(allow_hosts=frozenset({"rebind.test"})))
    assert result.path.read_bytes() == b"internal secret" and canary.hits == ["/"] and calls.count("rebind.test") == 2


def test_a_redirect_into_the_machine_is_refused(canary: _Canary, tmp_path: Path) -> None:
    target = f"http://localhost:{canary.server_address[1]}/admin"

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    for server in _serve(Redirect, host="127.0.0.1"):
        # the first hop is an allowed self-hosted server; the hop it redirects to is not
        url = f"http://127.0.0.1:{server.server_address[1]}/ad.mp4"
        with pytest.raises(FetchRefused, match="loopback"):
            download(url, tmp_path / "x", FetchPolicy(allow_hosts=frozenset({"127.0.0.1"})))
    assert canary.hits == []


def test_a_dripping_server_is_cut_at_the_total_deadline(tmp_path: Path) -> None:
    class Drip(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            try:
                for _ in range(1000):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass

        def log_message(self, *args: object) -> None:
            pass

    for server in _serve(Drip, host="127.0.0.1"):
        started = time.monotonic()
        with pytest.raises(InputError, match=r"longer than its 1\.5 s limit"):
            download(f"http://127.0.0.1:{server.server_address[1]}/slow", tmp_path / "slow",
                     FetchPolicy(deadline_s=1.5, allow_hosts=frozenset({"127.0.0.1"})))
        assert time.monotonic() - started < 2.5  # each read waits at most until the deadline
    assert list(tmp_path.iterdir()) == []


def test_size_cap_speaks_the_options_unit(canary: _Canary, tmp_path: Path) -> None:
    policy = FetchPolicy(max_bytes=4, allow_hosts=frozenset({"127.0.0.1"}), size_unit="MB", size_setting="--max-mb")
    with pytest.raises(FetchTooLarge, match=r"the limit is 3\.81e-06 MB; raise it with --max-mb"):
        download(f"http://127.0.0.1:{canary.server_address[1]}/x", tmp_path / "x", policy)
    assert list(tmp_path.iterdir()) == []


def test_cli_extract_of_cloud_metadata_exits_2_naming_url_and_reason(home: Path) -> None:
    result = run_cli(["extract", "http://169.254.169.254/latest/meta-data/"], home=home, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "http://169.254.169.254/latest/meta-data/" in result.stderr and "link-local" in result.stderr
    assert "Traceback" not in result.stderr


def test_asking_the_agent_to_break_down_an_internal_url_fetches_nothing(canary: _Canary, home: Path) -> None:
    """The Slack/CLI path: the agent's extract tool goes through the same fetcher; the reply says why."""
    import json

    url = f"http://localhost:{canary.server_address[1]}/latest/meta-data/iam"
    result = run_cli(["--json", "chat", f"break down this ad {url}"], home=home, timeout=300)
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert [c["name"] for c in reply["tool_calls"]] == ["extract_blueprint"]
    assert "Refused to fetch" in reply["reply"] and "loopback" in reply["reply"] and reply["attachments"] == []
    assert canary.hits == []


def test_slack_file_downloads_never_follow_a_redirect_off_slack(canary: _Canary, tmp_path: Path) -> None:
    """The bot token goes only to Slack's hosts (here the SLACK_API_URL host): a redirect elsewhere is refused
    before anything is sent there."""
    from integrations.slack.files import download_private_file

    elsewhere = f"http://localhost:{canary.server_address[1]}/steal"
    seen: list[str | None] = []

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.headers.get("Authorization"))
            self.send_response(302)
            self.send_header("Location", elsewhere)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    for server in _serve(Redirect, host="127.0.0.1"):
        api = f"http://127.0.0.1:{server.server_address[1]}/api/"
        url = f"http://127.0.0.1:{server.server_address[1]}/files-pri/T1-F1/report.csv"
        with pytest.raises(InputError, match="not a Slack host"):
            download_private_file(url, "xoxb-secret", tmp_path / "report.csv", api_url=api, max_bytes=1 << 20)
    assert seen == ["Bearer xoxb-secret"] and canary.hits == []
    assert list(tmp_path.iterdir()) == []
