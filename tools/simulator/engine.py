"""The seeded account simulator: creatives with planted attribute effects, delivered day by day.

Why day by day (vectorised over ads): budget flows to the ads that *look* best so far, fatigue depends on how much of
its audience an ad has already reached, and losers get paused — the same feedback loops that make real account data
hard to read. Each day is one set of numpy operations over all live ads, so 100k ads × 30 days takes seconds.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from tools.simulator.config import ATTRIBUTE_LEVELS, VIDEO_FORMATS, SimConfig
from tools.simulator.copy_text import load_brand, write_copy
from tools.simulator.truth import GroundTruth, SimulatedAccount

FORMAT_WEIGHTS = {"UGC video": 0.45, "Studio video": 0.25, "Static image": 0.30}
_EW_DECAY = 0.8  # how fast the delivery system forgets old performance when moving budget


def slug(value: str) -> str:
    """Name-safe token for the naming convention: 'Bold claim' → 'bold-claim', '20% off' → '20-off'."""
    out = "".join(ch if ch.isalnum() else "-" for ch in value.lower())
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


def _effect(effects: dict[str, dict[str, dict[str, float]]], metric: str, attrs: dict[str, np.ndarray],
            n: int) -> np.ndarray:
    total = np.zeros(n)
    for attribute, levels in effects.get(metric, {}).items():
        if attribute not in attrs:
            continue
        values = attrs[attribute]
        for level, lift in levels.items():
            total += np.where(values == level, lift, 0.0)
    return total


def simulate_account(config: SimConfig | None = None, **overrides: object) -> SimulatedAccount:
    """Simulate a D2C ad account; `overrides` are SimConfig fields (seed=..., n_creatives=...)."""
    cfg = (config or SimConfig()).model_copy(update=overrides) if overrides else (config or SimConfig())
    rng = np.random.default_rng(cfg.seed)
    book = load_brand(cfg.brand_file)
    n, n_days = cfg.n_creatives, cfg.days
    start = cfg.end_date - timedelta(days=n_days - 1)

    # launches: a batch live from day one, then a steady stream (Creative Velocity)
    n0 = min(n, max(1, round(cfg.initial_share * n)))
    launch = np.concatenate([np.zeros(n0, dtype=int), np.sort(rng.integers(1, max(2, n_days), n - n0))])

    attrs: dict[str, np.ndarray] = {}
    for attribute, levels in ATTRIBUTE_LEVELS.items():
        probs = np.array([FORMAT_WEIGHTS[v] for v in levels]) if attribute == "Format" else None
        attrs[attribute] = np.asarray(levels, dtype=object)[rng.choice(len(levels), n, p=probs)]
    is_video = np.isin(attrs["Format"], list(VIDEO_FORMATS))

    # account structure: each ad lives in one ad set
    ad_sets = [(ci, c["name"], a["name"], a.get("audience", {})) for ci, c in enumerate(book.campaigns)
               for a in c["ad_sets"]]
    set_idx = rng.integers(0, len(ad_sets), n)
    retargeting = np.array(["retargeting" in s[3] for s in ad_sets])[set_idx]

    # true per-creative rates (post-learning, before fatigue)
    eff = {m: _effect(cfg.effects, m, attrs, n) for m in ("ctr", "hook_rate", "hold_rate", "cvr", "aov")}
    z_ctr = rng.normal(0, 1, n)
    true_ctr = cfg.base_ctr * np.exp(eff["ctr"] + cfg.ctr_sigma * z_ctr)
    z_hook = 0.4 * z_ctr + np.sqrt(1 - 0.4**2) * rng.normal(0, 1, n)
    true_hook = np.where(is_video, np.minimum(0.95, cfg.base_hook_rate * np.exp(eff["hook_rate"] + cfg.hook_sigma
                                                                                   * z_hook)), np.nan)
    true_hold = np.where(is_video, np.minimum(0.9, cfg.base_hold_rate * np.exp(eff["hold_rate"]
                                                                                + rng.normal(0, 0.15, n))), np.nan)
    true_cvr = np.minimum(0.5, cfg.base_cvr * np.exp(eff["cvr"] + cfg.cvr_sigma * rng.normal(0, 1, n))
                          * np.where(retargeting, 1.6, 1.0))
    true_aov = cfg.base_aov * np.exp(eff["aov"] + rng.normal(0, 0.08, n))
    audience = cfg.audience_size * np.exp(rng.normal(0, 0.4, n)) * np.where(retargeting, 0.3, 1.0)
    max_life = rng.integers(28, 76, n)
    delivery_luck = np.exp(cfg.delivery_sigma * rng.normal(0, 1, n) - cfg.delivery_sigma**2 / 2)

    # delivery state
    cum_impr = np.zeros(n)
    ew_impr, ew_clicks, ew_purch = np.zeros(n), np.zeros(n), np.zeros(n)
    paused = np.zeros(n, dtype=bool)
    pause_day = np.full(n, -1)
    fatigue_day = np.full(n, -1)
    rows: list[dict[str, np.ndarray]] = []
    retention = np.where(is_video, np.power(np.nan_to_num(true_hold, nan=0.2), 0.25), 0.0)

    for t in range(n_days):
        live = np.flatnonzero((launch <= t) & ~paused)
        if live.size == 0:
            continue
        age = t - launch[live]
        learning = age < cfg.learning_days
        # what the delivery system believes so far (shrunk towards the account average)
        pool_ctr = (ew_clicks.sum() + 1.0) / (ew_impr.sum() + 1.0 / cfg.base_ctr)
        pool_cvr = (ew_purch.sum() + 1.0) / (ew_clicks.sum() + 1.0 / cfg.base_cvr)
        est_ctr = (ew_clicks[live] + 3000 * pool_ctr) / (ew_impr[live] + 3000)
        est_cvr = (ew_purch[live] + 30 * pool_cvr) / (ew_clicks[live] + 30)
        belief = np.log(est_ctr / pool_ctr) + np.log(est_cvr / pool_cvr)
        weight = np.where(learning, cfg.learning_weight, np.exp(cfg.budget_greed * belief)) * delivery_luck[live]
        budget = cfg.budget_per_active * live.size
        spend = budget * weight / weight.sum() * np.exp(rng.normal(0, 0.1, live.size))

        saturation = cum_impr[live] / audience[live]
        cpm = cfg.cpm * np.exp(rng.normal(0, 0.08, live.size)) * np.where(learning, 1.2, 1.0) * (1 + 0.3 * saturation)
        impressions = rng.poisson(spend / cpm * 1000.0)
        spend = np.where(impressions > 0, np.round(spend, 2), 0.0)
        frequency = np.minimum(8.0, 1.05 + 2.2 * saturation) * np.exp(rng.normal(0, 0.03, live.size))
        reach = np.maximum(np.minimum(impressions, np.round(impressions / frequency)), (impressions > 0) * 1)

        decay = np.exp(-cfg.fatigue_speed * np.maximum(0.0, saturation - cfg.fatigue_onset))
        market = np.exp(rng.normal(0, 0.04))
        ctr_t = np.clip(true_ctr[live] * decay * np.where(learning, 0.85, 1.0) * market, 0, 0.5)
        link = rng.binomial(impressions, ctr_t)
        clicks_all = link + rng.binomial(impressions, np.minimum(0.5, ctr_t * 0.7))
        video = is_video[live]
        hook_t = np.where(video, np.nan_to_num(true_hook[live]) * decay**0.7, 0.0)
        plays = rng.binomial(impressions, np.clip(hook_t, 0, 0.99))
        r = retention[live]
        p25 = rng.binomial(plays, r)
        p50 = rng.binomial(p25, r)
        p75 = rng.binomial(p50, r)
        p100 = rng.binomial(p75, r)
        thru = p100 + rng.binomial(p75 - p100, 0.3)
        purchases = rng.binomial(link, np.clip(true_cvr[live] * decay**0.5, 0, 0.9))
        value = np.where(purchases > 0, rng.gamma(np.maximum(purchases, 1) * 4.0, true_aov[live] / 4.0), 0.0)

        newly_fatigued = (fatigue_day[live] < 0) & ~learning & (decay <= 0.8) & (impressions > 0)
        fatigue_day[live[newly_fatigued]] = t

        delivered = impressions > 0
        nan_if_static = np.where(video, 1.0, np.nan)
        rows.append({
            "idx": live[delivered], "t": np.full(int(delivered.sum()), t),
            "spend": spend[delivered], "impressions": impressions[delivered], "reach": reach[delivered],
            "link_clicks": link[delivered], "clicks_all": clicks_all[delivered],
            "video_plays_3s": (plays * nan_if_static)[delivered], "thruplays": (thru * nan_if_static)[delivered],
            "video_p25": (p25 * nan_if_static)[delivered], "video_p50": (p50 * nan_if_static)[delivered],
            "video_p75": (p75 * nan_if_static)[delivered], "video_p100": (p100 * nan_if_static)[delivered],
            "purchases": purchases[delivered], "purchase_value": np.round(value[delivered], 2),
        })

        cum_impr[live] += impressions
        ew_impr[:] *= _EW_DECAY
        ew_clicks[:] *= _EW_DECAY
        ew_purch[:] *= _EW_DECAY
        ew_impr[live] += impressions
        ew_clicks[live] += link
        ew_purch[live] += purchases
        # the marketer pauses clear losers after a fair test, and everything past its planned life
        stop = age + 1 >= max_life[live]
        if cfg.pause_losers:
            stop |= (age >= 10) & (belief < np.log(0.6))
            stop |= (decay < 0.5) & (rng.random(live.size) < 0.25)
        paused[live[stop]] = True
        pause_day[live[stop]] = t

    return _assemble(cfg, book, start, launch, attrs, is_video, set_idx, ad_sets, rows,
                     {"true_ctr": true_ctr, "true_hook_rate": true_hook, "true_hold_rate": true_hold,
                      "true_cvr": true_cvr, "true_aov": true_aov, "audience_size": audience},
                     pause_day, fatigue_day, rng)


def _assemble(cfg: SimConfig, book, start, launch, attrs, is_video, set_idx, ad_sets, rows, rates,  # type: ignore[no-untyped-def]
              pause_day, fatigue_day, rng) -> SimulatedAccount:
    n = cfg.n_creatives
    id_base = 120_210_000_000_000_000 + (cfg.seed % 997) * 1_000_000_000
    ad_ids = np.array([str(id_base + i + 1) for i in range(n)], dtype=object)
    set_ids = [str(120_211_000_000_000_000 + (cfg.seed % 997) * 1000 + j) for j in range(len(ad_sets))]
    campaign_ids = [str(120_212_000_000_000_000 + (cfg.seed % 997) * 1000 + j) for j in range(len(book.campaigns))]

    names: list[str] = []
    versions: dict[tuple[str, str, str], int] = {}
    for i in range(n):
        key = (slug(attrs["Format"][i]), slug(attrs["Hook type"][i]), slug(attrs["Colour"][i]))
        versions[key] = versions.get(key, 0) + 1
        names.append(f"{book.slug}_{key[0]}_{key[1]}_{key[2]}_v{versions[key]}")
    headlines, bodies, ctas = write_copy(book, attrs["Hook type"], attrs["Offer"], rng)

    attr_records = [{a: str(attrs[a][i]) for a in ATTRIBUTE_LEVELS} for i in range(n)]
    ads = pd.DataFrame({
        "ad_id": ad_ids,
        "ad_name": names,
        "creative_key": names,
        "campaign_id": [campaign_ids[ad_sets[s][0]] for s in set_idx],
        "campaign_name": [ad_sets[s][1] for s in set_idx],
        "ad_set_id": [set_ids[s] for s in set_idx],
        "ad_set_name": [ad_sets[s][2] for s in set_idx],
        "kind": np.where(is_video, "video", "image"),
        "headline": headlines,
        "body": bodies,
        "cta": ctas,
        "attributes": attr_records,
    })

    if rows:
        cols = {k: np.concatenate([r[k] for r in rows]) for k in rows[0]}
    else:
        cols = {k: np.array([]) for k in ("idx", "t")}
    days = pd.to_datetime(start) + pd.to_timedelta(cols["t"], unit="D")
    daily = pd.DataFrame({"ad_id": ad_ids[cols["idx"].astype(int)], "day": days})
    for key, values in cols.items():
        if key not in ("idx", "t"):
            daily[key] = values.astype(float)
    daily["conversions"] = np.nan
    daily = daily.sort_values(["day", "ad_id"], kind="stable").reset_index(drop=True)

    def as_day(offsets: np.ndarray) -> list:
        return [None if o < 0 else start + timedelta(days=int(o)) for o in offsets]

    truth_frame = pd.DataFrame({"ad_id": ad_ids, **{k: v for k, v in rates.items()}})
    truth_frame["launch_day"] = as_day(launch)
    truth_frame["pause_day"] = as_day(pause_day)
    truth_frame["fatigue_day"] = as_day(fatigue_day)
    for attribute in ATTRIBUTE_LEVELS:
        truth_frame[attribute] = attrs[attribute]
    truth = GroundTruth(effects=cfg.effects, creatives=truth_frame, config=cfg)
    return SimulatedAccount(daily=daily, ads=ads, truth=truth, currency=cfg.currency, brand=book.brand)
