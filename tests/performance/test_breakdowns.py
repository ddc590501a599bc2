"""Audience breakdown exports (one row per ad × day × age) through the importer: stored per cell, never added to the
account totals, and answered by `performance_query` / `explain_change` against pandas truth."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from tools.core.errors import InputError
from tools.core.runtime import build_runtime, forget_databases
from tools.core.settings import Settings
from tools.performance.api import explain_change, performance_query, performance_report
from tools.simulator import DEFAULT_END_DATE, simulate_account

TODAY = DEFAULT_END_DATE
SPEND = "Amount spent (USD)"
COUNTS = ["Impressions", "Reach", "Link clicks", "Clicks (all)", "3-second video plays", "ThruPlays",
          "Video plays at 25%", "Video plays at 50%", "Video plays at 75%", "Video plays at 100%", "Purchases"]


def split(frame: pd.DataFrame, column: str, cells: tuple[str, str], seed: int) -> pd.DataFrame:
    """Each row as two rows of one breakdown; counts and money split so the two cells add up exactly."""
    rng = np.random.default_rng(seed)
    share = rng.uniform(0.2, 0.8, len(frame))
    first, second = frame.copy(), frame.copy()
    for name in COUNTS:
        values = frame[name].astype("Float64")
        part = np.floor(values.to_numpy(dtype=float, na_value=np.nan) * share)
        first[name] = pd.array(part, dtype="Float64").round().astype("Int64")
        second[name] = (values - first[name].astype("Float64")).round().astype("Int64")
    for name in (SPEND, "Purchases conversion value"):
        part = np.round(frame[name].to_numpy(dtype=float) * share, 2)
        first[name] = part
        second[name] = np.round(frame[name].to_numpy(dtype=float) - part, 2)
    first[column], second[column] = cells
    return pd.concat([first, second]).sort_index(kind="stable").reset_index(drop=True)


@pytest.fixture(scope="module")
def broken_down(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from tools.ingest.api import ingest_files

    account = simulate_account(seed=7)
    export = account.meta_export()
    ads = sorted(export["Ad ID"].unique())
    by_age = export[export["Ad ID"].isin(ads[: len(ads) // 2])]
    by_gender = export[export["Ad ID"].isin(ads[len(ads) // 2: len(ads) * 3 // 4])]
    plain = export[export["Ad ID"].isin(ads[len(ads) * 3 // 4:])]
    folder = tmp_path_factory.mktemp("breakdowns")
    age = split(by_age, "Age", ("18-24", "25-34"), 1)
    gender = split(by_gender, "Gender", ("female", "male"), 2)
    age.to_csv(folder / "age.csv", index=False)
    gender.to_csv(folder / "gender.csv", index=False)
    plain.to_csv(folder / "plain.csv", index=False)
    runtime = build_runtime(Settings(home=folder / "home", _env_file=None), "breakdowns")
    result = ingest_files(runtime, [folder / "age.csv", folder / "gender.csv", folder / "plain.csv"])
    reference = build_runtime(Settings(home=folder / "reference", _env_file=None), "reference")
    export.to_csv(folder / "all.csv", index=False)
    ingest_files(reference, [folder / "all.csv"])
    for frame in (age, gender, plain):
        frame["Day"] = pd.to_datetime(frame["Day"]).dt.date
    yield runtime, reference, age, gender, plain, result, folder
    forget_databases()


def week(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[(frame["Day"] >= date(2026, 11, 16)) & (frame["Day"] <= TODAY)]


def test_breakdown_rows_never_add_to_the_account_totals(broken_down) -> None:  # type: ignore[no-untyped-def]
    runtime, reference, *_, result, _folder = broken_down
    assert any("kept as breakdown rows" in w for w in result.warnings)
    mine = performance_report(runtime, "last-week", today=TODAY).kpis
    truth = performance_report(reference, "last-week", today=TODAY).kpis
    assert mine.spend == pytest.approx(truth.spend) and mine.impressions == truth.impressions
    assert mine.roas == pytest.approx(truth.roas) and mine.purchases == pytest.approx(truth.purchases)


def test_query_by_age_uses_the_cells_and_names_the_rest(broken_down) -> None:  # type: ignore[no-untyped-def]
    runtime, _reference, age, gender, plain, *_ = broken_down
    result = performance_query(runtime, metrics=["spend", "roas", "ctr_link"], by="age", today=TODAY)
    cells = week(age).groupby("Age")[[SPEND, "Purchases conversion value", "Link clicks", "Impressions"]].sum()
    got = {r.group: r for r in result.rows}
    for cell in ("18-24", "25-34"):
        assert got[cell].metrics["spend"] == pytest.approx(cells.loc[cell, SPEND])
        assert got[cell].metrics["roas"] == pytest.approx(cells.loc[cell, "Purchases conversion value"]
                                                          / cells.loc[cell, SPEND])
        assert got[cell].metrics["ctr_link"] == pytest.approx(cells.loc[cell, "Link clicks"]
                                                              / cells.loc[cell, "Impressions"])
    rest = pd.concat([week(gender), week(plain)])[SPEND].sum()
    assert got["(not broken down)"].metrics["spend"] == pytest.approx(rest)
    assert sum(r.metrics["spend"] for r in result.rows) == pytest.approx(result.total.metrics["spend"])
    young = performance_query(runtime, metrics=["spend"], where=["age=18-24"], by="format", today=TODAY)
    truth = week(age)[week(age)["Age"] == "18-24"].groupby("Format")[SPEND].sum()
    assert {r.group: r.metrics["spend"] for r in young.rows} == pytest.approx(truth.to_dict())
    assert young.filters[0].kind == "audience" and young.filters[0].values == ["18-24"]


def test_explain_by_age_adds_up(broken_down) -> None:  # type: ignore[no-untyped-def]
    runtime, *_ = broken_down
    result = explain_change(runtime, metric="roas", by="age", today=TODAY)
    assert {c.key for c in result.contributors} >= {"18_24", "25_34"}
    assert sum(c.contribution for c in result.contributors) == pytest.approx(result.change, abs=1e-9)
    assert result.contributors[0].kind == "audience"


def test_dimensions_broken_down_separately_cannot_be_crossed(broken_down) -> None:  # type: ignore[no-untyped-def]
    runtime, *_ = broken_down
    with pytest.raises(InputError, match="none carries age and gender together"):
        performance_query(runtime, where=["age=18-24"], by="gender", today=TODAY)
    women = performance_query(runtime, metrics=["spend"], where=["gender=female"], today=TODAY)
    assert women.rows[0].metrics["spend"] > 0


def test_reimporting_a_breakdown_replaces_it(broken_down) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from tools.core.db.models import PerformanceBreakdown
    from tools.ingest.api import ingest_files

    runtime, *_, folder = broken_down
    before = performance_query(runtime, metrics=["spend"], by="age", today=TODAY)

    def count() -> int:
        with runtime.session() as session:
            return session.scalar(select(func.count()).select_from(PerformanceBreakdown))

    stored = count()
    ingest_files(runtime, [folder / "age.csv"])
    assert count() == stored
    again = performance_query(runtime, metrics=["spend"], by="age", today=TODAY)
    assert {r.group: r.metrics["spend"] for r in again.rows} == pytest.approx(
        {r.group: r.metrics["spend"] for r in before.rows})
