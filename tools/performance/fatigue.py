"""Rule-based creative fatigue flags (the analyst adds a model on top; these rules stay the explainable baseline).

Rules, evaluated per ad on a rolling window of `ROLLING_DAYS` calendar days:
- decay: the rolling hook rate (video ads with 3-second plays) or CTR (link, else all) has fallen at least
  `DECAY_THRESHOLD` below its post-learning peak while frequency rises above its level at that peak. When the export
  has no reach, frequency is unknown: the ad is still flagged, with `frequency_rising = None`, so the gap is visible.
- cost: the rolling CPA is above `settings.target_cpa` (when set), or the window spent more than the target without
  a single result.
Days of the learning phase (the first `LEARNING_DAYS` from the ad's first delivery) never enter a window, and a
rolling point counts only when its window holds at least `settings.min_impressions` impressions (tiny windows are
noise, not fatigue). The flag's
`day` is the first day of the run of fatigued days that reaches into the report period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

import numpy as np

from tools.core.domain.performance import FatigueFlag, PeriodRange
from tools.performance.kpis import AdKpis
from tools.performance.queries import DAILY_COLUMNS

ROLLING_DAYS = 7
LEARNING_DAYS = 3
LOOKBACK_DAYS = 28
DECAY_THRESHOLD = 0.20


@dataclass(frozen=True)
class FatigueRules:
    rolling_days: int = ROLLING_DAYS
    learning_days: int = LEARNING_DAYS
    decay_threshold: float = DECAY_THRESHOLD
    min_window_impressions: float = 1000.0
    target_cpa: float | None = None


def history_start(period: PeriodRange) -> date:
    """How far back the rules look for a peak (older peaks are stale for a weekly decision)."""
    return period.start - timedelta(days=LOOKBACK_DAYS)


def _matrix(arr: np.ndarray, rows: np.ndarray, cols: np.ndarray,
            shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Scatter a nullable column into an (ads × days) matrix of values (0 where absent) and a 'reported' mask."""
    present = ~np.isnan(arr)
    out = np.zeros(shape)
    mask = np.zeros(shape, dtype=bool)
    out[rows[present], cols[present]] = arr[present]
    mask[rows[present], cols[present]] = True
    return out, mask


def _rolling(matrix: np.ndarray, window: int) -> np.ndarray:
    """Trailing sums over `window` columns (a partial window at the start)."""
    c = np.cumsum(matrix, axis=1)
    out = c.copy()
    out[:, window:] = c[:, window:] - c[:, :-window]
    return out


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def _run_start(cond_row: np.ndarray, last: int) -> int:
    start = last
    while start > 0 and cond_row[start - 1]:
        start -= 1
    return start


def find_fatigue(daily: np.ndarray, ads: dict[int, AdKpis], first_delivery: dict[int, date],
                 period: PeriodRange, rules: FatigueRules) -> list[FatigueFlag]:
    """Evaluate both rules for the ads in `ads` over `daily` (their rows since `history_start(period)`, columns
    `queries.DAILY_COLUMNS`, NaN for NULL)."""
    if len(daily) == 0 or not ads:
        return []
    window_start = history_start(period)
    n_days = (period.end - window_start).days + 1
    col = {name: daily[:, i] for i, name in enumerate(DAILY_COLUMNS)}
    keep = np.isin(col["ad_pk"].astype(np.int64), np.fromiter(ads.keys(), dtype=np.int64))
    keep &= (col["offset"] >= 0) & (col["offset"] < n_days)
    if not keep.any():
        return []
    order, rows = np.unique(col["ad_pk"][keep].astype(np.int64), return_inverse=True)
    cols = col["offset"][keep].astype(np.int64)
    shape = (len(order), n_days)

    def column(name: str) -> tuple[np.ndarray, np.ndarray]:
        return _matrix(col[name][keep], rows, cols, shape)

    impressions, _ = column("impressions")
    spend, _ = column("spend")
    reach, has_reach = column("reach")
    link, has_link = column("link_clicks")
    clicks, has_clicks = column("clicks_all")
    plays, has_plays = column("video_plays_3s")
    purchases, has_purchases = column("purchases")
    conversions, has_conversions = column("conversions")

    w = rules.rolling_days
    roll = partial(_rolling, window=w)
    t_index = np.arange(n_days)
    first_off = np.array([
        (first_delivery.get(int(pk), window_start) - window_start).days for pk in order
    ])
    post_learning = t_index[None, :] >= (first_off + rules.learning_days)[:, None]
    in_period = t_index >= (period.start - window_start).days
    frequency = _ratio(roll(np.where(has_reach, impressions, 0)), roll(reach))

    flags: list[FatigueFlag] = []
    # --- decay rule: per-ad metric choice (hook rate for video, else CTR link, else CTR all)
    is_video = np.array([ads[int(pk)].creative_kind == "video" for pk in order])
    use_plays = is_video & has_plays.any(axis=1)
    use_link = ~use_plays & has_link.any(axis=1)
    use_clicks = ~use_plays & ~use_link & has_clicks.any(axis=1)
    # learning days are left out of every window, so an early spike can never become the peak
    chosen = np.where(use_plays[:, None], plays, np.where(use_link[:, None], link, clicks))
    reported = np.where(use_plays[:, None], has_plays, np.where(use_link[:, None], has_link, has_clicks))
    num = np.where(post_learning, chosen, 0)
    den_mask = post_learning & reported
    window_impressions = roll(np.where(den_mask, impressions, 0))
    metric = _ratio(roll(num), window_impressions)
    valid = post_learning & (window_impressions >= rules.min_window_impressions) & ~np.isnan(metric)
    valid &= (use_plays | use_link | use_clicks)[:, None]
    filled = np.where(valid, metric, -np.inf)
    peak = np.maximum.accumulate(filled, axis=1)
    peak_idx = np.maximum.accumulate(np.where(valid & (filled >= peak), t_index[None, :], -1), axis=1)
    freq_at_peak = np.take_along_axis(frequency, np.maximum(peak_idx, 0), axis=1)
    freq_known = ~np.isnan(frequency) & ~np.isnan(freq_at_peak)
    freq_ok = np.where(freq_known, frequency > freq_at_peak, True)
    decayed = valid & (peak > 0) & (metric <= (1 - rules.decay_threshold) * peak) & freq_ok
    for i in np.flatnonzero((decayed & in_period[None, :]).any(axis=1)):
        last = int(np.flatnonzero(decayed[i] & in_period)[-1])
        t = _run_start(decayed[i], last)
        p = int(peak_idx[i, t])
        name = "hook_rate" if use_plays[i] else ("ctr_link" if use_link[i] else "ctr_all")
        ad = ads[int(order[i])]
        known = bool(freq_known[i, t])
        drop = 1 - metric[i, t] / peak[i, t]
        flags.append(FatigueFlag(
            ad_id=ad.ad_id, ad_name=ad.ad_name, creative_kind=ad.creative_kind,
            reason="hook_rate_decay" if name == "hook_rate" else "ctr_decay",
            day=window_start + timedelta(days=t), metric=name, value=float(metric[i, t]),
            peak=float(peak[i, t]), peak_day=window_start + timedelta(days=p), drop=float(drop),
            frequency_at_peak=_finite(freq_at_peak[i, t]), frequency=_finite(frequency[i, t]),
            frequency_rising=True if known else None,
            spend=float(ad.sums.spend or 0.0), impressions=int(ad.sums.impressions or 0),
            message=(f"{_label(name)} {_pct(metric[i, t])} on its {w}-day window, {_pct(drop)} below its peak "
                     f"{_pct(peak[i, t])} ({window_start + timedelta(days=p)})"
                     + (f"; frequency up from {freq_at_peak[i, t]:.2f} to {frequency[i, t]:.2f}" if known
                       else "; frequency unknown (no reach in the data)")),
        ))

    # --- cost rule: rolling CPA above target (purchases, else conversions)
    if rules.target_cpa is not None and rules.target_cpa > 0:
        use_purchases = has_purchases.any(axis=1)
        results = np.where(post_learning, np.where(use_purchases[:, None], purchases, conversions), 0)
        result_mask = post_learning & np.where(use_purchases[:, None], has_purchases, has_conversions)
        window_results = roll(results)
        window_spend = roll(np.where(result_mask, spend, 0))
        results_reported = roll(result_mask.astype(float)) > 0
        cpa = _ratio(window_spend, window_results)
        over = np.where(window_results > 0, cpa > rules.target_cpa, window_spend > rules.target_cpa)
        costly = post_learning & results_reported & over
        for i in np.flatnonzero((costly & in_period[None, :]).any(axis=1)):
            last = int(np.flatnonzero(costly[i] & in_period)[-1])
            t = _run_start(costly[i], last)
            ad = ads[int(order[i])]
            value = _finite(cpa[i, t])
            flags.append(FatigueFlag(
                ad_id=ad.ad_id, ad_name=ad.ad_name, creative_kind=ad.creative_kind, reason="cpa_above_target",
                day=window_start + timedelta(days=t), metric="cpa", value=value, target_cpa=rules.target_cpa,
                frequency=_finite(frequency[i, t]), spend=float(ad.sums.spend or 0.0),
                impressions=int(ad.sums.impressions or 0),
                message=(f"{w}-day CPA {value:.2f} above target {rules.target_cpa:.2f}" if value is not None else
                         f"spent {window_spend[i, t]:.2f} in {w} days without a result (target CPA "
                         f"{rules.target_cpa:.2f})"),
            ))
    flags.sort(key=lambda f: (-f.spend, f.ad_id, f.reason))
    return flags


def _finite(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def _pct(value: float) -> str:
    return f"{value * 100:.2f} %"


def _label(metric: str) -> str:
    return {"hook_rate": "hook rate", "ctr_link": "CTR (link)", "ctr_all": "CTR (all)"}.get(metric, metric)
