"""Element insights: which attribute values move a metric, adjusted for everything else, with honest intervals.

Method (never a naive average of ratios): per creative, the log rate of the metric and its sampling variance; a
precision-weighted ridge regression on one-hot attributes (all attributes at once, so each effect is "other
attributes held equal"); weights 1/(τ² + vᵢ) so big-spend creatives count more but never more than one creative's
worth of between-creative spread (τ², DerSimonian–Laird) — the adjustment for delivery volume. Effects are contrasts
of a level against the frequency-weighted average of the other levels of the same attribute; 95 % intervals and
p-values come from a bootstrap over creatives; claims need enough creatives on both sides and survive
Holm's correction across all tested values (family-wise error 5 %): a report rarely carries even one false claim.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tools.analyst.data import AccountData, creative_table, creative_totals
from tools.analyst.features import FeatureConfig, raw_features, usable_categoricals
from tools.analyst.stats import MetricSpec, between_variance, counts, log_rate, metric_spec, weighted_ridge
from tools.core.domain.analysis import Insight, InsightsResult

INSIGHT_METRICS = ("ctr_link", "hook_rate", "cpa", "roas")
MIN_EXPOSURE = {"impressions": 300.0, "spend": 5.0, "video_plays_3s": 100.0, "link_clicks": 30.0}


@dataclass
class InsightsConfig:
    min_n: int = 8
    bootstrap: int = 300
    seed: int = 0
    fdr: float = 0.05  # family-wise error level of the claims (Holm)
    ridge: float = 2.0  # prior strength, in "average creatives" per level
    features: FeatureConfig | None = None


@dataclass
class AttributeFit:
    """Weighted ridge of per-creative log rates on one-hot attribute levels."""

    levels: list[tuple[str, str]]
    beta: np.ndarray
    tau2: float
    x: np.ndarray
    y: np.ndarray
    v: np.ndarray

    @property
    def fitted(self) -> np.ndarray:
        return self.x @ self.beta

    def weights(self) -> np.ndarray:
        return 1.0 / (self.tau2 + self.v)


def one_hot(cat: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, list[tuple[str, str]]]:
    levels: list[tuple[str, str]] = []
    blocks = [np.ones((len(cat), 1))]
    for column in columns:
        values = cat[column]
        for level in sorted(values.dropna().unique().tolist()):
            levels.append((column, level))
            blocks.append((values == level).to_numpy(dtype=float)[:, None])
    return np.hstack(blocks), levels


def fit_attributes(y: np.ndarray, v: np.ndarray, x: np.ndarray, levels: list[tuple[str, str]],
                   ridge: float = 2.0, iterations: int = 4) -> AttributeFit:
    """Alternate between the weighted ridge fit and the between-creative variance τ² around it."""
    tau2 = between_variance(y, v)
    beta = np.zeros(x.shape[1])
    for _ in range(iterations):
        w = 1.0 / (tau2 + v)
        beta = weighted_ridge(x, y, w, ridge * float(np.mean(w)))
        tau2 = between_variance(y, v, x @ beta, n_params=min(x.shape[1], max(1, len(y) - 2)))
    return AttributeFit(levels=levels, beta=beta, tau2=tau2, x=x, y=y, v=v)


def metric_rows(data: AccountData, spec: MetricSpec) -> pd.DataFrame:
    """Creatives that carry the metric's measures, with enough exposure to say anything."""
    totals = creative_totals(data)
    have = totals[spec.count].notna() & totals[spec.exposure].notna()
    if spec.name in ("cpa", "roas"):
        have &= totals["purchases"].notna()
    totals = totals[have & (totals[spec.exposure] >= MIN_EXPOSURE.get(spec.exposure, 1.0))]
    return totals


def _contrasts(beta: np.ndarray, levels: list[tuple[str, str]], freq: dict[tuple[str, str], float]) -> np.ndarray:
    """β_v minus the frequency-weighted mean β of the other levels of the same attribute."""
    out = np.zeros(len(levels))
    by_attr: dict[str, list[int]] = {}
    for j, (attr, _level) in enumerate(levels):
        by_attr.setdefault(attr, []).append(j)
    for members in by_attr.values():  # vectorised per attribute: the bootstrap calls this hundreds of times
        idx = np.asarray(members)
        weights = np.array([freq[levels[i]] for i in members], dtype=float)
        coefs = beta[idx + 1]
        rest = weights.sum() - weights  # the other levels' total weight, per level
        others = np.divide((weights * coefs).sum() - weights * coefs, rest, out=np.zeros(len(idx)), where=rest > 0)
        out[idx] = coefs - others
    return out


def _holm(p: np.ndarray) -> np.ndarray:
    """Holm step-down adjusted p-values: family-wise control, so one report rarely carries any false claim."""
    n = len(p)
    if n == 0:
        return p
    order = np.argsort(p)
    adjusted = np.maximum.accumulate(p[order] * (n - np.arange(n)))
    out = np.empty(n)
    out[order] = np.minimum(adjusted, 1.0)
    return out


def element_insights(data: AccountData, metric: str = "ctr_link", config: InsightsConfig | None = None
                     ) -> InsightsResult:
    config = config or InsightsConfig()
    spec = metric_spec(metric, INSIGHT_METRICS)
    totals = metric_rows(data, spec)
    notes: list[str] = []
    method = ("precision-weighted ridge regression of per-creative log rates on all attributes, "
              f"bootstrap over creatives ({config.bootstrap}×), Holm-adjusted at {config.fdr:.0%}")
    if len(totals) < 2 * config.min_n:
        notes.append(f"Only {len(totals)} creatives carry {spec.label} with enough delivery; "
                     f"insights need at least {2 * config.min_n}.")
        return InsightsResult(metric=metric, insights=[], n_creatives=len(totals), method=method, notes=notes)

    table = creative_table(data).reindex(totals.index)
    cat, _ = raw_features(table, config.features or FeatureConfig())
    cat = cat.drop(columns=[c for c in ("kind",) if c in cat.columns])
    columns = usable_categoricals(cat)
    if not columns:
        notes.append("No creative attributes found (export columns such as 'Hook type' or a naming convention).")
        return InsightsResult(metric=metric, insights=[], n_creatives=len(totals), method=method, notes=notes)

    k, e, _scale = counts(totals, spec)
    y, v = log_rate(k, e, spec)
    x, levels = one_hot(cat, columns)
    fit = fit_attributes(y, v, x, levels, ridge=config.ridge)
    freq = {lv: float(x[:, j + 1].sum()) for j, lv in enumerate(levels)}
    point = _contrasts(fit.beta, levels, freq)

    rng = np.random.default_rng(config.seed)
    n = len(y)
    boots = np.empty((config.bootstrap, len(levels)))
    w_all = fit.weights()
    for b in range(config.bootstrap):
        idx = rng.integers(0, n, n)
        beta = weighted_ridge(x[idx], y[idx], w_all[idx], config.ridge * float(np.mean(w_all[idx])))
        boots[b] = _contrasts(beta, levels, freq)
    lo, hi = np.percentile(boots, [2.5, 97.5], axis=0)
    # two-sided p from the bootstrap standard error (smoother than counting resamples beyond zero)
    from scipy.stats import norm

    se = np.maximum(boots.std(axis=0, ddof=1), 1e-12)
    p = 2 * norm.sf(np.abs(point) / se)

    n_with = np.array([int(freq[lv]) for lv in levels])
    testable = (n_with >= config.min_n) & (n - n_with >= config.min_n)
    q = np.ones(len(levels))
    q[testable] = _holm(p[testable])
    sign = 1.0 if not spec.inverse_display else -1.0  # CPA moves opposite to purchases per unit of spend

    insights = []
    for j, (attribute, value) in enumerate(levels):
        effect = float(np.expm1(sign * point[j]))
        bounds = sorted([float(np.expm1(sign * lo[j])), float(np.expm1(sign * hi[j]))])
        conclusive = bool(testable[j] and q[j] < config.fdr and (lo[j] > 0 or hi[j] < 0))
        insight = Insight(attribute=attribute, value=value, metric=metric, effect=round(effect, 4),
                          ci=[round(bounds[0], 4), round(bounds[1], 4)], n=int(n_with[j]),
                          n_without=int(n - n_with[j]), p_value=round(float(q[j]), 4), conclusive=conclusive)
        insight.sentence = sentence(insight, spec, config.min_n, testable[j])
        insights.append(insight)
    insights.sort(key=lambda i: (not i.conclusive, -abs(i.effect or 0.0)))
    notes.append(f"{n} creatives analysed; between-creative spread τ = {np.sqrt(fit.tau2):.2f} (log scale).")
    return InsightsResult(metric=metric, insights=insights, n_creatives=n, method=method, notes=notes)


_LABELS = {"hook_type": "{v} hooks", "hook": "{v} hooks", "format": "{v} ads", "background": "{v} backgrounds",
           "offer": "offer '{v}'", "colour": "{v} colour", "color": "{v} colour", "cta": "CTA {v}",
           "kind": "{v} creatives"}
_UPPER = {"ugc", "cta", "bogo", "usp", "ai", "ui", "ux"}


def display_level(value: str) -> str:
    words = [w.upper() if w in _UPPER else w for w in value.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def level_label(attribute: str, value: str) -> str:
    template = _LABELS.get(attribute)
    if template is None:
        return f"{attribute.replace('_', ' ').capitalize()} = {display_level(value)}"
    return template.format(v=display_level(value))


def pct(x: float | None) -> str:
    if x is None:
        return "n/a"
    return f"{x * 100:+.0f} %".replace("-", "−")


def sentence(insight: Insight, spec: MetricSpec, min_n: int, testable: bool) -> str:
    label = level_label(insight.attribute, insight.value)
    lo, hi = insight.ci
    if not testable:
        return (f"{label}: not enough evidence yet ({insight.n} creatives with it, {insight.n_without} without; "
                f"need {min_n} on each side).")
    interval = f"95 % CI {pct(lo)}…{pct(hi)}, {insight.n} ads"
    if insight.conclusive:
        return f"{label}: {pct(insight.effect)} {spec.label} ({interval})."
    if lo is not None and hi is not None and (lo > 0 or hi < 0):
        return (f"{label}: possibly {pct(insight.effect)} {spec.label}, but not conclusive once every value tested "
                f"is accounted for ({interval}).")
    return f"{label}: no reliable difference in {spec.label} ({pct(insight.effect)}, {interval})."
