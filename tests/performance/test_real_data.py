"""The real Kaggle export through the importer and the report: totals must match the data set's published sums.

Needs the ingest area (`tools.ingest.api`); the performance area's own tests insert rows directly (factories.py).
"""

from __future__ import annotations

import pytest

from tests.conftest import KAGGLE_CSV
from tools.performance.api import find_winners, performance_report


def test_kaggle_export_report_matches_published_totals(runtime) -> None:  # type: ignore[no-untyped-def]
    ingest = pytest.importorskip("tools.ingest.api", reason="needs the ingest area (tools.ingest.api)")
    ingest.ingest_files(runtime, [KAGGLE_CSV])
    report = performance_report(runtime, "2023-08-01..2023-08-31")
    k = report.kpis
    # data/README.md: 213,434,828 impressions, 38,165 clicks, 58,705.23 spent, 1,079 approved conversions
    assert k.impressions == 213_434_828
    assert k.spend == pytest.approx(58_705.23, abs=0.05)
    assert (k.link_clicks or k.clicks_all) == 38_165
    assert k.purchases == pytest.approx(1_079)
    assert k.cpa == pytest.approx(58_705.23 / 1_079, rel=1e-6)
    assert k.cpm == pytest.approx(58_705.23 / 213_434_828 * 1000, rel=1e-6)
    assert k.hook_rate is None and k.roas is None and k.frequency is None  # the export has no such measures
    assert report.rank_metric == "cpa" and report.ads_delivered == 1143
    winners = find_winners(runtime, "2023-08-01..2023-08-31", "cpa", top=3)
    assert len(winners.winners) == 3
    assert all(w.spend >= 50 and w.impressions >= 1000 for w in winners.winners)
    values = [w.value for w in winners.winners]
    assert values == sorted(values)  # lower CPA is better
    assert winners.insufficient_total > 0
