"""`hookline query` and `hookline explain` as a user runs them (CLI.md's contract), the agent's wrappers over the
same API, and the human output that keeps rows apart."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.performance.factories import PerformanceFactory


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """Two weeks of three ads; CTRs of the two images differ only in the third significant digit."""
    from tools.core.runtime import build_runtime, forget_databases
    from tools.core.settings import Settings

    home = tmp_path / "home"
    f = PerformanceFactory(build_runtime(Settings(home=home, _env_file=None), "default"))
    f.ad("V1", kind="video", name="UGC video ad")
    f.ad("I1", kind="image", name="Image one")
    f.ad("I2", kind="image", name="Image two")
    for offset in range(14):
        day = date(2024, 9, 30 + offset) if offset < 1 else date(2024, 10, offset)
        late = offset >= 7
        f.day("V1", day, spend=100 * (3 if late else 1), impressions=10000, link_clicks=150, purchases=5,
              purchase_value=400)
        f.day("I1", day, spend=50, impressions=100000, link_clicks=17, purchases=1, purchase_value=60)
        f.day("I2", day, spend=50, impressions=100000, link_clicks=18, purchases=1, purchase_value=60)
    f.commit()
    forget_databases()
    return home


def run_json(args: list[str], home: Path) -> dict:  # type: ignore[type-arg]
    result = run_cli(args, home=home)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_query_json_contract(home: Path) -> None:
    doc = run_json(["query", "--metric", "roas,ctr_link", "--by", "kind", "--compare", "previous", "--granularity",
                    "week", "--period", "last-7-days", "--json"], home)
    assert set(doc) >= {"period", "compare", "filters", "by", "understood", "rows", "series"}
    assert doc["by"] == "kind" and doc["compare"]["end"] == "2024-10-06"
    row = doc["rows"][0]
    assert set(row) >= {"group", "metrics", "previous", "change", "n_ads", "enough_evidence"}
    assert set(row["metrics"]) == {"roas", "ctr_link"} and row["group"] in ("video", "image")
    assert doc["series"] and set(doc["series"][0]) >= {"start", "end", "metrics"}
    plain = run_json(["--json", "query", "--where", "kind=image", "--period", "last-7-days"], home)
    assert plain["rows"][0]["group"] is None and plain["series"] is None
    assert plain["filters"] == [{"field": "kind", "kind": "kind", "negate": False, "values": ["image"]}]


def test_explain_json_contract_and_contributions(home: Path) -> None:
    doc = run_json(["explain", "--metric", "roas", "--period", "last-7-days", "--json"], home)
    assert set(doc) >= {"metric", "period", "compare", "value", "previous", "change", "contributors"}
    assert doc["contributors"][0]["key"] == "V1"  # its spend tripled at the same revenue
    assert set(doc["contributors"][0]) >= {"kind", "key", "label", "contribution", "share", "why"}
    assert sum(c["contribution"] for c in doc["contributors"]) == pytest.approx(doc["change"])


def test_unknown_names_exit_2_listing_the_closest(home: Path) -> None:
    result = run_cli(["query", "--by", "kinds", "--where", "kind=vidoe", "--json"], home=home)
    assert result.returncode == 2
    error = json.loads(result.stdout)["error"]
    assert error["field"] == "where" and "closest: video" in error["message"]
    result = run_cli(["explain", "--metric", "roass"], home=home)
    assert result.returncode == 2 and "closest: roas" in result.stderr


def test_human_output_tells_close_ratios_apart(home: Path) -> None:
    result = run_cli(["query", "--metric", "ctr_link,spend", "--by", "ad", "--period", "last-7-days"], home=home)
    assert result.returncode == 0, result.stderr
    assert "0.0170 %" in result.stdout and "0.0180 %" in result.stdout  # not "0.02 %" twice
    assert result.stdout.splitlines()[0].startswith("CTR (link) and Spend of all ads")
    explained = run_cli(["explain", "--metric", "spend", "--period", "last-7-days"], home=home)
    assert explained.returncode == 0 and "UGC video ad" in explained.stdout


def test_agent_tools_wrap_the_same_api(home: Path) -> None:
    from tools.catalog.registry import get_spec
    from tools.core.runtime import build_runtime, forget_databases
    from tools.core.settings import Settings

    runtime = build_runtime(Settings(home=home, _env_file=None), "default")
    try:
        spec = get_spec("performance_query")
        args = spec.args.model_validate({"metrics": ["spend"], "by": "kind", "period": "last-7-days",
                                         "compare": "previous"})
        out = spec.run(runtime, args, lambda *a: None)
        assert out.data["by"] == "kind" and out.summary.startswith("Spend of all ads")
        explain = get_spec("explain_change")
        out = explain.run(runtime, explain.args.model_validate({"metric": "roas", "period": "last-7-days"}),
                             lambda *a: None)
        assert out.data["contributors"][0]["key"] == "V1" and "UGC video ad" in out.summary
        fatigue = get_spec("creative_fatigue")
        out = fatigue.run(runtime, fatigue.args.model_validate({"period": "last-7-days"}), lambda *a: None)
        assert out.data["checked"] == 3 and "fatigued" in out.summary.lower()
        with pytest.raises(ValueError, match="FIELD=VALUE"):
            spec.args.model_validate({"where": ["format"]})
        with pytest.raises(ValueError):
            spec.args.model_validate({"metrics": ["likes"]})
    finally:
        forget_databases()
