"""The offline planner as a chat model: one bound call per step, chained through the ToolMessage artifacts; it also
runs as the model of a stock `langchain.agents.create_agent`."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from agent.planning.model import KEY, OfflineChatModel


def _answer(call: dict[str, Any], data: dict[str, Any], status: str = "success") -> ToolMessage:
    return ToolMessage(content="ok", tool_call_id=call["id"], name=call["name"], artifact={"data": data},
                       status=status)


def test_steps_are_emitted_one_at_a_time_and_bound_to_earlier_results() -> None:
    model = OfflineChatModel().bind_tools([{"name": "find_winners"}, {"name": "generate_variants"}])
    messages: list[Any] = [HumanMessage("make 6 variants of last week's winner")]
    first = model.invoke(messages)
    assert [c["name"] for c in first.tool_calls] == ["find_winners"]
    assert first.additional_kwargs[KEY]["understood"].startswith("Understood: top 1 by ROAS")
    messages += [first, _answer(first.tool_calls[0], {"winners": [{"ad_id": "4242"}]})]
    second = model.invoke(messages)
    assert second.tool_calls[0]["name"] == "generate_variants"
    assert second.tool_calls[0]["args"]["source"] == "ad:4242" and second.tool_calls[0]["args"]["n"] == 6
    messages += [second, _answer(second.tool_calls[0], {"variants": []})]
    assert model.invoke(messages).tool_calls == []


def test_a_failed_step_ends_the_turn_and_no_winner_says_why() -> None:
    model = OfflineChatModel()
    messages: list[Any] = [HumanMessage("make 6 variants of last week's winner")]
    first = model.invoke(messages)
    failed = model.invoke([*messages, first, _answer(first.tool_calls[0], {}, status="error")])
    assert failed.tool_calls == [] and failed.content == ""
    empty = model.invoke([*messages, first, _answer(first.tool_calls[0], {"winners": []})])
    assert empty.tool_calls == [] and "no ad qualified" in empty.additional_kwargs[KEY]["notes"][0]


def test_questions_and_replies_are_plain_messages() -> None:
    reply = OfflineChatModel().invoke([HumanMessage("pause ad 123")])
    assert reply.tool_calls == [] and "can't pause" in reply.content


def test_runs_as_the_model_of_a_stock_create_agent() -> None:
    from langchain.agents import create_agent
    from langchain_core.tools import tool

    ran: list[tuple[str, dict[str, Any]]] = []

    @tool(response_format="content_and_artifact")
    def find_winners(period: str = "last-week", metric: str = "roas", top: int = 5) -> tuple[str, dict[str, Any]]:
        """Find the winners."""
        ran.append(("find_winners", {"period": period, "metric": metric, "top": top}))
        return "winner: ad 777", {"data": {"winners": [{"ad_id": "777"}]}}

    @tool(response_format="content_and_artifact")
    def generate_variants(source: str = "winner", n: int = 20, formats: list[str] | None = None,
                          video: bool = False, language: str | None = None) -> tuple[str, dict[str, Any]]:
        """Make variants."""
        ran.append(("generate_variants", {"source": source, "n": n}))
        return f"{n} variants of {source}", {"data": {"variants": []}}

    agent = create_agent(OfflineChatModel(), tools=[find_winners, generate_variants])
    out = agent.invoke({"messages": [HumanMessage("make 4 variants of the best ad by CTR in October")]})
    assert ran == [("find_winners", {"period": "october", "metric": "ctr_link", "top": 1}),
                   ("generate_variants", {"source": "ad:777", "n": 4})]
    assert isinstance(out["messages"][-1], AIMessage) and not out["messages"][-1].tool_calls
