"""The simulator's Meta exports (what the demo imports) land with exact totals, kinds and attributes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from tools.core.db.models import Ad, Creative, PerformanceDaily
from tools.ingest.api import ingest_files
from tools.simulator import simulate_account


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_simulated_meta_export_imports_exactly(sqlite_settings, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    from tools.core.runtime import build_runtime, forget_databases

    account = simulate_account(seed=11, n_creatives=16, weeks=3)
    path = account.write(tmp_path / f"export.{suffix}")
    runtime = build_runtime(sqlite_settings, "sim")
    try:
        result = ingest_files(runtime, [path])
        daily = account.daily
        delivered = daily[(daily["impressions"] > 0) | (daily["spend"] > 0)]
        assert result.source == "meta" and result.currency == account.currency
        assert result.rows == len(delivered) and result.ads == delivered["ad_id"].nunique()
        assert not [w for w in result.warnings if "not stored" in w and "number column" in w]
        with runtime.session() as s:
            p = PerformanceDaily
            got = s.execute(select(func.sum(p.impressions), func.sum(p.spend), func.sum(p.link_clicks),
                                   func.sum(p.purchases), func.sum(p.video_plays_3s))).one()
            assert got[0] == int(daily["impressions"].round().sum())
            assert got[1] == pytest.approx(daily["spend"].round(2).sum(), rel=1e-9)
            assert got[2] == int(daily["link_clicks"].round().sum())
            assert got[3] == pytest.approx(daily["purchases"].round().sum())
            assert got[4] == int(daily["video_plays_3s"].round().sum())
            kinds = {a.external_id: a.creative.kind for a in s.scalars(select(Ad))}
            truth = account.ads.set_index("ad_id")["kind"]
            assert all(kinds[str(ad_id)] == truth[ad_id] for ad_id in delivered["ad_id"].unique())
            creative = s.scalars(select(Creative)).first()
            assert set(creative.attributes) == {"Hook type", "Format", "Background", "Offer", "Colour"}
            assert creative.headline and creative.body and creative.cta
    finally:
        forget_databases()
