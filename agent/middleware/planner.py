"""Which model plans this run: a configured chat model with Hookline's system prompt, else the offline planner.

One graph for both: a configured model (HOOKLINE_MODEL, or one handed in through the context) sees the conversation
with `prompts/planner_system.md`; otherwise the offline planner, a chat model over this thread's memory, attachments
and the workspace's vocabulary, plans the request on its first call and emits one bound call per call after that.
`create_agent` binds the catalog tools to whichever model this picks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from langchain.agents.middleware import AgentMiddleware, ModelRequest, ModelResponse
from langchain_core.messages import SystemMessage

from agent.context import AgentContext
from agent.planning.llm import check_tool_calling, system_prompt
from agent.planning.model import OfflineChatModel
from agent.state import State


class PlannerMiddleware(AgentMiddleware[State, AgentContext]):
    state_schema = State

    def wrap_model_call(self, request: ModelRequest, handler: Callable[[ModelRequest], ModelResponse]) -> Any:
        context: AgentContext = request.runtime.context
        state = request.state
        model = context.planner_model()
        if model is not None:
            prompt = system_prompt(workspace=context.workspace, user=context.user, channel=context.channel,
                                   today=date.today().isoformat(), memory=state.get("memory") or {},
                                   attachments=state.get("attachments") or [])
            return handler(request.override(model=check_tool_calling(model), system_message=SystemMessage(prompt)))
        offline = OfflineChatModel(memory=state.get("memory") or {}, attachments=list(state.get("attachments") or []),
                                   channel=context.channel, vocabulary=context.vocabulary())
        return handler(request.override(model=offline))
