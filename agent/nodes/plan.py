"""Plan node: ask the planning model for the next `AIMessage` (tool calls, or the answer).

One path for both planners: a configured chat model (HOOKLINE_MODEL, or one handed in) sees the conversation with the
system prompt; otherwise the offline planner runs as a chat model (`agent/planning/model.py`) over the same messages,
planning the request on the first step and emitting one bound call per step after that. What the offline model
understood (the "Understood" line, notes, a wish for bullets) rides in its message and is copied into the state here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage
from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.memory import ThreadMemory
from agent.planning.llm import LLMPlanner
from agent.planning.model import KEY, OfflineChatModel
from agent.state import State

MAX_MODEL_STEPS = 8


def plan(state: State, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    context = runtime.context
    last = state.messages[-1]
    memory = ThreadMemory.load(state.memory)
    first = isinstance(last, HumanMessage)
    update: dict[str, Any] = {}
    if first:
        update = {"results": [], "blocked": [], "notes": [], "approval": None, "plan": [], "steps": 1, "reply": "",
                  "understood": "", "bullets": None, "unrequested": []}
        memory.attachments = [*memory.attachments, *state.attachments][-10:]
        update["memory"] = memory.dump()
    elif state.steps >= MAX_MODEL_STEPS:
        return {"notes": [*state.notes, f"stopped after {MAX_MODEL_STEPS} planning steps"]}
    else:
        update["steps"] = state.steps + 1
    model = context.planner_model()
    if model is not None:
        update["messages"] = [_model_step(model, state, context, memory)]
        return update
    message = OfflineChatModel(memory=state.memory, attachments=list(state.attachments), channel=context.channel,
                               vocabulary=context.vocabulary()).next_message(state.messages)
    meta = message.additional_kwargs.get(KEY) or {}
    notes = [*([] if first else state.notes), *(meta.get("notes") or [])]
    if first and context.model_error:
        notes.insert(0, f"planned offline: {context.model_error}")
    update["notes"] = notes
    if first:
        update["understood"] = meta.get("understood") or ""
        update["bullets"] = meta.get("bullets")
    if message.tool_calls or message.content:
        update["messages"] = [message]  # an empty message only means "done": the respond node writes the reply
    return update


def _model_step(model: Any, state: State, context: AgentContext, memory: ThreadMemory) -> AIMessage:
    planner = LLMPlanner(model)
    return planner.next_message(
        state.messages, workspace=context.workspace, user=context.user, channel=context.channel,
        today=date.today().isoformat(), memory=memory.dump(), attachments=state.attachments,
    )
