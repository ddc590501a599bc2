"""Kill / scale / wait, each with the posterior probability behind it — and guard rails before any kill.

An ad is judged on the period's delivery: its results-per-spend (CPA) or CTR posterior against the account median.
Kill when P(worse than the median) ≥ 0.9, scale when P(better) ≥ 0.9 and it is not fatigued; everything else waits.
Young ads (still learning) and ads below the minimum spend or impressions always wait, never kill: too little data is
a reason to wait, not a verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from tools.analyst.data import AccountData, ad_totals
from tools.analyst.fatigue import FatigueConfig, detect_fatigue
from tools.analyst.scoring import ad_posteriors
from tools.analyst.stats import display_value
from tools.core.domain.analysis import Decision, DecisionsResult


@dataclass
class DecisionRules:
    min_spend: float = 50.0
    min_impressions: int = 1000
    min_age_days: int = 4  # past the learning phase
    kill_probability: float = 0.9
    scale_probability: float = 0.9
    metric: str | None = None  # default: cpa when purchases are tracked, else ctr_link
    target_cpa: float | None = None


def kill_scale(data: AccountData, start: date, end: date, rules: DecisionRules | None = None) -> DecisionsResult:
    rules = rules or DecisionRules()
    period = data.between(start, end)
    notes: list[str] = []
    metric = rules.metric or ("cpa" if period.daily["purchases"].fillna(0).sum() > 0 else "ctr_link")
    base = DecisionsResult(period={"start": start, "end": end}, metric=metric, currency=data.currency, kill=[],
                           scale=[], wait=[], rules={"min_spend": rules.min_spend,
                                                     "min_impressions": float(rules.min_impressions),
                                                     "min_age_days": float(rules.min_age_days),
                                                     "kill_probability": rules.kill_probability,
                                                     "scale_probability": rules.scale_probability})
    if period.daily.empty:
        base.notes.append(f"No delivery between {start} and {end}.")
        return base

    totals, _post, spec = ad_posteriors(period, metric)
    lifetime = ad_totals(data.between(None, end))
    everything = ad_totals(period)
    # ads already off before the period ended are history, not decisions
    live = everything.index[everything["last_day"] >= pd.Timestamp(end) - pd.Timedelta(days=1)]
    gone = len(everything) - len(live)
    if gone:
        notes.append(f"{gone} ads stopped delivering before {end} and are left out.")
    fatigue = {s.ad_id: s for s in detect_fatigue(data.between(None, end),
                                                 FatigueConfig(target_cpa=rules.target_cpa)).items}
    median = float(np.median(totals["posterior_mean"])) if len(totals) else np.nan

    for ad_id in live:
        row = everything.loc[ad_id]
        first = lifetime.loc[ad_id, "first_day"] if ad_id in lifetime.index else row["first_day"]
        age = int((pd.Timestamp(end) - first).days)
        spend = float(row["spend"] or 0.0)
        impressions = int(row["impressions"] or 0)
        has_post = ad_id in totals.index
        p_better = float(totals.loc[ad_id, "p_beats_median"]) if has_post else None
        value = float(display_value(totals.loc[ad_id, "posterior_mean"], spec)) if has_post else None
        name = data.ads["ad_name"].get(ad_id) if "ad_name" in data.ads else None
        decision = Decision(ad_id=str(ad_id), ad_name=name, action="wait", reason="", probability=None,
                            metric=metric, value=value, spend=round(spend, 2), impressions=impressions,
                            age_days=age)
        guards = []
        if age < rules.min_age_days:
            guards.append(f"only {age} days old (learning; judge after {rules.min_age_days})")
        if spend < rules.min_spend:
            guards.append(f"spent {spend:.2f} of the {rules.min_spend:.0f} minimum")
        if impressions < rules.min_impressions:
            guards.append(f"{impressions} impressions of the {rules.min_impressions} minimum")
        tired = fatigue.get(str(ad_id))
        label = "CPA" if metric == "cpa" else spec.label
        if guards:
            decision.reason = "Too little data to judge: " + "; ".join(guards) + "."
            decision.probability = p_better
            base.wait.append(decision)
            continue
        if p_better is None:
            decision.reason = f"No {label} data in the period."
            base.wait.append(decision)
            continue
        p_worse = 1.0 - p_better
        med_text = f"{float(display_value(median, spec)):.4g}"
        if p_worse >= rules.kill_probability:
            decision.action, decision.probability = "kill", round(p_worse, 4)
            decision.reason = (f"P({label} worse than the account median {med_text}) = {p_worse:.0%} "
                               f"after {spend:.0f} spend and {impressions} impressions.")
            if tired and tired.fatigued:
                decision.reason += f" Fatigued since {tired.fatigue_day}."
            base.kill.append(decision)
        elif p_better >= rules.scale_probability and not (tired and tired.fatigued):
            decision.action, decision.probability = "scale", round(p_better, 4)
            decision.reason = f"P({label} better than the account median {med_text}) = {p_better:.0%}."
            base.scale.append(decision)
        else:
            decision.probability = round(max(p_better, p_worse), 4)
            if tired and tired.fatigued and p_better >= rules.scale_probability:
                decision.reason = (f"Strong (P better than median = {p_better:.0%}) but fatigued since "
                                   f"{tired.fatigue_day}: refresh the creative instead of adding budget.")
            else:
                decision.reason = f"Not yet clear: P(better than the account median) = {p_better:.0%}."
            base.wait.append(decision)
    base.kill.sort(key=lambda d: -(d.probability or 0))
    base.scale.sort(key=lambda d: -(d.probability or 0))
    base.notes.extend(notes)
    return base
