"""Fatigue detection against the simulator's truth, and decisions that never kill on too little data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.analyst.conftest import simulated
from tools.analyst.data import AccountData
from tools.analyst.decisions import DecisionRules, kill_scale
from tools.analyst.fatigue import FatigueConfig, detect_fatigue


@pytest.mark.parametrize("seed", [7, 11, 23])
def test_fatigue_days_match_the_truth(seed):
    account, data = simulated(seed)
    result = detect_fatigue(data, FatigueConfig())
    truth = account.truth.creatives.set_index("ad_id")["fatigue_day"]
    found = {s.ad_id: s for s in result.items if s.fatigued and s.signal == "ctr_link"}
    true_positive = [a for a in found if truth[a] is not None]
    precision = len(true_positive) / max(len(found), 1)
    recall = len(true_positive) / truth.notna().sum()
    lags = [(found[a].fatigue_day - truth[a]).days for a in true_positive]
    assert precision >= 0.75 and recall >= 0.6, (precision, recall)
    assert abs(np.median(lags)) <= 4
    for status in found.values():
        assert status.frequency_at_peak is not None and status.drop is not None
        assert "fell" in status.reason and "frequency rose" in status.reason


def test_creative_fatigue_rate_counts_days_at_target():
    _, data = simulated(7)
    result = detect_fatigue(data, FatigueConfig(target_cpa=20.0))
    held = [s.days_at_target for s in result.items if s.days_at_target is not None]
    assert held and result.creative_fatigue_rate == pytest.approx(np.mean(held))
    assert all(h >= 1 for h in held)
    assert any(s.signal == "cpa" for s in result.items)


def _rules() -> DecisionRules:
    return DecisionRules(min_spend=50.0, min_impressions=1000, min_age_days=4)


@pytest.mark.parametrize("seed", [7, 11, 23])
@pytest.mark.parametrize("budget", [55.0, 6.0])
def test_decisions_never_kill_with_too_little_data(seed, budget):
    account, data = simulated(seed, budget_per_active=budget)
    end = data.today
    result = kill_scale(data, end - pd.Timedelta(days=6), end, _rules())
    assert result.kill or result.wait
    for decision in result.kill + result.scale:
        assert decision.spend >= 50.0 and decision.impressions >= 1000 and decision.age_days >= 4
        assert decision.probability is not None and decision.probability >= 0.9
    for decision in result.wait:
        if decision.spend < 50.0 or decision.impressions < 1000 or decision.age_days < 4:
            assert decision.reason.startswith("Too little data")
    # kills really are worse than scales (true CPA per impression-cost)
    true_cpa = account.truth.true_rate("cpa")
    if result.kill and result.scale:
        assert np.mean([true_cpa[d.ad_id] for d in result.kill]) > np.mean([true_cpa[d.ad_id] for d in result.scale])


def test_a_terrible_young_ad_waits():
    rows = []
    for i in range(30):
        for day in range(10):
            rows.append({"ad_id": f"a{i}", "day": pd.Timestamp("2026-11-01") + pd.Timedelta(days=day),
                         "spend": 100.0, "impressions": 8000, "link_clicks": 80, "purchases": 4})
    for day in (8, 9):  # two days old, spent a lot, no purchase at all
        rows.append({"ad_id": "young", "day": pd.Timestamp("2026-11-01") + pd.Timedelta(days=day),
                     "spend": 150.0, "impressions": 9000, "link_clicks": 20, "purchases": 0})
    rows.append({"ad_id": "tiny", "day": pd.Timestamp("2026-11-10"), "spend": 5.0, "impressions": 300,
                 "link_clicks": 0, "purchases": 0})
    daily = pd.DataFrame(rows)
    data = AccountData.from_frames(daily, pd.DataFrame({"ad_id": daily["ad_id"].unique()}))
    result = kill_scale(data, pd.Timestamp("2026-11-04").date(), pd.Timestamp("2026-11-10").date(), _rules())
    waiting = {d.ad_id: d for d in result.wait}
    assert "young" in waiting and "only 1 days old" in waiting["young"].reason
    assert "tiny" in waiting and "spent 5.00" in waiting["tiny"].reason
    assert not [d for d in result.kill if d.ad_id in ("young", "tiny")]


def test_decisions_without_purchases_use_ctr():
    _, data = simulated(7)
    daily = data.daily.assign(purchases=np.nan, purchase_value=np.nan)
    no_purchases = AccountData(daily, data.ads, data.currency)
    result = kill_scale(no_purchases, data.today - pd.Timedelta(days=6), data.today, _rules())
    assert result.metric == "ctr_link"
    assert all("CTR" in d.reason for d in result.kill + result.scale)
