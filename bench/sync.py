"""Benchmark: `hookline sync` of 10,000 ads × 30 days from the local Graph API stand-in, against `hookline ingest`
of the same rows as an Ads Manager CSV.

Target: the sync (pull every page, decode, map, write into a fresh SQLite home; async report runs; creative media
of the ads that have it) within 2× the ingest of the CSV. The stand-in runs in a separate process (it is Meta's side,
not ours) and is warmed by one untimed sync so that it answers from encoded pages. Each side runs `--repeat` times,
alternating, into a fresh home each time; the best run of each is compared, and every sample is printed.
Run by hand: `python bench/sync.py [--ads 10000 --days 30] [--repeat 3]`. Prints one JSON document.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

TARGET_RATIO = 2.0


def _stand_in(ads: int, days: int):  # type: ignore[no-untyped-def]
    from tests.support.meta_graph_api import MetaStandIn

    api = MetaStandIn()
    api.add_ads(ads, [date(2026, 11, 1) + timedelta(days=i) for i in range(days)], video_every=3, image_every=100)
    return api


def _serve(ads: int, days: int, conn) -> None:  # type: ignore[no-untyped-def]
    api = _stand_in(ads, days).start()
    conn.send(api.url)
    conn.recv()  # until the benchmark is done
    api.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ads", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from tests.support.meta_graph_api import TOKEN
    from tools.core.runtime import build_runtime, forget_databases
    from tools.core.settings import Settings
    from tools.ingest.api import ingest_files
    from tools.ingest.meta_api.connection import connect_meta
    from tools.ingest.meta_api.sync import sync_meta

    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=_serve, args=(args.ads, args.days, child), daemon=True)
    server.start()
    url = parent.recv()
    now = datetime(2026, 11, 1, 12, tzinfo=UTC) + timedelta(days=args.days - 1)
    with tempfile.TemporaryDirectory(prefix="hookline-bench-sync-") as tmp:
        root = Path(tmp)
        csv_path = _stand_in(args.ads, args.days).to_csv(root / "export.csv")

        def fresh(name: str):  # type: ignore[no-untyped-def]
            home = root / name
            home.mkdir()
            return build_runtime(Settings(home=home, meta_api_url=url, fetch_allow_hosts="127.0.0.1", _env_file=None),
                                 "bench")  # the stand-in serves media from 127.0.0.1

        def run_sync(name: str) -> tuple[float, dict]:
            runtime = fresh(name)
            connect_meta(runtime, "act_1234567", TOKEN)
            started = time.perf_counter()
            result = sync_meta(runtime, since=(now - timedelta(days=args.days - 1)).date(), now=now)
            elapsed = time.perf_counter() - started
            forget_databases()
            return elapsed, result.model_dump(mode="json")

        def run_ingest(name: str) -> tuple[float, int]:
            runtime = fresh(name)
            _ = runtime.workspace_id  # schema created outside the timing, as for the sync (connect)
            started = time.perf_counter()
            result = ingest_files(runtime, csv_path)
            elapsed = time.perf_counter() - started
            forget_databases()
            return elapsed, result.rows

        warm_s, _ = run_sync("warm")
        sync_s, ingest_s = [], []
        last: dict = {}
        ingest_rows = 0
        for i in range(args.repeat):
            elapsed, ingest_rows = run_ingest(f"ingest{i}")
            ingest_s.append(elapsed)
            elapsed, last = run_sync(f"sync{i}")
            sync_s.append(elapsed)
    parent.send("stop")
    server.join(timeout=10)
    ratio = min(sync_s) / min(ingest_s)
    print(json.dumps({
        "benchmark": "sync", "ads": args.ads, "days": args.days, "rows": last.get("rows"), "ingest_rows": ingest_rows,
        "media_stored": last.get("media_stored"), "async_reports": last.get("async_reports"),
        "api_calls": last.get("api_calls"), "sync_s": [round(s, 3) for s in sync_s],
        "ingest_s": [round(s, 3) for s in ingest_s], "best_sync_s": round(min(sync_s), 3),
        "best_ingest_s": round(min(ingest_s), 3), "ratio": round(ratio, 2), "target_ratio": TARGET_RATIO,
        "meets_target": ratio <= TARGET_RATIO, "first_sync_untimed_warmup_s": round(warm_s, 3),
        "cpus": os.cpu_count(),
    }, indent=2))


if __name__ == "__main__":
    main()
