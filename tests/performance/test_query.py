"""`performance_query` against pandas truth on a simulated account imported through the real Meta export.

The truth is computed with pandas from the very export file that was imported (seed 7, 160 creatives, data
2026-08-31 … 2026-11-22; today = 2026-11-22, a Sunday, so last-week = 11-16 … 11-22).
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from tools.core.errors import InputError
from tools.core.runtime import build_runtime, forget_databases
from tools.core.settings import Settings
from tools.performance.api import performance_query, performance_report
from tools.simulator import DEFAULT_END_DATE, simulate_account

TODAY = DEFAULT_END_DATE
WEEK = (date(2026, 11, 16), date(2026, 11, 22))
BEFORE = (date(2026, 11, 9), date(2026, 11, 15))
SPEND = "Amount spent (USD)"


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from tools.ingest.api import ingest_files

    account = simulate_account(seed=7)
    folder = tmp_path_factory.mktemp("sim")
    export = account.write(folder / "glowlab.csv")
    runtime = build_runtime(Settings(home=folder / "home", _env_file=None), "sim")
    ingest_files(runtime, [export])
    frame = pd.read_csv(export)
    frame["Day"] = pd.to_datetime(frame["Day"]).dt.date
    yield runtime, frame
    forget_databases()


def between(frame: pd.DataFrame, span: tuple[date, date]) -> pd.DataFrame:
    return frame[(frame["Day"] >= span[0]) & (frame["Day"] <= span[1])]


def truth(rows: pd.DataFrame) -> dict[str, float]:
    video = rows[rows["3-second video plays"].notna()]
    return {
        "spend": rows[SPEND].sum(), "impressions": rows["Impressions"].sum(),
        "ctr_link": rows["Link clicks"].sum() / rows["Impressions"].sum(),
        "cpa": rows[SPEND].sum() / rows["Purchases"].sum(),
        "roas": rows["Purchases conversion value"].sum() / rows[SPEND].sum(),
        "hook_rate": video["3-second video plays"].sum() / video["Impressions"].sum() if len(video) else None,
        "purchases": rows["Purchases"].sum(),
    }


def test_no_filter_is_the_report_and_pandas(sim) -> None:  # type: ignore[no-untyped-def]
    runtime, frame = sim
    result = performance_query(runtime, metrics=["spend", "impressions", "ctr_link", "cpa", "roas", "hook_rate",
                                                 "freshness_rate", "creative_velocity"], today=TODAY)
    row = result.rows[0]
    expected = truth(between(frame, WEEK))
    for key in ("spend", "impressions", "ctr_link", "cpa", "roas", "hook_rate"):
        assert row.metrics[key] == pytest.approx(expected[key], rel=1e-9), key
    report = performance_report(runtime, "last-week", today=TODAY).kpis
    assert row.metrics["freshness_rate"] == pytest.approx(report.freshness_rate)
    assert row.metrics["creative_velocity"] == pytest.approx(report.creative_velocity)
    assert (result.period.start, result.period.end) == WEEK and row.group is None and result.series is None
    assert row.n_ads == between(frame, WEEK)["Ad ID"].nunique() and row.enough_evidence
    assert result.understood.startswith("Spend, Impressions, CTR (link), CPA, ROAS, Hook rate, Freshness rate and "
                                        "Creative velocity of all ads")
    assert "2026-11-16 – 2026-11-22" in result.understood and "USD" in result.understood


def test_filter_by_attribute_name_and_value_case_insensitively(sim) -> None:  # type: ignore[no-untyped-def]
    runtime, frame = sim
    rows = between(frame, WEEK)
    testimonial = rows[rows["Hook type"] == "Testimonial"]
    for spec in ("Hook type=Testimonial", "hook_type=testimonial", "HOOK=TESTIMONIAL"):
        result = performance_query(runtime, metrics=["spend"], where=[spec], today=TODAY)
        assert result.rows[0].metrics["spend"] == pytest.approx(testimonial[SPEND].sum())
        assert result.filters[0].field == "hook_type" and result.filters[0].values == ["Testimonial"]
    assert "hook_type is 'Testimonial'" in result.understood
    # a word of a value names it ("UGC" → "UGC video"); a word shared by several keeps them all, and says which
    ugc = performance_query(runtime, metrics=["roas"], where=["format=UGC"], today=TODAY)
    assert ugc.rows[0].metrics["roas"] == pytest.approx(truth(rows[rows["Format"] == "UGC video"])["roas"])
    videos = performance_query(runtime, metrics=["spend"], where=["format=videos"], today=TODAY)
    assert sorted(videos.filters[0].values) == ["Studio video", "UGC video"]
    assert videos.rows[0].metrics["spend"] == pytest.approx(rows[rows["Format"] != "Static image"][SPEND].sum())
    assert "one of 'Studio video', 'UGC video'" in videos.understood or "one of 'UGC video', 'Studio video'" in \
        videos.understood
    not_static = performance_query(runtime, metrics=["spend"], where=["format!=static image"], today=TODAY)
    assert not_static.rows[0].metrics["spend"] == pytest.approx(videos.rows[0].metrics["spend"])


def test_one_ad_by_name_and_filters_combine(sim) -> None:  # type: ignore[no-untyped-def]
    runtime, frame = sim
    rows = between(frame, WEEK)
    name = rows.sort_values(SPEND).iloc[-1]["Ad name"]
    result = performance_query(runtime, metrics=["spend", "cpa"], where=[f"ad={name}"], today=TODAY)
    one = rows[rows["Ad name"] == name]
    assert result.rows[0].metrics["spend"] == pytest.approx(one[SPEND].sum()) and result.rows[0].n_ads == 1
    both = performance_query(runtime, metrics=["spend"], where=["format=UGC video", "offer=20% off"], today=TODAY)
    expected = rows[(rows["Format"] == "UGC video") & (rows["Offer"] == "20% off")][SPEND].sum()
    assert both.rows[0].metrics["spend"] == pytest.approx(expected)
    either = performance_query(runtime, metrics=["spend"], where=["offer=20% off", "offer=bundle"], today=TODAY)
    assert either.rows[0].metrics["spend"] == pytest.approx(rows[rows["Offer"].isin(["20% off", "Bundle"])][SPEND]
                                                            .sum())


def test_breakdown_by_attribute_matches_pandas_groupby_and_adds_up(sim) -> None:  # type: ignore[no-untyped-def]
    runtime, frame = sim
    rows = between(frame, WEEK)
    result = performance_query(runtime, metrics=["roas", "cpa", "ctr_link", "spend"], by="hook type", today=TODAY)
    assert result.by == "hook_type" and result.sort == "roas"
    for row in result.rows:
        expected = truth(rows[rows["Hook type"] == row.label])
        for key in ("roas", "cpa", "ctr_link", "spend"):
            assert row.metrics[key] == pytest.approx(expected[key], rel=1e-9)
        assert row.n_ads == rows[rows["Hook type"] == row.label]["Ad ID"].nunique()
    assert sum(r.metrics["spend"] for r in result.rows) == pytest.approx(rows[SPEND].sum())
    assert sum(r.spend_share for r in result.rows) == pytest.approx(1.0)
    ranked = [r.metrics["roas"] for r in result.rows if r.rank is not None]
    assert ranked == sorted(ranked, reverse=True) and result.total.metrics["spend"] == pytest.approx(rows[SPEND].sum())


def test_breakdown_by_ad_marks_small_ads_instead_of_ranking_them(sim) -> None:  # type: ignore[no-untyped-def]
    runtime, frame = sim
    rows = between(frame, WEEK)
    result = performance_query(runtime, metrics=["cpa"], by="ad", sort="cpa", today=TODAY)
    per_ad = rows.groupby("Ad ID").agg(spend=(SPEND, "sum"), impressions=("Impressions", "sum"),
                                       purchases=("Purchases", "sum"))
    small = per_ad[(per_ad["spend"] < 50) | (per_ad["impressions"] < 1000)]
    assert len(small) > 0
    by_id = {r.group: r for r in result.rows}
    for ad_id in small.index.astype(str):
        assert by_id[ad_id].enough_evidence is False and by_id[ad_id].rank is None
    ranked = [r for r in result.rows if r.rank is not None]
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
    assert result.rows[: len(ranked)] == ranked  # ranked rows first, lowest CPA first
    assert [r.metrics["cpa"] for r in ranked] == sorted(r.metrics["cpa"] for r in ranked)
    best = per_ad.drop(small.index)
    best = (best["spend"] / best["purchases"]).sort_values()
    assert ranked[0].group == str(best.index[0]) and "not ranked" in result.understood
    top = performance_query(runtime, metrics=["cpa"], by="ad", sort="cpa", top=3, today=TODAY)
    assert len(top.rows) == 3 and top.groups_total == len(result.rows)


def test_compare_with_the_previous_week_and_with_a_named_period(sim) -> None:  # type: ignore[no-untyped-def]
    runtime, frame = sim
    result = performance_query(runtime, metrics=["roas", "spend"], by="format", compare="previous", today=TODAY)
    assert (result.compare.start, result.compare.end) == BEFORE and result.compare_coverage.complete
    now, before = between(frame, WEEK), between(frame, BEFORE)
    for row in result.rows:
        cur = truth(now[now["Format"] == row.label])["roas"]
        prev = truth(before[before["Format"] == row.label])["roas"]
        assert row.previous["roas"] == pytest.approx(prev) and row.change["roas"] == pytest.approx((cur - prev) / prev)
    named = performance_query(runtime, metrics=["spend"], compare="2026-11-09..2026-11-15", today=TODAY)
    assert named.rows[0].previous["spend"] == pytest.approx(before[SPEND].sum())
    assert "vs 2026-11-09 – 2026-11-15" in named.understood
    fourteen = performance_query(runtime, metrics=["roas"], period="last-14-days", today=TODAY)
    assert fourteen.rows[0].metrics["roas"] == pytest.approx(truth(between(frame, (BEFORE[0], WEEK[1])))["roas"])


def test_a_partly_covered_comparison_says_so_instead_of_a_change(sim) -> None:  # type: ignore[no-untyped-def]
    runtime, frame = sim
    # September vs the 30 days before it: the data starts on 2026-08-31, one day of the comparison period
    result = performance_query(runtime, metrics=["spend"], period="september-2026", compare="previous", today=TODAY)
    coverage = result.compare_coverage
    assert coverage.complete is False and coverage.days == 30 and coverage.days_with_data == 1
    row = result.rows[0]
    assert row.previous["spend"] == pytest.approx(frame[frame["Day"] == date(2026, 8, 31)][SPEND].sum())
    assert row.change == {"spend": None}
    assert any("only partly covered" in w for w in result.warnings)
    assert "only partly covered by data: no change computed" in result.understood


def test_weekly_and_daily_series_match_pandas(sim) -> None:  # type: ignore[no-untyped-def]
    runtime, frame = sim
    span = (TODAY - timedelta(days=29), TODAY)
    result = performance_query(runtime, metrics=["cpa", "spend"], period="last-30-days", granularity="week",
                               where=["format=UGC video"], today=TODAY)
    rows = between(frame, span)
    rows = rows[rows["Format"] == "UGC video"]
    weeks = [(p.start, p.end) for p in result.series]
    assert weeks[0] == (span[0], date(2026, 10, 25)) and weeks[-1] == WEEK  # Monday–Sunday weeks, clipped
    assert all(b[0] == a[1] + timedelta(days=1) for a, b in itertools.pairwise(weeks))
    for point in result.series:
        part = between(rows, (point.start, point.end))
        assert point.metrics["cpa"] == pytest.approx(part[SPEND].sum() / part["Purchases"].sum())
        assert point.metrics["spend"] == pytest.approx(part[SPEND].sum())
    assert sum(p.metrics["spend"] for p in result.series) == pytest.approx(result.rows[0].metrics["spend"])
    daily = performance_query(runtime, metrics=["spend"], granularity="day", today=TODAY)
    assert [p.start for p in daily.series] == [WEEK[0] + timedelta(days=i) for i in range(7)]
    by_day = between(frame, WEEK).groupby("Day")[SPEND].sum()
    assert [p.metrics["spend"] for p in daily.series] == pytest.approx(by_day.tolist())
    monthly = performance_query(runtime, metrics=["spend"], period="all", granularity="month", today=TODAY)
    assert [(p.start.month, p.end.day) for p in monthly.series] == [(8, 31), (9, 30), (10, 31), (11, 22)]


def test_naming_convention_attributes_answer_when_the_export_has_no_columns(runtime) -> None:  # type: ignore[no-untyped-def]
    from tests.performance.factories import PerformanceFactory

    f = PerformanceFactory(runtime)
    f.ad("A1", kind="video", name="mb_studio-video_testimonial_sage_v2")
    f.ad("A2", kind="video", name="mb_ugc-video_testimonial_peach_v1")
    f.ad("A3", kind="image", name="mb_static-image_question_sage_v1")
    for ad, spend in (("A1", 100), ("A2", 60), ("A3", 40)):
        f.day(ad, date(2024, 5, 6), spend=spend, impressions=10000, link_clicks=50)
    f.commit()
    result = performance_query(runtime, metrics=["spend"], by="hook_type", period="2024-05-06")
    assert {r.label: r.metrics["spend"] for r in result.rows} == {"testimonial": 160, "question": 40}
    one = performance_query(runtime, metrics=["spend"], where=["ad=mb_studio-video_testimonial_sage_v2"],
                            period="2024-05-06")
    assert one.rows[0].metrics["spend"] == 100 and one.rows[0].n_ads == 1  # that ad, not the account
    colour = performance_query(runtime, metrics=["spend"], where=["color=sage"], period="2024-05-06")
    assert colour.rows[0].metrics["spend"] == 140


def test_unknown_fields_values_and_metrics_are_input_errors_naming_the_closest(sim) -> None:  # type: ignore[no-untyped-def]
    runtime, _ = sim
    with pytest.raises(InputError, match=r"'hok type'.*closest: hook_type") as info:
        performance_query(runtime, where=["hok type=testimonial"], today=TODAY)
    assert info.value.field == "where"
    with pytest.raises(InputError, match=r"no value 'testimonal'.*closest: Testimonial"):
        performance_query(runtime, where=["hook_type=testimonal"], today=TODAY)
    with pytest.raises(InputError, match=r"by 'fromat'.*closest: format"):
        performance_query(runtime, by="fromat", today=TODAY)
    with pytest.raises(InputError, match=r"metric 'roass'.*closest: roas"):
        performance_query(runtime, metrics=["roass"], today=TODAY)
    with pytest.raises(InputError, match="not FIELD=VALUE"):
        performance_query(runtime, where=["format"], today=TODAY)
    with pytest.raises(InputError, match="Accepted forms"):
        performance_query(runtime, period="next-week", today=TODAY)


def test_the_cache_reloads_after_an_import(runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Runs on SQLite and Postgres: the second question sees rows imported after the first."""
    from tests.performance.factories import PerformanceFactory

    f = PerformanceFactory(runtime)
    f.ad("A", kind="image")
    f.day("A", date(2024, 5, 6), spend=10, impressions=1000)
    f.commit()
    assert performance_query(runtime, metrics=["spend"], period="2024-05-06..2024-05-07").rows[0].metrics == \
        {"spend": 10}
    f.day("A", date(2024, 5, 7), spend=5, impressions=500)
    f.commit()
    assert performance_query(runtime, metrics=["spend"], period="2024-05-06..2024-05-07").rows[0].metrics == \
        {"spend": 15}


def test_money_in_several_currencies_is_never_added_up(runtime) -> None:  # type: ignore[no-untyped-def]
    from tests.performance.factories import PerformanceFactory

    f = PerformanceFactory(runtime)
    f.ad("E1", account="act_eu", currency="EUR")
    f.ad("D1", account="act_us", currency="USD")
    f.day("E1", date(2024, 5, 6), spend=100, impressions=10000)
    f.day("D1", date(2024, 5, 6), spend=70, impressions=5000)
    f.commit()
    with pytest.raises(InputError, match=r"EUR, USD.*--currency"):
        performance_query(runtime, metrics=["spend"], period="2024-05-06")
    usd = performance_query(runtime, metrics=["spend", "cpm"], period="2024-05-06", currency="usd")
    assert usd.currency == "USD" and usd.rows[0].metrics == {"spend": 70, "cpm": pytest.approx(14.0)}
    assert "in USD" in usd.understood
