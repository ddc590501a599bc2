"""An empty workspace says which workspaces do have data, and the command it suggests runs as printed."""

from __future__ import annotations

import json
import re
import shlex
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.performance.factories import PerformanceFactory
from tools.core.errors import NoPerformanceDataError


def _fill(settings, workspace: str, ads: int = 2) -> None:  # type: ignore[no-untyped-def]
    from tools.core.runtime import build_runtime

    factory = PerformanceFactory(build_runtime(settings, workspace))
    for i in range(ads):
        factory.ad(f"A{i}", name=f"ad {i}")
        factory.series(f"A{i}", date(2024, 10, 1), [dict(spend=60.0, impressions=2000, link_clicks=20)] * 13)
    factory.commit()


def as_argv(command: str) -> list[str]:
    """A printed `hookline ...` line as the argv `run_cli` passes to the same entry point."""
    words = shlex.split(command)
    assert words[0] == "hookline", command
    return words[1:]


def test_the_cli_names_the_workspaces_with_data_and_its_suggestion_runs(tmp_path: Path) -> None:
    from tools.core.runtime import forget_databases
    from tools.core.settings import Settings

    home = tmp_path / "home"
    settings = Settings(home=home, _env_file=None)
    _fill(settings, "brand-a", ads=3)
    _fill(settings, "brand-b", ads=1)
    forget_databases()

    empty = run_cli(["report", "--period", "last-7-days"], home=home)
    assert empty.returncode == 2
    message = empty.stderr
    assert "Workspace 'default' has no ad performance data yet" in message
    assert "'brand-a' (39 daily rows, 3 ads, 2024-10-01 – 2024-10-13)" in message
    assert "'brand-b' (13 daily rows, 1 ad, 2024-10-01 – 2024-10-13)" in message
    suggested = re.findall(r"`([^`]+)`", message)
    assert suggested[0] == "hookline --workspace brand-a report --period last-7-days"
    rerun = run_cli(as_argv(suggested[0]), home=home)
    assert rerun.returncode == 0, rerun.stderr
    assert "2024-10-07 – 2024-10-13" in rerun.stdout

    as_json = run_cli(["--json", "--workspace", "nothing-here", "winners"], home=home)
    assert as_json.returncode == 2
    error = json.loads(as_json.stdout)["error"]
    assert [w["name"] for w in error["workspaces_with_data"]] == ["brand-a", "brand-b"]
    assert "`hookline --workspace brand-a --json winners`" in error["message"]
    assert "`hookline --workspace nothing-here ingest FILE`" in error["message"]


def test_chat_in_an_empty_workspace_says_where_the_data_is(tmp_path: Path) -> None:
    from tools.core.runtime import forget_databases
    from tools.core.settings import Settings

    home = tmp_path / "home"
    _fill(Settings(home=home, _env_file=None), "brand-a")
    forget_databases()
    result = run_cli(["chat", "how did we do last week?"], home=home)
    assert result.returncode == 0, result.stderr
    assert "import an ad export" in result.stdout and "longer period" not in result.stdout
    [suggested] = [c for c in re.findall(r"`([^`]+)`", result.stdout) if "brand-a" in c]
    assert suggested == "hookline --workspace brand-a chat 'how did we do last week?'"
    rerun = run_cli(as_argv(suggested), home=home)
    assert rerun.returncode == 0 and "Couldn't" not in rerun.stdout, rerun.stdout


def test_a_fresh_install_says_how_to_get_data(tmp_path: Path) -> None:
    result = run_cli(["winners"], home=tmp_path / "home")
    assert result.returncode == 2
    assert "no other workspace of this installation has any" in result.stderr
    assert "`hookline ingest FILE`" in result.stderr and "`hookline demo`" in result.stderr


def test_analyst_answers_on_an_empty_workspace_carry_the_same_list(sqlite_settings) -> None:  # type: ignore[no-untyped-def]
    from tools.analyst.api import creative_insights, kill_scale_decisions, score_creatives
    from tools.core.runtime import build_runtime, forget_databases
    from tools.performance.api import find_winners

    _fill(sqlite_settings, "acme")
    empty = build_runtime(sqlite_settings, "empty")
    try:
        for call in (lambda: kill_scale_decisions(empty), lambda: score_creatives(empty, all=True),
                     lambda: creative_insights(empty, bootstrap=10), lambda: find_winners(empty)):
            with pytest.raises(NoPerformanceDataError) as caught:
                call()
            assert caught.value.workspace == "empty"
            assert [w["name"] for w in caught.value.elsewhere] == ["acme"]
            assert "acme" not in str(caught.value)  # the message itself never names another workspace
    finally:
        forget_databases()
