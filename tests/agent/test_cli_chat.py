"""`hookline chat` as a user runs it: separate processes, JSON contract, exit codes, approvals across processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT, run_cli
from tools.core.limits import MAX_VARIANTS


def run_with_standins(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOOKLINE_") or k.startswith("HOOKLINE_TEST")}
    env.update({"HOOKLINE_HOME": str(home), "PYTHONPATH": str(REPO_ROOT)})
    return subprocess.run([sys.executable, "-m", "tests.agent.cli_with_standins", *args], capture_output=True,
                          text=True, env=env, cwd=str(REPO_ROOT), timeout=300)


def test_plan_json_contract(home: Path) -> None:
    result = run_cli(["chat", "make 20 variants of last week's winner", "--plan", "--json"], home=home)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"reply", "tool_calls", "attachments", "pending_approval"} <= set(data)
    assert data["tool_calls"] == [
        {"name": "find_winners", "args": {"period": "last-week", "metric": "roas", "top": 1}},
        {"name": "generate_variants", "args": {"source": "winner", "n": 20, "formats": ["1x1", "4x5", "9x16"],
                                               "video": False}},
    ]
    assert data["attachments"] == [] and data["pending_approval"] is None
    assert data["data"]["needs_approval"] == ["20 variants is more than 10"]
    assert data["thread_id"].startswith("cli-")
    assert not (home / "hookline.db").exists()  # planning never opened the database


def test_plan_path_loads_no_heavy_library(home: Path) -> None:
    code = (
        "import sys\nfrom integrations.cli.app import main\n"
        "try:\n    main(['chat', 'how did we do in October?', '--plan', '--json'])\nexcept SystemExit:\n    pass\n"
        "heavy = ['langgraph.graph', 'langchain', 'torch', 'sentence_transformers', 'chromadb', 'sqlalchemy']\n"
        "print(json.dumps([m for m in heavy if m in sys.modules]), file=sys.stderr)\n"
    )
    env = {**os.environ, "HOOKLINE_HOME": str(home), "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run([sys.executable, "-c", "import json\n" + code], capture_output=True, text=True, env=env,
                            cwd=str(REPO_ROOT), timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["tool_calls"][0]["args"]["period"] == "october"
    assert json.loads(result.stderr.strip().splitlines()[-1]) == []


def test_approval_pauses_in_one_process_and_resumes_in_another(home: Path) -> None:
    first = run_with_standins(["chat", "make 20 variants of ad 4242", "--thread", "t-cli", "--json"], home)
    assert first.returncode == 0, first.stderr
    paused = json.loads(first.stdout)
    assert paused["pending_approval"]["summary"].startswith("Generate 20 variants of ad:4242")
    assert paused["attachments"] == []
    second = run_with_standins(["chat", "--thread", "t-cli", "--approve", "--count", "12", "--json"], home)
    assert second.returncode == 0, second.stderr
    done = json.loads(second.stdout)
    assert done["pending_approval"] is None
    assert "Generated 12 variants" in done["reply"]
    assert [c["name"] for c in done["tool_calls"]] == ["generate_variants"]
    assert done["tool_calls"][0]["args"]["n"] == 12
    assert all(Path(p).is_file() for p in done["attachments"]) and len(done["attachments"]) == 2
    again = run_with_standins(["chat", "--thread", "t-cli", "--approve", "--json"], home)
    assert again.returncode == 2
    assert "nothing waiting for approval" in again.stderr
    follow = run_with_standins(["chat", "now 3 more in french", "--thread", "t-cli", "--plan", "--json"], home)
    assert json.loads(follow.stdout)["tool_calls"][0]["args"] == {
        "source": "ad:4242", "n": 3, "formats": ["1x1", "4x5", "9x16"], "video": False, "language": "fr"}


def test_reject_from_the_cli(home: Path) -> None:
    run_with_standins(["chat", "every Monday at 9 post the weekly report to #growth", "--thread", "s1", "--json"],
                      home)
    result = run_with_standins(["chat", "--thread", "s1", "--reject", "--json"], home)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["reply"].startswith("Cancelled, nothing was run")


def test_bad_input_exit_codes(home: Path, tmp_path: Path) -> None:
    missing = run_cli(["chat", "break this down", "--file", str(tmp_path / "nope.mp4"), "--json"], home=home)
    assert missing.returncode == 2 and "nope.mp4" in missing.stderr
    assert json.loads(missing.stdout)["error"]["field"] == "--file"
    no_thread = run_cli(["chat", "--approve"], home=home)
    assert no_thread.returncode == 2 and "--thread" in no_thread.stderr
    empty = run_cli(["chat", "  "], home=home)
    assert empty.returncode == 2
    bad_count = run_cli(["chat", "--thread", "x", "--approve", "--count", "999"], home=home)
    assert bad_count.returncode == 2 and f"1 to {MAX_VARIANTS}" in bad_count.stderr


def test_human_output_shows_the_approval_commands(home: Path) -> None:
    result = run_with_standins(["chat", "make 15 variants of ad 7", "--thread", "h1"], home)
    assert result.returncode == 0, result.stderr
    assert "Approval needed: Generate 15 variants of ad:7" in result.stdout
    assert "hookline chat --thread h1 --approve" in result.stdout
