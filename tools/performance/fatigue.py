"""Creative fatigue: the one detector behind the report, `decide`, `creative_fatigue` and the check-ins.

Rules, per ad, on trailing windows of `window_days` calendar days, evaluated on the days the ad delivered:
- decay: the window's hook rate (video ads with 3-second plays) or CTR (link, else all) is at least `decay_threshold`
  below the ad's post-learning peak window while frequency is higher than in that peak window. Without reach in the
  export frequency is unknown: the ad is still flagged, with `frequency_rising = None`, so the gap is visible.
- cost: with a target CPA, the window's CPA is above it, or the window spent more than the target without a result.
Every number in a flag comes from windows ending on the day it names (the value and frequency from the onset window,
the peak and its frequency from the peak window), so evidence never mixes windows.

Guards against calling noise or history fatigue: learning days (the first `learning_days` of delivery) never enter a
window, so a launch spike is never the peak; a window counts only with `min_window_impressions` impressions, and a
peak only with `min_peak_events` clicks (or plays); days without delivery are never evaluated, so an ad that stopped
is not "fatigued" on the days after; and an ad that stopped delivering before the period's last days
(`live_lag_days`) is not flagged at all — it is history, not a decision. `day` is the onset: the first delivery day of
the run of fatigued days that reaches into the period.

The Creative Fatigue Rate (days ads that reached the target CPA held it) uses the same windows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

import numpy as np

from tools.core.domain.performance import FatigueFlag, PeriodRange
from tools.performance.formatting import percent
from tools.performance.queries import DAILY_COLUMNS

WINDOW_DAYS = 7
LEARNING_DAYS = 3
LOOKBACK_DAYS = 28
DECAY_THRESHOLD = 0.20
MIN_PEAK_EVENTS = 100.0
LIVE_LAG_DAYS = 1
NOISE_Z = 1.0


class FatigueAd(Protocol):
    """What the rules need to know about an ad (a report's `AdKpis` adapter or the analyst's frame rows)."""

    ad_id: str
    ad_name: str | None
    creative_kind: str
    spend: float
    impressions: int


@dataclass
class AdFacts:
    ad_id: str
    ad_name: str | None
    creative_kind: str
    spend: float = 0.0
    impressions: int = 0


@dataclass(frozen=True)
class FatigueRules:
    window_days: int = WINDOW_DAYS
    learning_days: int = LEARNING_DAYS
    decay_threshold: float = DECAY_THRESHOLD
    min_window_impressions: float = 1000.0
    min_peak_events: float = MIN_PEAK_EVENTS
    noise_z: float = NOISE_Z
    live_lag_days: int = LIVE_LAG_DAYS
    target_cpa: float | None = None


def history_start(period: PeriodRange) -> date:
    """How far back the rules look for a peak (older peaks are stale for a weekly decision)."""
    return period.start - timedelta(days=LOOKBACK_DAYS)


@dataclass
class _Grid:
    """The checked ads' daily rows as (ads × days) matrices over [history_start, period end]."""

    order: np.ndarray  # ad key per matrix row
    start: date
    n_days: int
    values: dict[str, np.ndarray]
    reported: dict[str, np.ndarray]

    def __getitem__(self, name: str) -> np.ndarray:
        return self.values[name]


def _grid(daily: np.ndarray, keys: np.ndarray, start: date, n_days: int) -> _Grid | None:
    col = {name: daily[:, i] for i, name in enumerate(DAILY_COLUMNS)}
    keep = np.isin(col["ad_pk"].astype(np.int64), keys) & (col["offset"] >= 0) & (col["offset"] < n_days)
    if not keep.any():
        return None
    order, rows = np.unique(col["ad_pk"][keep].astype(np.int64), return_inverse=True)
    cols = col["offset"][keep].astype(np.int64)
    shape = (len(order), n_days)
    values, reported = {}, {}
    for name in DAILY_COLUMNS[2:]:
        arr = col[name][keep]
        present = ~np.isnan(arr)
        values[name] = np.zeros(shape)
        reported[name] = np.zeros(shape, dtype=bool)
        values[name][rows[present], cols[present]] = arr[present]
        reported[name][rows[present], cols[present]] = True
    return _Grid(order, start, n_days, values, reported)


def _rolling(matrix: np.ndarray, window: int) -> np.ndarray:
    """Trailing sums over `window` columns (a partial window at the start)."""
    c = np.cumsum(matrix, axis=1)
    out = c.copy()
    out[:, window:] = c[:, window:] - c[:, :-window]
    return out


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def _onset(condition: np.ndarray, delivered: np.ndarray, last: int) -> int:
    """The first delivery day of the run of `condition` days that ends at `last` (days without delivery are
    skipped, neither breaking nor joining the run)."""
    days = np.flatnonzero(delivered[: last + 1])
    start = last
    for t in days[::-1]:
        if not condition[t]:
            break
        start = int(t)
    return start


def find_fatigue(daily: np.ndarray, ads: dict[int, FatigueAd], first_delivery: dict[int, date],
                 period: PeriodRange, rules: FatigueRules) -> list[FatigueFlag]:
    """Both rules for the ads in `ads` over `daily` (their rows from `history_start(period)`, columns
    `queries.DAILY_COLUMNS`, NaN for NULL). Biggest spenders first."""
    if len(daily) == 0 or not ads:
        return []
    window_start = history_start(period)
    n_days = (period.end - window_start).days + 1
    grid = _grid(daily, np.fromiter(ads.keys(), dtype=np.int64), window_start, n_days)
    if grid is None:
        return []
    order = grid.order
    impressions, spend = grid["impressions"], grid["spend"]
    delivered = (impressions > 0) | (spend > 0)
    t_index = np.arange(n_days)
    first_off = np.array([(first_delivery.get(int(pk), window_start) - window_start).days for pk in order])
    post_learning = t_index[None, :] >= (first_off + rules.learning_days)[:, None]
    in_period = t_index >= (period.start - window_start).days
    # the ad's last delivery must reach the end of the period's data: an ad that stopped earlier is history
    data_end = int(np.flatnonzero(delivered.any(axis=0)).max())
    last_delivery = np.where(delivered.any(axis=1), n_days - 1 - np.argmax(delivered[:, ::-1], axis=1), -1)
    live = last_delivery >= data_end - rules.live_lag_days
    w = rules.window_days
    evaluated = post_learning & delivered & live[:, None]
    reach, has_reach = grid["reach"], grid.reported["reach"]
    frequency = _ratio(_rolling(np.where(has_reach & post_learning, impressions, 0), w),
                       _rolling(np.where(post_learning, reach, 0), w))

    flags: list[FatigueFlag] = []
    is_video = np.array([ads[int(pk)].creative_kind == "video" for pk in order])
    has_link = grid.reported["link_clicks"].any(axis=1)
    candidates = {
        "hook_rate": is_video & grid.reported["video_plays_3s"].any(axis=1),
        "ctr_link": has_link,
        "ctr_all": ~has_link & grid.reported["clicks_all"].any(axis=1),
    }
    decays = {name: _decay(grid, name, uses, impressions, post_learning, evaluated, frequency, rules)
              for name, uses in candidates.items() if uses.any()}
    for i in range(len(order)):
        found = []
        for name, d in decays.items():
            hit = d.decayed[i] & in_period
            if candidates[name][i] and hit.any():
                last = int(np.flatnonzero(hit)[-1])
                found.append((_onset(d.decayed[i], evaluated[i], last), name))
        if not found:
            continue
        t, name = min(found, key=lambda item: (item[0], item[1] != "hook_rate"))
        flags.append(_decay_flag(ads[int(order[i])], decays[name], name, i, t, window_start, w))

    target = rules.target_cpa
    if target is not None and target > 0:
        for flag in _cost_flags(grid, ads, post_learning, evaluated, in_period, target, w):
            flags.append(flag)
    flags.sort(key=lambda f: (-f.spend, f.ad_id, f.reason))
    return flags


_EVENTS = {"hook_rate": "video_plays_3s", "ctr_link": "link_clicks", "ctr_all": "clicks_all"}


@dataclass
class _Decay:
    """One decay metric evaluated for every ad and day (rows of ads that do not use it are never valid)."""

    metric: np.ndarray
    peak: np.ndarray  # the raw metric of the peak window
    peak_idx: np.ndarray
    frequency: np.ndarray
    freq_at_peak: np.ndarray
    freq_known: np.ndarray
    decayed: np.ndarray


def _decay(grid: _Grid, name: str, uses: np.ndarray, impressions: np.ndarray, post_learning: np.ndarray,
           evaluated: np.ndarray, frequency: np.ndarray, rules: FatigueRules) -> _Decay:
    """The decay rule for one metric. A window beats the peak only by more than its noise (`noise_z` standard
    errors, so one lucky window cannot set an unreachable bar) and a fall counts only beyond the noise too."""
    events_name = _EVENTS[name]
    w = rules.window_days
    reported = grid.reported[events_name]
    window_events = _rolling(np.where(post_learning, grid[events_name], 0), w)
    window_impressions = _rolling(np.where(post_learning & reported, impressions, 0), w)
    metric = _ratio(window_events, window_impressions)
    noise = rules.noise_z * _ratio(np.sqrt(np.maximum(window_events, 1.0)), window_impressions)
    valid = evaluated & (window_impressions >= rules.min_window_impressions) & ~np.isnan(metric) & uses[:, None]
    peak_valid = valid & (window_events >= rules.min_peak_events)
    low = np.where(peak_valid, metric - noise, -np.inf)
    bar = np.maximum.accumulate(low, axis=1)
    t_index = np.arange(metric.shape[1])
    peak_idx = np.maximum.accumulate(np.where(peak_valid & (low >= bar), t_index[None, :], -1), axis=1)
    at_peak = np.maximum(peak_idx, 0)
    peak = np.take_along_axis(np.nan_to_num(metric), at_peak, axis=1)
    freq_at_peak = np.take_along_axis(frequency, at_peak, axis=1)
    freq_known = ~np.isnan(frequency) & ~np.isnan(freq_at_peak)
    freq_ok = np.where(freq_known, frequency > freq_at_peak, True)
    decayed = (valid & (peak_idx >= 0) & (bar > 0) & (metric + noise <= (1 - rules.decay_threshold) * bar)
               & freq_ok)
    return _Decay(metric, peak, peak_idx, frequency, freq_at_peak, freq_known, decayed)


def _decay_flag(ad: FatigueAd, d: _Decay, name: str, i: int, t: int, window_start: date, w: int) -> FatigueFlag:
    p = int(d.peak_idx[i, t])
    known = bool(d.freq_known[i, t])
    value, peak = float(d.metric[i, t]), float(d.peak[i, t])
    drop = 1 - value / peak
    onset, peak_day = window_start + timedelta(days=t), window_start + timedelta(days=p)
    return FatigueFlag(
        ad_id=ad.ad_id, ad_name=ad.ad_name, creative_kind=ad.creative_kind,
        reason="hook_rate_decay" if name == "hook_rate" else "ctr_decay", day=onset, metric=name, value=value,
        peak=peak, peak_day=peak_day, drop=drop, frequency_at_peak=_finite(d.freq_at_peak[i, t]),
        frequency=_finite(d.frequency[i, t]), frequency_rising=True if known else None, spend=float(ad.spend),
        impressions=int(ad.impressions),
        message=(f"{_label(name)} {_pct(value)} in the {w} days to {onset}, {_pct(drop)} below its peak "
                 f"{_pct(peak)} (the {w} days to {peak_day})"
                 + (f"; frequency up from {d.freq_at_peak[i, t]:.2f} to {d.frequency[i, t]:.2f} over the same "
                    "windows" if known else "; frequency unknown (no reach in the data)")),
    )


def _results(grid: _Grid, post_learning: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per ad: purchases where it reports them, else conversions (leads); and the mask of reporting days."""
    use_purchases = grid.reported["purchases"].any(axis=1)
    results = np.where(use_purchases[:, None], grid["purchases"], grid["conversions"])
    mask = post_learning & np.where(use_purchases[:, None], grid.reported["purchases"], grid.reported["conversions"])
    return np.where(mask, results, 0), mask


def _cost_flags(grid: _Grid, ads: dict[int, FatigueAd], post_learning: np.ndarray, evaluated: np.ndarray,
                in_period: np.ndarray, target: float, w: int) -> list[FatigueFlag]:
    results, mask = _results(grid, post_learning)
    window_results = _rolling(results, w)
    window_spend = _rolling(np.where(mask, grid["spend"], 0), w)
    reports = _rolling(mask.astype(float), w) > 0
    cpa = _ratio(window_spend, window_results)
    over = np.where(window_results > 0, cpa > target, window_spend > target)
    costly = evaluated & reports & over
    flags = []
    for i in np.flatnonzero((costly & in_period[None, :]).any(axis=1)):
        last = int(np.flatnonzero(costly[i] & in_period)[-1])
        t = _onset(costly[i], evaluated[i], last)
        ad = ads[int(grid.order[i])]
        value = _finite(cpa[i, t])
        onset = grid.start + timedelta(days=t)
        flags.append(FatigueFlag(
            ad_id=ad.ad_id, ad_name=ad.ad_name, creative_kind=ad.creative_kind, reason="cpa_above_target",
            day=onset, metric="cpa", value=value, target_cpa=target, spend=float(ad.spend),
            impressions=int(ad.impressions),
            message=(f"CPA {value:.2f} in the {w} days to {onset}, above the target {target:.2f}" if value is not None
                     else f"spent {window_spend[i, t]:.2f} in the {w} days to {onset} without a result (target CPA "
                     f"{target:.2f})"),
        ))
    return flags


def creative_fatigue_rate(daily: np.ndarray, keys: list[int], first_delivery: dict[int, date], start: date,
                          end: date, target: float | None, rules: FatigueRules) -> tuple[float | None, float | None]:
    """(mean days ads held the target CPA once they reached it, the target used). Without a target setting the
    account's own CPA over these rows is the target. A window counts once it spent at least twice the target."""
    n_days = (end - start).days + 1
    grid = _grid(daily, np.array(keys, dtype=np.int64), start, n_days)
    if grid is None:
        return None, target
    t_index = np.arange(n_days)
    first_off = np.array([(first_delivery.get(int(pk), start) - start).days for pk in grid.order])
    post_learning = t_index[None, :] >= (first_off + rules.learning_days)[:, None]
    results, mask = _results(grid, post_learning)
    if target is None:
        total = results.sum()
        if total <= 0:
            return None, None
        target = float(np.where(mask, grid["spend"], 0).sum() / total)
    window_results = _rolling(results, rules.window_days)
    window_spend = _rolling(np.where(mask, grid["spend"], 0), rules.window_days)
    delivered = (grid["impressions"] > 0) | (grid["spend"] > 0)
    eligible = post_learning & delivered & (window_spend >= 2 * target)
    cpa = _ratio(window_spend, window_results)
    at_target = eligible & (window_results > 0) & (cpa <= target)
    held = []
    for i in np.flatnonzero(at_target.any(axis=1)):
        first = int(np.flatnonzero(at_target[i])[0])
        lost = np.flatnonzero(eligible[i] & ~at_target[i] & (t_index > first))
        last = int(np.flatnonzero(delivered[i])[-1])
        held.append((int(lost[0]) - first) if len(lost) else (last - first + 1))
    return (float(np.mean(held)) if held else None), target


def _finite(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def _pct(value: float) -> str:
    return percent(float(value))


def _label(metric: str) -> str:
    return {"hook_rate": "hook rate", "ctr_link": "CTR (link)", "ctr_all": "CTR (all)"}.get(metric, metric)
