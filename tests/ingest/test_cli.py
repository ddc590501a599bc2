"""`hookline ingest` as a user runs it: one JSON document on stdout, exit 2 with a clear message on bad input."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.conftest import run_cli
from tests.ingest.exports import META_HEADERS, meta_rows, write_csv


def test_ingest_json_contract_and_reimport(home: Path, tmp_path: Path, kaggle_csv: Path) -> None:
    meta = write_csv(tmp_path / "meta.csv", META_HEADERS, meta_rows())
    done = run_cli(["ingest", str(meta), str(kaggle_csv), "--json"], home=home)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert {"batch_id", "source", "rows", "ads", "date_start", "date_end", "currency", "warnings"} <= set(data)
    assert (data["source"], data["rows"], data["ads"]) == ("meta+generic", 12 + 1143, 3 + 1143)
    assert (data["date_start"], data["date_end"]) == ("2023-08-01", "2024-03-07")
    assert data["currency"] == "USD" and isinstance(data["warnings"], list)
    again = run_cli(["--json", "ingest", str(meta), "--source", "meta"], home=home)
    assert again.returncode == 0, again.stderr
    assert (json.loads(again.stdout)["inserted"], json.loads(again.stdout)["updated"]) == (0, 12)


def test_ingest_bad_input_exits_2_and_names_the_problem(home: Path, tmp_path: Path) -> None:
    rows = meta_rows()
    rows[4]["Amount spent (USD)"] = "12,34,5"
    bad = write_csv(tmp_path / "bad.csv", META_HEADERS, rows)
    done = run_cli(["ingest", str(bad), "--json"], home=home)
    assert done.returncode == 2
    error = json.loads(done.stdout)["error"]
    assert error["row"] == 6 and error["column"] == "Amount spent (USD)"
    assert "bad.csv, row 6, column 'Amount spent (USD)'" in done.stderr
    unknown = run_cli(["ingest", str(bad), "--source", "google"], home=home)
    assert unknown.returncode == 2 and "unknown source 'google'" in unknown.stderr
    database = home / "hookline.db"  # nothing was written by the refused imports
    if database.exists():
        with sqlite3.connect(database) as conn:
            assert conn.execute("SELECT COUNT(*) FROM performance_daily").fetchone() == (0,)
            assert conn.execute("SELECT COUNT(*) FROM import_batches").fetchone() == (0,)


def test_ingest_human_output(home: Path, tmp_path: Path) -> None:
    meta = write_csv(tmp_path / "meta.csv", META_HEADERS, meta_rows())
    done = run_cli(["ingest", str(meta)], home=home)
    assert done.returncode == 0, done.stderr
    assert "12 (12 new, 0 updated)" in done.stdout and "USD" in done.stdout
