"""Benchmark: `performance_query` and `explain_change` on 1,000,000 daily rows (10,000 ads × 100 days, SQLite), warm,
against a bare pandas groupby of the same rows already in memory. Targets: ≤ 1.5× pandas and ≤ 1 s per question.
Prints one JSON document.

Usage: python bench/query.py [--ads 10000] [--days 100] [--db PATH] [--repeat 5]
The table is built once per --db path (bench/report.py's generator, plus creative attributes and campaigns) and reused.
"Warm" means the process already answered once (the facts are in its cache; that first answer is reported as cold).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
import pandas as pd
from report import FIRST_DAY, build  # bench/report.py: the same 1M-row generator

from tools.core.periods import resolve_period
from tools.core.runtime import build_runtime
from tools.core.settings import Settings

FORMATS = ("UGC video", "Studio video", "Static image")
HOOKS = ("Testimonial", "Question", "Bold claim", "Problem solution", "How-to")
CAMPAIGNS = 20


def label(db: Path) -> None:
    """Creative attributes and campaigns for the generated ads (the generator has neither)."""
    with sqlite3.connect(db) as conn:
        if conn.execute("SELECT count(*) FROM campaigns").fetchone()[0]:
            return
        account = conn.execute("SELECT min(id) FROM ad_accounts").fetchone()[0]
        conn.executemany("INSERT INTO campaigns (account_id, external_id, name) VALUES (?,?,?)",
                         [(account, f"c{i}", f"Campaign {i}") for i in range(CAMPAIGNS)])
        first = conn.execute("SELECT min(id) FROM campaigns").fetchone()[0]
        conn.execute(f"UPDATE ads SET campaign_id = {first} + (id % {CAMPAIGNS})")
        rows = conn.execute("SELECT id FROM creatives ORDER BY id").fetchall()
        conn.executemany("UPDATE creatives SET attributes = ? WHERE id = ?",
                         [(json.dumps({"Format": FORMATS[i % 3], "Hook type": HOOKS[i % 5]}), cid)
                          for i, (cid,) in enumerate(rows)])


def frame(db: Path) -> pd.DataFrame:
    """The same rows for pandas, with each row's ad attributes already joined (pandas gets a head start)."""
    with sqlite3.connect(db) as conn:
        daily = pd.read_sql("SELECT ad_id, day, spend, impressions, link_clicks, purchases, purchase_value "
                            "FROM performance_daily", conn)
        ads = pd.read_sql("SELECT ads.id AS ad_id, ads.campaign_id, creatives.attributes FROM ads "
                          "JOIN creatives ON creatives.id = ads.creative_id", conn)
    ads["format"] = [json.loads(a)["Format"] for a in ads["attributes"]]
    daily["day"] = pd.to_datetime(daily["day"]).dt.date
    merged = daily.merge(ads[["ad_id", "campaign_id", "format"]], on="ad_id")
    merged["format"] = merged["format"].astype("category")
    return merged


def timed(fn, repeat: int) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    walls, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        walls.append(time.perf_counter() - started)
    return statistics.median(walls), min(walls), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ads", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=100)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from tools.performance.api import explain_change, performance_query

    db = args.db or Path(tempfile.gettempdir()) / f"hookline-bench-query-{args.ads}x{args.days}.db"
    home = Path(tempfile.mkdtemp(prefix="hookline-bench-"))
    runtime = build_runtime(Settings(home=home, database_url=f"sqlite:///{db}", _env_file=None), "bench")
    _ = runtime.workspace_id
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT count(*) FROM performance_daily").fetchone()[0]
    build_s = None
    if rows == 0:
        started = time.perf_counter()
        rows = build(runtime, args.ads, args.days)
        build_s = round(time.perf_counter() - started, 1)
    label(db)
    df = frame(db)
    today = FIRST_DAY + timedelta(days=args.days - 1)
    last30, prev30 = (today - timedelta(days=29), today), (today - timedelta(days=59), today - timedelta(days=30))
    last_week = resolve_period("last-week", today)
    week, before = (last_week.start, last_week.end), (last_week.start - timedelta(days=7), last_week.start
                                                      - timedelta(days=1))

    def pandas_by_format():  # type: ignore[no-untyped-def]
        sub = df[(df["day"] >= prev30[0]) & (df["day"] <= last30[1])]
        part = sub["day"] >= last30[0]
        g = sub.groupby(["format", part], observed=True)[["spend", "impressions", "link_clicks", "purchases",
                                                           "purchase_value"]].sum()
        return g["purchase_value"] / g["spend"], g["spend"] / g["purchases"], g["link_clicks"] / g["impressions"]

    def pandas_by_ad():  # type: ignore[no-untyped-def]
        sub = df[(df["day"] >= last30[0]) & (df["day"] <= last30[1])]
        g = sub.groupby("ad_id")[["spend", "impressions", "purchase_value"]].sum()
        enough = g[(g["spend"] >= 50) & (g["impressions"] >= 1000)]
        return (enough["purchase_value"] / enough["spend"]).nlargest(20)

    def pandas_explain():  # type: ignore[no-untyped-def]
        sub = df[(df["day"] >= before[0]) & (df["day"] <= week[1])]
        g = sub.groupby(["ad_id", sub["day"] >= week[0]])[["spend", "purchase_value"]].sum().unstack(fill_value=0)
        return g

    def pandas_total_all():  # type: ignore[no-untyped-def]
        return df[["spend", "impressions", "link_clicks", "purchases", "purchase_value"]].sum()

    questions = {
        "by_format_last_30_days_vs_previous": (
            lambda: performance_query(runtime, metrics=["roas", "cpa", "ctr_link"], by="format",
                                      period="last-30-days", compare="previous", today=today), pandas_by_format),
        "top_20_ads_by_roas_last_30_days": (
            lambda: performance_query(runtime, metrics=["roas"], by="ad", sort="roas", top=20,
                                      period="last-30-days", today=today), pandas_by_ad),
        "explain_roas_last_week_by_ad": (
            lambda: explain_change(runtime, metric="roas", period="last-week", today=today), pandas_explain),
        "total_all_days": (
            lambda: performance_query(runtime, metrics=["spend", "roas", "cpa", "ctr_link"], period="all",
                                      today=today), pandas_total_all),
    }
    results: dict[str, object] = {}
    for name, (ours, theirs) in questions.items():
        started = time.perf_counter()
        ours()
        cold = time.perf_counter() - started
        median, best, _ = timed(ours, args.repeat)
        pandas_median, pandas_best, _ = timed(theirs, args.repeat)
        results[name] = {"cold_s": round(cold, 3), "warm_median_s": round(median, 4), "warm_min_s": round(best, 4),
                         "pandas_median_s": round(pandas_median, 4), "pandas_min_s": round(pandas_best, 4),
                         "ratio_median": round(median / pandas_median, 2),
                         "meets_target": bool(median <= 1.0 and median <= 1.5 * pandas_median)}
    print(json.dumps({
        "benchmark": "performance_query / explain_change", "rows": rows, "ads": args.ads, "days": args.days,
        "build_s": build_s, "database": "sqlite",
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "sqlite": sqlite3.sqlite_version,
                    "numpy": np.__version__, "pandas": pd.__version__,
                    "load_average_1m": round(os.getloadavg()[0], 2)},
        "targets": {"warm_s": 1.0, "ratio_to_pandas": 1.5}, "results": results,
    }, indent=2))


if __name__ == "__main__":
    main()
