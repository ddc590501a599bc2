"""The CLI contract's common rules: global options, one JSON document, exit codes, fast start."""

from __future__ import annotations

import json
import time
from pathlib import Path

from tests.conftest import run_cli


def test_workspace_json_document_and_global_options(tmp_path: Path) -> None:
    home = tmp_path / "h"
    result = run_cli(["--workspace", "brand-a", "workspace", "--json"], home=home)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["workspace"] == "brand-a"
    assert Path(doc["home"]) == home.resolve()
    assert (home / "hookline.db").exists()

    again = run_cli(["--json", "--workspace", "brand-a", "workspace"], home=home)
    assert json.loads(again.stdout)["workspace_id"] == doc["workspace_id"]


def test_bad_option_is_exit_2_with_message(tmp_path: Path) -> None:
    result = run_cli(["workspace", "--no-such-flag", "--json"], home=tmp_path)
    assert result.returncode == 2
    assert "--no-such-flag" in result.stderr
    assert json.loads(result.stdout)["error"]["code"] == 2


def test_bad_workspace_name_is_exit_2_and_creates_nothing(tmp_path: Path) -> None:
    home = tmp_path / "h"
    result = run_cli(["--workspace", "no spaces!", "workspace"], home=home)
    assert result.returncode == 2
    assert "Workspace name" in result.stderr
    assert not (home / "hookline.db").exists()


def test_help_starts_fast(tmp_path: Path) -> None:
    started = time.perf_counter()
    result = run_cli(["--help"], home=tmp_path)
    elapsed = time.perf_counter() - started
    assert result.returncode == 0
    assert elapsed < 1.5, f"`hookline --help` took {elapsed:.2f}s; heavy imports must be lazy"
