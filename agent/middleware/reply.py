"""Reply: when the turn ends, write what the user reads (a question, a direct answer, or the summary of what ran).

The tool results of the turn come from the records in its `ToolMessage`s; the reply states what was understood,
the numbers, failures with what to do next, a declined approval and the planner's notes. It replaces the model's
closing message (the offline planner's is empty), so the thread's last message is the reply itself.
"""

from __future__ import annotations

from typing import Any

from langchain.agents.middleware import AgentMiddleware
from langchain_core.messages import AIMessage
from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.messages import text_of, turn_results
from agent.replies import compose_reply
from agent.state import State


class ReplyMiddleware(AgentMiddleware[State, AgentContext]):
    state_schema = State

    def after_agent(self, state: State, runtime: Runtime[AgentContext]) -> dict[str, Any] | None:
        messages = state["messages"]
        last = messages[-1] if messages else None
        closing = last if isinstance(last, AIMessage) and not last.tool_calls else None
        final_text = text_of(closing).strip() if closing is not None else ""
        results = turn_results(messages)
        if final_text and not results:
            return {"reply": final_text}  # a question, a direct answer, an answer without tools
        reply = compose_reply(results, notes=state.get("notes"), approval=state.get("approval"),
                              lead=final_text or None, understood=state.get("understood") or "",
                              bullets=state.get("bullets"))
        update: dict[str, Any] = {"reply": reply}
        if reply != final_text:
            update["messages"] = [AIMessage(content=reply, id=closing.id) if closing is not None and closing.id
                                  else AIMessage(content=reply)]
        return update
