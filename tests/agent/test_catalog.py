"""The tool catalog: 19 tools named as specified, typed schemas a model can read, data + files results, and the
same tools running in a stock LangGraph `ToolNode` with the agent context."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from tools.analyst.agent_tools import ScoreCreativesArgs
from tools.catalog import SIDE_EFFECT_TOOLS, TOOL_NAMES, get_spec
from tools.checkins.agent_tools import ScheduleCheckinArgs
from tools.core.limits import MAX_VARIANTS
from tools.creator.agent_tools import GenerateVariantsArgs

EXPECTED = ["ingest_performance", "performance_report", "find_winners", "performance_query", "explain_change",
            "creative_fatigue", "creative_insights", "score_creatives", "kill_scale_decisions", "audience_clusters",
            "extract_blueprint", "brand_search", "brand_add", "generate_variants",
            "schedule_checkin", "list_checkins", "cancel_checkin", "creative_briefs", "sync_account"]


def test_tools_named_exactly() -> None:
    assert list(TOOL_NAMES) == EXPECTED
    assert {"ingest_performance", "brand_add", "generate_variants", "schedule_checkin",
                                 "cancel_checkin", "sync_account"} == SIDE_EFFECT_TOOLS


def test_langchain_tools_expose_typed_schemas() -> None:
    from tools.catalog.langchain import build_tools

    tools = build_tools()
    assert [t.name for t in tools] == EXPECTED
    for tool in tools:
        schema = tool.tool_call_schema.model_json_schema()
        assert tool.description and schema["type"] == "object"
        assert "runtime" not in schema.get("properties", {})
    generate = {t.name: t for t in tools}["generate_variants"].tool_call_schema.model_json_schema()
    assert generate["properties"]["n"]["maximum"] == MAX_VARIANTS
    assert generate["properties"]["formats"]["items"]["enum"] == ["1x1", "4x5", "9x16"]


def test_argument_models_reject_what_tools_cannot_do() -> None:
    with pytest.raises(ValidationError):
        GenerateVariantsArgs(n=0)
    with pytest.raises(ValidationError):
        GenerateVariantsArgs(source="rm -rf /")
    with pytest.raises(ValidationError):
        GenerateVariantsArgs(language="Spanish")
    with pytest.raises(ValidationError):
        ScheduleCheckinArgs(job="weekly-report", channel="#growth")  # no when
    with pytest.raises(ValidationError):
        ScheduleCheckinArgs(job="weekly-report", channel="#growth", every="sometimes")
    with pytest.raises(ValidationError):
        ScoreCreativesArgs(text="x", all=True)  # exactly one target
    with pytest.raises(ValidationError):
        get_spec("find_winners").args.model_validate({"period": "next-week"})
    with pytest.raises(ValidationError):
        get_spec("find_winners").args.model_validate({"colour": "red"})  # unknown field
    assert get_spec("find_winners").args.model_validate({"period": "October"}).period == "october"


def test_catalog_tool_runs_in_a_stock_tool_node(areas: Any, agent_runtime: Any) -> None:
    from langchain_core.messages import AIMessage
    from langgraph.graph import START, MessagesState, StateGraph
    from langgraph.prebuilt import ToolNode

    from agent.context import AgentContext
    from tools.catalog.langchain import build_tools

    builder = StateGraph(MessagesState, context_schema=AgentContext)
    builder.add_node("tools", ToolNode(build_tools(["find_winners", "list_checkins"])))
    builder.add_edge(START, "tools")
    calls = [{"name": "find_winners", "args": {"period": "yesterday", "top": 2}, "id": "a"},
             {"name": "list_checkins", "args": {}, "id": "b"}]
    out = builder.compile().invoke({"messages": [AIMessage("", tool_calls=calls)]},
                                   context=AgentContext(runtime=agent_runtime))
    replies = {m.tool_call_id: m for m in out["messages"][1:]}
    winners = replies["a"].artifact
    assert [w["ad_id"] for w in winners["data"]["winners"]] == ["98765", "555"]
    assert "UGC hook v3 (ad 98765, 4.20x roas" in winners["summary"]
    assert "2023-08-21 to 2023-08-27" in winners["summary"]
    # "yesterday" was resolved against the workspace's latest data day (none yet: the calendar date)
    period = dict(areas.CALLS)["find_winners"]["period"]
    assert period.count("..") == 1 and period.split("..")[0] == period.split("..")[1]
    assert replies["b"].artifact["summary"] == "No check-ins are scheduled."


def test_tool_outside_the_agent_context_says_so() -> None:
    from tools.catalog.langchain import current_environment
    from tools.core.errors import NotConfiguredError

    with pytest.raises(NotConfiguredError, match="agent context"):
        current_environment()


def test_period_today_comes_from_the_workspace_data(agent_runtime: Any) -> None:
    from datetime import date

    from tools.core.db.models import Ad, AdAccount, PerformanceDaily
    from tools.core.tool_helpers import cli_period, data_today

    with agent_runtime.session() as session:
        account = AdAccount(workspace_id=agent_runtime.workspace_id, platform="meta", external_id="1", name="a")
        session.add(account)
        session.flush()
        ad = Ad(workspace_id=agent_runtime.workspace_id, account_id=account.id, external_id="9", name="ad")
        session.add(ad)
        session.flush()
        for day in (date(2023, 8, 20), date(2023, 8, 30)):
            session.add(PerformanceDaily(workspace_id=agent_runtime.workspace_id, ad_id=ad.id, day=day, spend=1.0,
                                         impressions=10))
    assert data_today(agent_runtime) == date(2023, 8, 30)
    assert cli_period(agent_runtime, "yesterday") == "2023-08-29..2023-08-29"
    assert cli_period(agent_runtime, "october") == "2022-10-01..2022-10-31"
    assert cli_period(agent_runtime, "last-week") == "last-week"


def test_each_tool_is_declared_once_beside_its_capability() -> None:
    """One record per tool, in `tools/<area>/agent_tools.py`: its function and its argument model live there."""
    import importlib

    from tools.core.agent_tool import AgentTool

    for name in TOOL_NAMES:
        tool = get_spec(name)
        module = f"tools.{tool.area}.agent_tools"
        assert isinstance(tool, AgentTool)
        assert tool.run.__module__ == module and tool.args.__module__ == module, name
        assert [t.name for t in importlib.import_module(module).TOOLS].count(name) == 1
        assert tool.description and tool.action
        assert len(tool.examples) >= 5, f"{name}: the planner's exemplar bank needs example requests"


def test_the_planners_exemplar_bank_and_the_prompt_examples_are_the_records() -> None:
    """The offline planner's exemplars (n-gram and MiniLM) and the examples the LLM prompt shows are the records'
    own example requests: adding a tool with examples teaches both planners its phrasings."""
    from agent.planning.similarity import EXEMPLARS
    from tools.catalog.registry import tool_help

    assert {name: list(get_spec(name).examples) for name in TOOL_NAMES} == EXEMPLARS
    help_text = tool_help()
    for name in TOOL_NAMES:
        assert f'e.g. "{get_spec(name).examples[0]}"' in help_text


def test_cli_help_lists_the_records() -> None:
    from typer.testing import CliRunner

    from integrations.cli.app import app

    result = CliRunner().invoke(app, ["chat", "--help"], terminal_width=200)
    assert result.exit_code == 0
    text = " ".join(result.output.split())  # help text is wrapped
    for name in TOOL_NAMES:
        assert f"- {name}: {get_spec(name).summary}" in text
    assert "schedule_checkin: Schedule a recurring check-in posted into a Slack channel (changes data, posts " \
           "publicly)" in text


def test_approvals_memory_and_next_steps_come_from_the_record(monkeypatch: pytest.MonkeyPatch) -> None:
    """Change a record and the agent's approval, approval summary, count edit, memory and failure advice follow."""
    import dataclasses

    from agent.approvals import describe_call, review_reasons, with_count
    from agent.errors import describe_failure
    from agent.memory import ThreadMemory
    from tools.catalog import registry
    from tools.core.errors import InsufficientDataError

    assert review_reasons("find_winners", {"top": 40}, unrequested=False) == []
    changed = dataclasses.replace(
        get_spec("find_winners"),
        approval=lambda args, gpu: [f"{args['top']} winners is a lot"] if args["top"] > 20 else [],
        describe=lambda args, memory: f"Find {args['top']} winners after {memory.get('last_tool')}",
        remember=lambda args, data, memory: {"last_n": len(data["winners"])},
        next_steps={"insufficient_data": "import a longer export first."},
        count_arg="top",
    )
    monkeypatch.setitem(registry.TOOL_SPECS, "find_winners", changed)

    assert review_reasons("find_winners", {"top": 40}, unrequested=False) == ["40 winners is a lot"]
    memory = ThreadMemory(last_tool="performance_report")
    assert describe_call("find_winners", {"top": 40}, memory.dump()) == \
        "Find 40 winners after performance_report"
    assert with_count("find_winners", {"top": 40}, 7) == {"top": 7}
    memory.remember_result("find_winners", {"period": "october", "top": 2}, {"winners": [{}, {}]})
    assert (memory.last_n, memory.last_period, memory.last_winner) == (2, "october", None)
    failure = describe_failure("find_winners", InsufficientDataError("Too little data."))
    assert failure["next"] == "import a longer export first."
    assert describe_failure("creative_fatigue", InsufficientDataError("x"))["next"].startswith("import more ad data")


def test_unknown_memory_field_in_a_record_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from agent.memory import ThreadMemory
    from tools.catalog import registry

    broken = dataclasses.replace(get_spec("list_checkins"), remember=lambda args, data, memory: {"no_such": 1})
    monkeypatch.setitem(registry.TOOL_SPECS, "list_checkins", broken)
    with pytest.raises(ValueError, match="no_such"):
        ThreadMemory().remember_result("list_checkins", {}, {})
