"""Shrunk scores rank creatives by their true rate better than raw CTR, and tiny ads are not stars."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from tests.analyst.conftest import simulated
from tools.analyst.data import AccountData
from tools.analyst.scoring import ad_posteriors, percentile_against


@pytest.mark.parametrize("seed", [7, 11, 23])
def test_scores_rank_by_truth_better_than_raw_ctr(seed):
    account, data = simulated(seed, budget_per_active=6.0)  # a small account: many ads with little evidence
    totals, _, _ = ad_posteriors(data, "ctr_link")
    truth = account.truth.true_rate("ctr_link").reindex(totals.index)
    shrunk = spearmanr(totals["posterior_mean"], truth)[0]
    raw = spearmanr(totals["raw"], truth)[0]
    assert shrunk > raw
    assert spearmanr(totals["percentile"], truth)[0] == pytest.approx(shrunk, abs=1e-9)


def test_cpa_scores_beat_raw_cpa():
    wins = 0
    for seed in (7, 11, 23, 5):
        account, data = simulated(seed, budget_per_active=6.0)
        totals, _, _ = ad_posteriors(data, "cpa")
        truth = -account.truth.true_rate("cpa").reindex(totals.index)  # higher = better
        wins += spearmanr(totals["posterior_mean"], truth)[0] > spearmanr(totals["raw"], truth)[0]
    assert wins >= 3


def test_two_clicks_on_sixty_impressions_is_not_a_star():
    rng = np.random.default_rng(0)
    rows = []
    for i in range(40):
        impressions = 20_000
        rows.append({"ad_id": f"a{i}", "day": "2026-11-01", "impressions": impressions,
                     "link_clicks": rng.binomial(impressions, 0.01), "spend": 200.0})
    rows.append({"ad_id": "lucky", "day": "2026-11-01", "impressions": 60, "link_clicks": 2, "spend": 0.6})
    daily = pd.DataFrame(rows)
    ads = pd.DataFrame({"ad_id": daily["ad_id"], "ad_name": daily["ad_id"]})
    totals, _, _ = ad_posteriors(AccountData.from_frames(daily, ads), "ctr_link")
    assert totals["raw"].idxmax() == "lucky"  # raw CTR 3.3 % tops the account
    lucky = totals.loc["lucky"]
    assert lucky["percentile"] < 90
    assert lucky["posterior_mean"] < 0.0125  # pulled from 3.3 % to about the account's 1 %
    assert 0.2 < lucky["p_beats_median"] < 0.9


def test_percentile_against_reference():
    ref = np.array([1.0, 2.0, 3.0, 4.0])
    assert percentile_against(np.array([0.5, 2.5, 9.0]), ref).tolist() == [0.0, 50.0, 100.0]
