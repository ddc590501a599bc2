"""The agent graph: LangChain's `create_agent` with Hookline's middleware. Wiring only.

    before_agent  TurnMiddleware      a new message starts a turn (results, notes, approval cleared)
    before_model  TurnMiddleware      tool results → thread memory; stop after MAX_MODEL_STEPS model calls
    model         PlannerMiddleware   the configured chat model with the system prompt, else the offline planner
    after_model   GuardMiddleware     side effects the user's own words did not ask for are marked
                  ApprovalMiddleware  human-in-the-loop pause before heavy, public or unrequested calls
                  TurnMiddleware      what the planner understood is kept for the reply
    tools         ToolCallMiddleware  each call runs in the workspace and records its result
    after_agent   ReplyMiddleware     the reply

After-model hooks run in the reverse of the middleware order, hence Guard is listed after Approval. `graph` (no
checkpointer) is what `langgraph.json` exposes to LangGraph Studio; `build_graph(checkpointer)` is what the service
compiles with its SQLite or Postgres saver.
"""

from __future__ import annotations

from typing import Any

from langchain.agents import create_agent

from agent.context import AgentContext
from agent.middleware.approval import ApprovalMiddleware
from agent.middleware.guard import GuardMiddleware
from agent.middleware.planner import PlannerMiddleware
from agent.middleware.reply import ReplyMiddleware
from agent.middleware.tool_calls import ToolCallMiddleware
from agent.middleware.turn import TurnMiddleware
from agent.planning.model import OfflineChatModel
from agent.state import State
from tools.catalog.langchain import build_tools


def build_graph(checkpointer: Any = None) -> Any:
    return create_agent(
        OfflineChatModel(),  # the default; PlannerMiddleware picks this run's model
        tools=build_tools(),
        middleware=[TurnMiddleware(), PlannerMiddleware(), ApprovalMiddleware(), GuardMiddleware(),
                    ToolCallMiddleware(), ReplyMiddleware()],
        state_schema=State,
        context_schema=AgentContext,
        checkpointer=checkpointer,
        name="Hookline agent",
    )


graph = build_graph()
