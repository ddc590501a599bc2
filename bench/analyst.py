"""Analyst benchmark: train + score a simulated 100k-ad × 30-day account; prints one JSON document.

Measures: simulation time, pre-launch model fit time, post-spend scoring time, prediction time per 1k creatives and
for 20 variants, and ranking quality on a held-back simulator seed — Spearman of the shrunk score, the pre-launch
prediction and raw CTR against each creative's true CTR.

    python bench/analyst.py [--ads 100000] [--days 30] [--embeddings]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ads", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=101)
    parser.add_argument("--holdout-seed", type=int, default=202)
    parser.add_argument("--embeddings", action="store_true", help="include MiniLM copy embeddings")
    args = parser.parse_args()

    from scipy.stats import spearmanr

    from tools.analyst.data import AccountData
    from tools.analyst.features import FeatureConfig
    from tools.analyst.predictor import candidate_table, train_prelaunch
    from tools.analyst.scoring import ad_posteriors
    from tools.simulator import simulate_account

    report: dict[str, object] = {"ads": args.ads, "days": args.days, "embeddings": args.embeddings}
    # a mid-size budget per ad: a realistic mix of well-evidenced and thin ads
    sim = {"n_creatives": args.ads, "weeks": args.days / 7, "initial_share": 0.5, "budget_per_active": 12.0}
    t = time.perf_counter()
    train_account = simulate_account(seed=args.seed, **sim)
    report["simulate_s"] = round(time.perf_counter() - t, 2)
    report["rows"] = len(train_account.daily)
    data = AccountData.from_simulation(train_account)

    t = time.perf_counter()
    model = train_prelaunch(data, "ctr_link", FeatureConfig(use_embeddings=args.embeddings))
    report["fit_s"] = round(time.perf_counter() - t, 2)
    report["model"] = {"learner": model.learner, "n_train": model.n_train,
                       "uses_embeddings": model.uses_embeddings,
                       **{k: (round(v, 4) if isinstance(v, float) else v) for k, v in model.validation.items()}}

    holdout = simulate_account(seed=args.holdout_seed, **sim)
    hold_data = AccountData.from_simulation(holdout)
    t = time.perf_counter()
    totals, _, _ = ad_posteriors(hold_data, "ctr_link")
    report["score_s"] = round(time.perf_counter() - t, 2)
    truth = holdout.truth.true_rate("ctr_link").reindex(totals.index)
    report["holdout_spearman"] = {
        "shrunk_score": round(float(spearmanr(totals["posterior_mean"], truth)[0]), 4),
        "raw_ctr": round(float(spearmanr(totals["raw"], truth)[0]), 4),
    }

    ads = holdout.ads.sample(n=min(20_000, len(holdout.ads)), random_state=0)
    table = candidate_table([{"id": a, "headline": h, "body": b, "attributes": attrs}
                             for a, h, b, attrs in ads[["ad_id", "headline", "body", "attributes"]]
                             .itertuples(index=False)])
    embeddings = None
    if model.uses_embeddings:
        from tools.analyst.features import embed_copy

        embeddings = embed_copy(table, model.space.config)
    model.predict(table.iloc[:1000], None if embeddings is None else embeddings[:1000])  # warm
    t = time.perf_counter()
    value, _lo, _hi = model.predict(table, embeddings)
    per_1k = (time.perf_counter() - t) / len(table) * 1000
    report["predict_ms_per_1k"] = round(per_1k * 1000, 2)
    t = time.perf_counter()
    for _ in range(20):
        small = candidate_table([{"headline": h, "body": b, "attributes": attrs} for h, b, attrs in
                                 ads[["headline", "body", "attributes"]].head(20).itertuples(index=False)])
        model.predict(small, None if embeddings is None else embeddings[:20])
    report["predict_20_variants_ms"] = round((time.perf_counter() - t) / 20 * 1000, 2)
    report["holdout_spearman"]["prelaunch_prediction"] = round(
        float(spearmanr(value, holdout.truth.true_rate("ctr_link").reindex(table.index))[0]), 4)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
