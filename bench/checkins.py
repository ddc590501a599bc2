"""Benchmark: scheduled check-ins. Prints one JSON document.

Targets:
- a scheduler pass over 1,000 schedules (50 workspaces) with nothing due: < 50 ms (it runs every 30 s at most);
- taking a due fire (compare-and-set, catch-up counting) + the ledger's claim and state changes: < 20 ms per
  check-in, so the bookkeeping is noise next to building the message;
- one check-in end to end on the demo-sized simulated account (160 creatives, 12 weeks), posted to a local Slack
  Web API: weekly report with its charts < 5 s, the other jobs < 1 s;
- catch-up after a month of downtime on a per-minute cron (≈ 43,000 missed fires, counted up to the cap): < 1 s.

Usage: python bench/checkins.py [--schedules 1000] [--workspaces 50] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from tools.core.runtime import build_runtime, forget_databases
from tools.core.settings import Settings

FIRE = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 Paris; the simulated data ends the day before


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def bench_passes(home: Path, n_schedules: int, n_workspaces: int, repeat: int) -> dict:
    from integrations.scheduler import Scheduler
    from tools.checkins.api import schedule_checkin
    from tools.checkins.clock import ManualClock

    settings = Settings(home=home, _env_file=None)
    jobs = ("weekly-report", "fatigue-alerts", "winners-digest", "velocity-check")
    start = time.perf_counter()
    for i in range(n_schedules):
        runtime = build_runtime(settings, f"ws{i % n_workspaces}")
        schedule_checkin(runtime, jobs[i % 4], f"#team-{i}", every="monday 9:00", tz="Europe/Paris",
                         now=FIRE - timedelta(days=1))
    created = time.perf_counter() - start
    clock = ManualClock(FIRE - timedelta(hours=1))
    scheduler = Scheduler(settings, clock=clock, poster_factory=lambda _rt: None)  # nothing is due: never posts
    idle = []
    for _ in range(repeat):
        t = time.perf_counter()
        report = scheduler.tick()
        idle.append(time.perf_counter() - t)
        assert not report.fired
    return {"schedules": n_schedules, "workspaces": n_workspaces, "create_ms_per_schedule":
            _ms(created / n_schedules), "idle_pass_ms_median": _ms(statistics.median(idle)),
            "idle_pass_ms_max": _ms(max(idle)), "target_idle_pass_ms": 50}


def bench_bookkeeping(home: Path, n: int) -> dict:
    """Take n due fires and run each through the ledger (claim → sending → sent → posted) without content."""
    from integrations.scheduler import fires as fire_store
    from tools.checkins import ledger
    from tools.checkins.api import schedule_checkin
    from tools.core.periods import checkin_period

    settings = Settings(home=home, _env_file=None)
    runtime = build_runtime(settings, "bookkeeping")
    for i in range(n):
        schedule_checkin(runtime, "winners-digest", f"#c{i}", every="monday 9:00", tz="Europe/Paris",
                         now=FIRE - timedelta(weeks=4))  # four missed Mondays each: the catch-up path
    db = runtime.database
    t = time.perf_counter()
    fires = fire_store.take_due(db, FIRE, owner="bench", lease=timedelta(minutes=10), grace=timedelta(minutes=5),
                                limit=n)
    take = time.perf_counter() - t
    period = checkin_period("winners-digest", FIRE, ZoneInfo("Europe/Paris"))
    t = time.perf_counter()
    for i, fire in enumerate(fires):
        claim = ledger.claim(runtime, ledger.ClaimRequest(job=fire.job, channel=f"C{i:08d}", channel_label=fire.channel,
                                                          period=period), owner="bench", now=FIRE,
                             lease=timedelta(minutes=10))
        run = claim.run
        for values in ({"state": "sending", "payload": {"text": "x", "blocks": [], "files": []}},
                       {"state": "sent", "message_ts": "1.0"}, {"state": "posted", "owner": None}):
            run = ledger.transition(db, run, holder="bench", now=FIRE, **values)
        fire_store.finish(db, fire, owner="bench", now=FIRE, outcome={"posted": True})
    books = time.perf_counter() - t
    notes = {f.note for f in fires}
    return {"fires": len(fires), "take_due_ms_per_fire": _ms(take / max(1, len(fires))),
            "ledger_ms_per_checkin": _ms(books / max(1, len(fires))), "catch_up_notes": sorted(n or "" for n in notes),
            "target_ms_per_checkin": 20}


def bench_end_to_end(home: Path) -> dict:
    from integrations.slack.poster import SlackWebApiPoster, slack_client
    from tests.analyst.loader import load_simulated
    from tests.support.slack_web_api import DEFAULT_TOKEN, SlackWebApiMock
    from tools.checkins.api import run_checkin
    from tools.checkins.clock import ManualClock
    from tools.simulator import simulate_account

    settings = Settings(home=home, _env_file=None)
    runtime = build_runtime(settings, "demo")
    t = time.perf_counter()
    account = simulate_account()
    rows = load_simulated(runtime, account)
    setup = time.perf_counter() - t
    clock = ManualClock(FIRE)
    out: dict = {"daily_rows": rows, "creatives": int(account.ads.shape[0]), "setup_s": round(setup, 2), "jobs": {}}
    with SlackWebApiMock(channels={"growth": "C0GROWTH01"}, clock=lambda: clock.now().timestamp()) as api:
        poster = SlackWebApiPoster(slack_client(DEFAULT_TOKEN, api.url))
        for job in ("weekly-report", "fatigue-alerts", "winners-digest", "velocity-check"):
            t = time.perf_counter()
            result = run_checkin(runtime, job, "#growth", poster=poster, clock=clock, all_quiet=True)
            elapsed = time.perf_counter() - t
            out["jobs"][job] = {"s": round(elapsed, 3), "posted": result.posted, "files": len(result.files),
                                "blocks": len(result.blocks or []), "target_s": 5.0 if job == "weekly-report" else 1.0}
        out["slack_calls"] = len(api.calls)
    return out


def bench_catch_up() -> dict:
    from tools.checkins.cron import fires_between

    t = time.perf_counter()
    count, latest = fires_between("* * * * *", ZoneInfo("Europe/Paris"), FIRE - timedelta(days=30), FIRE)
    return {"missed_counted": count, "latest": latest.isoformat() if latest else None,
            "s": round(time.perf_counter() - t, 3), "target_s": 1.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schedules", type=int, default=1000)
    parser.add_argument("--workspaces", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--fires", type=int, default=200)
    args = parser.parse_args()
    started = time.time()
    cpu = time.process_time()
    with tempfile.TemporaryDirectory(prefix="hookline-bench-checkins-") as tmp:
        root = Path(tmp)
        result = {
            "benchmark": "checkins",
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                        "load_1m": round(os.getloadavg()[0], 2)},
            "scheduler_pass": bench_passes(root / "passes", args.schedules, args.workspaces, args.repeat),
        }
        forget_databases()
        result["bookkeeping"] = bench_bookkeeping(root / "books", args.fires)
        forget_databases()
        result["end_to_end"] = bench_end_to_end(root / "e2e")
        forget_databases()
        result["catch_up"] = bench_catch_up()
    result["wall_s"] = round(time.time() - started, 1)
    result["cpu_s"] = round(time.process_time() - cpu, 1)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
