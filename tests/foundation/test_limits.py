"""One variant-count limit (`tools.core.limits.MAX_VARIANTS`) governs the CLI, the agent's tool arguments,
approvals (CLI, typed replies, Slack) and the creator: the limit itself passes everywhere, one more is refused
everywhere with a message naming the limit, and nothing is clamped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from agent.approvals import normalise_decision
from agent.planning.offline import plan_offline
from agent.service import ApprovalDecision, decision_from_text
from integrations.slack.blocks import edit_count_modal
from integrations.slack.listeners.actions.approval import parse_count
from tests.conftest import run_cli
from tools.core.errors import InputError
from tools.core.limits import MAX_VARIANTS, check_variant_count
from tools.creator.agent_tools import GenerateVariantsArgs
from tools.creator.api import generate_variants
from tools.creator.generate import GenerationRequest, run_generation

LIMIT = f"1 to {MAX_VARIANTS}"
TOO_MANY = MAX_VARIANTS + 1


def test_the_limit_is_one_number_and_a_clear_refusal() -> None:
    assert MAX_VARIANTS == 100
    assert check_variant_count(1) == 1 and check_variant_count(MAX_VARIANTS) == MAX_VARIANTS
    for bad in (0, -3, TOO_MANY):
        with pytest.raises(InputError, match=LIMIT) as err:
            check_variant_count(bad, field="count")
        assert err.value.field == "count"


@pytest.mark.parametrize("count", [TOO_MANY, 0])
def test_cli_variants_refuses_out_of_range_with_exit_2(tmp_path: Path, count: int) -> None:
    result = run_cli(["variants", "-n", str(count), "--json"], home=tmp_path)
    assert result.returncode == 2 and LIMIT in result.stderr
    assert json.loads(result.stdout)["error"]["field"] == "--count"
    assert not (tmp_path / "hookline.db").exists()  # refused before the workspace was opened


def test_cli_chat_approval_count_uses_the_same_limit(tmp_path: Path) -> None:
    result = run_cli(["chat", "--thread", "x", "--approve", "--count", str(TOO_MANY)], home=tmp_path)
    assert result.returncode == 2 and LIMIT in result.stderr


def test_agent_tool_arguments() -> None:
    assert GenerateVariantsArgs(n=MAX_VARIANTS).n == MAX_VARIANTS
    with pytest.raises(ValidationError):
        GenerateVariantsArgs(n=TOO_MANY)
    assert GenerateVariantsArgs.model_json_schema()["properties"]["n"]["maximum"] == MAX_VARIANTS
    assert [c.args["n"] for c in plan_offline(f"make {MAX_VARIANTS} variants of ad 7").calls] == [MAX_VARIANTS]
    for count in (TOO_MANY, 0):  # asked back, neither clamped nor replaced by the default
        plan = plan_offline(f"make {count} variants of ad 7")
        assert plan.calls == [] and f"between 1 and {MAX_VARIANTS}" in (plan.question or "")


def test_approvals_from_every_path() -> None:
    assert ApprovalDecision(approved=True, count=MAX_VARIANTS).count == MAX_VARIANTS
    assert normalise_decision({"approved": True, "count": MAX_VARIANTS})["count"] == MAX_VARIANTS
    assert decision_from_text(f"approve {MAX_VARIANTS}").count == MAX_VARIANTS  # type: ignore[union-attr]
    with pytest.raises(InputError, match=LIMIT):
        ApprovalDecision(approved=True, count=TOO_MANY)
    with pytest.raises(InputError, match=LIMIT):
        normalise_decision({"approved": True, "count": TOO_MANY})
    with pytest.raises(InputError, match=LIMIT):  # not "approved with the original count"
        decision_from_text(f"yes but make it {TOO_MANY}")
    # Slack: the modal's number field and its server-side check
    element = edit_count_modal("a1", "make variants", None)["blocks"][1]["element"]
    assert element["max_value"] == str(MAX_VARIANTS)
    assert parse_count(str(MAX_VARIANTS)) == MAX_VARIANTS and parse_count(str(TOO_MANY)) is None


def test_creator_refuses_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=LIMIT):
        generate_variants(object(), n=TOO_MANY)  # type: ignore[arg-type]  # never touches the runtime
    request = GenerationRequest(source=None, n=TOO_MANY, formats=[], out_dir=tmp_path / "out")  # type: ignore[arg-type]
    with pytest.raises(InputError, match=LIMIT):
        run_generation(request, None)  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()
