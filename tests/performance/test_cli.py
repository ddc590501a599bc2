"""`hookline report` and `hookline winners` as a user runs them: one JSON document, exit codes, human tables."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.performance.conftest import build_sample
from tests.performance.factories import PerformanceFactory


@pytest.fixture
def cli_home(tmp_path: Path) -> Path:
    """A home whose default workspace holds the sample data (see tests/performance/conftest.py)."""
    from tools.core.runtime import build_runtime, forget_databases
    from tools.core.settings import Settings

    home = tmp_path / "home"
    build_sample(build_runtime(Settings(home=home, _env_file=None), "default"))
    forget_databases()
    return home


def run_json(args: list[str], home: Path) -> dict:  # type: ignore[type-arg]
    result = run_cli(args, home=home)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # exactly one JSON document


def test_report_json(cli_home: Path) -> None:
    doc = run_json(["report", "--today", "2024-10-13", "--json"], cli_home)
    assert doc["period"] == {"start": "2024-10-07", "end": "2024-10-13", "label": "last-week"}
    assert doc["currency"] == "EUR"
    k = doc["kpis"]
    assert k["spend"] == pytest.approx(250) and k["impressions"] == 25000
    assert k["ctr_link"] == pytest.approx(0.01)  # a fraction, not 1.0 (%)
    assert k["cpa"] == pytest.approx(230 / 7) and k["roas"] == pytest.approx(500 / 230)
    assert k["hook_rate"] == pytest.approx(4000 / 15000) and k["freshness_rate"] == pytest.approx(0.4)
    assert doc["previous"]["kpis"]["spend"] == pytest.approx(100) and doc["change"]["spend"] == pytest.approx(1.5)
    assert [t["ad_id"] for t in doc["top"]] == ["V1"] and [b["ad_id"] for b in doc["bottom"]] == ["I1"]
    assert {"ad_id", "ad_name", "spend", "impressions", "metric", "value"} <= set(doc["top"][0])
    assert doc["fatigued"] == [] and doc["charts"] == []


def test_report_global_json_flag_period_and_charts(cli_home: Path, tmp_path: Path) -> None:
    charts = tmp_path / "charts"
    doc = run_json(["--json", "report", "--period", "2024-10-01..2024-10-09", "--charts", str(charts)], cli_home)
    assert doc["period"]["start"] == "2024-10-01" and doc["kpis"]["spend"] == pytest.approx(350)
    assert len(doc["charts"]) == 3 and all(Path(p).is_file() for p in doc["charts"])


def test_winners_json(cli_home: Path) -> None:
    doc = run_json(["winners", "--today", "2024-10-13", "--metric", "cpa", "--top", "1", "--json"], cli_home)
    assert [(w["ad_id"], w["metric"]) for w in doc["winners"]] == [("V1", "cpa")]
    assert doc["winners"][0]["value"] == pytest.approx(30.0)
    assert set(doc["winners"][0]) >= {"ad_id", "ad_name", "metric", "value", "spend", "impressions"}
    assert [i["ad_id"] for i in doc["insufficient_data"]] == []  # I2 reports no purchases: CPA does not apply
    doc = run_json(["winners", "--today", "2024-10-13", "--metric", "ctr_link", "--json"], cli_home)
    assert [w["ad_id"] for w in doc["winners"]] == ["V1", "I1"]
    assert [(i["ad_id"], i["missing"]) for i in doc["insufficient_data"]] == [("I2", {"spend": 30.0})]


def test_human_output_is_tables_with_currency(cli_home: Path) -> None:
    result = run_cli(["report", "--today", "2024-10-13"], home=cli_home)
    assert result.returncode == 0, result.stderr
    assert "€250.00" in result.stdout and "CTR (link)" in result.stdout and "1.00 %" in result.stdout
    assert "+150.0 %" in result.stdout
    winners = run_cli(["winners", "--today", "2024-10-13"], home=cli_home)
    assert winners.returncode == 0 and "2.67×" in winners.stdout


@pytest.mark.parametrize(("args", "field"), [
    (["report", "--period", "last-fortnight"], "period"),
    (["report", "--today", "13/10/2024"], "today"),
    (["winners", "--metric", "likes"], "metric"),
])
def test_bad_input_is_exit_2_with_a_clear_message(cli_home: Path, args: list[str], field: str) -> None:
    result = run_cli([*args, "--json"], home=cli_home)
    assert result.returncode == 2
    assert json.loads(result.stdout)["error"]["field"] == field
    assert result.stderr.startswith("Error: ") and field.split("_")[0] in result.stderr


@pytest.mark.parametrize("period", ["", "../../etc"])
def test_empty_or_junk_period_is_exit_2_listing_the_forms(cli_home: Path, period: str) -> None:
    result = run_cli(["report", "--period", period, "--json"], home=cli_home)
    assert result.returncode == 2
    assert json.loads(result.stdout)["error"]["field"] == "period"
    assert "Accepted forms: last-week" in result.stderr and "YYYY-MM-DD..YYYY-MM-DD" in result.stderr


def test_all_spans_the_data_from_its_first_day(cli_home: Path) -> None:
    doc = run_json(["report", "--period", "all", "--json"], cli_home)
    assert doc["period"] == {"start": "2024-09-29", "end": "2024-10-09", "label": "all"}


def test_mixed_currencies_exit_2_until_one_is_chosen(tmp_path: Path) -> None:
    from tools.core.runtime import build_runtime, forget_databases
    from tools.core.settings import Settings

    home = tmp_path / "home"
    f = PerformanceFactory(build_runtime(Settings(home=home, _env_file=None), "default"))
    f.ad("E", account="eu", currency="EUR")
    f.ad("U", account="us", currency="USD")
    f.day("E", date(2024, 5, 6), spend=10, impressions=100)
    f.day("U", date(2024, 5, 6), spend=20, impressions=100)
    f.commit()
    forget_databases()
    refused = run_cli(["report", "--period", "last-7-days"], home=home)
    assert refused.returncode == 2 and "--currency" in refused.stderr and "EUR, USD" in refused.stderr
    doc = run_json(["report", "--period", "last-7-days", "--currency", "USD", "--json"], home)
    assert doc["currency"] == "USD" and doc["kpis"]["spend"] == pytest.approx(20)


def test_empty_workspace_says_what_to_do(tmp_path: Path) -> None:
    result = run_cli(["report", "--json"], home=tmp_path / "empty")
    assert result.returncode == 2  # nothing to report yet: a clear message, nothing changed (not an internal error)
    assert "hookline ingest" in result.stderr
