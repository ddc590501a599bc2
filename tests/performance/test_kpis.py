"""KPI arithmetic against hand-computed values, including every "absent input → null" rule, on both databases."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest

from tests.performance.conftest import TODAY, build_sample
from tests.performance.factories import PerformanceFactory
from tools.core.domain.performance import KpiSet
from tools.core.errors import InputError, InsufficientDataError
from tools.core.runtime import build_runtime
from tools.performance import queries
from tools.performance.api import performance_report
from tools.performance.kpis import KPI_DEFINITIONS, Kpis, Sums, compute_kpis, ratio, relative_change

CLI_KPIS = {
    "spend", "impressions", "link_clicks", "clicks_all", "purchases", "revenue", "ctr_link", "ctr_all", "cpm",
    "cpc_link", "cpa", "roas", "hook_rate", "hold_rate", "freshness_rate", "creative_velocity",
}


def test_ratio_is_none_without_inputs_or_with_zero_denominator() -> None:
    assert ratio(1, 4) == 0.25
    assert ratio(None, 4) is None
    assert ratio(3, None) is None
    assert ratio(3, 0) is None
    assert ratio(0, 5) == 0.0
    assert ratio(2, 1000, 1000.0) == 2.0
    assert relative_change(150, 100) == 0.5
    assert relative_change(50, 0) is None
    assert relative_change(None, 1) is None


def test_compute_kpis_from_sums() -> None:
    s = Sums(rows=2, spend=200.0, impressions=40000, reach=16000, impressions_with_reach=40000, link_clicks=400,
             impressions_with_link_clicks=40000, spend_with_link_clicks=200.0, clicks_all=800,
             impressions_with_clicks_all=40000, purchases=8, spend_with_purchases=200.0, purchase_value=600.0,
             spend_with_purchase_value=200.0, video_plays_3s=12000, impressions_with_plays=40000, thruplays=3000,
             plays_with_thruplays=12000)
    k = compute_kpis(s)
    assert (k.ctr_link, k.ctr_all, k.cpm, k.cpc_link) == (0.01, 0.02, 5.0, 0.5)
    assert (k.cpa, k.roas, k.hook_rate, k.hold_rate, k.frequency) == (25.0, 3.0, 0.3, 0.25, 2.5)
    empty = compute_kpis(Sums()).model()
    assert all(v is None for v in empty.model_dump().values())


def test_kpi_record_mirrors_the_public_model() -> None:
    assert [f.name for f in fields(Kpis)] == list(KpiSet.model_fields)


def test_sum_columns_follow_the_sums_field_order() -> None:
    assert tuple(f.name for f in fields(Sums))[1:] == queries._SUM_FIELDS
    assert len(queries._sum_columns()) == len(queries._SUM_FIELDS)


def test_every_cli_kpi_is_defined_once() -> None:
    assert set(KPI_DEFINITIONS) >= CLI_KPIS


def test_report_matches_hand_computed_kpis(runtime) -> None:  # type: ignore[no-untyped-def]
    build_sample(runtime)
    report = performance_report(runtime, "last-week", today=TODAY)
    assert (report.period.start, report.period.end) == (date(2024, 10, 7), date(2024, 10, 13))
    assert report.currency == "EUR"
    k = report.kpis
    assert set(k.model_dump()) >= CLI_KPIS
    assert k.spend == pytest.approx(250.0)
    assert k.impressions == 25000
    assert k.link_clicks == 250 and k.clicks_all == 520
    assert k.purchases == pytest.approx(7) and k.revenue == pytest.approx(500)
    assert k.ctr_link == pytest.approx(250 / 25000)
    assert k.ctr_all == pytest.approx(520 / 23000)  # I2 reports no all-clicks: its impressions are left out
    assert k.cpm == pytest.approx(250 / 25000 * 1000)
    assert k.cpc_link == pytest.approx(250 / 250)
    assert k.cpa == pytest.approx(230 / 7)  # I2 reports no purchases: its 20 spend is not part of CPA
    assert k.roas == pytest.approx(500 / 230)
    assert k.hook_rate == pytest.approx(4000 / 15000)  # video ads only: I2's plays (a static ad) don't count
    assert k.hold_rate == pytest.approx(900 / 4000)
    assert k.frequency == pytest.approx(17000 / 8000)  # only rows that report reach
    assert k.freshness_rate == pytest.approx(100 / 250)  # I1 (10-07) and I2 (10-09) are new; V1 (10-01) is not
    assert k.creative_velocity == pytest.approx(2.0)

    prev = report.previous
    assert prev is not None and (prev.period.start, prev.period.end) == (date(2024, 9, 30), date(2024, 10, 6))
    assert (prev.kpis.spend, prev.kpis.cpa, prev.kpis.roas, prev.kpis.hook_rate) == (100, 25, 3, 0.2)
    assert prev.kpis.creative_velocity == pytest.approx(1.0) and prev.kpis.freshness_rate == pytest.approx(1.0)
    assert report.change["spend"] == pytest.approx(1.5)
    assert report.change["roas"] == pytest.approx((500 / 230 - 3) / 3)
    assert report.change["cpa"] == pytest.approx((230 / 7 - 25) / 25)
    assert report.change["ctr_link"] == pytest.approx(0.0)

    assert report.rank_metric == "roas"
    assert [(t.ad_id, t.value) for t in report.top] == [("V1", pytest.approx(400 / 150))]
    assert [(b.ad_id, b.value) for b in report.bottom] == [("I1", pytest.approx(100 / 80))]
    top = report.top[0]
    assert (top.ad_name, top.spend, top.impressions, top.metric) == ("UGC hook video", 150, 15000, "roas")
    assert top.cpa == pytest.approx(30.0) and top.hook_rate == pytest.approx(4000 / 15000)
    assert (report.ads_delivered, report.ads_judged) == (3, 2)  # I2: 20 spend < 50
    assert report.cpa_result == "purchases"
    assert report.warnings == []


def test_static_only_data_has_null_video_kpis_frequency_and_cpa(runtime) -> None:  # type: ignore[no-untyped-def]
    f = PerformanceFactory(runtime)
    f.ad("S1", kind="image")
    f.ad("S2", kind="image")
    f.day("S1", date(2024, 5, 6), spend=60, impressions=3000, link_clicks=30, clicks_all=45, purchases=0,
          purchase_value=0)
    f.day("S2", date(2024, 5, 7), spend=40, impressions=2000, link_clicks=10, clicks_all=20, purchases=0,
          purchase_value=0)
    f.commit()
    k = performance_report(runtime, "2024-05-06..2024-05-12").kpis
    assert k.hook_rate is None and k.hold_rate is None  # static ads only
    assert k.frequency is None and k.reach is None  # the export carries no reach
    assert k.cpa is None  # zero purchases: no honest CPA
    assert k.purchases == 0 and k.revenue == 0
    assert k.roas == 0.0  # revenue reported and zero: ROAS is a real 0
    assert k.ctr_link == pytest.approx(40 / 5000)
    assert k.cpc_link == pytest.approx(100 / 40)
    assert performance_report(runtime, "2024-05-06..2024-05-12").rank_metric == "ctr_link"  # no revenue, no result


def test_measures_the_export_lacks_are_null_and_cpa_falls_back_to_conversions(runtime) -> None:  # type: ignore[no-untyped-def]
    f = PerformanceFactory(runtime)
    f.ad("G1", kind=None, currency=None)  # a generic export: no creative, no currency, no link clicks
    f.ad("G2", kind=None, currency=None)
    f.day("G1", date(2023, 8, 30), spend=90, impressions=20000, clicks_all=12, conversions=3)
    f.day("G2", date(2023, 8, 29), spend=70, impressions=9000, clicks_all=4, conversions=0)
    f.commit()
    report = performance_report(runtime, "last-7-days")
    k = report.kpis
    assert report.currency is None
    assert (k.link_clicks, k.ctr_link, k.cpc_link, k.revenue, k.roas, k.purchases) == (None,) * 6
    assert k.ctr_all == pytest.approx(16 / 29000)
    assert k.cpa == pytest.approx(160 / 3) and report.cpa_result == "conversions"
    assert k.leads == 3 and k.cost_per_lead == pytest.approx(160 / 3)
    assert report.rank_metric == "cost_per_lead"  # a lead-generation account is ranked on its leads
    assert [(t.ad_id, t.value) for t in report.top] == [("G1", pytest.approx(30.0))]
    worst = report.bottom[0]
    assert (worst.ad_id, worst.value, worst.note) == ("G2", None, "no leads for 70.00 spent")
    assert report.period.end == date(2023, 8, 30)  # "today" defaults to the latest day in the data


def test_unknown_kind_with_plays_counts_as_video(runtime) -> None:  # type: ignore[no-untyped-def]
    f = PerformanceFactory(runtime)
    f.ad("U1", kind="unknown")
    f.ad("U2", kind="unknown")
    f.day("U1", date(2024, 5, 6), spend=10, impressions=1000, video_plays_3s=250, thruplays=50)
    f.day("U2", date(2024, 5, 6), spend=10, impressions=3000, video_plays_3s=0, thruplays=0)
    f.commit()
    report = performance_report(runtime, "2024-05-06")
    assert report.kpis.hook_rate == pytest.approx(250 / 1000)
    assert report.kpis.hold_rate == pytest.approx(50 / 250)


def test_other_workspaces_never_leak_in(runtime) -> None:  # type: ignore[no-untyped-def]
    build_sample(runtime)
    other = build_runtime(runtime.settings, "other")
    f = PerformanceFactory(other)
    f.ad("X1", account="act_other")
    f.day("X1", date(2024, 10, 8), spend=9999, impressions=99999)
    f.commit()
    assert performance_report(runtime, "last-week", today=TODAY).kpis.spend == pytest.approx(250)
    assert performance_report(other, "last-week", today=TODAY).kpis.spend == pytest.approx(9999)


def test_mixed_currencies_are_refused_or_reported_one_at_a_time(runtime) -> None:  # type: ignore[no-untyped-def]
    f = PerformanceFactory(runtime)
    f.ad("E1", account="act_eu", currency="EUR")
    f.ad("D1", account="act_us", currency="USD")
    f.day("E1", date(2024, 5, 6), spend=100, impressions=10000)
    f.day("D1", date(2024, 5, 6), spend=70, impressions=5000)
    f.day("D1", date(2024, 5, 7), spend=30, impressions=5000, currency="USD")
    f.commit()
    with pytest.raises(InputError, match=r"EUR, USD.*--currency") as info:
        performance_report(runtime, "2024-05-06..2024-05-12")
    assert info.value.field == "currency"
    usd = performance_report(runtime, "2024-05-06..2024-05-12", currency="usd")
    assert (usd.currency, usd.kpis.spend, usd.kpis.impressions) == ("USD", 100, 10000)
    eur = performance_report(runtime, "2024-05-06..2024-05-12", currency="EUR")
    assert (eur.currency, eur.kpis.spend, eur.kpis.cpm) == ("EUR", 100, pytest.approx(10.0))
    with pytest.raises(InputError, match="GBP"):
        performance_report(runtime, "2024-05-06..2024-05-12", currency="GBP")


def test_empty_period_is_null_not_zero_and_no_data_is_a_clear_error(runtime) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InsufficientDataError, match="no ad performance data"):
        performance_report(runtime)
    build_sample(runtime)
    report = performance_report(runtime, "2024-01-01..2024-01-07")
    assert report.kpis.spend is None and report.kpis.impressions is None and report.kpis.ctr_link is None
    assert report.kpis.creative_velocity is None  # before the data starts: unknown, not 0
    assert any("No delivery" in w for w in report.warnings)
    assert report.top == [] and report.fatigued == []


def test_a_previous_period_the_data_only_partly_covers_shows_no_change(runtime) -> None:  # type: ignore[no-untyped-def]
    f = PerformanceFactory(runtime)
    f.ad("A", kind="image")
    f.day("A", date(2024, 9, 1), spend=1, impressions=100, link_clicks=1)  # the data starts here
    for day in range(2, 31):
        f.day("A", date(2024, 9, day), spend=100, impressions=10000, link_clicks=100)
    f.commit()
    report = performance_report(runtime, "2024-09-02..2024-09-30")  # previous: 2024-08-04 … 2024-09-01
    assert report.previous is not None and report.previous.kpis.spend == pytest.approx(1)
    assert set(report.change.values()) == {None}  # not "+289,900 %"
    assert any("only partly covered" in w for w in report.warnings)


def test_report_summary_text(runtime) -> None:  # type: ignore[no-untyped-def]
    from tools.performance.formatting import report_summary

    build_sample(runtime)
    text = report_summary(performance_report(runtime, "last-week", today=TODAY))
    assert text.splitlines()[0] == "*2024-10-07 – 2024-10-13* (EUR)"
    assert "Spend €250.00 (+150.0 % vs €100.00)" in text
    assert "ROAS 2.17× (-27.5 % vs 3.00×)" in text
    assert "Best by ROAS: UGC hook video 2.67×" in text
    assert "Fatigued" not in text
