"""Clumsy inputs get clear exit-2 messages: XLSX formulas keep their saved values (a formula without one names its
sheet, cell and column), a PNG named .csv, repeated column names, and amounts shown as numbers."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from tests.conftest import run_cli
from tools.core.db.models import PerformanceDaily
from tools.core.errors import InputError
from tools.ingest.api import ingest_files

HEADERS = ["Date", "Ad ID", "Ad name", "Amount spent (USD)", "Impressions", "Link clicks"]


def _formula_workbook(path: Path, *, cached: dict[str, str] | None = None) -> Path:
    """A workbook written by openpyxl (which never calculates): spend in D3 and the ad name in C3 are formulas.
    `cached` stores values for formula cells in the XML, as Excel or LibreOffice do when they save."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "November"
    sheet.append(HEADERS)
    sheet.append(["2026-11-01", "A1", "Spring hook", 10.0, 1000, 12])
    sheet.append(["2026-11-02", "A1", '=C2', "=D2*2.5", 1200, 14])
    workbook.save(path)
    if cached:
        with zipfile.ZipFile(path) as source:
            parts = {name: source.read(name) for name in source.namelist()}
        xml = parts["xl/worksheets/sheet1.xml"].decode()
        for cell, value in cached.items():
            kind = ' t="str"' if not re.fullmatch(r"[\d.]+", value) else ""
            xml, n = re.subn(rf'<c r="{cell}"([^>]*)><f>([^<]*)</f><v\s*/?>(?:</v>)?',
                             rf'<c r="{cell}"\1{kind}><f>\2</f><v>{value}</v>', xml)
            assert n == 1, xml
        parts["xl/worksheets/sheet1.xml"] = xml.encode()
        with zipfile.ZipFile(path, "w") as target:
            for name, data in parts.items():
                target.writestr(name, data)
    return path


def test_formula_cells_import_their_saved_values(runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _formula_workbook(tmp_path / "calculated.xlsx", cached={"C3": "Spring hook", "D3": "25"})
    result = ingest_files(runtime, [path])
    assert result.rows == 2 and result.ads == 1
    with runtime.session() as session:
        spend = session.scalar(select(func.sum(PerformanceDaily.spend)))
    assert spend == pytest.approx(35.0)


def test_a_formula_without_a_saved_value_names_sheet_cell_and_column(runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _formula_workbook(tmp_path / "raw.xlsx")
    with pytest.raises(InputError) as refused:
        ingest_files(runtime, [path])
    message = str(refused.value)
    assert "sheet 'November', cell C3 (column 'Ad name')" in message and "=C2" in message
    with runtime.session() as session:
        assert session.scalar(select(func.count()).select_from(PerformanceDaily)) == 0
    only_spend = _formula_workbook(tmp_path / "spend.xlsx", cached={"C3": "Spring hook"})
    with pytest.raises(InputError, match=r"cell D3 \(column 'Amount spent \(USD\)'\) holds the formula =D2\*2\.5"):
        ingest_files(runtime, [only_spend])


def test_cli_formula_png_duplicates_and_negative_amounts(home: Path, tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (8, 8), "red").save(tmp_path / "chart.png")
    (tmp_path / "chart.png").rename(tmp_path / "export.csv")
    (tmp_path / "dup.csv").write_text("Date,Ad ID,Ad name,Amount spent (USD),Impressions,impressions\n"
                                      "2026-11-01,1,Ad one,25,1000,900\n")
    (tmp_path / "neg.csv").write_text(",".join(HEADERS) + "\n2026-11-01,1,Ad one,-25,1000,10\n")
    raw = _formula_workbook(tmp_path / "raw.xlsx")
    expected = {
        "export.csv": "export.csv: this is a PNG image, not a CSV or XLSX export",
        "dup.csv": "columns 5 and 6 are all named 'Impressions'",
        "neg.csv": "column 'Amount spent (USD)': -25 is not a valid amount",
        raw.name: "sheet 'November', cell C3",
    }
    for name, text in expected.items():
        result = run_cli(["ingest", str(tmp_path / name)], home=home, timeout=120)
        assert result.returncode == 2, (name, result.stderr)
        assert text in " ".join(result.stderr.split()), (name, result.stderr)
        assert "np.float64" not in result.stderr and "Traceback" not in result.stderr
