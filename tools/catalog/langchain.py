"""The 13 catalog entries as LangChain `StructuredTool`s (typed args schema, content + artifact).

Each tool takes LangGraph's injected `ToolRuntime`; its `context` must provide the workspace runtime and a progress
sink (`tools.catalog.env.ToolEnvironment`), so the same tools run in this project's graph, in a stock `ToolNode` or
in `create_agent`. The message content is a compact JSON for a model; the artifact is `ToolOutput` (data + files).
No `from __future__ import annotations` here: LangChain reads the `runtime` annotation at run time.
"""

import json
from typing import Any

from pydantic import ConfigDict

from integrations.errors import NotConfiguredError
from tools.catalog.env import ToolEnvironment, ToolOutput
from tools.catalog.specs import TOOL_NAMES, ToolSpec, get_spec

MAX_CONTENT_CHARS = 6000


def content_for_model(output: ToolOutput) -> str:
    """What a chat model reads back: the summary, the files and as much data as fits."""
    data = json.dumps(output.data, ensure_ascii=False, default=str)
    if len(data) > MAX_CONTENT_CHARS:
        data = data[:MAX_CONTENT_CHARS] + "…(truncated)"
    return json.dumps({"summary": output.summary, "files": output.files}, ensure_ascii=False) + "\ndata: " + data


def environment_of(context: Any) -> ToolEnvironment:
    if isinstance(context, ToolEnvironment):
        return context
    raise NotConfiguredError(
        "This tool needs the Hookline agent context (workspace runtime); run it through the Hookline agent graph "
        "or pass agent.context.AgentContext as the run context."
    )


def run_spec(spec: ToolSpec, env: ToolEnvironment, arguments: dict[str, Any]) -> ToolOutput:
    """Validate `arguments` with the tool's model and run it inside `env`'s workspace."""
    args = spec.args.model_validate(arguments)
    return spec.load()(env.workspace_runtime(), args, env.report_progress)


def make_tool(spec: ToolSpec) -> Any:
    from langchain_core.tools import StructuredTool
    from langgraph.prebuilt import ToolRuntime

    def run(runtime: ToolRuntime, **kwargs: Any) -> tuple[str, dict[str, Any]]:
        output = run_spec(spec, environment_of(runtime.context), kwargs)
        return content_for_model(output), output.model_dump(mode="json")

    run.__annotations__ = {"runtime": ToolRuntime, "return": tuple}
    run.__name__ = spec.name
    # LangChain validates the injected `runtime` together with the model's arguments: accept it here, while
    # `run_spec` still validates the arguments with the strict (extra="forbid") model.
    schema = type(spec.args.__name__, (spec.args,), {"model_config": ConfigDict(extra="ignore"),
                                                     "__doc__": spec.args.__doc__})
    return StructuredTool.from_function(
        func=run, name=spec.name, description=spec.description, args_schema=schema,
        response_format="content_and_artifact",
    )


def build_tools(names: tuple[str, ...] | list[str] = TOOL_NAMES) -> list[Any]:
    """The LangChain tools for `names` (all 13 by default), in catalog order."""
    return [make_tool(get_spec(name)) for name in names]
