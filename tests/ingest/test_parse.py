"""Parsing without a database: alias maps, encodings, dates, numbers, validation messages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

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
from tools.core.errors import InputError
from tools.ingest.platforms.detect import detect_source
from tools.ingest.platforms.headers import is_derived, normalize_header, split_currency
from tools.ingest.platforms.mapping import ColumnMapping, load_mapping
from tools.ingest.platforms.parse import day_to_date, parse_export


def _totals(parsed) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return {name: round(float(values.sum()), 2) for name, values in parsed.measures.items()}


def _ads_by_name(parsed):  # type: ignore[no-untyped-def]
    return {ad.name: ad for ad in parsed.ads}


# --- headers and detection ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("header", "normalized", "currency"), [
    ("Amount spent (EUR)", "amount spent", "EUR"),
    ("Montant dépensé (EUR)", "montant depense", "EUR"),
    ("Amount spent (€)", "amount spent", "EUR"),
    ("Clicks (all)", "clicks (all)", None),
    ("Video plays at 25 %", "video plays at 25%", None),
    ("Nom de l’ensemble de publicités", "nom de l'ensemble de publicites", None),
    ("xyz_campaign_id", "xyz campaign id", None),
])
def test_header_normalisation_and_currency_suffix(header: str, normalized: str, currency: str | None) -> None:
    base, code = split_currency(header)
    assert normalize_header(base) == normalized
    assert code == currency


def test_derived_columns_are_recognised_in_several_languages() -> None:
    for header in ("CTR (link click-through rate)", "Cost per result", "Frequency", "CPM (cost per 1,000 impressions)",
                   "Purchase ROAS (return on ad spend)", "Coût par résultat", "Kosten pro Ergebnis", "Frequenz"):
        assert is_derived(normalize_header(header)), header
    for header in ("Impressions", "Hook type", "Link clicks", "Purchases"):
        assert not is_derived(normalize_header(header)), header


def test_source_detection() -> None:
    assert detect_source(META_HEADERS) == "meta"
    assert detect_source(TIKTOK_HEADERS) == "tiktok"
    kaggle = "Date,ad_id,xyz_campaign_id,fb_campaign_id,age,gender,interest,Impressions,Clicks,Spent,Total_Conversion"
    assert detect_source(kaggle.split(",")) == "generic"
    assert detect_source(["Tag", "Anzeigenname", "Ausgegebener Betrag (EUR)", "Impressionen"]) == "meta"


# --- Meta -----------------------------------------------------------------------------------------------------------

def test_meta_csv_maps_every_column(tmp_path: Path) -> None:
    rows = meta_rows()
    parsed = parse_export(write_csv(tmp_path / "meta.csv", META_HEADERS, rows))
    assert parsed.source == "meta"
    assert parsed.rows == 12 and len(parsed.ads) == 3
    assert parsed.currency == "USD"
    totals = _totals(parsed)
    expected = expected_totals(rows)
    for name in ("impressions", "spend", "link_clicks", "video_plays_3s", "purchases", "purchase_value"):
        assert totals[name] == pytest.approx(expected[name]), name
    assert day_to_date(parsed.day.min()) == date(2024, 3, 4) and day_to_date(parsed.day.max()) == date(2024, 3, 7)
    ads = _ads_by_name(parsed)
    video, static = ads["UGC testimonial v1"], ads["Static offer"]
    assert video.kind == "video" and static.kind == "image"
    assert video.key == ADS[0]["id"] and video.adset_key == "120200000000000010"
    assert video.campaign_name == "Spring sale" and static.adset_name == "Retargeting"
    assert video.body == "Our customers say it best.\nTry it for 30 nights."  # newline inside a quoted cell
    assert video.cta == "SHOP_NOW" and static.headline == "20% off this week"
    assert video.attributes == {"Hook type": "testimonial", "Format": "video"}
    # Results (the objective's count) became conversions; derived ratios and 95% plays were not read
    assert "conversions" in parsed.measures
    assert not any("Frequency" in w or "95" in w for w in parsed.warnings)


def test_meta_blank_cells_are_zero_but_absent_columns_stay_absent(tmp_path: Path) -> None:
    headers = [h for h in META_HEADERS if h not in ("Reach", "Purchases conversion value")]
    parsed = parse_export(write_csv(tmp_path / "meta.csv", headers, meta_rows()))
    assert "reach" not in parsed.measures and "purchase_value" not in parsed.measures
    static = np.array([ad.name == "Static offer" for ad in parsed.ads])[parsed.ad_index]
    assert (parsed.measures["video_plays_3s"][static] == 0).all()  # blank cells of an existing column


def test_meta_static_export_without_video_columns(tmp_path: Path) -> None:
    headers = [h for h in META_HEADERS if "video" not in h.lower() and h != "ThruPlays"]
    parsed = parse_export(write_csv(tmp_path / "static.csv", headers, meta_rows()))
    assert {ad.kind for ad in parsed.ads} == {"unknown"}
    assert not any(m.startswith("video") or m == "thruplays" for m in parsed.measures)


def test_meta_daily_from_reporting_window_and_refusal_of_non_daily(tmp_path: Path) -> None:
    headers = [h for h in META_HEADERS if h != "Day"]
    rows = meta_rows()
    parsed = parse_export(write_csv(tmp_path / "window.csv", headers, rows))
    assert parsed.rows == 12
    rows[5]["Reporting ends"] = "2024-03-31"
    with pytest.raises(InputError) as error:
        parse_export(write_csv(tmp_path / "monthly.csv", headers, rows))
    message = str(error.value)
    assert "not a daily export" in message and "row 7" in message
    assert "Breakdown → By time → Day" in message


def test_meta_bom_semicolon_decimal_comma_and_german_headers(tmp_path: Path) -> None:
    german = {
        "Reporting starts": "Berichtsbeginn", "Reporting ends": "Berichtsende", "Campaign name": "Kampagnenname",
        "Campaign ID": "Kampagnen-ID", "Ad set name": "Name der Anzeigengruppe", "Ad set ID": "Anzeigengruppen-ID",
        "Ad name": "Anzeigenname", "Ad ID": "Anzeigen-ID", "Day": "Tag",
        "Amount spent (USD)": "Ausgegebener Betrag (EUR)", "Impressions": "Impressionen", "Reach": "Reichweite",
        "Link clicks": "Link-Klicks", "Clicks (all)": "Klicks (alle)",
        "3-second video plays": "3-Sekunden-Videowiedergaben", "Purchases": "Käufe",
        "Purchases conversion value": "Conversion-Wert für Käufe", "Headline": "Überschrift",
    }
    rows = meta_rows()
    for row in rows:
        row["Amount spent (USD)"] = row["Amount spent (USD)"].replace(".", ",")
        row["Impressions"] = f"{row['Impressions']:,}".replace(",", ".")  # 1.000 = one thousand
    path = write_csv(tmp_path / "de.csv", META_HEADERS, rows, delimiter=";", encoding="utf-8-sig", rename=german)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    parsed = parse_export(path)
    assert parsed.source == "meta" and parsed.currency == "EUR"
    expected = expected_totals(meta_rows())
    totals = _totals(parsed)
    assert totals["impressions"] == expected["impressions"]
    assert totals["spend"] == pytest.approx(expected["spend"])
    assert totals["video_plays_3s"] == expected["video_plays_3s"]
    assert _ads_by_name(parsed)["Static offer"].headline == "20% off this week"


@pytest.mark.parametrize("language", ["fr", "es", "pt", "it"])
def test_meta_romance_language_headers(tmp_path: Path, language: str) -> None:
    names = {
        "fr": ["Jour", "Nom de la publicité", "Identifiant de la publicité", "Montant dépensé (EUR)", "Impressions",
               "Couverture", "Clics sur un lien", "Lectures de vidéo de 3 secondes", "Achats"],
        "es": ["Día", "Nombre del anuncio", "Identificador del anuncio", "Importe gastado (EUR)", "Impresiones",
               "Alcance", "Clics en el enlace", "Reproducciones de video de 3 segundos", "Compras"],
        "pt": ["Dia", "Nome do anúncio", "Identificação do anúncio", "Valor usado (BRL)", "Impressões", "Alcance",
               "Cliques no link", "Reproduções de vídeo de 3 segundos", "Compras"],
        "it": ["Giorno", "Nome dell'inserzione", "Identificativo dell'inserzione", "Importo speso (EUR)",
               "Impression", "Copertura", "Clic sul link", "Riproduzioni del video di 3 secondi", "Acquisti"],
    }[language]
    english = ["Day", "Ad name", "Ad ID", "Amount spent (USD)", "Impressions", "Reach", "Link clicks",
               "3-second video plays", "Purchases"]
    path = write_csv(tmp_path / f"{language}.csv", english, meta_rows(), rename=dict(zip(english, names, strict=True)))
    parsed = parse_export(path)
    assert parsed.source == "meta"
    assert set(parsed.measures) == {"spend", "impressions", "reach", "link_clicks", "video_plays_3s", "purchases"}
    assert _totals(parsed)["impressions"] == expected_totals(meta_rows())["impressions"]
    assert parsed.currency == ("BRL" if language == "pt" else "EUR")


def test_utf16_tab_separated_unicode_text_export(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "unicode.txt", META_HEADERS, meta_rows(), delimiter="\t", encoding="utf-16")
    parsed = parse_export(path)
    assert parsed.rows == 12 and parsed.source == "meta"
    assert _totals(parsed)["impressions"] == expected_totals(meta_rows())["impressions"]


def test_windows_1252_file_is_read_with_a_warning(tmp_path: Path) -> None:
    rows = [r | {"Ad name": "Crème brûlée"} if r["Ad ID"] == ADS[0]["id"] else r for r in meta_rows()]
    parsed = parse_export(write_csv(tmp_path / "latin.csv", META_HEADERS, rows, encoding="cp1252"))
    assert "Crème brûlée" in {ad.name for ad in parsed.ads}
    assert any("Windows-1252" in w for w in parsed.warnings)


def test_meta_xlsx_with_typed_cells(tmp_path: Path) -> None:
    rows = meta_rows()
    parsed = parse_export(write_xlsx(tmp_path / "meta.xlsx", META_HEADERS, rows))
    assert parsed.source == "meta" and parsed.rows == 12 and parsed.currency == "USD"
    totals, expected = _totals(parsed), expected_totals(rows)
    assert totals["impressions"] == expected["impressions"]
    assert totals["spend"] == pytest.approx(expected["spend"])
    assert {ad.key for ad in parsed.ads} == {ad["id"] for ad in ADS}
    assert _ads_by_name(parsed)["Static offer"].kind == "image"


def test_totals_row_is_skipped_with_a_warning(tmp_path: Path) -> None:
    rows = meta_rows()
    total = {h: "" for h in META_HEADERS} | {"Reporting starts": "2024-03-04", "Reporting ends": "2024-03-07",
                                             "Impressions": 999999, "Amount spent (USD)": "9999"}
    parsed = parse_export(write_csv(tmp_path / "totals.csv", META_HEADERS, [*rows, total]))
    assert parsed.rows == 12
    assert any("totals row" in w and "row 14" in w for w in parsed.warnings)


# --- validation messages --------------------------------------------------------------------------------------------

def test_missing_impressions_lists_columns_and_accepted_names(tmp_path: Path) -> None:
    headers = [h for h in META_HEADERS if h != "Impressions"]
    with pytest.raises(InputError) as error:
        parse_export(write_csv(tmp_path / "noimp.csv", headers, meta_rows()))
    message = str(error.value)
    assert "noimp.csv" in message and "no impressions column" in message
    assert "'Amount spent (USD)'" in message  # the columns found
    assert "'Impressionen'" in message and "'Impresiones'" in message  # the aliases accepted
    assert error.value.column == "impressions"


def test_non_numeric_spend_names_row_and_column(tmp_path: Path) -> None:
    rows = meta_rows()
    rows[-1]["Amount spent (USD)"] = "twelve"  # the last row: validation covers the whole file
    with pytest.raises(InputError) as error:
        parse_export(write_csv(tmp_path / "bad.csv", META_HEADERS, rows))
    assert error.value.row == 13 and error.value.column == "Amount spent (USD)"
    assert "'twelve' is not a number" in str(error.value) and "bad.csv, row 13" in str(error.value)


def test_negative_counts_are_refused(tmp_path: Path) -> None:
    rows = meta_rows()
    rows[2]["Impressions"] = -5
    with pytest.raises(InputError, match=r"row 4, column 'Impressions'"):
        parse_export(write_csv(tmp_path / "neg.csv", META_HEADERS, rows))


def test_bad_date_names_row_and_value(tmp_path: Path) -> None:
    rows = meta_rows()
    rows[3]["Day"] = "someday"
    with pytest.raises(InputError) as error:
        parse_export(write_csv(tmp_path / "date.csv", META_HEADERS, rows))
    assert error.value.row == 5 and "'someday' is not a date" in str(error.value)


def test_duplicate_ad_day_rows_are_refused(tmp_path: Path) -> None:
    rows = meta_rows()
    rows.append(dict(rows[1]))
    with pytest.raises(InputError, match=r"rows 3 and 14 both hold ad '120210000000000001' on 2024-03-05"):
        parse_export(write_csv(tmp_path / "dup.csv", META_HEADERS, rows))


def test_audience_breakdown_rows_are_summed_per_ad_and_day(tmp_path: Path) -> None:
    rows = []
    for row in meta_rows():
        for age, share in (("18-24", 0.25), ("25-34", 0.75)):
            rows.append(row | {"Age": age, "Impressions": int(row["Impressions"] * share)})
    parsed = parse_export(write_csv(tmp_path / "ages.csv", [*META_HEADERS, "Age"], rows))
    assert parsed.rows == 12
    assert _totals(parsed)["impressions"] == sum(r["Impressions"] for r in rows)
    assert any("broken down by age" in w and "kept as breakdown rows" in w for w in parsed.warnings)
    assert all("Age" not in ad.attributes for ad in parsed.ads)
    # the cells are kept apart from the totals (performance_breakdowns), one row per ad, day and age
    assert parsed.breakdown is not None and parsed.breakdown.dimensions == ("age",)
    assert len(parsed.breakdown) == len(rows)
    assert parsed.breakdown.measures["impressions"].sum() == _totals(parsed)["impressions"]


def test_rows_with_nothing_delivered_are_not_stored(tmp_path: Path) -> None:
    rows = meta_rows()
    zero = {h: "" for h in META_HEADERS} | {k: rows[0][k] for k in ("Ad name", "Ad ID", "Campaign name",
                                                                   "Campaign ID", "Ad set name", "Ad set ID")}
    zero |= {"Day": "2024-03-10", "Reporting starts": "2024-03-10", "Reporting ends": "2024-03-10",
             "Impressions": 0, "Amount spent (USD)": "0"}
    parsed = parse_export(write_csv(tmp_path / "zero.csv", META_HEADERS, [*rows, zero]))
    assert parsed.rows == 12 and len(parsed.skipped_day) == 1
    assert day_to_date(parsed.skipped_day[0]) == date(2024, 3, 10)
    assert any("nothing delivered" in w for w in parsed.warnings)


# --- TikTok ---------------------------------------------------------------------------------------------------------

def test_tiktok_export_maps_two_and_six_second_views(tmp_path: Path) -> None:
    rows = tiktok_rows()
    parsed = parse_export(write_csv(tmp_path / "tiktok.csv", TIKTOK_HEADERS, rows))
    assert parsed.source == "tiktok" and parsed.currency == "EUR"
    totals = _totals(parsed)
    assert totals["video_plays_3s"] == sum(r["2-second video views"] for r in rows)
    assert totals["thruplays"] == sum(r["6-second video views"] for r in rows)
    assert totals["link_clicks"] == sum(r["Clicks (destination)"] for r in rows)
    assert totals["clicks_all"] == sum(r["Clicks (all)"] for r in rows)
    assert totals["purchases"] == sum(r["Complete payment"] for r in rows)
    assert totals["purchase_value"] == pytest.approx(sum(float(r["Total complete payment value"]) for r in rows))
    assert totals["conversions"] == sum(r["Conversions"] for r in rows)
    assert {ad.kind for ad in parsed.ads} == {"video"}
    ad = parsed.ads[0]
    assert ad.adset_name == "Broad 18-34" and ad.body == "POV: you found the one #fyp" and ad.cta == "Shop now"


def test_tiktok_plain_clicks_column_means_link_clicks(tmp_path: Path) -> None:
    headers = [h if h != "Clicks (destination)" else "Clicks" for h in TIKTOK_HEADERS if h != "Clicks (all)"]
    rows = [r | {"Clicks": r["Clicks (destination)"]} for r in tiktok_rows()]
    parsed = parse_export(write_csv(tmp_path / "tt.csv", headers, rows), source="tiktok")
    assert "clicks_all" not in parsed.measures
    assert _totals(parsed)["link_clicks"] == sum(r["Clicks"] for r in rows)


# --- generic --------------------------------------------------------------------------------------------------------

def test_kaggle_file_through_the_generic_map(kaggle_csv: Path) -> None:
    parsed = parse_export(kaggle_csv)
    assert parsed.source == "generic" and parsed.rows == 1143 and len(parsed.ads) == 1143
    totals = _totals(parsed)
    assert totals == {"impressions": 213_434_828, "link_clicks": 38_165, "spend": 58_705.23,
                      "conversions": 3_264, "purchases": 1_079}
    ad = next(a for a in parsed.ads if a.key == "708746")
    assert ad.campaign_key == "916" and ad.adset_key == "103916"
    assert ad.attributes == {"age": "30-34", "gender": "M", "interest": "15"} == ad.audience
    assert day_to_date(parsed.day.min()) == date(2023, 8, 1) and day_to_date(parsed.day.max()) == date(2023, 8, 31)


GENERIC_HEADERS = ["date", "ad name", "impressions", "clicks", "cost", "conversions", "revenue", "Hook type",
                   "Background", "Notes score"]


def _generic_rows(dates: list[str]) -> list[dict]:
    return [{"date": d, "ad name": f"ad {i % 2}", "impressions": 100 + i, "clicks": 3, "cost": "1.50",
             "conversions": 1, "revenue": "9.99", "Hook type": "question" if i % 2 else "stat",
             "Background": "studio", "Notes score": 7} for i, d in enumerate(dates)]


def test_generic_keeps_text_columns_as_attributes_and_reports_unknown_numbers(tmp_path: Path) -> None:
    parsed = parse_export(write_csv(tmp_path / "g.csv", GENERIC_HEADERS, _generic_rows(["2024-01-01", "2024-01-02"])))
    assert parsed.source == "generic"
    ads = _ads_by_name(parsed)
    assert ads["ad 1"].attributes == {"Hook type": "question", "Background": "studio"}
    assert ads["ad 0"].key == "name:ad 0"
    assert any("'Notes score'" in w for w in parsed.warnings)
    assert any("no ad ID column" in w for w in parsed.warnings)
    assert set(parsed.measures) == {"impressions", "link_clicks", "spend", "conversions", "purchase_value"}


def test_day_first_and_month_first_dates_are_detected(tmp_path: Path) -> None:
    day_first = parse_export(write_csv(tmp_path / "dmy.csv", GENERIC_HEADERS,
                                       _generic_rows(["05/01/2024", "31/01/2024"])))
    assert [day_to_date(d) for d in sorted(set(day_first.day.tolist()))] == [date(2024, 1, 5), date(2024, 1, 31)]
    month_first = parse_export(write_csv(tmp_path / "mdy.csv", GENERIC_HEADERS,
                                         _generic_rows(["01/05/2024", "01/31/2024"])))
    assert [day_to_date(d) for d in sorted(set(month_first.day.tolist()))] == [date(2024, 1, 5), date(2024, 1, 31)]


def test_ambiguous_dates_are_refused_with_a_mapping_hint(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "amb.csv", GENERIC_HEADERS, _generic_rows(["01/02/2024", "02/03/2024"]))
    with pytest.raises(InputError) as error:
        parse_export(path)
    assert "day-first or month-first" in str(error.value) and "--mapping" in str(error.value)
    parsed = parse_export(path, mapping=ColumnMapping(date_format="%d/%m/%Y"))
    assert sorted(day_to_date(d) for d in parsed.day.tolist()) == [date(2024, 2, 1), date(2024, 3, 2)]


def test_mapping_file_overrides_and_validates(tmp_path: Path) -> None:
    rows = [{"When": "2024-01-01", "Creative code": "C-1", "Views": 100, "Money": "2.5", "Orders": 1, "Channel": "x"}]
    path = write_csv(tmp_path / "custom.csv", list(rows[0]), rows)
    with pytest.raises(InputError, match="no date column"):
        parse_export(path)
    mapping_file = tmp_path / "map.yml"
    mapping_file.write_text(
        "columns:\n  day: When\n  ad_id: Creative code\n  impressions: Views\n  spend: Money\n  purchases: Orders\n"
        "currency: eur\naudience: [Channel]\n", encoding="utf-8")
    parsed = parse_export(path, mapping=load_mapping(mapping_file))
    assert parsed.currency == "EUR" and parsed.ads[0].key == "C-1" and parsed.ads[0].audience == {"Channel": "x"}
    assert _totals(parsed) == {"impressions": 100, "spend": 2.5, "purchases": 1}
    bad = tmp_path / "bad.yml"
    bad.write_text("columns:\n  impresions: Views\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"unknown field.*impresions.*valid fields"):
        load_mapping(bad)
    missing = tmp_path / "missing.yml"
    missing.write_text("columns:\n  impressions: Vues\n", encoding="utf-8")
    with pytest.raises(InputError, match="'Vues', which is not in the file"):
        parse_export(path, mapping=load_mapping(missing))


def test_unreadable_inputs_are_input_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        parse_export(empty)
    header_only = tmp_path / "header.csv"
    header_only.write_text("Day,Ad name,Impressions,Amount spent (USD)\n", encoding="utf-8")
    with pytest.raises(InputError, match="no data rows"):
        parse_export(header_only)
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("Day,Ad name,Impressions,Amount spent (USD)\n2024-01-01,a,1,2,3\n", encoding="utf-8")
    with pytest.raises(InputError, match="as many cells as the header"):
        parse_export(ragged)
    with pytest.raises(InputError, match="not found"):
        parse_export(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="unknown source"):
        parse_export(header_only, source="google")


def test_tiktok_total_row_without_date_is_skipped(tmp_path: Path) -> None:
    rows = tiktok_rows()
    total = {h: "" for h in TIKTOK_HEADERS} | {"Ad name": "Total of 6 results", "Cost": "999", "Impressions": 99999}
    parsed = parse_export(write_csv(tmp_path / "tt_total.csv", TIKTOK_HEADERS, [*rows, total]))
    assert parsed.rows == 6 and len(parsed.ads) == 2
    assert any("totals row" in w and "row 8" in w for w in parsed.warnings)
    middle = [*rows[:3], total, *rows[3:]]
    with pytest.raises(InputError, match=r"row 5, column 'By Day': the date is empty"):
        parse_export(write_csv(tmp_path / "tt_middle.csv", TIKTOK_HEADERS, middle))


def test_placeholders_count_as_blank_in_numbers_but_stay_text_in_attributes(tmp_path: Path) -> None:
    rows = tiktok_rows()
    rows[0]["Reach"] = "-"
    rows[1]["Complete payment"] = "N/A"
    parsed = parse_export(write_csv(tmp_path / "tt.csv", [*TIKTOK_HEADERS, "Offer"],
                                    [r | {"Offer": "None"} for r in rows]))
    totals = _totals(parsed)
    assert totals["reach"] == sum(r["Reach"] for r in rows[1:])
    assert totals["purchases"] == sum(r["Complete payment"] for r in rows if r["Complete payment"] != "N/A")
    assert {ad.attributes.get("Offer") for ad in parsed.ads} == {"None"}
