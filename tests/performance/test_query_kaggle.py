"""The real Kaggle export (kag_conversion_data.csv) through the importer: audience breakdowns, leads, the evidence-based
decisions and the report's worst ads, all against pandas truth computed from the file itself."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tests.conftest import KAGGLE_CSV
from tools.core.runtime import build_runtime, forget_databases
from tools.core.settings import Settings
from tools.performance.api import explain_change, find_winners, performance_query, performance_report

ALL = "2023-08-01..2023-08-31"


@pytest.fixture(scope="module")
def kaggle(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from tools.ingest.api import ingest_files

    home = tmp_path_factory.mktemp("kaggle")
    runtime = build_runtime(Settings(home=home, _env_file=None), "kaggle")
    ingest_files(runtime, [KAGGLE_CSV])
    frame = pd.read_csv(KAGGLE_CSV)
    frame["Date"] = pd.to_datetime(frame["Date"], format="%d-%m-%Y").dt.date
    yield runtime, frame
    forget_databases()


def test_which_age_group_has_the_lowest_cpa(kaggle) -> None:  # type: ignore[no-untyped-def]
    runtime, frame = kaggle
    result = performance_query(runtime, metrics=["cpa"], by="age group", sort="cpa", period=ALL)
    groups = frame.groupby("age")[["Spent", "Approved_Conversion"]].sum()
    cpa = (groups["Spent"] / groups["Approved_Conversion"]).sort_values()
    assert [r.group for r in result.rows] == list(cpa.index)  # every group has enough evidence: all ranked
    assert [r.metrics["cpa"] for r in result.rows] == pytest.approx(cpa.tolist())
    assert result.rows[0].label == "30-34" and result.by == "age" and result.filters == []
    assert "by age" in result.understood and "lowest first" in result.understood


def test_leads_and_cost_per_lead_by_gender_and_interest(kaggle) -> None:  # type: ignore[no-untyped-def]
    runtime, frame = kaggle
    total = performance_query(runtime, metrics=["leads", "cost_per_lead", "purchases"], period=ALL).rows[0]
    assert total.metrics["leads"] == 3264 and total.metrics["purchases"] == 1079  # data/README.md
    assert total.metrics["cost_per_lead"] == pytest.approx(frame["Spent"].sum() / 3264)
    by_gender = performance_query(runtime, metrics=["leads", "cost_per_lead"], by="gender", period=ALL)
    truth = frame.groupby("gender")[["Spent", "Total_Conversion"]].sum()
    for row in by_gender.rows:
        assert row.metrics["leads"] == truth.loc[row.group.upper(), "Total_Conversion"]
        assert row.metrics["cost_per_lead"] == pytest.approx(truth.loc[row.group.upper(), "Spent"]
                                                             / truth.loc[row.group.upper(), "Total_Conversion"])
    women_30 = performance_query(runtime, metrics=["spend", "leads"], where=["gender=F", "age=30-34"], period=ALL)
    part = frame[(frame["gender"] == "F") & (frame["age"] == "30-34")]
    assert women_30.rows[0].metrics["spend"] == pytest.approx(part["Spent"].sum())
    assert women_30.rows[0].metrics["leads"] == part["Total_Conversion"].sum()
    interest = performance_query(runtime, metrics=["spend"], where=["interest=16"], period=ALL)
    assert interest.rows[0].metrics["spend"] == pytest.approx(frame[frame["interest"] == 16]["Spent"].sum())
    report = performance_report(runtime, ALL).kpis
    assert report.leads == 3264 and report.cost_per_lead == pytest.approx(frame["Spent"].sum() / 3264)


def test_campaign_breakdown_and_weekly_series(kaggle) -> None:  # type: ignore[no-untyped-def]
    runtime, frame = kaggle
    result = performance_query(runtime, metrics=["spend", "ctr_link"], by="campaign", granularity="week",
                               period=ALL)
    truth = frame.groupby("xyz_campaign_id")[["Spent", "Clicks", "Impressions"]].sum()
    assert {r.group: r.metrics["spend"] for r in result.rows} == pytest.approx(
        {str(k): v for k, v in truth["Spent"].items()})
    weeks = frame.assign(week=pd.to_datetime(frame["Date"]).dt.to_period("W-SUN")).groupby("week")["Spent"].sum()
    assert [p.metrics["spend"] for p in result.series] == pytest.approx(weeks.tolist())
    assert result.series[0].start == date(2023, 8, 1) and result.series[-1].end == date(2023, 8, 31)


def test_a_comparison_before_the_data_starts_is_not_a_percentage(kaggle) -> None:  # type: ignore[no-untyped-def]
    runtime, _ = kaggle
    result = performance_query(runtime, metrics=["spend"], period="last-30-days", compare="previous",
                               today=date(2023, 8, 31))
    assert result.compare_coverage.days_with_data == 1 and not result.compare_coverage.complete
    assert result.rows[0].change == {"spend": None}
    with pytest.raises(Exception, match="only partly covered"):
        explain_change(runtime, metric="spend", period="last-30-days", today=date(2023, 8, 31))


def test_the_report_lists_the_biggest_zero_result_spenders_as_worst(kaggle) -> None:  # type: ignore[no-untyped-def]
    runtime, frame = kaggle
    report = performance_report(runtime, ALL)
    assert report.rank_metric == "cpa"
    judged = frame[(frame["Spent"] >= 50) & (frame["Impressions"] >= 1000)]
    no_result = judged[judged["Approved_Conversion"] == 0].sort_values("Spent", ascending=False)
    assert [b.ad_id for b in report.bottom] == no_result["ad_id"].astype(str).head(5).tolist()
    assert report.bottom[0].spend == pytest.approx(541.7, abs=0.01) and report.bottom[0].value is None
    winners = find_winners(runtime, ALL, "cost_per_lead", top=3)
    assert winners.metric == "cost_per_lead" and len(winners.winners) == 3


def test_decide_judges_a_big_spender_by_its_evidence_not_its_age(kaggle) -> None:  # type: ignore[no-untyped-def]
    from tools.analyst.api import kill_scale_decisions

    runtime, _ = kaggle
    result = kill_scale_decisions(runtime, period="last-7-days", today=date(2023, 8, 8))
    killed = {d.ad_id: d for d in result.kill}
    assert "1122265" in killed  # 541.70 spent on 2023-08-08, no approved conversion
    assert "the evidence, not its age, decides" in killed["1122265"].reason
    assert all("only" not in d.reason or "expected" in d.reason for d in result.wait)
