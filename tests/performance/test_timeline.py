"""Freshness rate and creative velocity on a constructed timeline of first deliveries."""

from __future__ import annotations

from datetime import date

import pytest

from tests.performance.factories import PerformanceFactory
from tools.performance.api import performance_report
from tools.performance.kpis import creative_velocity, freshness_rate

TODAY = date(2024, 10, 13)  # last-week = 2024-10-07 … 10-13; previous = 09-30 … 10-06


def test_freshness_and_velocity_pure_functions() -> None:
    first = {"a": date(2024, 10, 7), "b": date(2024, 10, 6), "c": date(2024, 10, 13), "d": date(2024, 9, 1)}
    spend = {"a": 10.0, "b": 20.0, "c": 30.0, "d": 40.0}
    assert freshness_rate(spend, first, date(2024, 10, 13)) == pytest.approx(40 / 100)
    assert freshness_rate({}, first, date(2024, 10, 13)) is None
    assert creative_velocity(first, date(2024, 10, 7), date(2024, 10, 13)) == pytest.approx(2.0)
    assert creative_velocity(first, date(2024, 9, 14), date(2024, 10, 13)) == pytest.approx(3 * 7 / 30)


def build_timeline(runtime) -> None:  # type: ignore[no-untyped-def]
    """First deliveries: O1 and the shared creative 09-01; N2 10-02; N1 10-08; Z 10-09 (a 0-delivery row on 10-01
    does not count); N3 10-13. S_new is a new *ad* of the old shared creative, so its spend is not fresh."""
    f = PerformanceFactory(runtime)
    f.ad("O1", kind="image")
    f.ad("S_old", kind="video", creative="shared")
    f.ad("S_new", kind="video", creative="shared")
    f.ad("N1", kind="image")
    f.ad("N2", kind="image")
    f.ad("N3", kind="video")
    f.ad("Z", kind=None)  # no creative row: the ad is its own creative
    f.day("O1", date(2024, 9, 1), spend=5, impressions=500)
    f.day("S_old", date(2024, 9, 1), spend=5, impressions=500)
    f.day("O1", date(2024, 10, 1), spend=10, impressions=1000)
    f.day("N2", date(2024, 10, 2), spend=10, impressions=1000)
    f.day("Z", date(2024, 10, 1), spend=0, impressions=0)
    f.day("O1", date(2024, 10, 7), spend=60, impressions=6000)
    f.day("N1", date(2024, 10, 8), spend=50, impressions=5000)
    f.day("N2", date(2024, 10, 8), spend=40, impressions=4000)
    f.day("Z", date(2024, 10, 9), spend=20, impressions=2000)
    f.day("S_new", date(2024, 10, 10), spend=100, impressions=10000)
    f.day("N3", date(2024, 10, 13), spend=30, impressions=3000)
    f.commit()


def test_freshness_and_velocity_from_the_database(runtime) -> None:  # type: ignore[no-untyped-def]
    build_timeline(runtime)
    report = performance_report(runtime, "last-week", today=TODAY)
    # fresh = first delivered 10-07 … 10-13: N1 50 + Z 20 + N3 30 = 100 of 300
    assert report.kpis.spend == pytest.approx(300)
    assert report.kpis.freshness_rate == pytest.approx(100 / 300)
    assert report.kpis.creative_velocity == pytest.approx(3.0)  # N1, Z, N3
    prev = report.previous.kpis  # type: ignore[union-attr]
    assert prev.freshness_rate == pytest.approx(10 / 20)  # N2's 10 of O1 10 + N2 10
    assert prev.creative_velocity == pytest.approx(1.0)
    month = performance_report(runtime, "last-30-days", today=TODAY)
    assert month.kpis.creative_velocity == pytest.approx(4 * 7 / 30)  # N2, N1, Z, N3
    assert report.warnings == []


def test_history_that_starts_inside_the_period_is_flagged(runtime) -> None:  # type: ignore[no-untyped-def]
    build_timeline(runtime)
    report = performance_report(runtime, "2024-09-01..2024-09-07")
    assert report.kpis.creative_velocity == pytest.approx(2.0)  # O1 and the shared creative look new …
    assert any("data starts on 2024-09-01" in w for w in report.warnings)  # … and the report says why
