"""The analyst's frames fed to the one fatigue detector (`tools.performance.fatigue`), for `decide` and evaluations.

Why an adapter and not a detector: the report, the check-ins and the decisions must agree on which ads are fatigued
and since when, so they all run the same rules on the same windows; the analyst only turns its pandas frames (which
tests and benchmarks build without a database) into the detector's daily matrix.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from tools.analyst.data import AccountData
from tools.core.domain.performance import FatigueFlag, PeriodRange
from tools.performance.fatigue import AdFacts, FatigueRules, creative_fatigue_rate, find_fatigue, history_start
from tools.performance.queries import DAILY_COLUMNS


def _inputs(data: AccountData, start: date, end: date, ad_ids: list[str] | None = None
            ) -> tuple[np.ndarray, dict[int, str], dict[int, date]]:
    """(daily matrix in `DAILY_COLUMNS` order, key → ad id, key → first delivery day) for rows in [start, end]."""
    daily = data.daily[data.daily["day"] <= pd.Timestamp(end)]
    if ad_ids is not None:
        daily = daily[daily["ad_id"].isin(ad_ids)]
    codes, ids = pd.factorize(daily["ad_id"], sort=True)
    delivered = (daily["impressions"].fillna(0) > 0) | (daily["spend"].fillna(0) > 0)
    first = daily[delivered].groupby("ad_id")["day"].min()
    first_by_key = {i: first[ad].date() for i, ad in enumerate(ids) if ad in first.index}
    window = daily["day"] >= pd.Timestamp(start)
    offset = (daily["day"] - pd.Timestamp(start)).dt.days.to_numpy()
    columns = [codes.astype(float), offset.astype(float)]
    columns += [daily[name].to_numpy(dtype=float) for name in DAILY_COLUMNS[2:]]
    matrix = np.column_stack(columns)[window.to_numpy()] if len(daily) else np.zeros((0, len(DAILY_COLUMNS)))
    return matrix, dict(enumerate(ids)), first_by_key


def fatigue_flags(data: AccountData, period: PeriodRange, rules: FatigueRules,
                  ad_ids: list[str] | None = None) -> list[FatigueFlag]:
    """Fatigue flags of the period for the ads that delivered in it (or for `ad_ids`)."""
    start = history_start(period)
    matrix, ids, first = _inputs(data, start, period.end, ad_ids)
    inside = data.between(period.start, period.end).daily
    totals = inside.groupby("ad_id")[["spend", "impressions"]].sum()
    names = data.ads["ad_name"] if "ad_name" in data.ads else pd.Series(dtype=object)
    kinds = data.ads["kind"] if "kind" in data.ads else pd.Series(dtype=object)
    ads = {}
    for key, ad_id in ids.items():
        if ad_id not in totals.index:
            continue
        kind = kinds.get(ad_id) if hasattr(kinds, "get") else None
        ads[key] = AdFacts(str(ad_id), names.get(ad_id) if hasattr(names, "get") else None,
                           str(kind or "unknown").lower(), float(totals.loc[ad_id, "spend"]),
                           int(totals.loc[ad_id, "impressions"]))
    return find_fatigue(matrix, ads, first, period, rules)


def fatigue_rate(data: AccountData, start: date, end: date, target: float | None) -> tuple[float | None, float | None]:
    """The Creative Fatigue Rate over [start, end] (see `tools.performance.fatigue.creative_fatigue_rate`)."""
    matrix, ids, first = _inputs(data, start, end)
    return creative_fatigue_rate(matrix, list(ids), first, start, end, target, FatigueRules())
