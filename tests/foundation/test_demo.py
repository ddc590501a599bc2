"""`hookline demo` on a fresh home: the bundled data through the importer, a report with charts, and the flagship
request planned by the agent, paused for approval (more than 10 variants), approved, rendered."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli


def test_demo_runs_the_flagship_request(tmp_path: Path) -> None:
    out = tmp_path / "demo-out"
    result = run_cli(["--json", "demo", "--out", str(out), "-n", "12"], home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["workspace"] == "demo"
    assert doc["data"]["ads"] >= 150 and doc["data"]["rows"] > 1000
    assert doc["report"]["kpis"]["spend"] > 0 and doc["report"]["kpis"]["roas"] is not None
    assert [Path(p).suffix for p in doc["report"]["charts"]] == [".png"] * len(doc["report"]["charts"])
    assert doc["winners"] and doc["request"] == "make 12 variants of last week's winner"
    assert [c["name"] for c in doc["plan"]][-1] == "generate_variants"
    assert doc["approval"] is not None  # 12 > 10 variants: the agent asked first
    assert len(doc["variants"]) == 12
    assert all(Path(p).is_file() for v in doc["variants"] for p in v["assets"])
    assert Path(doc["contact_sheet"]).is_file() and (out / "summary.json").is_file()

    again = run_cli(["--json", "demo", "--out", str(out), "-n", "12"], home=tmp_path / "home")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["report"]["kpis"] == doc["report"]["kpis"]  # re-import never double-counts
