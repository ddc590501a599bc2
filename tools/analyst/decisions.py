"""Kill / scale / wait, each with the posterior probability behind it — and guard rails before any kill.

An ad is judged on the period's delivery: its results-per-spend (CPA; cost per lead in a lead-generation account
without purchases) or CTR posterior against the account median. Kill when P(worse than the median) ≥ 0.9, scale
when P(better) ≥ 0.9 and it is not fatigued; everything else waits. Ads below the minimum spend or impressions always
wait. An ad still in its learning days waits only while its evidence is thin: once it has spent enough to expect
`min_expected_results` results at the account's rate (say 541 spent at a 54 CPA: 10 expected, none got), its evidence
decides, not its calendar age. Fatigue comes from the one detector (`tools.performance.fatigue`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from tools.analyst.data import AccountData, ad_totals
from tools.analyst.fatigue import fatigue_flags
from tools.analyst.scoring import ad_posteriors
from tools.analyst.stats import display_value
from tools.core.domain.analysis import Decision, DecisionsResult
from tools.core.domain.performance import PeriodRange
from tools.performance.fatigue import FatigueRules


@dataclass
class DecisionRules:
    min_spend: float = 50.0
    min_impressions: int = 1000
    min_age_days: int = 4  # past the learning phase
    min_expected_results: float = 5.0  # a learning ad with this much evidence is judged on it
    kill_probability: float = 0.9
    scale_probability: float = 0.9
    metric: str | None = None  # default: cpa with purchases, else cost_per_lead with leads, else ctr_link
    target_cpa: float | None = None


def default_metric(daily: pd.DataFrame) -> str:
    """CPA when the period has purchases, cost per lead when it has leads but no purchases, else CTR."""
    if daily["purchases"].fillna(0).sum() > 0:
        return "cpa"
    if daily["conversions"].fillna(0).sum() > 0:
        return "cost_per_lead"
    return "ctr_link"


def kill_scale(data: AccountData, start: date, end: date, rules: DecisionRules | None = None) -> DecisionsResult:
    rules = rules or DecisionRules()
    period = data.between(start, end)
    notes: list[str] = []
    metric = rules.metric or default_metric(period.daily)
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
    fatigue_rules = FatigueRules(min_window_impressions=float(rules.min_impressions), target_cpa=rules.target_cpa)
    fatigue = {f.ad_id: f for f in fatigue_flags(data, PeriodRange(start=start, end=end), fatigue_rules,
                                                 [str(a) for a in live])}
    median = float(np.median(totals["posterior_mean"])) if len(totals) else np.nan
    # the account's rate per unit of exposure: how many results an ad's exposure should have bought
    account_rate = float(totals["count"].sum() / totals["exposure"].sum()) \
        if len(totals) and totals["exposure"].sum() > 0 else np.nan

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
        expected = float(totals.loc[ad_id, "exposure"]) * account_rate if has_post and np.isfinite(account_rate) \
            else 0.0
        if age < rules.min_age_days and expected < rules.min_expected_results:
            guards.append(f"only {age} days old (learning; judge after {rules.min_age_days} days, or once "
                          f"{rules.min_expected_results:.0f} {_events(metric)} are expected from its delivery — "
                          f"{expected:.1f} so far)")
        if spend < rules.min_spend:
            guards.append(f"spent {spend:.2f} of the {rules.min_spend:.0f} minimum")
        if impressions < rules.min_impressions:
            guards.append(f"{impressions} impressions of the {rules.min_impressions} minimum")
        tired = fatigue.get(str(ad_id))
        label = {"cpa": "CPA", "cost_per_lead": "cost per lead"}.get(metric, spec.label)
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
            if age < rules.min_age_days:
                decision.reason += (f" Only {age} days old, but {expected:.0f} {_events(metric)} were expected from "
                                    "its delivery: the evidence, not its age, decides.")
            if tired:
                decision.reason += f" Fatigued since {tired.day}."
            base.kill.append(decision)
        elif p_better >= rules.scale_probability and not tired:
            decision.action, decision.probability = "scale", round(p_better, 4)
            decision.reason = f"P({label} better than the account median {med_text}) = {p_better:.0%}."
            if age < rules.min_age_days:
                decision.reason += (f" Only {age} days old, but {expected:.0f} {_events(metric)} were expected from "
                                    "its delivery: the evidence, not its age, decides.")
            base.scale.append(decision)
        else:
            decision.probability = round(max(p_better, p_worse), 4)
            if tired and p_better >= rules.scale_probability:
                decision.reason = (f"Strong (P better than median = {p_better:.0%}) but fatigued since "
                                   f"{tired.day}: refresh the creative instead of adding budget.")
            else:
                decision.reason = f"Not yet clear: P(better than the account median) = {p_better:.0%}."
            base.wait.append(decision)
    base.kill.sort(key=lambda d: -(d.probability or 0))
    base.scale.sort(key=lambda d: -(d.probability or 0))
    base.notes.extend(notes)
    return base


def _events(metric: str) -> str:
    return {"cpa": "purchases", "cost_per_lead": "leads", "roas": "purchases"}.get(metric, "clicks")
