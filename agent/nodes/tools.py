"""Tool node: run the planned calls in order, inside the workspace from the run context.

Unlike a parallel `ToolNode`, steps run one after another and the first failure stops the rest of the turn (a
variant batch must not start when finding its winner failed). Every call yields a `ToolMessage` (so the message
history stays valid for a chat model) and a result record with data, files and, on failure, what to do next.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from langchain_core.messages import ToolMessage
from langchain_core.runnables import RunnableConfig
from langgraph.errors import GraphBubbleUp
from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.errors import describe_failure
from agent.memory import ThreadMemory
from agent.messages import last_ai_with_tool_calls
from agent.state import State
from tools.catalog.langchain import build_tools

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def catalog_tools() -> dict[str, Any]:

    return {tool.name: tool for tool in build_tools()}


def run_tools(state: State, config: RunnableConfig, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    message = last_ai_with_tool_calls(state.messages)
    if message is None:
        return {}
    tools = catalog_tools()
    memory = ThreadMemory.load(state.memory)
    results = list(state.results)
    replies: list[ToolMessage] = []
    failed = False
    calls = message.tool_calls
    thread_id = str((config.get("configurable") or {}).get("thread_id", ""))
    for index, call in enumerate(calls, start=1):
        name, args = call["name"], dict(call["args"])
        if failed:
            replies.append(ToolMessage(content="Skipped: an earlier step failed.", tool_call_id=call["id"], name=name,
                                       status="error"))
            results.append({"name": name, "args": args, "ok": False, "skipped": True, "error": "skipped"})
            continue
        runtime.context.report_progress("tool", index - 1, len(calls), f"running {name}")
        tool = tools.get(name)
        try:
            if tool is None:
                raise LookupError(f"unknown tool {name!r}")
            # the tool reads the run context (workspace, progress, this call's durable key) from the LangGraph
            # runtime; the key stays the same when a crashed turn is resumed from its checkpoint
            runtime.context.call_key = f"{thread_id}:{call['id']}"
            reply = tool.invoke({"type": "tool_call", "id": call["id"], "name": name, "args": args}, config)
            output = dict(reply.artifact or {})
            replies.append(reply)
            results.append({"name": name, "args": args, "ok": True, "summary": output.get("summary", ""),
                            "data": output.get("data") or {}, "files": output.get("files") or []})
            memory.remember_result(name, args, output.get("data") or {})
        except GraphBubbleUp:
            raise
        except Exception as exc:  # every failure becomes a reply that says what to do next
            failure = describe_failure(name, exc)
            if failure["kind"] == "internal":
                log.exception("tool %s failed", name)
            failed = True
            replies.append(ToolMessage(content=f"Error: {failure['message']} Next: {failure['next']}",
                                       tool_call_id=call["id"], name=name, status="error"))
            results.append({"name": name, "args": args, "ok": False, "error": failure["message"],
                            "error_kind": failure["kind"], "next": failure["next"]})
    runtime.context.report_progress("tool", len(calls), len(calls), "tools done")
    return {"messages": replies, "results": results, "memory": memory.dump()}
