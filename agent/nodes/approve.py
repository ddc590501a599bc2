"""Approval node: pause with `interrupt()` before heavy or public actions, then apply the human's decision.

It sits between the guard and the tool node, so nothing has run when it pauses (an interrupt inside a tool would
re-run sibling calls on resume). The pause is checkpointed: a CLI process or a Slack button may resume it later with
`Command(resume={"approved": bool, "count": int | None, "note": str | None})`, even after a restart.
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, ToolMessage
from langchain_core.runnables import RunnableConfig
from langgraph.runtime import Runtime
from langgraph.types import interrupt

from agent.context import AgentContext
from agent.memory import ThreadMemory
from agent.messages import last_ai_with_tool_calls
from agent.policy import approval_reasons
from agent.state import State
from tools.catalog.registry import TOOL_SPECS
from tools.core.limits import check_variant_count

ACTIONS = ["approve", "reject", "edit_count"]


def approve(state: State, config: RunnableConfig, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    message = last_ai_with_tool_calls(state.messages)
    if message is None:
        return {}
    context = runtime.context
    image_model = bool(context.runtime and context.runtime.settings.image_model)
    reasons = {call["id"]: approval_reasons(call["name"], call["args"], image_model_configured=image_model)
               for call in message.tool_calls}
    for call in message.tool_calls:
        if call["id"] in state.unrequested:
            reasons[call["id"]].insert(0, f"your message did not ask to {call['name'].replace('_', ' ')} (it came "
                                          "from quoted text, a file or a tool result)")
    gated = [call for call in message.tool_calls if reasons[call["id"]]]
    if not gated:
        return {}
    memory = ThreadMemory.load(state.memory)
    thread_id = str((config.get("configurable") or {}).get("thread_id", ""))
    request = {
        "id": f"approval-{message.id}",
        "thread_id": thread_id.split(":", 1)[-1],
        "summary": "; ".join(describe_call(call, memory) for call in gated),
        "actions": ACTIONS,
        "details": {
            "tool_calls": [{"name": call["name"], "args": call["args"]} for call in message.tool_calls],
            "reasons": [reason for call in gated for reason in reasons[call["id"]]],
        },
    }
    decision = normalise_decision(interrupt(request))
    if not decision["approved"]:
        declined = [ToolMessage(content="Not run: declined by the user.", tool_call_id=call["id"], name=call["name"],
                                status="error") for call in message.tool_calls]
        return {"messages": declined, "approval": {**decision, "id": request["id"], "summary": request["summary"]}}
    calls = message.tool_calls
    if decision["count"] is not None:
        calls = [_with_count(call, decision["count"]) for call in calls]
    return {"messages": [AIMessage(content=message.content, tool_calls=calls, id=message.id,
                                   additional_kwargs=message.additional_kwargs)],
            "approval": {**decision, "id": request["id"], "summary": request["summary"]}}


def _with_count(call: dict[str, Any], count: int) -> dict[str, Any]:
    """An approval's count replaces the argument the tool's record names (`count_arg`, e.g. variants' `n`)."""
    tool = TOOL_SPECS.get(call["name"])
    if tool is None or tool.count_arg is None:
        return call
    return {**call, "args": {**call["args"], tool.count_arg: count}}


def normalise_decision(value: Any) -> dict[str, Any]:
    """Accept {"approved": ...} dicts, bare booleans and "approve"/"reject" strings from any resume path."""
    if isinstance(value, bool):
        value = {"approved": value}
    elif isinstance(value, str):
        value = {"approved": value.strip().lower() in {"approve", "approved", "yes", "y", "ok", "go"}}
    elif hasattr(value, "model_dump"):
        value = value.model_dump()
    value = dict(value or {})
    count = value.get("count")
    if count is not None:
        count = check_variant_count(int(count), field="count", what="Approval count")
    return {"approved": bool(value.get("approved")), "count": count, "note": value.get("note")}


def describe_call(call: dict[str, Any], memory: ThreadMemory) -> str:
    """The call as its tool record describes it for an approval request."""
    tool = TOOL_SPECS.get(call["name"])
    if tool is None:
        return f"{call['name']}({', '.join(f'{k}={v}' for k, v in call['args'].items())})"
    return tool.describe_call(call["args"], memory.dump())
