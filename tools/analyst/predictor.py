"""Pre-launch prediction: how a new variant is likely to do, from its attributes, blueprint and copy.

Trained per workspace on its own creatives: the target is each creative's shrunk log rate (global prior, so no
attribute leaks into the target), weighted by how much evidence it has. Validation is a time split (train on the
creatives launched first, test on the newest) — the honest question is "how well would we have predicted the ads we
launched later?" The interval is split-conformal from those held-out residuals. With too few creatives the model
falls back to the account's prior (or a cross-account default) and says so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from tools.analyst.data import AccountData, creative_table, creative_totals, flatten_blueprint
from tools.analyst.features import FeatureConfig, FeatureSpace, embed_copy, raw_features
from tools.analyst.stats import METRICS, MetricSpec, between_variance, counts, log_rate, metric_spec, weighted_ridge

MIN_TRAIN = 20  # creatives with enough evidence before a model beats the prior
INTERVAL = 0.80
MIN_EXPOSURE = {"impressions": 500.0, "spend": 20.0, "video_plays_3s": 200.0, "link_clicks": 50.0}
# Cross-account defaults for a workspace with no data at all (typical Meta D2C figures, deliberately wide).
DEFAULT_PRIORS = {"ctr_link": 0.010, "hook_rate": 0.25, "hold_rate": 0.20, "cvr": 0.03, "cpa": 1 / 30.0,
                  "roas": 2.0}


@dataclass
class PrelaunchModel:
    metric: str
    space: FeatureSpace | None
    model: Any | None
    prior_log: float
    tau: float
    residual_q: float
    reference: np.ndarray  # account posterior means (rate units) for percentiles
    n_train: int
    cold_start: bool
    validation: dict[str, float | None] = field(default_factory=dict)
    trained_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    fingerprint: str = ""
    note: str | None = None
    learner: str = "prior"

    @property
    def spec(self) -> MetricSpec:
        return METRICS[self.metric]

    @property
    def uses_embeddings(self) -> bool:
        return bool(self.space is not None and self.space.uses_embeddings)

    def predict_log(self, table: pd.DataFrame, embeddings: np.ndarray | None = None) -> np.ndarray:
        if self.model is None or self.space is None:
            return np.full(len(table), self.prior_log)
        x = self.space.transform(table, embeddings if self.uses_embeddings else None)
        if len(x) < 5000:  # a few variants: OpenMP start-up and contention cost more than they save
            with openmp_controller().limit(limits=1, user_api="openmp"):
                return self.model.predict(x)
        return self.model.predict(x)

    def predict(self, table: pd.DataFrame, embeddings: np.ndarray | None = None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(value, low, high) in rate units (purchases per unit of spend for CPA, value per spend for ROAS)."""
        centre = self.predict_log(table, embeddings)
        scale = 1.0
        if self.metric == "roas":
            scale = float(self.validation.get("aov") or 1.0)
        value = np.exp(centre) * scale
        return value, np.exp(centre - self.residual_q) * scale, np.exp(centre + self.residual_q) * scale


_controller: Any = None


def openmp_controller() -> Any:
    """One threadpool controller per process: building it scans every loaded library (tens of ms)."""
    global _controller
    if _controller is None:
        from threadpoolctl import ThreadpoolController

        _controller = ThreadpoolController()
    return _controller


def fingerprint(data: AccountData) -> str:
    import hashlib

    daily = data.daily
    parts = [len(daily), str(daily["day"].max()) if len(daily) else "", float(daily["impressions"].sum()),
             float(daily["link_clicks"].sum()), float(daily["spend"].sum()), len(data.ads)]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def training_frame(data: AccountData, spec: MetricSpec) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, float, float]:
    """Creatives with enough evidence, their shrunk log-rate targets and weights."""
    totals = creative_totals(data)
    have = totals[spec.count].notna() & (totals[spec.exposure].fillna(0) >= MIN_EXPOSURE.get(spec.exposure, 1.0))
    totals = totals[have]
    k, e, scale = counts(totals, spec)
    aov = float(scale[0]) if len(scale) else 1.0
    y, v = log_rate(k, e, spec)
    tau2 = between_variance(y, v)
    w = 1.0 / (tau2 + v)
    mean = float(np.sum(w * y) / np.sum(w)) if len(y) else np.nan
    shrink = tau2 / (tau2 + v)
    target = mean + shrink * (y - mean)  # posterior mean of the log rate under a normal prior
    return totals, target, shrink, tau2, aov


def _hgb(n: int, mask: list[bool]) -> Any:
    from sklearn.ensemble import HistGradientBoostingRegressor

    return HistGradientBoostingRegressor(
        loss="squared_error", learning_rate=0.06, max_iter=250 if n < 20_000 else 150, max_leaf_nodes=15,
        min_samples_leaf=max(5, min(50, n // 40)), l2_regularization=1.0, categorical_features=mask,
        early_stopping=False, random_state=0,
    )


def _weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    order = np.argsort(values)
    cum = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cum, q * cum[-1])])


def train_prelaunch(data: AccountData, metric: str = "ctr_link", features: FeatureConfig | None = None,
                    reference: np.ndarray | None = None) -> PrelaunchModel:
    """Train, time-split validate and choose the pre-launch model (single-threaded for typical accounts)."""
    threads = 1 if data.ads.shape[0] < 30_000 else None  # small fits: an OpenMP team costs more than it saves
    with openmp_controller().limit(limits=threads, user_api="openmp"):
        return _train_prelaunch(data, metric, features, reference)


def _train_prelaunch(data: AccountData, metric: str, features: FeatureConfig | None,
                     reference: np.ndarray | None) -> PrelaunchModel:
    from scipy.stats import spearmanr


    spec = metric_spec(metric)
    config = features or FeatureConfig()
    totals, target, weight, tau2, aov = training_frame(data, spec)
    tau = float(np.sqrt(tau2))
    z = 1.2816  # two-sided 80 %
    reference = np.asarray(reference if reference is not None else [], dtype=float)
    if len(totals) < MIN_TRAIN:
        if len(totals):
            prior = float(np.average(target, weights=weight))
            note = (f"Cold start: only {len(totals)} creatives have enough delivery (need {MIN_TRAIN}); "
                    "predictions are this account's average with its observed spread.")
        else:
            prior = float(np.log(DEFAULT_PRIORS[metric] / (aov if metric == "roas" else 1.0)))
            tau = 0.5
            note = "Cold start: no creative has enough delivery yet; predictions are cross-account defaults."
        return PrelaunchModel(metric=metric, space=None, model=None, prior_log=prior, tau=tau,
                              residual_q=z * max(tau, 0.2), reference=reference, n_train=len(totals),
                              cold_start=True, validation={"aov": aov}, fingerprint=fingerprint(data), note=note)

    table = creative_table(data).reindex(totals.index)
    table["blueprint"] = [data.blueprints.get(str(key)) for key in table.index]
    embeddings = embed_copy(table, config) if config.use_embeddings else None
    cat, num = raw_features(table, config)  # once; every candidate model slices it

    def raw(idx: np.ndarray | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
        return (cat, num) if idx is None else (cat.iloc[idx], num.iloc[idx])

    order = np.argsort(totals["first_day"].to_numpy(), kind="stable")
    cut = round(len(order) * 0.75)
    train_idx, val_idx = order[:cut], order[cut:]
    started = time.perf_counter()
    validation: dict[str, float | None] = {"aov": aov, "n_validation": float(len(val_idx))}
    residual_q = z * tau
    options = [("hgb", False), ("linear", False)]
    if embeddings is not None:
        options += [("hgb", True), ("linear", True)]
    chosen = ("hgb", False)
    if len(val_idx) >= 8:
        base = float(np.average(target[train_idx], weights=weight[train_idx]))
        best = None
        for learner, with_emb in options:
            emb = embeddings if with_emb else None
            emb_train = None if emb is None else emb[train_idx]
            space = FeatureSpace(config).fit(table.iloc[train_idx], emb_train, raw(train_idx))
            model = _learner(learner, len(train_idx), space.categorical_mask)
            model.fit(space.transform(table.iloc[train_idx], emb_train, raw(train_idx)),
                      target[train_idx], sample_weight=weight[train_idx])
            pred = model.predict(space.transform(table.iloc[val_idx], None if emb is None else emb[val_idx],
                                                 raw(val_idx)))
            resid = np.abs(target[val_idx] - pred)
            mae = float(np.average(resid, weights=weight[val_idx]))
            validation[f"mae_log_{learner}{'_emb' if with_emb else ''}"] = mae
            # parsimony: embeddings cost ~5 ms per text at prediction time, so they must earn a clear gain
            penalised = mae * (1.02 if with_emb else 1.0)
            if best is None or penalised < best[0] - 1e-9:
                best = (penalised, (learner, with_emb), pred, resid)
        assert best is not None
        _, chosen, pred, resid = best
        mae = float(np.average(resid, weights=weight[val_idx]))
        residual_q = max(_weighted_quantile(resid, weight[val_idx], INTERVAL), 0.05)
        validation.update({
            "spearman": float(spearmanr(pred, target[val_idx])[0]) if np.std(pred) > 0 else 0.0,
            "mae_log": mae,
            "baseline_mae_log": float(np.average(np.abs(target[val_idx] - base), weights=weight[val_idx])),
            "interval": INTERVAL,
            "uses_embeddings": float(chosen[1]),
        })
    learner, with_emb = chosen
    emb = embeddings if with_emb else None
    space = FeatureSpace(config).fit(table, emb, raw())
    model = _learner(learner, len(table), space.categorical_mask)
    model.fit(space.transform(table, emb, raw()), target, sample_weight=weight)
    validation["fit_seconds"] = round(time.perf_counter() - started, 3)
    return PrelaunchModel(metric=metric, space=space, model=model,
                          prior_log=float(np.average(target, weights=weight)), tau=tau, residual_q=residual_q,
                          reference=reference, n_train=len(table), cold_start=False, validation=validation,
                          fingerprint=fingerprint(data), learner=learner)


class LinearOnCodes:
    """Ridge regression on one-hot categorical codes plus standardised numerics (missing → the average).

    The HistGradientBoosting model's linear sibling: with a few hundred creatives, additive attribute effects are
    often what the data supports, and the time-split validation picks whichever predicts the newest ads better.
    """

    def __init__(self, categorical_mask: list[bool], alpha: float = 3.0) -> None:
        self.mask = np.asarray(categorical_mask, dtype=bool)
        self.alpha = alpha

    def _design(self, x: np.ndarray) -> np.ndarray:
        blocks = [np.ones((len(x), 1))]
        for j in np.flatnonzero(self.mask):
            levels = self.levels_[j]
            blocks.append((x[:, [j]] == levels[None, :]).astype(float))
        num = x[:, ~self.mask]
        if num.shape[1]:
            blocks.append(np.nan_to_num((num - self.mean_) / self.scale_, nan=0.0))
        return np.hstack(blocks)

    def fit(self, x: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None) -> LinearOnCodes:

        self.levels_ = {j: np.unique(x[~np.isnan(x[:, j]), j]) for j in np.flatnonzero(self.mask)}
        num = x[:, ~self.mask]
        self.mean_ = np.nanmean(num, axis=0) if num.shape[1] else np.zeros(0)
        self.scale_ = np.nanstd(num, axis=0) if num.shape[1] else np.zeros(0)
        self.scale_ = np.where(np.isfinite(self.scale_) & (self.scale_ > 0), self.scale_, 1.0)
        self.mean_ = np.nan_to_num(self.mean_)
        w = np.ones(len(y)) if sample_weight is None else sample_weight
        self.coef_ = weighted_ridge(self._design(x), y, w, self.alpha * float(np.mean(w)))
        return self

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self._design(x) @ self.coef_


def _learner(name: str, n: int, mask: list[bool]) -> Any:
    return LinearOnCodes(mask) if name == "linear" else _hgb(n, mask)


def candidate_table(candidates: list[dict[str, Any]]) -> pd.DataFrame:
    """Candidates (dicts shaped like `Candidate`) as a creative table the FeatureSpace understands."""
    rows = []
    for i, c in enumerate(candidates):
        attributes = dict(c.get("attributes") or {})
        blueprint = c.get("blueprint") or None
        rows.append({
            "creative_key": c.get("id") or f"candidate-{i + 1}",
            "ad_name": c.get("name"),
            "kind": c.get("kind"),
            "hook": c.get("hook"),
            "headline": c.get("headline"),
            "body": c.get("body"),
            "cta": c.get("cta"),
            "attributes": attributes,
            "blueprint": _blueprint_features(blueprint) if blueprint else None,
        })
    return pd.DataFrame(rows).set_index("creative_key")


def _blueprint_features(blueprint: dict[str, Any]) -> dict[str, Any]:

    return flatten_blueprint(blueprint)
