"""Hardening benchmark: the guarded fetcher's throughput against plain httpx on a loopback server, how fast a refused
URL is refused, the raw-body Slack verification per request, and what the font stack adds to a render.

    python bench/hardening.py [--mb 64] [--renders 10]

Prints one JSON document.
"""

from __future__ import annotations

import argparse
import http.server
import io
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _server(size: int) -> tuple[http.server.ThreadingHTTPServer, str]:
    body = os.urandom(1 << 20)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(size))
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()
            sent = 0
            while sent < size:
                chunk = body[: min(len(body), size - sent)]
                self.wfile.write(chunk)
                sent += len(chunk)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/blob"


def bench_fetch(mb: int) -> dict[str, object]:
    import httpx

    from tools.core.fetch import FetchPolicy, FetchRefused, download

    size = mb << 20
    server, url = _server(size)
    policy = FetchPolicy(max_bytes=size + 1, allow_hosts=frozenset({"127.0.0.1"}))
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        download(url, Path(folder) / "guarded", policy)
        guarded = time.perf_counter() - started
        started = time.perf_counter()
        with httpx.Client() as client, client.stream("GET", url) as response, open(Path(folder) / "plain", "wb") as out:
            for block in response.iter_bytes(1 << 16):
                out.write(block)
        plain = time.perf_counter() - started
        refusals = []
        for host in ("localhost", "2130706433", "0x7f000001", "[::ffff:127.0.0.1]", "169.254.169.254", "10.0.0.1"):
            started = time.perf_counter()
            try:
                download(f"http://{host}/x", Path(folder) / "x", FetchPolicy())
            except FetchRefused:
                refusals.append((time.perf_counter() - started) * 1000)
    server.shutdown()
    return {"mb": mb, "guarded_mb_s": round(mb / guarded, 1), "plain_httpx_mb_s": round(mb / plain, 1),
            "refusal_ms_p50": round(statistics.median(refusals), 2), "refusal_ms_max": round(max(refusals), 2),
            "refused": len(refusals)}


def bench_verify(n: int = 5000) -> dict[str, object]:
    import hashlib
    import hmac

    from integrations.slack.verify import verify_request

    secret, body = "s" * 32, b'{"type":"event_callback","event":{"type":"app_mention","text":"hello"}}' * 20
    ts = str(int(time.time()))
    sig = "v0=" + hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
    environ = {"HTTP_X_SLACK_REQUEST_TIMESTAMP": ts, "HTTP_X_SLACK_SIGNATURE": sig, "CONTENT_LENGTH": str(len(body))}
    started = time.perf_counter()
    for _ in range(n):
        assert verify_request({**environ, "wsgi.input": io.BytesIO(body)}, secret).body is not None
    per = (time.perf_counter() - started) / n
    return {"requests": n, "body_bytes": len(body), "verify_us_per_request": round(per * 1e6, 1)}


def bench_render(renders: int) -> dict[str, object]:
    from tools.core.domain.variant import AdCopy, BrandStyle, VisualWrapper
    from tools.creator.compositor import render_variant
    from tools.creator.placements import PLACEMENTS

    wrapper = VisualWrapper(layout="stacked", background="solid", background_colour="#1B2A41",
                            accent_colour="#E07A5F", text_colour="#F4EDE4")
    latin = AdCopy(hook="Still hiding your skin?", headline="Calm, clear skin in 14 days",
                   body="Our barrier serum soothes redness overnight.", cta="Shop now")
    scripts = AdCopy(hook="早上好 ☕ Wake up 🚀", headline="קפה של בוקר · قهوة الصباح", body="सुबह की कॉफी, กาแฟ",
                     cta="Shop ☕")
    style = BrandStyle(palette=["#1B2A41"], brand_name="Mossbrew")
    out: dict[str, object] = {}
    for name, copy in (("latin", latin), ("every_script", scripts)):
        started = time.perf_counter()
        render_variant(copy, wrapper, style, PLACEMENTS["9x16"])  # first: font files and coverage loaded
        first = time.perf_counter() - started
        times = []
        for _ in range(renders):
            started = time.perf_counter()
            render_variant(copy, wrapper, style, PLACEMENTS["9x16"])
            times.append(time.perf_counter() - started)
        out[name] = {"first_ms": round(first * 1000, 1), "p50_ms": round(statistics.median(times) * 1000, 1)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=64)
    parser.add_argument("--renders", type=int, default=10)
    args = parser.parse_args()
    print(json.dumps({"fetch": bench_fetch(args.mb), "slack_verify": bench_verify(),
                      "render_9x16": bench_render(args.renders)}, indent=2))


if __name__ == "__main__":
    main()
