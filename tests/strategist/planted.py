"""Simulated accounts with planted effects for the strategist's tests and bench.

`planted_account()` starts from the simulator's default truth (Testimonial hooks and UGC video win on CTR, Bold claim
hooks and static images lose) and plants two more things the briefs must find:
- an untested combination: every creative that pairs a Testimonial hook with UGC video is removed, so both winning
  elements were tried, but never together;
- a fatiguing winner: the best live ad (by true CTR) loses about half its clicks and plays over its last days while
  its frequency climbs — what the fatigue detector calls decay.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from tools.simulator import simulate_account
from tools.simulator.truth import SimulatedAccount

FATIGUE_DAYS = 9
FATIGUE_FACTOR = 0.45


def _without(account: SimulatedAccount, drop: pd.Series) -> SimulatedAccount:
    keep_ids = set(account.ads.loc[~drop, "ad_id"])
    ads = account.ads[account.ads["ad_id"].isin(keep_ids)].reset_index(drop=True)
    daily = account.daily[account.daily["ad_id"].isin(keep_ids)].reset_index(drop=True)
    truth = replace(account.truth, creatives=account.truth.creatives[
        account.truth.creatives["ad_id"].isin(keep_ids)].reset_index(drop=True))
    return SimulatedAccount(daily=daily, ads=ads, truth=truth, currency=account.currency, brand=account.brand)


@lru_cache(maxsize=2)
def planted_account(seed: int = 7, n_creatives: int = 200) -> tuple[SimulatedAccount, str]:
    """(account, the planted fatiguing winner's ad id)."""
    account = simulate_account(seed=seed, n_creatives=n_creatives, weeks=12)
    hook = account.ads["attributes"].map(lambda a: a["Hook type"])
    fmt = account.ads["attributes"].map(lambda a: a["Format"])
    account = _without(account, (hook == "Testimonial") & (fmt == "UGC video"))

    daily = account.daily.copy()
    end = daily["day"].max()
    recent = daily[daily["day"] > end - pd.Timedelta(days=FATIGUE_DAYS + 21)]
    spans = recent.groupby("ad_id")["day"].agg(["min", "max", "count"])
    live = spans[(spans["max"] == end) & (spans["count"] >= FATIGUE_DAYS + 14)].index
    truth = account.truth.creatives.set_index("ad_id")
    ad_id = str(truth.loc[truth.index.isin(live), "true_ctr"].idxmax())

    rows = (daily["ad_id"] == ad_id) & (daily["day"] > end - pd.Timedelta(days=FATIGUE_DAYS))
    ramp = np.linspace(0.8, FATIGUE_FACTOR, int(rows.sum()))
    for column in ("link_clicks", "clicks_all", "video_plays_3s", "thruplays", "purchases"):
        values = daily.loc[rows, column].to_numpy(dtype=float)
        daily.loc[rows, column] = np.where(np.isnan(values), np.nan, np.round(values * ramp))
    daily.loc[rows, "reach"] = np.round(daily.loc[rows, "reach"].to_numpy(dtype=float) / (1.0 + ramp[::-1]))
    return SimulatedAccount(daily=daily, ads=account.ads, truth=account.truth, currency=account.currency,
                            brand=account.brand), ad_id


@lru_cache(maxsize=1)
def sparse_account() -> SimulatedAccount:
    """A young account: 10 creatives over three weeks, far too few for any finding."""
    return simulate_account(seed=11, n_creatives=10, weeks=3)


def brand_edit_for(brand: str) -> Any:
    from tools.core.domain.brand import ProfileEdit

    return ProfileEdit(set={"name": brand}, add={
        "value_props": ["Brighter skin in 14 days", "Calms visible redness", "Gentle enough for daily use",
                        "Made with 15% vitamin C"],
        "cta_preferences": ["Shop the serum"]})
