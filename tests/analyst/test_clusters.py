"""Audience segments on the real Kaggle breakdown data: stable across seeds, named, and honest about bad input."""

from __future__ import annotations

import pytest
from sklearn.metrics import adjusted_rand_score

from tests.conftest import KAGGLE_CSV
from tools.analyst.clusters import ClusterConfig, audience_clusters, load_breakdown_file
from tools.core.errors import InputError


@pytest.fixture(scope="module")
def kaggle():
    return load_breakdown_file(KAGGLE_CSV)


def _membership(result):  # type: ignore[no-untyped-def]
    """cell → segment name, built from each segment's composition-independent identity (profile)."""
    return {s.name: s for s in result.segments}


def test_kaggle_segments_are_named_and_cover_the_spend(kaggle):
    result = audience_clusters(kaggle, ClusterConfig(seed=0))
    assert result.dimensions == ["age", "gender", "interest"]
    assert 3 <= result.k <= 6 and len(result.segments) == result.k
    assert sum(s.spend_share for s in result.segments) == pytest.approx(1.0, abs=1e-3)
    assert sum(s.members for s in result.segments) > 100
    names = [s.name for s in result.segments]
    assert len(set(names)) == len(names)
    words = ("CTR", "clicks", "conver", "average")
    assert all(any(w in n for w in words) for n in names)
    # each segment's KPIs agree with its name
    for s in result.segments:
        if s.name.startswith("Cheap conversions") or ", cheap conversions" in s.name:
            assert s.kpis["cpa"] < kaggle["spend"].sum() / kaggle["purchases"].sum()
    assert result.silhouette is not None and result.silhouette > 0.15


def test_kaggle_segments_are_stable_across_seeds(kaggle):
    from tools.analyst import clusters as module

    labels = []
    for seed in range(5):
        result = audience_clusters(kaggle, ClusterConfig(seed=seed))
        labels.append((result.k, [s.name for s in sorted(result.segments, key=lambda s: s.id)],
                       _cell_labels(module, kaggle, seed, result.k)))
    ks = {k for k, _, _ in labels}
    assert len(ks) == 1
    for _, names, cells in labels[1:]:
        assert names == labels[0][1]
        assert adjusted_rand_score(labels[0][2], cells) >= 0.95


def _cell_labels(module, frame, seed, k):  # type: ignore[no-untyped-def]
    """Per-cell labels of a fixed-k run (same pipeline as audience_clusters)."""
    import numpy as np
    from sklearn.cluster import KMeans

    cells = frame.groupby(["age", "gender", "interest"])[["impressions", "clicks", "spend", "purchases"]].sum()
    cells = cells[cells["impressions"] > 0]
    imp, clk, sp, conv = (cells[c].to_numpy(float) for c in ("impressions", "clicks", "spend", "purchases"))
    x = np.column_stack([module._shrunk_log_rate(clk, imp), -module._shrunk_log_rate(clk, sp),
                         module._shrunk_log_rate(conv, clk), -module._shrunk_log_rate(conv, sp)])
    w = np.sqrt(imp / imp.mean())
    mu = np.average(x, axis=0, weights=w)
    z = (x - mu) / np.sqrt(np.average((x - mu) ** 2, axis=0, weights=w))
    from tools.analyst.predictor import openmp_controller

    with openmp_controller().limit(limits=1, user_api="openmp"):
        model = KMeans(n_clusters=k, n_init=25, random_state=seed).fit(z, sample_weight=w)
    return module.canonical_labels(model.labels_, z, w)


def test_bad_breakdown_files_name_the_problem(tmp_path):
    missing = tmp_path / "missing.csv"
    missing.write_text("age,gender,Clicks\n18-24,M,3\n")
    with pytest.raises(InputError, match="impressions") as err:
        load_breakdown_file(missing)
    assert err.value.column == "impressions"
    bad = tmp_path / "bad.csv"
    bad.write_text("age,Impressions,Clicks,Spent\n18-24,100,3,1.0\n25-34,lots,2,1.0\n")
    with pytest.raises(InputError, match="row 3") as err:
        load_breakdown_file(bad)
    assert err.value.column == "impressions"
    with pytest.raises(InputError, match="does not exist"):
        load_breakdown_file(tmp_path / "nope.csv")
