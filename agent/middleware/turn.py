"""Turn bookkeeping: start a turn, keep thread memory from tool results, cap model calls, keep what was understood.

- `before_agent` (a new message): clear the last turn's notes and approval; remember attached files.
- `before_model`: fold the tool results just returned into thread memory (follow-ups read it: "now 5 more in
  Spanish"); stop the turn after `MAX_MODEL_STEPS` model calls (a tool-calling loop).
- `after_model`: copy what the offline planner understood (its "Understood" line, notes, a wish for bullets) from
  its message into the state, where the reply middleware reads it.
"""

from __future__ import annotations

from typing import Any

from langchain.agents.middleware import AgentMiddleware, hook_config
from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.memory import ThreadMemory
from agent.messages import last_tool_step
from agent.planning.model import KEY
from agent.state import State

MAX_MODEL_STEPS = 8


class TurnMiddleware(AgentMiddleware[State, AgentContext]):
    state_schema = State

    def before_agent(self, state: State, runtime: Runtime[AgentContext]) -> dict[str, Any] | None:
        memory = ThreadMemory.load(state.get("memory"))
        memory.attachments = [*memory.attachments, *(state.get("attachments") or [])][-10:]
        return {"notes": [], "approval": None, "steps": 0, "reply": "", "understood": "",
                "bullets": None, "unrequested": [], "memory": memory.dump()}

    @hook_config(can_jump_to=["end"])
    def before_model(self, state: State, runtime: Runtime[AgentContext]) -> dict[str, Any] | None:
        update: dict[str, Any] = {}
        answered = [m for m in last_tool_step(state["messages"]) if isinstance(m.artifact, dict)
                    and m.artifact.get("ok")]
        if answered:
            memory = ThreadMemory.load(state.get("memory"))
            for message in answered:
                memory.remember_result(message.artifact["name"], message.artifact.get("args") or {},
                                       message.artifact.get("data") or {})
            update["memory"] = memory.dump()
        steps = state.get("steps") or 0
        if steps >= MAX_MODEL_STEPS:
            return {**update, "notes": [*(state.get("notes") or []), f"stopped after {MAX_MODEL_STEPS} planning "
                                                                      "steps"], "jump_to": "end"}
        return {**update, "steps": steps + 1}

    def after_model(self, state: State, runtime: Runtime[AgentContext]) -> dict[str, Any] | None:
        message = state["messages"][-1]
        meta = getattr(message, "additional_kwargs", {}).get(KEY) or {}
        notes = list(state.get("notes") or [])
        first = (state.get("steps") or 0) <= 1
        if first and runtime.context.model_error:
            notes.append(f"planned offline: {runtime.context.model_error}")
        notes.extend(meta.get("notes") or [])
        update: dict[str, Any] = {"notes": notes}
        if first and "understood" in meta:
            update["understood"] = meta.get("understood") or ""
            update["bullets"] = meta.get("bullets")
        return update
