"""`hookline demo` ends with the workspace it used and next commands that run exactly as printed."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from integrations.cli.commands.demo import DEFAULT_HOME, next_steps
from tests.conftest import REPO_ROOT


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOOKLINE_", "SLACK_"))}
    env["PYTHONPATH"] = str(REPO_ROOT)
    return env


def hookline(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A printed `hookline ...` line run through the same entry point, in a fresh process, as a user would."""
    words = shlex.split(command)
    assert words[0] == "hookline", command
    return subprocess.run([sys.executable, "-m", "integrations.cli", *words[1:]], capture_output=True, text=True,
                          env=_env(), cwd=str(cwd), timeout=600)


def test_printed_next_commands_run_green_from_anywhere(tmp_path: Path) -> None:
    home = tmp_path / "install" / "home"
    demo = hookline(shlex.join(["hookline", "--home", str(home), "demo", "--out", str(tmp_path / "out"), "-n", "3"]),
                    cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    printed = demo.stdout
    assert "The demo data is in workspace demo" in printed
    commands = [line.strip() for line in printed.splitlines() if line.startswith("  hookline ")]
    assert len(commands) == 3
    slack_commands = re.findall(r"`(hookline [^`]+)`", printed)
    assert any(c.endswith(" doctor") for c in slack_commands)

    elsewhere = tmp_path / "another-folder"  # a new shell somewhere else: no env, another working directory
    elsewhere.mkdir()
    for command in commands:
        assert f"--home {home}" in command and "--workspace demo" in command
        result = hookline(command, cwd=elsewhere)
        assert result.returncode == 0, f"{command}\n{result.stderr}"
        assert result.stdout.strip()
    for command in slack_commands:
        if " slack --socket" in command:
            continue  # the bot itself: runs until stopped (and needs Slack tokens)
        result = hookline(command, cwd=elsewhere)
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    assert not (elsewhere / ".hookline").exists()  # nothing ran against an empty default home


def test_next_steps_name_the_home_only_when_it_is_not_the_default(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    plain = next_steps(DEFAULT_HOME, "demo", argv0="")
    assert plain["commands"][0] == "hookline --workspace demo report --period last-week"
    assert plain["path_note"] is None
    moved = next_steps(tmp_path / "x y", "brand-a", argv0="")
    assert moved["commands"][2] == f"hookline --home '{tmp_path / 'x y'}' --workspace brand-a chat " \
                                   "'how did we do last week?'"


def test_a_hookline_outside_path_gets_a_note(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    venv_bin = tmp_path / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    program = venv_bin / "hookline"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    note = next_steps(DEFAULT_HOME, "demo", argv0=str(program))["path_note"]
    assert note is not None and f"source {venv_bin}/activate" in note and str(program) in note
    monkeypatch.setenv("PATH", f"{venv_bin}:/usr/bin:/bin")
    assert next_steps(DEFAULT_HOME, "demo", argv0=str(program))["path_note"] is None


def test_the_json_summary_carries_the_next_steps(tmp_path: Path) -> None:
    steps = next_steps(tmp_path, "demo", argv0="")
    assert json.loads(json.dumps(steps))["workspace"] == "demo"
    assert len(steps["commands"]) == 3 and len(steps["slack"]) == 4
