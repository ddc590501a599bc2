"""Creative fatigue: the day an ad's rolling CTR (or hook rate) fell ≥ 20 % below its post-learning peak while its
frequency rose — or its rolling CPA passed the target — and how long winners held target CPA.

Why rolling windows with evidence floors and a confirmation day: daily CTRs of small ads swing by more than 20 %
on noise alone; a fall only counts when both windows carry enough events and the next window agrees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tools.analyst.data import AccountData
from tools.core.domain.analysis import FatigueResult, FatigueStatus


@dataclass
class FatigueConfig:
    metric: str = "ctr_link"  # or hook_rate
    window: int = 3
    cpa_window: int = 7
    learning_days: int = 3
    drop: float = 0.20
    min_events: int = 30
    min_impressions: int = 1500
    z: float = 1.0  # noise margin: peak taken at its lower bound, later windows at their upper bound
    target_cpa: float | None = None


_COUNT = {"ctr_link": "link_clicks", "hook_rate": "video_plays_3s"}


def _rolling(frame: pd.DataFrame, columns: list[str], window: int) -> pd.DataFrame:
    return (frame.groupby("ad_id", sort=False)[columns]
            .rolling(window, min_periods=1).sum().reset_index(level=0, drop=True))


def detect_fatigue(data: AccountData, config: FatigueConfig | None = None) -> FatigueResult:
    config = config or FatigueConfig()
    count_col = _COUNT.get(config.metric)
    if count_col is None:
        from tools.core.errors import InputError

        raise InputError(f"Unknown fatigue metric {config.metric!r}; expected ctr_link or hook_rate.",
                         field="metric")
    daily = data.daily.sort_values(["ad_id", "day"]).reset_index(drop=True)
    notes: list[str] = []
    if daily.empty:
        return FatigueResult(metric=config.metric, target_cpa=config.target_cpa, items=[], notes=["no data"])

    target = config.target_cpa
    purchases_known = daily["purchases"].notna().any()
    if target is None and purchases_known and daily["purchases"].sum() > 0:
        target = float(daily["spend"].sum() / daily["purchases"].sum())
        notes.append(f"No target CPA set: using the account's average CPA ({target:.2f}) as the target.")

    filled = daily.assign(
        _k=daily[count_col].fillna(0), _e=daily["impressions"].fillna(0),
        _reach=daily["reach"].fillna(daily["impressions"]).fillna(0),
        _spend=daily["spend"].fillna(0), _purch=daily["purchases"].fillna(0),
    )
    roll = _rolling(filled, ["_k", "_e", "_reach"], config.window)
    roll_cpa = _rolling(filled, ["_spend", "_purch"], config.cpa_window)
    first_day = daily.groupby("ad_id")["day"].transform("min")
    age = (daily["day"] - first_day).dt.days.to_numpy()
    rate = np.where(roll["_e"] > 0, roll["_k"] / roll["_e"].replace(0, np.nan), np.nan)
    se = np.sqrt(np.maximum(roll["_k"].to_numpy(), 1.0)) / roll["_e"].replace(0, np.nan).to_numpy()
    rate_lo, rate_hi = rate - config.z * se, rate + config.z * se
    freq = np.where(roll["_reach"] > 0, roll["_e"] / roll["_reach"].replace(0, np.nan), np.nan)
    eligible = ((age >= config.learning_days) & (roll["_k"].to_numpy() >= config.min_events)
                & (roll["_e"].to_numpy() >= config.min_impressions))
    if config.metric == "hook_rate":
        eligible &= daily["video_plays_3s"].notna().to_numpy()
    cpa = np.where(roll_cpa["_purch"] > 0, roll_cpa["_spend"] / roll_cpa["_purch"].replace(0, np.nan), np.inf)
    cpa_eligible = (age >= config.learning_days) & (roll_cpa["_spend"].to_numpy() >= 2 * (target or 0))

    names = data.ads["ad_name"] if "ad_name" in data.ads else pd.Series(dtype=object)
    items: list[FatigueStatus] = []
    held: list[int] = []
    days = daily["day"].dt.date.to_numpy()
    for ad_id, idx in daily.groupby("ad_id", sort=False).indices.items():
        status = _one_ad(str(ad_id), idx, days, (rate, rate_lo, rate_hi), freq, eligible, cpa, cpa_eligible,
                         target, config)
        status.ad_name = names.get(ad_id) if hasattr(names, "get") else None
        if status.days_at_target is not None:
            held.append(status.days_at_target)
        items.append(status)
    items.sort(key=lambda s: (not s.fatigued, s.fatigue_day or days.max()))
    rate_value = float(np.mean(held)) if held else None
    if not held:
        notes.append("No winner held target CPA long enough to measure the Creative Fatigue Rate.")
    return FatigueResult(metric=config.metric, target_cpa=target, items=items, creative_fatigue_rate=rate_value,
                         notes=notes)


def _one_ad(ad_id, idx, days, rates, freq, eligible, cpa, cpa_eligible, target, config) -> FatigueStatus:  # type: ignore[no-untyped-def]
    rate, rate_lo, rate_hi = rates
    peak = -np.inf  # the peak's lower bound: a lucky window must not set an unreachable bar
    peak_pos = None
    fatigue_pos = None
    ok = [int(i) for i in idx if eligible[i]]
    bar = 1 - config.drop
    for n, i in enumerate(ok):
        if peak_pos is not None and rate_hi[i] <= bar * peak and freq[i] > freq[peak_pos]:
            confirm = ok[n + 1] if n + 1 < len(ok) else None
            if confirm is None or rate_hi[confirm] <= bar * peak:
                fatigue_pos = i
                break
        if rate_lo[i] > peak:
            peak, peak_pos = float(rate_lo[i]), i
    signal = config.metric if fatigue_pos is not None else "none"

    days_at_target = None
    cpa_fatigue_pos = None
    if target is not None:
        at_target = [int(i) for i in idx if cpa_eligible[i] and cpa[i] <= target]
        if at_target:
            start = at_target[0]
            after = [int(i) for i in idx if i > start and cpa_eligible[i] and cpa[i] > target]
            end = after[0] if after else int(idx[-1])
            days_at_target = int((days[end] - days[start]).days) + (0 if after else 1)
            cpa_fatigue_pos = after[0] if after else None
    if fatigue_pos is None and cpa_fatigue_pos is not None:
        fatigue_pos, signal = cpa_fatigue_pos, "cpa"

    last = int(idx[-1])
    current = float(rate[last]) if np.isfinite(rate[last]) else None
    status = FatigueStatus(
        ad_id=ad_id, fatigued=fatigue_pos is not None, signal=signal,
        fatigue_day=days[fatigue_pos] if fatigue_pos is not None else None,
        peak_day=days[peak_pos] if peak_pos is not None else None,
        peak_value=float(rate[peak_pos]) if peak_pos is not None else None, current_value=current,
        frequency_at_peak=float(freq[peak_pos]) if peak_pos is not None else None,
        frequency_now=float(freq[last]) if np.isfinite(freq[last]) else None,
        days_at_target=days_at_target,
    )
    if peak_pos is not None and current is not None:
        status.drop = round(1 - current / float(rate[peak_pos]), 4)
    label = "CTR" if config.metric == "ctr_link" else "hook rate"
    if signal == config.metric:
        fell = 1 - rate[fatigue_pos] / rate[peak_pos]
        status.reason = (f"rolling {label} fell {fell:.0%} from its post-learning peak on {status.peak_day} while "
                         f"frequency rose {freq[peak_pos]:.2f} → {freq[fatigue_pos]:.2f}")
    elif signal == "cpa":
        status.reason = f"rolling {config.cpa_window}-day CPA passed the target {target:.2f}"
    elif peak_pos is None:
        status.reason = "not enough delivery after the learning phase to judge"
    else:
        status.reason = f"holding: {label} within {config.drop:.0%} of its peak"
    return status
