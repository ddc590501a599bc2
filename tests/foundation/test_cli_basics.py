"""The CLI contract's common rules: global options, one JSON document, exit codes, fast start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT, run_cli


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


HEAVY = ("torch", "diffusers", "sentence_transformers", "transformers", "chromadb", "sklearn", "langgraph",
         "langchain", "slack_bolt", "cv2", "pandas", "matplotlib")


def test_help_starts_fast(tmp_path: Path) -> None:
    """Fast start is a property of what gets imported, not of a stopwatch on a busy CI machine (bench/ times it)."""
    probe = (
        "import sys\n"
        "from integrations.cli.app import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO_ROOT,
                            env={**os.environ, "HOOKLINE_HOME": str(tmp_path)}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout
    loaded = result.stdout.rsplit("HEAVY=", 1)[1].strip()
    assert loaded == "", f"`hookline --help` imported heavy libraries: {loaded}; import them inside command bodies"
