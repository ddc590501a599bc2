"""Plan node: turn the user's request (or the latest tool results) into the next `AIMessage`.

Offline: the whole request is planned at once; the first step is emitted now and the rest wait in `state.plan`,
each bound to earlier results when it is emitted (the winner found → `ad:ID`; the blueprint extracted → its file).
With a chat model: the model sees the conversation and decides the next tool calls or the final answer.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage
from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.memory import ThreadMemory
from agent.messages import text_of
from agent.planning.llm import LLMPlanner
from agent.planning.offline import OfflinePlanner
from agent.planning.types import PlannedCall
from agent.state import State

MAX_MODEL_STEPS = 8


def plan(state: State, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    context = runtime.context
    last = state.messages[-1]
    memory = ThreadMemory.load(state.memory)
    model = context.planner_model()
    if isinstance(last, HumanMessage):
        update: dict[str, Any] = {"results": [], "blocked": [], "notes": [], "approval": None, "plan": [],
                                  "steps": 1, "reply": "", "understood": "", "bullets": None}
        if model is not None:
            update["messages"] = [_model_step(model, state, context, memory)]
        else:
            update.update(_offline_first_step(text_of(last), state, context, memory))
            if context.model_error:
                update["notes"] = [f"planned offline: {context.model_error}", *update.get("notes", [])]
        memory.attachments = [*memory.attachments, *state.attachments][-10:]
        update["memory"] = memory.dump()
        return update
    # tools have answered: continue the plan
    if model is not None:
        if state.steps >= MAX_MODEL_STEPS:
            return {"notes": [*state.notes, f"stopped after {MAX_MODEL_STEPS} planning steps"]}
        return {"messages": [_model_step(model, state, context, memory)], "steps": state.steps + 1}
    if not state.plan or not all(result.get("ok") for result in state.results):
        return {"plan": []}
    call, note = bind_references(PlannedCall.model_validate(state.plan[0]), state.results, memory)
    if call is None:
        return {"plan": [], "notes": [*state.notes, note] if note else state.notes}
    return {"messages": [AIMessage(content="", tool_calls=[call.as_tool_call()])], "plan": state.plan[1:],
            "steps": state.steps + 1}


def _offline_first_step(text: str, state: State, context: AgentContext, memory: ThreadMemory) -> dict[str, Any]:
    result = OfflinePlanner().plan(text, attachments=state.attachments, memory=memory, channel=context.channel,
                                   vocabulary=context.vocabulary())
    if result.reply or result.question or not result.calls:
        return {"messages": [AIMessage(content=result.reply or result.question or "")], "notes": result.notes}
    first, rest = result.calls[0], result.calls[1:]
    return {"messages": [AIMessage(content="", tool_calls=[first.as_tool_call()])],
            "plan": [call.model_dump() for call in rest], "notes": result.notes, "understood": result.understood,
            "bullets": result.bullets}


def _model_step(model: Any, state: State, context: AgentContext, memory: ThreadMemory) -> Any:

    planner = LLMPlanner(model)
    return planner.next_message(
        state.messages, workspace=context.workspace, user=context.user, channel=context.channel,
        today=date.today().isoformat(), memory=memory.dump(), attachments=state.attachments,
    )


def bind_references(call: PlannedCall, results: list[dict[str, Any]],
                    memory: ThreadMemory) -> tuple[PlannedCall | None, str | None]:
    """Fill a step's symbolic source from what earlier steps produced; None (and why) when it cannot run."""
    if call.name != "generate_variants":
        return call, None
    source = call.args.get("source")
    if source == "winner":
        found = next((r for r in reversed(results) if r.get("name") in ("find_winners", "performance_query")), None)
        if found is not None and found.get("name") == "performance_query":
            rows = [r for r in (found.get("data") or {}).get("rows") or [] if r.get("group") and
                    r.get("enough_evidence")]
            if not rows:
                return None, "no variants were made because no ad in that scope had enough data to be the best"
            return PlannedCall(name=call.name, args={**call.args, "source": f"ad:{rows[0]['group']}"}), None
        if found is not None:
            winners = (found.get("data") or {}).get("winners") or []
            if not winners:
                return None, "no variants were made because no ad qualified as a winner"
            return PlannedCall(name=call.name, args={**call.args, "source": f"ad:{winners[0].get('ad_id')}"}), None
    if source == "blueprint":
        extracted = next((r for r in reversed(results) if r.get("name") == "extract_blueprint"), None)
        path = ((extracted or {}).get("data") or {}).get("blueprint_file") or memory.last_blueprint
        if path:
            return PlannedCall(name=call.name, args={**call.args, "source": f"blueprint:{path}"}), None
    return call, None
