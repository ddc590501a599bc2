"""The catalog entries as LangChain `StructuredTool`s (typed args schema, content + artifact).

A tool finds its workspace through the LangGraph run it is called from: `get_runtime().context` must provide the
workspace runtime and a progress sink (`tools.core.agent_tool.ToolEnvironment`). So the same tools run in this project's
graph (`create_agent` with `context_schema=AgentContext`) or in a stock `ToolNode`, and never read a global. The
agent's tool middleware sets `CALL_KEY` around each call.
The message content is a compact JSON for a model; the artifact is `ToolOutput` (data + files).
"""

from __future__ import annotations

from typing import Any

from tools.catalog.registry import TOOL_NAMES, get_spec
from tools.core.agent_tool import AgentTool, ToolEnvironment, ToolOutput
from tools.core.errors import NotConfiguredError
from tools.core.jsonio import dumps

MAX_CONTENT_CHARS = 6000


def content_for_model(output: ToolOutput) -> str:
    """What a chat model reads back: the summary, the files and as much data as fits."""
    data = dumps(output.data, compact=True)
    if len(data) > MAX_CONTENT_CHARS:
        data = data[:MAX_CONTENT_CHARS] + "…(truncated)"
    return dumps({"summary": output.summary, "files": output.files}, compact=True) + "\ndata: " + data


def current_environment() -> ToolEnvironment:
    """The run context of the LangGraph run that called the tool."""
    from langgraph.runtime import get_runtime

    try:
        context = get_runtime().context
    except (RuntimeError, KeyError, AttributeError):
        context = None
    if isinstance(context, ToolEnvironment):
        return context
    raise NotConfiguredError(
        "This tool needs the Hookline agent context (workspace runtime): run it inside a LangGraph run whose "
        "context is agent.context.AgentContext."
    )


def run_spec(spec: AgentTool, env: ToolEnvironment, arguments: dict[str, Any]) -> ToolOutput:
    """Validate `arguments` with the tool's model and run it inside `env`'s workspace."""
    args = spec.args.model_validate(arguments)
    return spec.run(env.workspace_runtime(), args, env.report_progress)


def make_tool(spec: AgentTool) -> Any:
    from langchain_core.tools import StructuredTool

    def run(**kwargs: Any) -> tuple[str, dict[str, Any]]:
        output = run_spec(spec, current_environment(), kwargs)
        return content_for_model(output), output.model_dump(mode="json")

    run.__name__ = spec.name
    return StructuredTool.from_function(
        func=run, name=spec.name, description=spec.description, args_schema=spec.args,
        response_format="content_and_artifact",
    )


def build_tools(names: tuple[str, ...] | list[str] = TOOL_NAMES) -> list[Any]:
    """The LangChain tools for `names` (all by default), in catalog order."""
    return [make_tool(get_spec(name)) for name in names]
