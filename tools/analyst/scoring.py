"""Post-spend scores: each ad's shrunk rate as a percentile (0–100) against the account's own ads.

Why shrinkage with an attribute-informed prior: raw CTR ranks tiny ads at the extremes by luck. Each ad's rate is a
posterior whose prior mean comes from what its attributes predict (the insights regression) and whose strength is
the account's between-creative spread, so an ad needs real evidence to move away from "ads like it".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tools.analyst.data import AccountData, ad_totals
from tools.analyst.features import FeatureConfig, raw_features, usable_categoricals
from tools.analyst.insights import fit_attributes, one_hot
from tools.analyst.stats import (
    MetricSpec,
    Posterior,
    between_variance,
    counts,
    display_value,
    log_rate,
    metric_spec,
    posterior,
)


def ad_posteriors(data: AccountData, metric: str = "ctr_link", attribute_prior: bool = True,
                  features: FeatureConfig | None = None) -> tuple[pd.DataFrame, Posterior, MetricSpec]:
    """Per ad with exposure: counts, posterior mean and 90 % interval, P(beats median), percentile."""
    spec = metric_spec(metric)
    totals = ad_totals(data)
    have = totals[spec.count].notna() & (totals[spec.exposure].fillna(0) > 0)
    totals = totals[have].copy()
    if totals.empty:
        return totals, posterior(np.zeros(0), np.zeros(0), spec, np.zeros(0), 0.1), spec
    k, e, scale = counts(totals, spec)
    y, v = log_rate(k, e, spec)

    prior_log = None
    tau2 = between_variance(y, v)
    if attribute_prior and len(totals) >= 20:
        table = data.ads.reindex(totals.index)
        cat, _ = raw_features(table, features or FeatureConfig())
        columns = usable_categoricals(cat)
        if columns:
            x, levels = one_hot(cat, columns)
            fit = fit_attributes(y, v, x, levels)
            prior_log, tau2 = fit.fitted, fit.tau2
    if prior_log is None:
        w = 1.0 / (tau2 + v)
        prior_log = np.full(len(y), np.sum(w * y) / np.sum(w))
    post = posterior(k, e, spec, np.exp(prior_log), tau2, scale)

    mean = post.mean
    median = float(np.median(mean))
    totals["count"] = k * scale
    totals["exposure"] = e
    totals["raw"] = np.where(e > 0, k * scale / np.maximum(e, 1e-12), np.nan)
    totals["posterior_mean"] = mean
    totals["lo"] = post.ppf(0.05)
    totals["hi"] = post.ppf(0.95)
    totals["p_beats_median"] = post.prob_above(median)
    ranks = pd.Series(mean).rank(method="average").to_numpy()
    totals["percentile"] = np.round(100.0 * (ranks - 0.5) / len(mean), 1)
    totals["tau2"] = tau2
    return totals, post, spec


def display_interval(lo: float, hi: float, spec: MetricSpec) -> list[float | None]:
    a, b = display_value(lo, spec), display_value(hi, spec)
    pair = sorted([float(a), float(b)])
    return [None if not np.isfinite(x) else float(x) for x in pair]


def percentile_against(values: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Percentile (0–100) of each value within the account's reference distribution of posterior means."""
    reference = np.sort(reference)
    if reference.size == 0:
        return np.full(len(values), np.nan)
    below = np.searchsorted(reference, values, side="left")
    at_or_below = np.searchsorted(reference, values, side="right")
    return np.round(100.0 * (below + at_or_below) / (2.0 * reference.size), 1)
