"""Benchmark: creative briefs (`creative_briefs`, `hookline briefs`). Prints one JSON document.

Speed: briefs on simulated accounts of 200 and 1,000 creatives (12 weeks) in SQLite, 3 briefs each — target < 5 s
for 200 creatives (one interactive request; the bootstrap behind the element effects dominates).

Quality on held-out seeds (accounts the tests never used, planted like `tests/strategist/planted.py`): the share of
accounts where the lead brief carries both planted winners (Testimonial hooks, UGC video), a brief finds the planted
untested combination, a brief iterates on the planted fatiguing winner, and no brief recommends a planted loser
(Bold claim hooks, static images).

Usage: python bench/briefs.py [--seeds 101,102,103,104,105] [--sizes 200,1000]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from tests.analyst.loader import load_simulated
from tests.strategist.planted import brand_edit_for, planted_account
from tools.brand.api import brand_edit
from tools.core.runtime import build_runtime, forget_databases
from tools.core.settings import Settings
from tools.strategist.api import creative_briefs

WINNERS = {("hook_type", "testimonial"), ("format", "ugc_video")}
LOSERS = {("hook_type", "bold_claim"), ("format", "static_image")}


def _runtime(root: Path, name: str):  # type: ignore[no-untyped-def]
    home = root / name
    home.mkdir()
    return build_runtime(Settings(home=home, _env_file=None), "bench")


def run(seeds: list[int], sizes: list[int]) -> dict:
    out: dict = {"python": platform.python_version(), "machine": platform.machine(), "speed": [], "held_out": []}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for size in sizes:
            account, _ = planted_account(seed=7, n_creatives=size)
            runtime = _runtime(root, f"speed-{size}")
            load_simulated(runtime, account)
            brand_edit(runtime, brand_edit_for(account.brand))
            timings = []
            for _ in range(2):
                started = time.perf_counter()
                result = creative_briefs(runtime, n=3)
                timings.append(time.perf_counter() - started)
            out["speed"].append({"creatives": size, "seconds_first": round(timings[0], 2),
                                 "seconds_warm": round(timings[1], 2), "briefs": len(result.briefs)})
        hits = {"lead_has_winners": 0, "untested_found": 0, "fatigue_iterated": 0, "no_loser_recommended": 0}
        for seed in seeds:
            account, fatigued = planted_account(seed=seed, n_creatives=200)
            runtime = _runtime(root, f"seed-{seed}")
            load_simulated(runtime, account)
            brand_edit(runtime, brand_edit_for(account.brand))
            briefs = creative_briefs(runtime, n=5).briefs
            row = {
                "seed": seed,
                "lead_has_winners": bool(briefs) and set(briefs[0].attributes.items()) >= WINNERS,
                "untested_found": any(b.untested and set(b.attributes.items()) >= WINNERS for b in briefs),
                "fatigue_iterated": any(b.iteration_of == fatigued for b in briefs),
                "no_loser_recommended": not any(LOSERS & set(b.attributes.items()) for b in briefs),
                "kinds": [b.kind for b in briefs],
            }
            for key in hits:
                hits[key] += int(row[key])
            out["held_out"].append(row)
        if seeds:
            out["held_out_rates"] = {k: round(v / len(seeds), 2) for k, v in hits.items()}
    forget_databases()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default="101,102,103,104,105")
    parser.add_argument("--sizes", default="200,1000")
    args = parser.parse_args()
    result = run([int(s) for s in args.seeds.split(",") if s], [int(s) for s in args.sizes.split(",") if s])
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
