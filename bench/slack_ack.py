"""Slack ack latency: signed event → HTTP 200, p50/p99 with 20 concurrent senders, Hookline vs a bare bolt app.

Both apps run the same way, each in its own process under gunicorn (1 gthread worker, 32 threads), on this machine,
in the same run, against the same local stand-in for Slack's Web API; rounds alternate between them to even out
drift. Every request is a unique, correctly signed `app_mention` (bodies and signatures prepared before timing).

- `bare`: `App(...)` with a no-op `app_mention` listener behind bolt's own WSGI adapter (bolt acks events at once).
- `hookline`: the production app; each ack includes the durable exactly-once claim (one INSERT into the SQLite
  ledger) and the hand-off to a worker queue; the jobs are left queued so only the ack path is measured.
- `hookline_with_workers`: the same, with this process's workers also running every job (placeholder, progress
  edits, summary, file uploads to the stand-in API; a scripted stand-in agent writes the files) while the acks
  are measured.

Target: p99(hookline) ≤ 1.2 × p99(bare). Prints one JSON document.

    python bench/slack_ack.py [--requests 400] [--senders 20] [--rounds 5]
"""

from __future__ import annotations

import sys
from pathlib import Path

# `python bench/x.py` puts bench/ first on sys.path, where bench/queue.py would shadow the standard `queue` module.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BOT_TOKEN = "xoxb-bench-0000-token"
SIGNING_SECRET = "bench-signing-secret-1234"
TEAM, BOT_USER = "T0BENCH", "U0BOT"
THREADS = 32


# -- server side (runs in a child process) ------------------------------------------------------------------------
def _bare_wsgi(api_url: str) -> Any:
    from slack_bolt import App
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient

    app = App(signing_secret=SIGNING_SECRET, client=WebClient(token=BOT_TOKEN, base_url=api_url),
              token_verification_enabled=False)

    @app.event("app_mention")
    def noop() -> None:
        return None

    return SlackRequestHandler(app, path="/slack/events")


def _hookline_wsgi(api_url: str, home: str, with_workers: bool) -> Any:
    from integrations.slack.config import SlackOptions
    from integrations.slack.dispatch import HeldDispatcher
    from integrations.slack.runner import build_wsgi
    from tools.core.settings import Settings

    settings = Settings(home=Path(home), workspace="bench", slack_bot_token=BOT_TOKEN,
                        slack_signing_secret=SIGNING_SECRET, slack_api_url=api_url, _env_file=None)
    options = SlackOptions(progress_interval_s=0.5, sweep_interval_s=3600, pending_grace_s=3600, _env_file=None)
    overrides: dict[str, Any] = {}
    if with_workers:
        from tests.slack.doubles import RecordingFileActions, ScriptedAgent

        overrides = {"agent": ScriptedAgent(), "files": RecordingFileActions()}
    else:
        overrides = {"dispatcher": lambda run: HeldDispatcher()}
    return build_wsgi(settings, options, **overrides)


def serve(kind: str, api_url: str, home: str, port_file: str) -> None:
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", "127.0.0.1:0")
            self.cfg.set("workers", 1)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", THREADS)
            self.cfg.set("loglevel", "warning")
            self.cfg.set("when_ready", lambda server: Path(port_file).write_text(
                str(server.LISTENERS[0].sock.getsockname()[1])))

        def load(self) -> Any:
            if kind == "bare":
                return _bare_wsgi(api_url)
            return _hookline_wsgi(api_url, home, with_workers=kind == "hookline_with_workers")

    Server().run()


# -- client side --------------------------------------------------------------------------------------------------
def _requests(count: int) -> list[tuple[bytes, dict[str, str]]]:
    from slack_sdk.signature import SignatureVerifier

    verifier = SignatureVerifier(SIGNING_SECRET)
    prepared = []
    for index in range(count):
        ts = f"{1_700_000_000 + index}.{uuid.uuid4().int % 1_000_000:06d}"
        body = json.dumps({
            "token": "x", "team_id": TEAM, "api_app_id": "A0BENCH", "type": "event_callback",
            "event_id": f"Ev{uuid.uuid4().hex[:12].upper()}", "event_time": int(time.time()),
            "event": {"type": "app_mention", "user": "U0ALICE", "text": f"<@{BOT_USER}> make 2 variants",
                      "ts": ts, "channel": "C0BENCH", "event_ts": ts},
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
        })
        stamp = str(int(time.time()))
        headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
                   "X-Slack-Signature": str(verifier.generate_signature(timestamp=stamp, body=body))}
        prepared.append((body.encode(), headers))
    return prepared


def _fire(url: str, prepared: list[tuple[bytes, dict[str, str]]], senders: int) -> tuple[list[float], int]:
    import httpx

    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    chunks = [prepared[i::senders] for i in range(senders)]
    start = threading.Barrier(senders)

    def sender(chunk: list[tuple[bytes, dict[str, str]]]) -> None:
        nonlocal errors
        local: list[float] = []
        bad = 0
        with httpx.Client(timeout=10) as client:
            start.wait()
            for body, headers in chunk:
                began = time.perf_counter()
                try:
                    response = client.post(url, content=body, headers=headers)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                local.append(time.perf_counter() - began)
                bad += not ok
        with lock:
            latencies.extend(local)
            errors += bad

    # the load generator must not pause its own senders: collect before, not during, the measurement
    gc.collect()
    gc.disable()
    try:
        with ThreadPoolExecutor(senders) as pool:
            list(pool.map(sender, chunks))
    finally:
        gc.enable()
    return latencies, errors


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _summary(latencies: list[float], errors: int) -> dict[str, Any]:
    ms = [v * 1000 for v in latencies]
    return {"requests": len(ms), "errors": errors, "p50_ms": round(_percentile(ms, 0.50), 2),
            "p99_ms": round(_percentile(ms, 0.99), 2), "mean_ms": round(statistics.fmean(ms), 2),
            "max_ms": round(max(ms), 2)}


WARMUP = 200


def _start(kind: str, api_url: str, home: str, senders: int) -> tuple[subprocess.Popen[bytes], str]:
    port_file = Path(home) / f"{kind}.port"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen([sys.executable, __file__, "--serve", kind, "--api-url", api_url, "--home", home,
                                "--port-file", str(port_file)], env=env, cwd=str(ROOT))
    deadline = time.monotonic() + 60
    while not port_file.exists() or not port_file.read_text():
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise RuntimeError(f"{kind} server did not start")
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port_file.read_text()}/slack/events"
    # warm up at full concurrency: imports, the first auth.test, and every request thread's first use
    _fire(url, _requests(WARMUP), senders)
    return process, url


def _ledger_rows(home: str, unfinished: bool = False) -> int:
    import sqlite3

    query = "SELECT COUNT(*) FROM jobs WHERE backend = 'slack'"  # Slack turns are rows of the work table
    if unfinished:
        query += " AND status IN ('queued', 'running')"
    with sqlite3.connect(Path(home) / "hookline.db") as connection:
        return connection.execute(query).fetchone()[0]


def _drain(home: str, timeout: float = 300.0) -> float:
    """Wait until the with-workers app has finished its jobs, so they do not load the next app's measurement."""
    started = time.monotonic()
    while _ledger_rows(home, unfinished=True) and time.monotonic() - started < timeout:
        time.sleep(0.2)
    os.sync()  # its files' writeback would otherwise land in a later app's measurement
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="signed events per app per round")
    parser.add_argument("--senders", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--serve")
    parser.add_argument("--api-url")
    parser.add_argument("--home")
    parser.add_argument("--port-file")
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.api_url, args.home, args.port_file)
        return

    from tests.support.slack_web_api import SlackWebApiMock

    kinds = ["bare", "hookline", "hookline_with_workers"]
    results: dict[str, tuple[list[float], int]] = {k: ([], 0) for k in kinds}
    round_p99: dict[str, list[float]] = {k: [] for k in kinds}
    with SlackWebApiMock(tokens={BOT_TOKEN: {"team_id": TEAM, "user_id": BOT_USER, "bot_id": "B0BOT"}},
                         channels={"bench": "C0BENCH"}) as api:
        homes = {k: tempfile.mkdtemp(prefix=f"hookline-bench-{k}-") for k in kinds}
        servers = {k: _start(k, api.url, homes[k], args.senders) for k in kinds}
        _drain(homes["hookline_with_workers"])  # the warm-up's jobs
        try:
            drained: list[float] = []
            for number in range(args.rounds):
                for kind in kinds[number % len(kinds):] + kinds[:number % len(kinds)]:  # rotate the order
                    latencies, errors = _fire(servers[kind][1], _requests(args.requests), args.senders)
                    round_p99[kind].append(_percentile(latencies, 0.99) * 1000)
                    results[kind][0].extend(latencies)
                    results[kind] = (results[kind][0], results[kind][1] + errors)
                    if kind == "hookline_with_workers":
                        drained.append(_drain(homes[kind]))
        finally:
            for process, _ in servers.values():
                process.terminate()
            for process, _ in servers.values():
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        claimed = _ledger_rows(homes["hookline"])

    summary = {kind: _summary(*results[kind]) for kind in kinds}
    ratio = summary["hookline"]["p99_ms"] / summary["bare"]["p99_ms"]
    ratio_workers = summary["hookline_with_workers"]["p99_ms"] / summary["bare"]["p99_ms"]
    round_ratios = [h / b for h, b in zip(round_p99["hookline"], round_p99["bare"], strict=True)]
    print(json.dumps({
        "benchmark": "slack_ack",
        "senders": args.senders,
        "requests_per_app": args.requests * args.rounds,
        "server": f"gunicorn, 1 gthread worker x {THREADS} threads, one process per app",
        "database": "SQLite (WAL) ledger, one INSERT per ack",
        **summary,
        "hookline_claims_recorded": claimed,
        "hookline_claims_expected": WARMUP + args.requests * args.rounds,
        "with_workers_jobs_done": _ledger_rows(homes["hookline_with_workers"]),
        "with_workers_drain_s_per_round": [round(d, 1) for d in drained],
        "p99_ms_per_round": {k: [round(v, 1) for v in values] for k, values in round_p99.items()},
        "p99_ratio_per_round_median": round(statistics.median(round_ratios), 3),
        "p99_ratio_hookline_vs_bare": round(ratio, 3),
        "p99_ratio_with_workers_vs_bare": round(ratio_workers, 3),
        "target_p99_ratio": 1.2,
        "meets_target": ratio <= 1.2,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
    }, indent=2))


if __name__ == "__main__":
    main()
