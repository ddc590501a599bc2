"""The simulator produces a realistic, reproducible account whose planted truth is visible in its data."""

from __future__ import annotations

import itertools
import time

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from tools.performance.naming import parse_name
from tools.simulator import ATTRIBUTE_LEVELS, DEFAULT_END_DATE, simulate_account, slug

META_HEADERS = [
    "Reporting starts", "Reporting ends", "Campaign name", "Campaign ID", "Ad set name", "Ad set ID", "Ad name",
    "Ad ID", "Day", "Amount spent (USD)", "Impressions", "Reach", "Link clicks", "Clicks (all)",
    "3-second video plays", "ThruPlays", "Video plays at 25%", "Video plays at 50%", "Video plays at 75%",
    "Video plays at 100%", "Purchases", "Purchases conversion value", "Headline", "Body", "Call to action type",
    "Hook type", "Format", "Background", "Offer", "Colour",
]
VIDEO_HEADERS = META_HEADERS[14:20]


@pytest.fixture(scope="module")
def account():
    return simulate_account()


def test_same_seed_same_account_other_seed_differs():
    a, b, c = simulate_account(seed=3, n_creatives=40), simulate_account(seed=3, n_creatives=40), \
        simulate_account(seed=4, n_creatives=40)
    pd.testing.assert_frame_equal(a.daily, b.daily)
    assert a.ads["ad_name"].tolist() == b.ads["ad_name"].tolist()
    assert not a.daily["spend"].equals(c.daily["spend"])


def test_default_account_size_span_and_steady_launches(account):
    assert account.ads.shape[0] >= 150
    days = account.daily["day"]
    assert days.max().date() == DEFAULT_END_DATE
    assert (days.max() - days.min()).days + 1 >= 12 * 7
    first = account.daily.groupby("ad_id")["day"].min()
    per_week = first.dt.to_period("W").value_counts().sort_index()
    assert len(per_week) >= 12
    assert per_week.iloc[1:].min() >= 5  # new creatives every week, not one big batch


def test_counts_are_consistent(account):
    d = account.daily
    assert (d["reach"] <= d["impressions"]).all()
    assert (d["link_clicks"] <= d["clicks_all"]).all()
    assert (d["purchases"] <= d["link_clicks"]).all()
    video = d["video_plays_3s"].notna()
    chain = ["video_plays_3s", "video_p25", "video_p50", "video_p75", "video_p100"]
    for hi, lo in itertools.pairwise(chain):
        assert (d.loc[video, lo] <= d.loc[video, hi]).all()
    assert ((d["purchase_value"] > 0) == (d["purchases"] > 0)).all()
    kinds = account.ads.set_index("ad_id")["kind"].reindex(d["ad_id"]).to_numpy()
    assert (video.to_numpy() == (kinds == "video")).all()  # static ads have no video plays at all


def test_meta_export_headers_and_blanks(account, tmp_path):
    path = account.write(tmp_path / "export.csv")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(frame.columns) == META_HEADERS
    assert (frame["Reporting starts"] == frame["Day"]).all() and (frame["Reporting ends"] == frame["Day"]).all()
    static = frame["Format"] == "Static image"
    assert static.any() and (~static).any()
    for header in VIDEO_HEADERS:
        assert (frame.loc[static, header] == "").all()
        assert (frame.loc[~static, header] != "").all()
    assert frame["Ad ID"].str.fullmatch(r"\d{18}").all()
    spent = frame["Amount spent (USD)"].astype(float)
    assert spent.sum() == pytest.approx(account.daily["spend"].sum(), rel=1e-6)


def test_xlsx_export_round_trips(tmp_path):
    small = simulate_account(seed=5, n_creatives=12, weeks=2)
    path = small.write(tmp_path / "export.xlsx")
    frame = pd.read_excel(path)
    assert list(frame.columns) == META_HEADERS
    assert len(frame) == len(small.daily)


def test_ad_names_follow_the_convention_and_match_columns(account):
    for _, ad in account.ads.iterrows():
        parsed = parse_name(ad["ad_name"])
        assert parsed is not None, ad["ad_name"]
        assert parsed["brand"] == "glowlab"
        assert parsed["hook_type"] == slug(ad["attributes"]["Hook type"]).replace("-", "_")
        assert parsed["colour"] == slug(ad["attributes"]["Colour"]).replace("-", "_")
    assert account.ads["ad_name"].is_unique


def test_copy_matches_hook_type(account):
    ads = account.ads
    hooks = ads["attributes"].map(lambda a: a["Hook type"])
    testimonial = ads[hooks == "Testimonial"]
    assert testimonial["body"].str.contains(r"\"|review|verified|story", regex=True).all()
    assert ads.loc[hooks == "Question", "headline"].str.contains(r"\?").mean() > 0.7
    assert ads.loc[hooks == "How-to", "body"].str.contains(r"[Ss]tep|[Aa]pply|how", regex=True).all()


def test_planted_effects_show_in_raw_data(account):
    totals = account.daily.groupby("ad_id")[["link_clicks", "impressions"]].sum()
    hooks = account.ads.set_index("ad_id")["attributes"].map(lambda a: a["Hook type"])
    by_hook = totals.groupby(hooks.reindex(totals.index)).sum()
    ctr = by_hook["link_clicks"] / by_hook["impressions"]
    assert ctr["Testimonial"] > ctr["Bold claim"] * 1.2
    truth = account.truth
    assert truth.true_relative_lift("ctr_link", "Colour", "Sage") == 0.0
    assert truth.true_relative_lift("ctr_link", "Hook type", "Testimonial") > 0.3
    assert truth.true_relative_lift("cpa", "Offer", "20% off") < 0  # better conversion → cheaper


def test_budget_flows_to_winners(account):
    spend = account.daily.groupby("ad_id")["spend"].sum()
    c = account.truth.creatives.set_index("ad_id")
    quality = (c["true_ctr"] * c["true_cvr"]).reindex(spend.index)
    assert spearmanr(spend, quality)[0] > 0.3


def test_fatigue_ctr_decays_while_frequency_rises(account):
    truth = account.truth.creatives.set_index("ad_id")
    fatigued = truth[truth["fatigue_day"].notna()]
    assert len(fatigued) >= 10
    d = account.daily.assign(freq=account.daily["impressions"] / account.daily["reach"],
                             ctr=account.daily["link_clicks"] / account.daily["impressions"])
    before_ratio, after_ratio, freq_up = [], [], []
    for ad_id, row in fatigued.iterrows():
        days = d[d["ad_id"] == ad_id].set_index("day")
        launch = pd.Timestamp(row["launch_day"]) + pd.Timedelta(days=3)
        before = days[(days.index >= launch) & (days.index < pd.Timestamp(row["fatigue_day"]))]
        after = days[days.index >= pd.Timestamp(row["fatigue_day"])]
        if len(before) >= 2 and len(after) >= 2:
            # observed clicks over the clicks the creative's unfatigued CTR would have earned
            before_ratio.append((before["link_clicks"].sum(), before["impressions"].sum() * row["true_ctr"]))
            after_ratio.append((after["link_clicks"].sum(), after["impressions"].sum() * row["true_ctr"]))
            freq_up.append(after["freq"].mean() > before["freq"].mean())
    assert len(freq_up) >= 5
    assert np.mean(freq_up) > 0.9
    pooled = lambda pairs: sum(p[0] for p in pairs) / sum(p[1] for p in pairs)  # noqa: E731
    assert pooled(after_ratio) < 0.8 < pooled(before_ratio)


def test_learning_phase_and_pausing(account):
    truth = account.truth.creatives
    assert truth["pause_day"].notna().sum() > 0.3 * len(truth)  # losers and old ads are switched off
    d = account.daily.merge(truth[["ad_id", "launch_day"]], on="ad_id")
    age = (d["day"] - pd.to_datetime(d["launch_day"])).dt.days
    cpm_learning = d.loc[age < 3, "spend"].sum() / d.loc[age < 3, "impressions"].sum()
    cpm_after = d.loc[(age >= 3) & (age < 10), "spend"].sum() / d.loc[(age >= 3) & (age < 10), "impressions"].sum()
    assert cpm_learning > cpm_after  # the learning phase delivers less efficiently


def test_no_effects_config_plants_nothing():
    flat = simulate_account(seed=2, n_creatives=30, effects={})
    assert flat.truth.true_relative_lift("ctr_link", "Hook type", "Testimonial") == 0.0
    assert set(flat.truth.creatives["Hook type"]) <= set(ATTRIBUTE_LEVELS["Hook type"])


def test_vectorised_generation_is_fast():
    start = time.perf_counter()
    big = simulate_account(seed=1, n_creatives=10_000, weeks=30 / 7, initial_share=0.6)
    elapsed = time.perf_counter() - start
    assert len(big.daily) > 100_000
    assert elapsed < 15  # ~0.5 s on a quiet core; generous for a shared CI machine
    assert np.isfinite(big.daily["spend"]).all()
