"""Nothing silently changed: out-of-range counts are asked about with the one limit, bad periods and a file as
--home are exit 2 with what is accepted (real CLI processes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tools.core.limits import MAX_VARIANTS


@pytest.mark.parametrize("count", ["100000", "-5", "0", str(MAX_VARIANTS + 1)])
def test_out_of_range_counts_get_the_limit_and_a_question(home: Path, count: str) -> None:
    result = run_cli(["--json", "chat", "--plan", f"make {count} variants of last week's winner"], home=home,
                     timeout=120)
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert reply["tool_calls"] == []
    assert f"between 1 and {MAX_VARIANTS}" in reply["reply"] and reply["reply"].rstrip().endswith("?")
    if count != "0":
        assert f"You asked for {count} variants" in reply["reply"]


def test_an_in_range_count_is_planned_as_written(home: Path) -> None:
    result = run_cli(["--json", "chat", "--plan", "make 37 variants of last week's winner"], home=home, timeout=120)
    calls = json.loads(result.stdout)["tool_calls"]
    assert [c["args"].get("n") for c in calls if c["name"] == "generate_variants"] == [37]


@pytest.mark.parametrize("command", ["report", "winners", "decide", "query"])
@pytest.mark.parametrize("period", ["", "../../etc", "last-weak"])
def test_bad_periods_are_exit_2_with_the_accepted_forms(home: Path, command: str, period: str) -> None:
    result = run_cli([command, "--period", period], home=home, timeout=120)
    assert result.returncode == 2, result.stderr
    text = " ".join(result.stderr.split())
    assert "--period" in text and "Accepted forms: last-week" in text and "no ad performance data" not in text


def test_home_that_is_a_file_is_exit_2(home: Path, tmp_path: Path) -> None:
    as_file = tmp_path / "not-a-folder"
    as_file.write_text("x")
    for home_arg in (as_file, as_file / "below"):
        result = run_cli(["--home", str(home_arg), "report"], home=home, timeout=120)
        assert result.returncode == 2, result.stderr
        assert str(home_arg) in result.stderr and "Internal error" not in result.stderr
