"""Audience segments: k-means on the performance profiles of breakdown cells (age × gender × interest × hour).

Why shrink before clustering: a cell with 3 clicks has a wild CTR; profiles are empirical-Bayes rates (pulled to the
account average in proportion to their evidence) on a log scale, standardised, and cells are weighted by the square
root of their impressions. k is chosen by silhouette among 3–6 with many k-means restarts so the segmentation does
not depend on the random seed. Each segment is named from its most distinctive metrics and over-represented
audience values, so a manager can read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from tools.analyst.predictor import openmp_controller
from tools.core.domain.analysis import AudienceSegment, ClustersResult
from tools.core.errors import InputError, InsufficientDataError

DIMENSIONS = ("age", "gender", "interest", "hour", "country", "region", "placement", "platform", "device")
_ALIASES = {
    "age": "age", "gender": "gender", "interest": "interest", "interests": "interest",
    "hour": "hour", "time_of_day": "hour", "hour_of_day": "hour",
    "time_of_day_ad_account_time_zone": "hour", "time_of_day_viewer_s_time_zone": "hour",
    "country": "country", "region": "region", "placement": "placement", "platform": "platform",
    "device": "device", "impression_device": "device",
    "impressions": "impressions", "clicks": "clicks", "link_clicks": "clicks", "clicks_all": "clicks_all",
    "spent": "spend", "spend": "spend", "amount_spent": "spend", "cost": "spend",
    "total_conversion": "conversions", "conversions": "conversions", "results": "conversions",
    "leads": "conversions", "approved_conversion": "purchases", "purchases": "purchases",
}
PROFILE = {"ctr": "CTR", "cpc": "cost per click", "cvr": "conversion rate", "cpa": "cost per conversion"}


@dataclass
class ClusterConfig:
    k: int | None = None
    k_range: tuple[int, int] = (3, 6)
    seed: int = 0
    n_init: int = 25
    min_impressions: float = 0.0


def _key(column: str) -> str:
    key = re.sub(r"[^0-9a-z]+", "_", column.strip().lower()).strip("_")
    return re.sub(r"_[a-z]{3}$", "", key) if key.startswith("amount_spent") else key


def load_breakdown_file(path: Path) -> pd.DataFrame:
    """A CSV/XLSX with breakdown columns (age, gender, interest, hour, ...) and delivery measures."""
    if not path.exists():
        raise InputError(f"File {path} does not exist.", file=str(path))
    try:
        raw = pd.read_excel(path) if path.suffix.lower() in (".xlsx", ".xls") else pd.read_csv(path)
    except Exception as exc:
        raise InputError(f"Cannot read {path}: {exc}. Expected a CSV or XLSX export with a header row.",
                         file=str(path)) from exc
    renamed = {}
    for column in raw.columns:
        canonical = _ALIASES.get(_key(str(column)))
        if canonical and canonical not in renamed.values():
            renamed[column] = canonical
    frame = raw.rename(columns=renamed)[list(renamed.values())]
    missing = [c for c in ("impressions", "clicks", "spend") if c not in frame]
    if missing:
        raise InputError(
            f"{path}: missing column(s) {', '.join(missing)}; expected delivery measures such as Impressions, "
            "Clicks and Spent (or Amount spent) next to breakdown columns like age, gender, interest or hour.",
            file=str(path), column=missing[0])
    if not any(d in frame for d in DIMENSIONS):
        raise InputError(f"{path}: no breakdown column found; expected one of {', '.join(DIMENSIONS)}.",
                         file=str(path))
    for column in ("impressions", "clicks", "spend", "conversions", "purchases", "clicks_all"):
        if column in frame:
            values = pd.to_numeric(frame[column], errors="coerce")
            bad = values.isna() & frame[column].notna()
            if bad.any():
                row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
                raise InputError(f"{path}, row {row}, column {column!r}: {frame[column][bad].iloc[0]!r} is not a "
                                 "number.", file=str(path), row=row, column=column)
            frame[column] = values.fillna(0.0)
    return frame


def _shrunk_log_rate(k: np.ndarray, n: np.ndarray) -> np.ndarray:
    """log of an empirical-Bayes rate: (k + a)/(n + a/m) with a prior worth ~a events at the pooled rate m."""
    m = max(k.sum(), 1e-9) / max(n.sum(), 1e-9)
    a = 5.0
    return np.log((k + a) / (n + a / m))


def audience_clusters(frame: pd.DataFrame, config: ClusterConfig | None = None, source: str = "data"
                      ) -> ClustersResult:
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    config = config or ClusterConfig()
    dims = [d for d in DIMENSIONS if d in frame and frame[d].nunique() > 1]
    if not dims:
        raise InsufficientDataError("No breakdown varies in this data (age, gender, interest, hour...): "
                                    "nothing to segment.")
    frame = frame.copy()
    for d in dims:
        frame[d] = frame[d].astype(str)
    measures = [c for c in ("impressions", "clicks", "spend", "conversions", "purchases") if c in frame]
    cells = frame.groupby(dims, sort=True)[measures].sum().reset_index()
    cells = cells[cells["impressions"] > config.min_impressions].reset_index(drop=True)
    if len(cells) < 10:
        raise InsufficientDataError(f"Only {len(cells)} audience cells have delivery; need at least 10.")

    results = "purchases" if "purchases" in cells and cells["purchases"].sum() > 0 else (
        "conversions" if "conversions" in cells and cells["conversions"].sum() > 0 else None)
    impressions = cells["impressions"].to_numpy(float)
    clicks = cells["clicks"].to_numpy(float)
    spend = cells["spend"].to_numpy(float)
    profile = {"ctr": _shrunk_log_rate(clicks, impressions), "cpc": -_shrunk_log_rate(clicks, spend)}
    if results:
        conv = cells[results].to_numpy(float)
        profile["cvr"] = _shrunk_log_rate(conv, clicks)
        profile["cpa"] = -_shrunk_log_rate(conv, spend)
    features = list(profile)
    x = np.column_stack([profile[f] for f in features])
    weights = np.sqrt(impressions / impressions.mean())
    mu = np.average(x, axis=0, weights=weights)
    sd = np.sqrt(np.average((x - mu) ** 2, axis=0, weights=weights))
    z = (x - mu) / np.where(sd > 0, sd, 1.0)


    def fit(k: int):  # type: ignore[no-untyped-def]
        # a few hundred cells: one thread is faster than waking an OpenMP team on a busy machine
        with openmp_controller().limit(limits=1, user_api="openmp"):
            return KMeans(n_clusters=k, n_init=config.n_init, random_state=config.seed).fit(z,
                                                                                           sample_weight=weights)

    if config.k:
        k_best, model = config.k, fit(config.k)
        silhouette = float(silhouette_score(z, model.labels_)) if config.k > 1 else None
    else:
        best = None
        for k in range(config.k_range[0], min(config.k_range[1], len(cells) - 1) + 1):
            model = fit(k)
            score = float(silhouette_score(z, model.labels_, sample_size=min(len(z), 3000), random_state=0))
            if best is None or score > best[0] + 1e-9:
                best = (score, k, model)
        assert best is not None
        silhouette, k_best, model = best
    labels = canonical_labels(model.labels_, z, weights)

    segments = []
    total_spend = spend.sum()
    for c in range(k_best):
        mask = labels == c
        centre = np.average(z[mask], axis=0, weights=weights[mask])
        kpis = {
            "impressions": float(impressions[mask].sum()), "clicks": float(clicks[mask].sum()),
            "spend": round(float(spend[mask].sum()), 2),
            "ctr": _ratio(clicks[mask].sum(), impressions[mask].sum()),
            "cpc": _ratio(spend[mask].sum(), clicks[mask].sum()),
        }
        if results:
            conv = cells[results].to_numpy(float)[mask].sum()
            kpis.update({results: float(conv), "cvr": _ratio(conv, clicks[mask].sum()),
                         "cpa": _ratio(spend[mask].sum(), conv)})
        composition = {
            d: (cells.loc[mask].groupby(d)["spend"].sum() / max(spend[mask].sum(), 1e-9)).round(3)
            .sort_values(ascending=False).head(5).to_dict() for d in dims
        }
        segments.append(AudienceSegment(
            id=c, name=_name(centre, features, cells, mask, dims, spend), members=int(mask.sum()),
            spend_share=round(float(spend[mask].sum() / max(total_spend, 1e-9)), 4), kpis=kpis,
            profile={f: round(float(v), 3) for f, v in zip(features, centre, strict=True)},
            composition=composition))
    segments.sort(key=lambda s: -s.spend_share)
    notes = [f"{len(cells)} audience cells ({' × '.join(dims)}); profiles: {', '.join(PROFILE[f] for f in features)}"
             " (empirical-Bayes shrunk, log scale, standardised)."]
    return ClustersResult(segments=segments, k=k_best, silhouette=round(silhouette, 4) if silhouette else None,
                          dimensions=dims, features=features, source=source, notes=notes)


def canonical_labels(labels: np.ndarray, z: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Relabel clusters in a seed-independent order (by centroid CTR, then cost) so runs compare directly."""
    keys = []
    for c in np.unique(labels):
        centre = np.average(z[labels == c], axis=0, weights=weights[labels == c])
        keys.append((tuple(np.round(-centre, 6)), c))
    order = {old: new for new, (_k, old) in enumerate(sorted(keys))}
    return np.array([order[c] for c in labels])


def _ratio(a: float, b: float) -> float | None:
    return float(a / b) if b > 0 else None


_WORDS = {
    "ctr": ("high CTR", "low CTR"),
    "cpc": ("expensive clicks", "cheap clicks"),  # profile values are log costs: high = expensive
    "cvr": ("converts well", "converts poorly"),
    "cpa": ("expensive conversions", "cheap conversions"),
}


def _name(centre: np.ndarray, features: list[str], cells: pd.DataFrame, mask: np.ndarray, dims: list[str],
          spend: np.ndarray) -> str:
    order = np.argsort(-np.abs(centre))
    traits = [(_WORDS[features[i]][0] if centre[i] > 0 else _WORDS[features[i]][1])
              for i in order[:2] if abs(centre[i]) >= 0.35]
    if not traits:
        traits = ["average performance"]
    # the audience value most over-represented (by spend) in this segment
    best = None
    for d in dims:
        inside = cells.loc[mask].groupby(d)["spend"].sum() / max(spend[mask].sum(), 1e-9)
        overall = cells.groupby(d)["spend"].sum() / max(spend.sum(), 1e-9)
        lift = (inside / overall).dropna()
        lift = lift[inside.reindex(lift.index) >= 0.3]
        if len(lift) and (best is None or lift.max() > best[0]):
            best = (float(lift.max()), d, str(lift.idxmax()))
    text = ", ".join(traits)
    text = text[:1].upper() + text[1:]
    if best and best[0] >= 1.2:
        text += f" — mostly {best[1]} {best[2]}"
    return text
