"""Audience segments from the workspace's own breakdown rows (a breakdown export or a Meta sync with breakdowns):
the same segments as clustering the export file itself, the richest breakdown chosen, and a clear error without."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tools.analyst.api import audience_clusters
from tools.analyst.clusters import ClusterConfig, load_breakdown_file
from tools.analyst.clusters import audience_clusters as cluster
from tools.core.errors import InsufficientDataError
from tools.core.runtime import build_runtime, forget_databases
from tools.core.settings import Settings
from tools.simulator import simulate_account

AGES = ("18-24", "25-34", "35-44", "45-54", "55-64", "65+")
GENDERS = ("female", "male")
COUNTS = ["Impressions", "Reach", "Link clicks", "Clicks (all)", "3-second video plays", "ThruPlays",
          "Video plays at 25%", "Video plays at 50%", "Video plays at 75%", "Video plays at 100%", "Purchases"]
MONEY = ["Amount spent (USD)", "Purchases conversion value"]


def by_cells(export: pd.DataFrame, cells: list[dict[str, str]], click_lift: np.ndarray, seed: int) -> pd.DataFrame:
    """Each export row as one row per audience cell: delivery split by random shares, clicks and purchases tilted
    by each cell's lift (renormalised, so every ad-day still adds up to the export's totals)."""
    rng = np.random.default_rng(seed)
    shares = rng.dirichlet(np.full(len(cells), 4.0), len(export))
    parts = []
    for cell in cells:
        part = export.copy()
        for name, value in cell.items():
            part[name] = value
        parts.append(part)
    for name in COUNTS + MONEY:
        values = export[name].to_numpy(dtype=float, na_value=np.nan)
        weights = shares * (click_lift if name in ("Link clicks", "Clicks (all)", "Purchases") else 1.0)
        weights = weights / weights.sum(axis=1, keepdims=True)
        split = np.floor(values[:, None] * weights) if name in COUNTS else np.round(values[:, None] * weights, 2)
        split[:, -1] = values - split[:, :-1].sum(axis=1)  # the last cell takes the remainder: totals stay exact
        for index, part in enumerate(parts):
            column = split[:, index]
            part[name] = pd.array(column, dtype="Float64").round().astype("Int64") if name in COUNTS else column
    return pd.concat(parts).sort_index(kind="stable").reset_index(drop=True)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from tools.ingest.api import ingest_files

    folder = tmp_path_factory.mktemp("cells")
    export = simulate_account(seed=11).meta_export()
    ads = sorted(export["Ad ID"].unique())
    cells = [{"Age": age, "Gender": gender} for age in AGES for gender in GENDERS]
    # planted: young women click and buy at twice the rate, 55+ at half
    lift = np.array([2.0 if c["Gender"] == "female" and c["Age"] in ("18-24", "25-34") else
                     0.5 if c["Age"] in ("55-64", "65+") else 1.0 for c in cells])
    age_gender = by_cells(export[export["Ad ID"].isin(ads[: len(ads) // 2])], cells, lift, 3)
    age_only = by_cells(export[export["Ad ID"].isin(ads[len(ads) // 2:])], [{"Age": a} for a in AGES],
                        np.ones(len(AGES)), 4)
    age_gender.to_csv(folder / "age_gender.csv", index=False)
    age_only.to_csv(folder / "age.csv", index=False)
    runtime = build_runtime(Settings(home=folder / "home", _env_file=None), "cells")
    ingest_files(runtime, [folder / "age_gender.csv", folder / "age.csv"])
    yield runtime, folder
    forget_databases()


def test_segments_come_from_the_richest_stored_breakdown_and_match_the_file(workspace) -> None:  # type: ignore[no-untyped-def]
    runtime, folder = workspace
    stored = audience_clusters(runtime, seed=0)
    assert stored.dimensions == ["age", "gender"]  # age × gender, not mixed with the overlapping age-only rows
    assert "age × gender breakdown rows" in stored.source
    from_file = cluster(load_breakdown_file(folder / "age_gender.csv"), ClusterConfig(seed=0))
    assert stored.k == from_file.k
    assert [(s.name, s.members, s.spend_share) for s in stored.segments] == \
        [(s.name, s.members, s.spend_share) for s in from_file.segments]
    truth = pd.read_csv(folder / "age_gender.csv")
    assert sum(s.kpis["spend"] for s in stored.segments) == pytest.approx(truth["Amount spent (USD)"].sum(), abs=0.05)
    # the planted cells stand out: the best-CTR segment is mostly young women
    best = max(stored.segments, key=lambda s: s.kpis["ctr"] or 0)
    assert max(best.composition["gender"], key=best.composition["gender"].get) == "female"


def test_without_any_audience_data_the_error_says_where_it_can_come_from(tmp_path: Path) -> None:
    from tools.ingest.api import ingest_files

    export = simulate_account(seed=5).meta_export()
    export.to_csv(tmp_path / "plain.csv", index=False)
    runtime = build_runtime(Settings(home=tmp_path / "home", _env_file=None), "plain")
    ingest_files(runtime, [tmp_path / "plain.csv"])
    try:
        with pytest.raises(InsufficientDataError, match=r"breakdown export.*sync --breakdowns"):
            audience_clusters(runtime)
    finally:
        forget_databases()
