"""The evidence a brief stands on, read from the analyst's frames: element effects, which combinations of winning
elements were never (or barely) tried, fatiguing winners, creative velocity.

Why here and not in the analyst: each piece reuses the analyst's one definition (insights, posteriors, metric rows,
feature normalisation) and only combines them; nothing is re-estimated with a second method.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

import numpy as np
import pandas as pd

from tools.analyst.data import AccountData, creative_table, creative_totals
from tools.analyst.features import FeatureConfig, raw_features, usable_categoricals
from tools.analyst.insights import INSIGHT_METRICS, metric_rows
from tools.analyst.stats import MetricSpec, counts, metric_spec
from tools.core.domain.analysis import Insight
from tools.core.domain.briefs import Velocity
from tools.performance.kpis import VELOCITY_TARGET, creative_velocity

Element = tuple[str, str]
BARELY_TESTED = 2  # a combination tried by this many creatives or fewer counts as untested
VELOCITY_WEEKS = 4


@dataclass
class Levels:
    """Each creative with enough delivery for the metric: its normalised attribute values and its totals."""

    cat: pd.DataFrame  # index creative_key, one column per usable attribute
    totals: pd.DataFrame
    spec: MetricSpec

    def having(self, elements: list[Element] | tuple[Element, ...]) -> pd.Index:
        mask = np.ones(len(self.cat), dtype=bool)
        for field, value in elements:
            if field not in self.cat:
                return self.cat.index[:0]
            mask &= (self.cat[field] == value).to_numpy()
        return self.cat.index[mask]

    def pooled_rate(self, keys: pd.Index | None = None) -> float | None:
        """Sum of counts over sum of exposure (the metric's own unit comes later)."""
        totals = self.totals if keys is None else self.totals.loc[keys]
        if totals.empty:
            return None
        k, e, scale = counts(totals, self.spec)
        exposure = float(np.nansum(e))
        return None if exposure <= 0 else float(np.nansum(k * scale)) / exposure


def creative_levels(data: AccountData, metric: str) -> Levels:
    """The same creatives and attribute levels `element_insights` analyses."""
    spec = metric_spec(metric, INSIGHT_METRICS)
    totals = metric_rows(data, spec)
    table = creative_table(data).reindex(totals.index)
    cat, _ = raw_features(table, FeatureConfig(use_embeddings=False))
    cat = cat.drop(columns=[c for c in ("kind",) if c in cat.columns])
    return Levels(cat=cat[usable_categoricals(cat)] if len(cat.columns) else cat, totals=totals, spec=spec)


@dataclass
class Combination:
    """Two winning elements of different fields and how often they were tried together."""

    elements: tuple[Element, Element]
    n_tested: int
    estimate: float  # lift over the account's average creative, assuming the two effects add on the log scale
    ci: tuple[float, float]
    observed: float | None  # pooled lift of the creatives that did combine them (None when none did)


def _log_sd(insight: Insight) -> float:
    lo, hi = insight.ci
    if lo is None or hi is None:
        return 1.0
    return max((np.log1p(hi) - np.log1p(lo)) / (2 * 1.96), 1e-6)


def combine(effects: list[Insight]) -> tuple[float, tuple[float, float]]:
    """Lift of carrying every element, if their effects add on the log scale (no interaction), with a 95 % interval
    that adds their uncertainties (each interval's width read as a normal on the log scale)."""
    log_effect = sum(float(np.log1p(i.effect or 0.0)) for i in effects)
    sd = float(np.sqrt(sum(_log_sd(i) ** 2 for i in effects)))
    return float(np.expm1(log_effect)), (float(np.expm1(log_effect - 1.96 * sd)),
                                         float(np.expm1(log_effect + 1.96 * sd)))


def observed_lift(levels: Levels, keys: pd.Index) -> float | None:
    rate, base = levels.pooled_rate(keys), levels.pooled_rate()
    if rate is None or base is None or base <= 0 or len(keys) == 0:
        return None
    # on the metric's own scale, like an insight's effect (CPA: spend per result, so the ratio turns over)
    return base / rate - 1.0 if levels.spec.inverse_display else rate / base - 1.0


def combination_gaps(levels: Levels, winners: list[Insight]) -> list[Combination]:
    """Pairs of winning elements (different fields) tried by at most `BARELY_TESTED` creatives, best estimate first."""
    out = []
    for a, b in combinations(winners, 2):
        if a.attribute == b.attribute:
            continue
        pair = ((a.attribute, a.value), (b.attribute, b.value))
        keys = levels.having(pair)
        if len(keys) > BARELY_TESTED:
            continue
        estimate, ci = combine([a, b])
        out.append(Combination(pair, len(keys), estimate, ci, observed_lift(levels, keys) if len(keys) else None))
    if levels.spec.inverse_display:  # CPA: the lower the better
        out.sort(key=lambda c: (c.ci[1], c.estimate))
    else:
        out.sort(key=lambda c: (-c.ci[0], -c.estimate))
    return out


def velocity(data: AccountData, end: date, target: float = VELOCITY_TARGET) -> Velocity:
    """New creatives first delivered per week over the `VELOCITY_WEEKS` weeks to `end` (the one KPI definition)."""
    if data.daily.empty:
        return Velocity(target=target, note="No delivery yet, so no creative velocity.")
    first = creative_totals(data)["first_day"].dt.date.to_dict()
    data_start = min(first.values())
    start = end - timedelta(days=7 * VELOCITY_WEEKS - 1)
    weeks = []
    for w in range(VELOCITY_WEEKS):
        week_start = start + timedelta(days=7 * w)
        week_end = week_start + timedelta(days=6)
        weeks.append({"week_start": week_start.isoformat(),
                      "new": sum(1 for d in first.values() if week_start <= d <= week_end)})
    counted_from = max(start, data_start)
    if counted_from > end:
        return Velocity(target=target, weeks=weeks, note="No delivery in the last weeks, so no creative velocity.")
    rate = creative_velocity(first, counted_from, end)
    note = (f"{rate:.1f} new creatives a week over {counted_from} – {end} (goal {target:.0f})")
    if counted_from == data_start and data_start > start:
        note += "; the data starts inside this window, so creatives that ran before it look new"
    gap = max(0.0, target - rate)
    note += f": {gap:.0f} a week short." if gap >= 0.5 else ": on target."
    return Velocity(new_per_week=round(rate, 2), target=target, gap=round(gap, 2), weeks=weeks, note=note)
