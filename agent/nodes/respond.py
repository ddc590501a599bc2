"""Respond node: write the turn's reply (a question, a direct answer, or the summary of what ran)."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage
from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.messages import text_of
from agent.replies import compose_reply
from agent.state import State


def respond(state: State, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    last = state.messages[-1]
    final_text = text_of(last).strip() if isinstance(last, AIMessage) and not last.tool_calls else ""
    if final_text and not state.results and not state.blocked:
        return {"reply": final_text}  # a question, a direct answer, or a model's answer without tools
    reply = compose_reply(state.results, blocked=state.blocked, notes=state.notes, approval=state.approval,
                          lead=final_text or None, understood=state.understood, bullets=state.bullets)
    update: dict[str, Any] = {"reply": reply}
    if reply != final_text:
        update["messages"] = [AIMessage(content=reply)] if not final_text else [
            AIMessage(content=reply, id=last.id)]
    return update
