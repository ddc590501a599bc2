"""Benchmark: the first-hour paths — `hookline doctor` (per check and end to end, fresh process), chart label
placement on crowded scatter plots, and cutting many ad names to distinct labels. Prints one JSON document.

Usage: python bench/first_hour.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.core.names import distinct_names
from tools.performance import charts
from tools.performance.kpis import AdKpis, Kpis, Sums

ROOT = Path(__file__).resolve().parents[1]

os.environ.setdefault("MPLBACKEND", "Agg")  # matplotlib is imported lazily, on the first chart
os.environ.setdefault("HF_HUB_OFFLINE", "1")  # inherited by the doctor's process


def crowded(n: int, seed: int = 1) -> list[AdKpis]:
    rng = random.Random(seed)
    ads = []
    for i in range(n):
        kpis = Kpis()
        kpis.hook_rate, kpis.hold_rate = rng.uniform(0.2, 0.45), rng.uniform(0.15, 0.4)
        ads.append(AdKpis(ad_pk=i, ad_id=f"1202100070{i:08d}", ad_name=f"mb_ugc-video_testimonial_sage_v{i % 9}",
                          creative_pk=i, creative_name=None, creative_kind="video", currency="EUR",
                          sums=Sums(rows=7, spend=rng.uniform(50, 5000), impressions=10_000.0), kpis=kpis))
    return ads


def timed(fn, repeat: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(runs), 1), "min_ms": round(min(runs), 1)}


def doctor(repeat: int) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOOKLINE_", "SLACK_"))}
    env["PYTHONPATH"] = str(ROOT)
    walls, checks = [], {}
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as home:
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "integrations.cli", "--home", home, "--json", "doctor"],
                                  capture_output=True, text=True, env=env, cwd=str(ROOT), check=False)
            walls.append((time.perf_counter() - started) * 1000)
            checks = {c["name"]: c["elapsed_ms"] for c in json.loads(done.stdout)["checks"]}
    return {"process_wall_ms": round(statistics.median(walls), 1), "check_ms_last_run": checks}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scatter = {}
    for n in (26, 200, 1000):
        ads = crowded(n)
        scatter[f"hook_hold_{n}_ads"] = {
            **timed(lambda ads=ads: charts.hook_hold_figure(ads), args.repeat),
            "labels_placed": len(charts.hook_hold_figure(ads).axes[0].texts),  # type: ignore[union-attr]
        }
    rng = random.Random(2)
    parts = ["mb", "static-image", "ugc-video", "testimonial", "how-to", "lavender", "sage", "peach", "v1", "v2"]
    names = [("_".join(rng.choice(parts) for _ in range(rng.randint(2, 7))), f"id{i}") for i in range(10_000)]
    print(json.dumps({
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "loadavg": Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists()
                    else None},
        "doctor": doctor(args.repeat),
        "chart_label_placement": scatter,
        "distinct_names_10k_width_28": timed(lambda: distinct_names(names, 28), args.repeat),
    }, indent=2))


if __name__ == "__main__":
    main()
