"""Fatigue flags on constructed creatives: decay with rising frequency, decay without it, learning spikes, CPA.

Timeline: day 1 = 2024-09-27 … day 17 = 2024-10-13; report = last-week with today 10-13 (10-07 … 10-13, days
11–17). Every ad has 10,000 impressions a day. Windows are 7 days; days 1–3 are the learning phase. A window sets
the peak at its rate minus one standard error (√events ÷ impressions) and decays when its rate plus one standard
error is 20 % below that.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.performance.factories import PerformanceFactory
from tools.performance.api import performance_report

DAY1 = date(2024, 9, 27)
TODAY = date(2024, 10, 13)
DAYS = 17


def day(n: int) -> date:
    return DAY1 + timedelta(days=n - 1)


def build(runtime) -> None:  # type: ignore[no-untyped-def]
    f = PerformanceFactory(runtime)
    for ad, kind in (("V", "video"), ("C1", "image"), ("C2", "image"), ("C3", "image"), ("L", "image"),
                     ("P", "image")):
        f.ad(ad, kind=kind, name=f"Ad {ad}")
    for n in range(1, DAYS + 1):
        early = n <= 10
        # V: hook rate 30 % → 10 % from day 11 while frequency rises 1.5 → 2.5 (reach falls)
        f.day("V", day(n), spend=20, impressions=10000, reach=round(10000 / (1.5 if early else 2.5)),
              link_clicks=100, video_plays_3s=3000 if early else 1000, thruplays=500)
        # C1: steady CTR 1 %, frequency rising: not fatigued
        f.day("C1", day(n), spend=20, impressions=10000, reach=round(10000 / (1 + n / 10)), link_clicks=100)
        # C2: CTR halves but frequency falls (new audience): the decay rule needs rising frequency
        f.day("C2", day(n), spend=20, impressions=10000, reach=round(10000 / (2.5 if early else 1.5)),
              link_clicks=200 if early else 100)
        # C3: CTR 2 % → 1 %, no reach in the export: flagged, frequency unknown
        f.day("C3", day(n), spend=20, impressions=10000, link_clicks=200 if early else 100)
        # L: a learning-phase spike (5 % CTR on days 1–3), then a steady 1 %: never a peak
        f.day("L", day(n), spend=20, impressions=10000, reach=round(10000 / (1 + n / 10)),
              link_clicks=500 if n <= 3 else 100)
        # P: steady CTR; CPA 10 → 50 from day 11 (10 → 2 purchases a day on 100 spend)
        f.day("P", day(n), spend=100, impressions=10000, reach=5000, link_clicks=100,
              purchases=10 if early else 2)
    f.commit()


def test_decaying_video_is_flagged_on_the_right_day_with_evidence(runtime) -> None:  # type: ignore[no-untyped-def]
    build(runtime)
    report = performance_report(runtime, "last-week", today=TODAY)
    flags = {(f.ad_id, f.reason): f for f in report.fatigued}
    v = flags[("V", "hook_rate_decay")]
    # peak (day 10): 30 % − √21000/70000 = 29.79 %, bar 23.83 %; day 12: 24.29 % + 0.19 % > bar;
    # day 13: 21.43 % + 0.17 % = 21.60 % ≤ bar
    assert v.day == day(13) == date(2024, 10, 9)
    assert v.metric == "hook_rate"
    assert v.peak == pytest.approx(0.3) and v.peak_day == day(10)
    assert v.value == pytest.approx(15000 / 70000)
    assert v.drop == pytest.approx(1 - (15000 / 70000) / 0.3)
    assert v.frequency_at_peak == pytest.approx(70000 / (7 * 6667))
    assert v.frequency == pytest.approx(70000 / (4 * 6667 + 3 * 4000))
    assert v.frequency_rising is True
    assert v.spend == pytest.approx(140) and v.impressions == 70000
    assert "below its peak" in v.message and f"in the 7 days to {day(13)}" in v.message

    c3 = flags[("C3", "ctr_decay")]
    assert c3.metric == "ctr_link" and c3.frequency_rising is None and c3.frequency is None
    # peak 2 % − √1400/70000 = 1.9465 %, bar 1.557 %; day 13: 1.571 % + 0.047 % > bar; day 14: 1.429 % + 0.045 %
    assert c3.day == day(14)
    assert c3.drop == pytest.approx(1 - (1000 / 70000) / 0.02)

    flagged = {f.ad_id for f in report.fatigued}
    assert "C1" not in flagged  # steady
    assert "C2" not in flagged  # decay, but frequency falls
    assert "L" not in flagged  # the learning spike is not a peak
    assert "P" not in flagged  # no target CPA set, CTR steady
    assert report.fatigued_total == len(report.fatigued) == 2
    assert report.fatigue_checked == 6


def test_cpa_above_target(runtime) -> None:  # type: ignore[no-untyped-def]
    build(runtime)
    runtime.settings.target_cpa = 20.0
    report = performance_report(runtime, "last-week", today=TODAY)
    p = next(f for f in report.fatigued if f.ad_id == "P")
    # rolling 7-day CPA: day 14 = 700/38 = 18.4; day 15 = 700/30 = 23.3 > 20
    assert p.reason == "cpa_above_target" and p.metric == "cpa"
    assert p.day == day(15)
    assert p.value == pytest.approx(700 / 30)
    assert p.target_cpa == 20.0
    assert "above the target 20.00" in p.message
    others = {(f.ad_id, f.reason) for f in report.fatigued if f.ad_id != "P"}
    assert others == {("V", "hook_rate_decay"), ("C3", "ctr_decay")}  # the other ads report no purchases


def test_a_period_before_the_decay_has_no_flags(runtime) -> None:  # type: ignore[no-untyped-def]
    build(runtime)
    report = performance_report(runtime, f"{day(4)}..{day(10)}")
    assert report.fatigued == []


def test_an_ad_that_stopped_delivering_is_not_flagged(runtime) -> None:  # type: ignore[no-untyped-def]
    """C3 decays from day 11 and stops after day 14 (10-10): the days after it have no rows, so nothing can be
    'fatigued since 10-12'; the report, `creative_fatigue` and check-ins all leave it out as history."""
    from sqlalchemy import delete

    from tools.core.db.models import Ad, PerformanceDaily
    from tools.performance.api import creative_fatigue

    build(runtime)
    with runtime.session() as s:
        c3 = s.query(Ad.id).filter(Ad.external_id == "C3").scalar()
        s.execute(delete(PerformanceDaily).where(PerformanceDaily.ad_id == c3, PerformanceDaily.day > day(14)))
    report = performance_report(runtime, "last-week", today=TODAY)
    assert {(f.ad_id, f.reason) for f in report.fatigued} == {("V", "hook_rate_decay")}
    fatigue = creative_fatigue(runtime, "last-week", today=TODAY)
    assert [(f.ad_id, f.day) for f in fatigue.fatigued] == [(f.ad_id, f.day) for f in report.fatigued]
    assert fatigue.checked == report.fatigue_checked and fatigue.window_days == 7
