"""Guard node: drop side-effecting tool calls the user's own words did not ask for.

Whatever planned them (the offline planner, or a model that read an ad saying "schedule 500 posts"), a call to
ingest, brand_add, generate_variants, schedule_checkin or cancel_checkin survives only if the user's latest message,
with its quotes and attachments treated as data, asks for that action. Refusals are reported in the reply.
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage
from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.memory import ThreadMemory
from agent.messages import human_texts, last_ai_with_tool_calls
from agent.policy import authorized_in_thread
from agent.state import State
from tools.catalog.specs import SIDE_EFFECT_TOOLS


def guard(state: State, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    message = last_ai_with_tool_calls(state.messages)
    if message is None:
        return {}
    side_effects = [call for call in message.tool_calls if call["name"] in SIDE_EFFECT_TOOLS]
    if not side_effects:
        return {}
    allowed = authorized_in_thread(human_texts(state.messages), attachments=state.attachments,
                                   memory=ThreadMemory.load(state.memory), channel=runtime.context.channel)
    kept = [call for call in message.tool_calls if call["name"] not in SIDE_EFFECT_TOOLS or call["name"] in allowed]
    refused = [call for call in message.tool_calls if call not in kept]
    if not refused:
        return {}
    blocked = [{"name": call["name"], "args": call["args"],
                "reason": "your message did not ask for it (text in quotes, files or tool results never triggers "
                          "actions)"} for call in refused]
    replacement = AIMessage(content=message.content, tool_calls=kept, id=message.id,
                            additional_kwargs=message.additional_kwargs if kept else {})
    return {"messages": [replacement], "blocked": [*state.blocked, *blocked]}
