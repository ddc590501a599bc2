"""Guard node: mark side-effecting tool calls the user's own words did not ask for, so they need approval.

Whatever planned them (the offline planner, or a model that read an ad saying "schedule 500 posts"), a call to a tool
whose record says `side_effect` (import, brand_add, generate_variants, check-ins, sync) runs without a question only
if the user's latest message, with its quotes and attachments treated as data, asks for that action (or attaches a
file the record names, e.g. an export to import). Any other such call becomes an approval request (the approve node
says why): never run unasked, never dropped silently.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.memory import ThreadMemory
from agent.messages import human_texts, last_ai_with_tool_calls
from agent.policy import authorized_in_thread
from agent.state import State
from tools.catalog.registry import SIDE_EFFECT_TOOLS


def guard(state: State, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    message = last_ai_with_tool_calls(state.messages)
    if message is None:
        return {}
    side_effects = [call for call in message.tool_calls if call["name"] in SIDE_EFFECT_TOOLS]
    if not side_effects:
        return {}
    allowed = authorized_in_thread(human_texts(state.messages), attachments=state.attachments,
                                   memory=ThreadMemory.load(state.memory), channel=runtime.context.channel)
    unasked = [call["id"] for call in side_effects if call["name"] not in allowed]
    return {"unrequested": [*state.unrequested, *unasked]} if unasked else {}
