"""ingest_files against a real database (SQLite, and Postgres under `services`): totals, upserts, atomicity."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from tests.ingest.exports import (
    ADS,
    META_HEADERS,
    TIKTOK_HEADERS,
    expected_totals,
    meta_rows,
    tiktok_rows,
    write_csv,
    write_xlsx,
)
from tools.core.db.models import Ad, AdAccount, AdSet, Campaign, Creative, ImportBatch, PerformanceDaily
from tools.core.errors import InputError
from tools.ingest import facts
from tools.ingest.api import ingest_files

EUR_SPEND = "Amount spent (EUR)"
TABLES = (AdAccount, Campaign, AdSet, Creative, Ad, ImportBatch, PerformanceDaily)


def snapshot(runtime) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Row counts of every import table plus the sums of the facts: equal snapshots mean nothing changed."""
    with runtime.session() as s:
        counts = {m.__tablename__: s.scalar(select(func.count()).select_from(m)) for m in TABLES}
        sums = s.execute(select(func.sum(PerformanceDaily.impressions), func.sum(PerformanceDaily.spend))).one()
    return {**counts, "sums": tuple(sums)}


def totals(runtime) -> dict[str, float]:  # type: ignore[no-untyped-def]
    p = PerformanceDaily
    with runtime.session() as s:
        row = s.execute(select(
            func.count(), func.sum(p.impressions), func.sum(p.spend), func.sum(p.link_clicks),
            func.sum(p.video_plays_3s), func.sum(p.purchases), func.sum(p.purchase_value), func.sum(p.conversions),
            func.sum(p.reach),
        )).one()
    keys = ("rows", "impressions", "spend", "link_clicks", "video_plays_3s", "purchases", "purchase_value",
            "conversions", "reach")
    return {k: (None if v is None else round(float(v), 2)) for k, v in zip(keys, row, strict=True)}


def test_kaggle_export_totals(runtime, kaggle_csv: Path) -> None:  # type: ignore[no-untyped-def]
    result = ingest_files(runtime, [kaggle_csv])
    assert (result.source, result.rows, result.ads) == ("generic", 1143, 1143)
    assert (result.date_start, result.date_end) == (date(2023, 8, 1), date(2023, 8, 31))
    got = totals(runtime)
    assert got["rows"] == 1143 and got["impressions"] == 213_434_828 and got["link_clicks"] == 38_165
    assert got["spend"] == 58_705.23 and got["conversions"] == 3_264 and got["purchases"] == 1_079
    assert got["reach"] is None and got["video_plays_3s"] is None  # absent in the export → NULL, not 0
    with runtime.session() as s:
        assert s.scalar(select(func.count()).select_from(Campaign)) == 3
        assert s.scalar(select(func.count()).select_from(AdSet)) == 691
        ad = s.scalar(select(Ad).where(Ad.external_id == "708746"))
        ad_set = s.get(AdSet, ad.ad_set_id)
        assert ad_set.external_id == "103916" and ad_set.audience == {"age": "30-34", "gender": "M", "interest": "15"}
        assert s.get(Campaign, ad.campaign_id).external_id == "916"
        assert ad.creative.attributes == {"age": "30-34", "gender": "M", "interest": "15"}
        assert ad.creative.kind == "unknown"
        first = s.scalar(select(PerformanceDaily).where(PerformanceDaily.ad_id == ad.id))
        assert first.day == date(2023, 8, 31) and (first.impressions, first.link_clicks) == (7350, 1)
        assert first.spend == pytest.approx(1.429999948) and (first.conversions, first.purchases) == (2, 1)
        assert s.execute(select(func.min(PerformanceDaily.day), func.max(PerformanceDaily.day))).one() == (
            date(2023, 8, 1), date(2023, 8, 31))
    assert any("no currency" in w for w in result.warnings)


def test_meta_import_builds_the_account_tree_and_creatives(runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = meta_rows()
    result = ingest_files(runtime, [write_csv(tmp_path / "meta.csv", META_HEADERS, rows)])
    assert (result.source, result.rows, result.ads, result.currency) == ("meta", 12, 3, "USD")
    assert (result.inserted, result.updated, result.new_ads) == (12, 0, 3)
    expected = expected_totals(rows)
    got = totals(runtime)
    for name in ("impressions", "spend", "link_clicks", "video_plays_3s", "purchases", "purchase_value"):
        assert got[name] == pytest.approx(expected[name]), name
    with runtime.session() as s:
        account = s.scalar(select(AdAccount))
        assert (account.platform, account.currency) == ("meta", "USD")
        creatives = {c.name: c for c in s.scalars(select(Creative))}
        assert creatives["UGC testimonial v1"].kind == "video" and creatives["Static offer"].kind == "image"
        assert creatives["Static offer"].attributes == {"Hook type": "offer", "Format": "static"}
        assert creatives["Problem-solution v2"].headline == "Tired of tossing?"
        assert creatives["UGC testimonial v1"].cta == "SHOP_NOW"
        static = s.scalar(select(Ad).where(Ad.external_id == ADS[2]["id"]))
        day = s.scalar(select(PerformanceDaily).where(PerformanceDaily.ad_id == static.id).limit(1))
        assert day.video_plays_3s == 0 and day.currency == "USD"  # blank cells of a present column are 0
        batch = s.get(ImportBatch, result.batch_id)
        assert batch.rows == 12 and batch.currency == "USD" and batch.files[0]["source"] == "meta"


def test_reimport_never_double_counts_and_updates_changed_numbers(runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "meta.csv", META_HEADERS, meta_rows())
    ingest_files(runtime, [path])
    first = totals(runtime)
    again = ingest_files(runtime, [path])
    assert (again.inserted, again.updated, again.new_ads) == (0, 12, 0)
    assert totals(runtime) == first
    changed = meta_rows(scale=2.0)
    result = ingest_files(runtime, [write_csv(tmp_path / "meta2.csv", META_HEADERS, changed)])
    assert result.updated == 12
    got = totals(runtime)
    assert got["rows"] == 12 and got["impressions"] == expected_totals(changed)["impressions"]
    with runtime.session() as s:
        assert s.scalar(select(func.count()).select_from(Ad)) == 3
        assert s.scalar(select(func.count()).select_from(Creative)) == 3


def test_reimport_without_a_column_keeps_the_stored_measure(runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ingest_files(runtime, [write_csv(tmp_path / "full.csv", META_HEADERS, meta_rows())])
    reach = totals(runtime)["reach"]
    assert reach and reach > 0
    slim = [h for h in META_HEADERS if h != "Reach"]
    ingest_files(runtime, [write_csv(tmp_path / "slim.csv", slim, meta_rows(scale=2.0))])
    got = totals(runtime)
    assert got["reach"] == reach  # an absent column does not erase data
    assert got["impressions"] == expected_totals(meta_rows(scale=2.0))["impressions"]


def test_later_file_in_one_command_wins_and_zero_rows_clear(runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = write_csv(tmp_path / "a.csv", META_HEADERS, meta_rows())
    second_rows = meta_rows(scale=3.0)
    result = ingest_files(runtime, [first, write_csv(tmp_path / "b.csv", META_HEADERS, second_rows)])
    assert result.rows == 12 and result.inserted == 12
    assert totals(runtime)["impressions"] == expected_totals(second_rows)["impressions"]
    nothing = [dict(r) for r in second_rows[:1]]
    for key in META_HEADERS[9:]:
        if key not in ("Headline", "Body", "Call to action type", "Hook type", "Format", "Result indicator"):
            nothing[0][key] = 0 if key != "Amount spent (USD)" else "0.00"
    cleared = ingest_files(runtime, [write_csv(tmp_path / "c.csv", META_HEADERS, nothing)])
    assert (cleared.rows, cleared.cleared) == (0, 1)
    assert totals(runtime)["rows"] == 11


def test_tiktok_and_xlsx_imports(runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = tiktok_rows()
    result = ingest_files(runtime, [write_csv(tmp_path / "tt.csv", TIKTOK_HEADERS, rows),
                                    write_xlsx(tmp_path / "meta.xlsx", META_HEADERS, meta_rows())])
    assert result.source == "tiktok+meta" and result.rows == 6 + 12
    assert result.currency == "EUR,USD"
    with runtime.session() as s:
        platforms = {a.platform: a.currency for a in s.scalars(select(AdAccount))}
        assert platforms == {"tiktok": "EUR", "meta": "USD"}
        tiktok_plays = s.scalar(select(func.sum(PerformanceDaily.video_plays_3s)).join(Ad).join(AdAccount)
                                .where(AdAccount.platform == "tiktok"))
        assert tiktok_plays == sum(r["2-second video views"] for r in rows)


def test_refused_file_changes_nothing(runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ingest_files(runtime, [write_csv(tmp_path / "good.csv", META_HEADERS, meta_rows())])
    before = snapshot(runtime)
    rows = meta_rows(scale=2.0)
    rows[-1]["Impressions"] = "lots"  # fails on the very last row
    with pytest.raises(InputError, match="row 13, column 'Impressions'"):
        ingest_files(runtime, [write_csv(tmp_path / "bad.csv", META_HEADERS, rows)])
    assert snapshot(runtime) == before
    # a good first file followed by a failing second one: neither lands
    new_ads = write_csv(tmp_path / "new.csv", META_HEADERS, [r | {"Ad ID": r["Ad ID"] + "9"} for r in meta_rows()])
    bad_second = [h for h in META_HEADERS if h != "Impressions"]
    with pytest.raises(InputError, match=r"broken\.csv: no impressions column"):
        ingest_files(runtime, [new_ads, write_csv(tmp_path / "broken.csv", bad_second, meta_rows())])
    assert snapshot(runtime) == before
    # ... also when the second file is refused by the database step, after the first file's rows were written
    eur = write_csv(tmp_path / "eur.csv", META_HEADERS, meta_rows(), rename={"Amount spent (USD)": EUR_SPEND})
    with pytest.raises(InputError, match=r"eur\.csv: account 'default' was imported in USD before"):
        ingest_files(runtime, [new_ads, eur])
    assert snapshot(runtime) == before


def test_database_error_mid_write_rolls_everything_back(runtime, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ingest_files(runtime, [write_csv(tmp_path / "good.csv", META_HEADERS, meta_rows())])
    before = snapshot(runtime)

    def explode(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(facts, "_matrix", explode)
    monkeypatch.setattr(facts, "_postgres_upsert", explode)
    monkeypatch.setattr(facts, "_BULK_MIN_ROWS", 1)  # take the bulk path that drops and rebuilds indexes
    with pytest.raises(RuntimeError, match="disk full"):
        ingest_files(runtime, [write_csv(tmp_path / "more.csv", META_HEADERS,
                                         [r | {"Ad ID": r["Ad ID"] + "7"} for r in meta_rows(days=30)])])
    assert snapshot(runtime) == before
    assert _index_names(runtime) >= {"ix_performance_daily_day", "ix_performance_daily_workspace_id"}


def test_currency_conflict_with_an_earlier_import_is_refused(runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ingest_files(runtime, [write_csv(tmp_path / "usd.csv", META_HEADERS, meta_rows())])
    before = snapshot(runtime)
    eur = write_csv(tmp_path / "eur.csv", META_HEADERS, meta_rows(), rename={"Amount spent (USD)": EUR_SPEND})
    with pytest.raises(InputError, match="imported in USD before"):
        ingest_files(runtime, [eur])
    assert snapshot(runtime) == before
    slim = [h for h in META_HEADERS if h != "Amount spent (USD)"] + ["Amount spent"]
    rows = [r | {"Amount spent": r["Amount spent (USD)"]} for r in meta_rows()]
    result = ingest_files(runtime, [write_csv(tmp_path / "plain.csv", slim, rows)])
    assert result.currency == "USD" and any("imported in before" in w for w in result.warnings)


def test_bulk_path_keeps_indexes_and_upserts(runtime, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(facts, "_BULK_MIN_ROWS", 1)
    path = write_csv(tmp_path / "meta.csv", META_HEADERS, meta_rows(days=20))
    ingest_files(runtime, [path])
    result = ingest_files(runtime, [path])
    assert (result.inserted, result.updated) == (0, 60)
    assert totals(runtime)["rows"] == 60
    assert _index_names(runtime) >= {"ix_performance_daily_day", "ix_performance_daily_workspace_id"}


def _index_names(runtime) -> set[str]:  # type: ignore[no-untyped-def]
    from sqlalchemy import inspect

    with runtime.database.engine.connect() as conn:
        return {ix["name"] for ix in inspect(conn).get_indexes("performance_daily")}


def test_workspaces_do_not_share_ads(runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tools.core.runtime import build_runtime

    path = write_csv(tmp_path / "meta.csv", META_HEADERS, meta_rows())
    ingest_files(runtime, [path])
    other = build_runtime(runtime.settings, "other")
    result = ingest_files(other, [path])
    assert (result.inserted, result.new_ads) == (12, 3)
    with runtime.session() as s:
        per_workspace = s.execute(text(
            "SELECT workspace_id, COUNT(*) FROM performance_daily GROUP BY workspace_id ORDER BY workspace_id"
        )).all()
    assert [n for _, n in per_workspace] == [12, 12]


def test_ads_sharing_a_creative_id_share_one_creative(runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    headers = ["Date", "Ad ID", "Ad name", "Creative ID", "Impressions", "Spend", "3-second video plays", "Hook type"]
    rows = [
        {"Date": "2024-05-01", "Ad ID": "a1", "Ad name": "Hook A / broad", "Creative ID": "cr-1", "Impressions": 100,
         "Spend": "1.00", "3-second video plays": 0, "Hook type": "question"},
        {"Date": "2024-05-01", "Ad ID": "a2", "Ad name": "Hook A / lookalike", "Creative ID": "cr-1",
         "Impressions": 200, "Spend": "2.00", "3-second video plays": 40, "Hook type": "question"},
        {"Date": "2024-05-01", "Ad ID": "a3", "Ad name": "Hook B", "Creative ID": "cr-2", "Impressions": 300,
         "Spend": "3.00", "3-second video plays": 0, "Hook type": "statistic"},
    ]
    result = ingest_files(runtime, [write_csv(tmp_path / "shared.csv", headers, rows)], mapping={"currency": "GBP"})
    assert result.currency == "GBP" and result.ads == 3
    with runtime.session() as s:
        ads = {a.external_id: a for a in s.scalars(select(Ad))}
        assert ads["a1"].creative_id == ads["a2"].creative_id != ads["a3"].creative_id
        shared = s.get(Creative, ads["a1"].creative_id)
        assert shared.kind == "video"  # one of its ads played
        assert s.get(Creative, ads["a3"].creative_id).kind == "image"
        assert shared.attributes == {"Hook type": "question"}
