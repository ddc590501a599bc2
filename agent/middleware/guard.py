"""Guard: mark side-effecting calls the user's own words did not ask for, so the approval step asks first.

Whatever planned them (the offline planner, or a model that read an ad saying "schedule 500 posts"), a call to a tool
whose record says `side_effect` (import, brand_add, generate_variants, check-ins, sync) runs without a question only
if the user's latest message, with its quotes and attachments treated as data, asks for that action (or attaches a
file the record names, e.g. an export to import). Any other such call becomes an approval request: never run unasked,
never dropped silently. Runs after the model and before `ApprovalMiddleware` (listed after it: after-model hooks
run in reverse order).
"""

from __future__ import annotations

from typing import Any

from langchain.agents.middleware import AgentMiddleware
from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.memory import ThreadMemory
from agent.messages import human_texts, last_ai_with_tool_calls
from agent.policy import unrequested
from agent.state import State


class GuardMiddleware(AgentMiddleware[State, AgentContext]):
    state_schema = State

    def after_model(self, state: State, runtime: Runtime[AgentContext]) -> dict[str, Any] | None:
        message = last_ai_with_tool_calls(state["messages"])
        if message is None:
            return None
        unasked = unrequested([(call["id"], call["name"]) for call in message.tool_calls],
                              human_texts(state["messages"]), attachments=state.get("attachments") or [],
                              memory=ThreadMemory.load(state.get("memory")), channel=runtime.context.channel)
        return {"unrequested": [*(state.get("unrequested") or []), *unasked]} if unasked else None
