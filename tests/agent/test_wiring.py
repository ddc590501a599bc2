"""Graph wiring as LangGraph Studio sees it (langgraph.json), and the context coming from plain values."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

from tests.conftest import REPO_ROOT


def load_studio_graph() -> Any:
    config = json.loads((REPO_ROOT / "langgraph.json").read_text())
    target = config["graphs"]["agent"]
    path, attribute = target.split(":")
    spec = importlib.util.spec_from_file_location("studio_agent_graph", REPO_ROOT / path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return getattr(module, attribute)


def test_langgraph_json_points_at_the_compiled_graph() -> None:
    graph = load_studio_graph()
    drawing = graph.get_graph()
    assert {"model", "tools", "GuardMiddleware.after_model", "ApprovalMiddleware.after_model",
            "ReplyMiddleware.after_agent"} <= set(drawing.nodes)
    edges = {(e.source, e.target) for e in drawing.edges}
    # the guard marks unrequested calls before the human-in-the-loop step decides; nothing reaches the tools
    # without passing both; tools loop back to the model; the reply ends the turn
    assert ("model", "GuardMiddleware.after_model") in edges
    assert ("GuardMiddleware.after_model", "ApprovalMiddleware.after_model") in edges
    assert [source for source, target in edges if target == "tools"] == ["TurnMiddleware.after_model"]
    assert ("ApprovalMiddleware.after_model", "TurnMiddleware.after_model") in edges
    assert ("tools", "TurnMiddleware.before_model") in edges and ("ReplyMiddleware.after_agent", "__end__") in edges
    from agent.context import AgentContext

    assert graph.builder.context_schema is AgentContext


def test_studio_style_run_with_plain_context(home: Path, monkeypatch: Any, areas: Any) -> None:
    """Studio sends a dict context and no runtime: the workspace comes from the environment."""
    from langchain_core.messages import HumanMessage

    from tools.core.runtime import forget_databases

    monkeypatch.setenv("HOOKLINE_HOME", str(home))
    monkeypatch.setenv("HOOKLINE_WORKSPACE", "studio")
    graph = load_studio_graph()
    out = graph.invoke({"messages": [HumanMessage("what can you do?")]}, context={"user": "U1"})
    assert out["reply"].startswith("I can: report performance")
    out = graph.invoke({"messages": [HumanMessage("list the check-ins")]}, context={})
    assert out["reply"] == "No check-ins are scheduled."
    assert areas.WORKSPACES == ["studio"]
    forget_databases()
