"""The agent graph. Wiring only: nodes live in `agent/nodes/`, routers in `agent/routes.py`.

    START → plan ─(has_tool_calls)→ guard ─(any_call_allowed)→ approve ─(approval_granted)→ tools → plan …
                  └────────────────────────────→ respond → END ←──────────────────────────────┘

`graph` (no checkpointer) is what `langgraph.json` exposes to LangGraph Studio; `build_graph(checkpointer)` is what
the service compiles with its SQLite or Postgres saver.
"""

from __future__ import annotations

from typing import Any

from langgraph.graph import END, START, StateGraph

from agent.context import AgentContext
from agent.nodes.approve import approve
from agent.nodes.guard import guard
from agent.nodes.plan import plan
from agent.nodes.respond import respond
from agent.nodes.tools import run_tools
from agent.routes import any_call_allowed, approval_granted, has_tool_calls
from agent.state import InputState, State


def build_graph(checkpointer: Any = None) -> Any:
    builder = StateGraph(State, input_schema=InputState, context_schema=AgentContext)
    builder.add_node("plan", plan)
    builder.add_node("guard", guard)
    builder.add_node("approve", approve)
    builder.add_node("tools", run_tools)
    builder.add_node("respond", respond)
    builder.add_edge(START, "plan")
    builder.add_conditional_edges("plan", has_tool_calls)
    builder.add_conditional_edges("guard", any_call_allowed)
    builder.add_conditional_edges("approve", approval_granted)
    builder.add_edge("tools", "plan")
    builder.add_edge("respond", END)
    return builder.compile(checkpointer=checkpointer, name="Hookline agent")


graph = build_graph()
