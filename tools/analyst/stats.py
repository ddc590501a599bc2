"""Metric definitions and the small statistical kernels shared by insights, scores and decisions.

Why empirical Bayes everywhere: an ad with 2 clicks on 60 impressions has a 3.3 % CTR and almost no evidence.
Every per-ad rate is therefore a posterior — Beta-Binomial for rates of events (CTR, hook rate), Gamma-Poisson for
results per unit of spend (CPA, ROAS) — with a prior learnt from the account's own creatives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from tools.core.errors import InputError


@dataclass(frozen=True)
class MetricSpec:
    name: str
    label: str
    kind: Literal["binomial", "poisson"]
    count: str
    exposure: str
    higher_is_better: bool = True
    # displayed value = rate (binomial, ROAS) or exposure per count (CPA)
    inverse_display: bool = False


METRICS: dict[str, MetricSpec] = {
    "ctr_link": MetricSpec("ctr_link", "CTR", "binomial", "link_clicks", "impressions"),
    "hook_rate": MetricSpec("hook_rate", "hook rate", "binomial", "video_plays_3s", "impressions"),
    "hold_rate": MetricSpec("hold_rate", "hold rate", "binomial", "thruplays", "video_plays_3s"),
    "cvr": MetricSpec("cvr", "conversion rate", "binomial", "purchases", "link_clicks"),
    "cpa": MetricSpec("cpa", "CPA", "poisson", "purchases", "spend", higher_is_better=False, inverse_display=True),
    "roas": MetricSpec("roas", "ROAS", "poisson", "purchase_value", "spend"),
    "cost_per_lead": MetricSpec("cost_per_lead", "cost per lead", "poisson", "conversions", "spend",
                                higher_is_better=False, inverse_display=True),
}


def metric_spec(name: str, allowed: tuple[str, ...] | None = None) -> MetricSpec:
    allowed = allowed or tuple(METRICS)
    if name not in allowed:
        raise InputError(f"Unknown metric {name!r}; expected one of: {', '.join(allowed)}.", field="metric")
    return METRICS[name]


def counts(totals: pd.DataFrame, spec: MetricSpec) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(count, exposure, scale) per row; ROAS counts purchase value in units of the account's average order."""
    k = totals[spec.count].to_numpy(dtype=float)
    e = totals[spec.exposure].to_numpy(dtype=float)
    scale = np.ones(len(totals))
    if spec.name == "roas":
        purchases = totals["purchases"].to_numpy(dtype=float)
        aov = np.nansum(k) / max(np.nansum(purchases), 1.0)
        aov = aov if np.isfinite(aov) and aov > 0 else 1.0
        scale = np.full(len(totals), aov)
        k = k / aov
    return k, e, scale


def log_rate(k: np.ndarray, e: np.ndarray, spec: MetricSpec) -> tuple[np.ndarray, np.ndarray]:
    """Per-row log rate with a continuity correction, and its sampling variance (delta method)."""
    if spec.kind == "binomial":
        y = np.log((k + 0.5) / (e + 1.0))
        v = 1.0 / (k + 0.5) - 1.0 / (e + 1.0)
    else:
        y = np.log((k + 0.5) / np.maximum(e, 1e-9))
        v = (1.25 if spec.name == "roas" else 1.0) / (k + 0.5)  # ROAS: order values vary too
    return y, np.maximum(v, 1e-6)


def between_variance(y: np.ndarray, v: np.ndarray, fitted: np.ndarray | None = None, n_params: int = 1) -> float:
    """DerSimonian–Laird τ²: spread of true log rates beyond sampling noise (around `fitted` if given)."""
    if len(y) <= n_params + 1:
        return 0.1
    w = 1.0 / v
    centre = fitted if fitted is not None else np.full(len(y), np.sum(w * y) / np.sum(w))
    q = np.sum(w * (y - centre) ** 2)
    denom = np.sum(w) - np.sum(w**2) / np.sum(w)
    tau2 = (q - (len(y) - n_params)) / max(denom, 1e-9)
    return float(np.clip(tau2, 0.005, 4.0))


def weighted_ridge(x: np.ndarray, y: np.ndarray, w: np.ndarray, lam: float | np.ndarray) -> np.ndarray:
    """Closed-form weighted ridge; column 0 is the (unpenalised) intercept."""
    penalty = np.full(x.shape[1], lam, dtype=float) if np.isscalar(lam) else np.asarray(lam, dtype=float)
    penalty[0] = 0.0
    xtw = x.T * w
    return np.linalg.solve(xtw @ x + np.diag(penalty) + 1e-9 * np.eye(x.shape[1]), xtw @ y)


@dataclass
class Posterior:
    """Per-row posterior of a rate: Beta(a, b) for binomial metrics, Gamma(a, rate=b) for Poisson ones."""

    kind: Literal["binomial", "poisson"]
    a: np.ndarray
    b: np.ndarray
    scale: np.ndarray  # ROAS: value per pseudo-count

    @property
    def mean(self) -> np.ndarray:
        if self.kind == "binomial":
            return self.a / (self.a + self.b)
        return self.a / self.b * self.scale

    def ppf(self, q: float) -> np.ndarray:
        from scipy import stats

        if self.kind == "binomial":
            return stats.beta.ppf(q, self.a, self.b)
        return stats.gamma.ppf(q, self.a, scale=1.0 / self.b) * self.scale

    def prob_above(self, threshold: float | np.ndarray) -> np.ndarray:
        from scipy import stats

        if self.kind == "binomial":
            return stats.beta.sf(threshold, self.a, self.b)
        return stats.gamma.sf(np.asarray(threshold) / self.scale, self.a, scale=1.0 / self.b)


def posterior(k: np.ndarray, e: np.ndarray, spec: MetricSpec, prior_mean: np.ndarray, tau2: float,
              scale: np.ndarray | None = None) -> Posterior:
    """Conjugate update of a log-normal-ish prior matched to (mean, τ²) with each row's evidence."""
    k = np.nan_to_num(k)
    e = np.nan_to_num(e)
    scale = np.ones(len(k)) if scale is None else scale
    if spec.kind == "binomial":
        m = np.clip(prior_mean, 1e-6, 1 - 1e-6)
        # Beta with the same mean and a variance of ≈ m²τ² (τ² is on the log scale)
        concentration = np.maximum(m * (1 - m) / np.maximum(m**2 * tau2, 1e-12) - 1.0, 1.0)
        return Posterior("binomial", concentration * m + k, concentration * (1 - m) + np.maximum(e - k, 0), scale)
    m = np.maximum(prior_mean, 1e-12)
    shape = 1.0 / max(tau2, 1e-3)  # Gamma's CV² = 1/shape
    return Posterior("poisson", shape + k, shape / m + e, scale)


def display_value(rate: np.ndarray | float, spec: MetricSpec) -> np.ndarray | float:
    """Rate in the metric's own unit (CPA is spend per purchase)."""
    if spec.inverse_display:
        with np.errstate(divide="ignore"):
            return 1.0 / np.asarray(rate)
    return rate
