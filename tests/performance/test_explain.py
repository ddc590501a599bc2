"""`explain_change` on a simulated account with a planted change: one ad's spend multiplied by 5 in the last week
(revenue, purchases and delivery unchanged). That ad must be the top contributor, and every split adds up."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from tools.core.errors import InputError, InsufficientDataError
from tools.core.runtime import build_runtime, forget_databases
from tools.core.settings import Settings
from tools.performance.api import explain_change, performance_query
from tools.simulator import DEFAULT_END_DATE, simulate_account

TODAY = DEFAULT_END_DATE
WEEK = (date(2026, 11, 16), date(2026, 11, 22))
BEFORE = (date(2026, 11, 9), date(2026, 11, 15))
SPEND = "Amount spent (USD)"


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from tools.ingest.api import ingest_files

    account = simulate_account(seed=11)
    daily = account.daily
    week = (daily["day"] >= pd.Timestamp(WEEK[0])) & (daily["day"] <= pd.Timestamp(WEEK[1]))
    before = (daily["day"] >= pd.Timestamp(BEFORE[0])) & (daily["day"] <= pd.Timestamp(BEFORE[1]))
    both = set(daily[week]["ad_id"]) & set(daily[before]["ad_id"])
    spend = daily[week & daily["ad_id"].isin(both)].groupby("ad_id")["spend"].sum().sort_values()
    ad = spend.index[len(spend) // 2]  # a middling ad: nothing special before the change
    account.daily.loc[week & (daily["ad_id"] == ad), "spend"] *= 5
    folder = tmp_path_factory.mktemp("planted")
    export = account.write(folder / "planted.csv")
    runtime = build_runtime(Settings(home=folder / "home", _env_file=None), "planted")
    ingest_files(runtime, [export])
    frame = pd.read_csv(export, dtype={"Ad ID": str})
    frame["Day"] = pd.to_datetime(frame["Day"]).dt.date
    yield runtime, frame, str(ad)
    forget_databases()


def rows(frame: pd.DataFrame, span: tuple[date, date]) -> pd.DataFrame:
    return frame[(frame["Day"] >= span[0]) & (frame["Day"] <= span[1])]


@pytest.mark.parametrize("metric", ["spend", "roas", "cpa"])
def test_the_planted_ad_is_the_top_contributor_and_contributions_add_up(planted, metric) -> None:  # type: ignore[no-untyped-def]
    runtime, frame, ad = planted
    result = explain_change(runtime, metric=metric, today=TODAY)
    now, before = rows(frame, WEEK), rows(frame, BEFORE)
    value = {"spend": lambda r: r[SPEND].sum(), "roas": lambda r: r["Purchases conversion value"].sum() / r[SPEND]
             .sum(), "cpa": lambda r: r[SPEND].sum() / r["Purchases"].sum()}[metric]
    assert result.value == pytest.approx(value(now)) and result.previous == pytest.approx(value(before))
    assert result.change == pytest.approx(value(now) - value(before))
    top = result.contributors[0]
    assert (top.kind, top.key) == ("ad", ad)
    assert sum(c.contribution for c in result.contributors) == pytest.approx(result.change, abs=1e-9)
    magnitudes = [abs(c.contribution) for c in result.contributors if c.key != "others"]
    assert magnitudes == sorted(magnitudes, reverse=True)
    assert top.share == pytest.approx(top.contribution / result.change)
    ad_now, ad_before = now[now["Ad ID"] == ad], before[before["Ad ID"] == ad]
    if metric == "spend":
        assert top.contribution == pytest.approx(ad_now[SPEND].sum() - ad_before[SPEND].sum())
    else:
        # the ad got worse (rate) and took more of the budget (mix), and the sentence carries its numbers
        assert top.mix is not None and top.rate is not None
        assert top.mix + top.rate == pytest.approx(top.contribution)
        assert top.value == pytest.approx(value(ad_now)) and top.previous == pytest.approx(value(ad_before))
        assert top.volume == pytest.approx(ad_now[SPEND].sum()) and top.volume > top.previous_volume
        assert (top.contribution < 0) == (metric == "roas")
    assert ad in top.why and f"{top.volume:,.2f}" in top.why


def test_every_partition_adds_up_and_segments_come_from_attributes(planted) -> None:  # type: ignore[no-untyped-def]
    runtime, frame, ad = planted
    base = explain_change(runtime, metric="roas", today=TODAY)
    assert base.segments and {s.kind for s in base.segments} <= {"attribute", "audience"}
    for field in ("format", "hook_type", "offer", "campaign"):
        split = explain_change(runtime, metric="roas", by=field, today=TODAY, top=100)
        assert split.change == pytest.approx(base.change)
        assert sum(c.contribution for c in split.contributors) == pytest.approx(base.change, abs=1e-9)
        for segment in (s for s in base.segments if s.field == field):
            match = next(c for c in split.contributors if c.key == segment.key)
            assert match.contribution == pytest.approx(segment.contribution)
    planted_format = rows(frame, WEEK).set_index("Ad ID").loc[ad, "Format"].iloc[0]
    by_format = explain_change(runtime, metric="roas", by="format", today=TODAY)
    mine = next(c for c in by_format.contributors if c.label == planted_format)
    # a planted-only change: the other formats' ROAS did not move because of it, the planted ad's format did
    assert mine.rate < 0 and "Format = " + planted_format in mine.why


def test_filters_narrow_the_explanation(planted) -> None:  # type: ignore[no-untyped-def]
    runtime, frame, ad = planted
    name = rows(frame, WEEK).set_index("Ad ID").loc[ad, "Ad name"].iloc[0]
    fmt = rows(frame, WEEK).set_index("Ad ID").loc[ad, "Format"].iloc[0]
    scoped = explain_change(runtime, metric="spend", where=[f"format={fmt}"], today=TODAY)
    total = performance_query(runtime, metrics=["spend"], where=[f"format={fmt}"], compare="previous", today=TODAY)
    assert scoped.value == pytest.approx(total.rows[0].metrics["spend"])
    assert scoped.previous == pytest.approx(total.rows[0].previous["spend"])
    assert scoped.contributors[0].label == name
    assert scoped.understood.startswith(f"Change of Spend of ads where format is {fmt}")


def test_what_cannot_be_explained_says_why(planted, runtime) -> None:  # type: ignore[no-untyped-def]
    planted_runtime = planted[0]
    with pytest.raises(InputError, match="no additive split"):
        explain_change(planted_runtime, metric="freshness_rate", today=TODAY)
    with pytest.raises(InsufficientDataError, match="only partly covered"):
        explain_change(planted_runtime, metric="roas", period="2026-09-01..2026-09-07", today=TODAY)
    from tests.performance.factories import PerformanceFactory

    f = PerformanceFactory(runtime)
    f.ad("A", kind="image")
    f.day("A", date(2024, 5, 1), spend=10, impressions=1000, purchases=0)
    f.day("A", date(2024, 5, 8), spend=10, impressions=1000, purchases=1)
    f.commit()
    with pytest.raises(InsufficientDataError, match="CPA is undefined in 2024-05-01 – 2024-05-07: no purchases"):
        explain_change(runtime, metric="cpa", period="2024-05-08..2024-05-14")
    spend = explain_change(runtime, metric="spend", period="2024-05-08..2024-05-14")
    assert spend.change == 0 and np.isclose(sum(c.contribution for c in spend.contributors), 0)
