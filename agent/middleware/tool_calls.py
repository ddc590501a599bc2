"""Tool calls: run each inside the workspace of the run context and record its result in the `ToolMessage`.

Around every call (`wrap_tool_call`): progress ("running generate_variants"), the call's durable key for queue jobs
(`<thread>:<call id>`, the same when a crashed turn resumes from its checkpoint, so a render follows the job it had
started), and a result record in the message's artifact (name, the args that ran, ok, summary, data, files; or the
failure with what to do next). Records live in the messages, not in a shared state field, because `ToolNode` runs
the calls of one model message as parallel tasks. The offline planner chains steps from these records; a failed
step ends its plan (a variant batch never starts when finding its winner failed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from langchain.agents.middleware import AgentMiddleware
from langchain.agents.middleware.types import ToolCallRequest
from langchain_core.messages import ToolMessage
from langgraph.errors import GraphBubbleUp

from agent.context import AgentContext
from agent.errors import describe_failure
from agent.messages import text_of
from agent.state import State
from tools.catalog.registry import TOOL_SPECS
from tools.core.agent_tool import CALL_KEY

log = logging.getLogger(__name__)


class ToolCallMiddleware(AgentMiddleware[State, AgentContext]):
    state_schema = State

    def wrap_tool_call(self, request: ToolCallRequest, handler: Callable[[ToolCallRequest], Any]) -> Any:
        call = request.tool_call
        name, args = call["name"], dict(call["args"])
        context: AgentContext = request.runtime.context
        thread_id = str((request.runtime.config.get("configurable") or {}).get("thread_id", ""))
        context.report_progress("tool", 0, 1, f"running {name}")
        token = CALL_KEY.set(f"{thread_id}:{call['id']}")
        try:
            spec = TOOL_SPECS.get(name)
            if spec is None:
                raise LookupError(f"unknown tool {name!r}")
            spec.args.model_validate(args)  # the record's model says what a bad argument should have been
            reply = handler(request)
        except GraphBubbleUp:
            raise
        except Exception as exc:  # every failure becomes a reply that says what to do next
            failure = describe_failure(name, exc)
            if failure["kind"] == "internal":
                log.exception("tool %s failed", name)
            return _failure(call, failure)
        finally:
            CALL_KEY.reset(token)
        context.report_progress("tool", 1, 1, f"{name} done")
        if not isinstance(reply, ToolMessage):
            return reply
        if reply.status == "error":  # refused by the tool node itself
            return _failure(call, {**describe_failure(name, RuntimeError()), "message": text_of(reply)})
        output = dict(reply.artifact or {})
        record = {"name": name, "args": args, "ok": True, "summary": output.get("summary", ""),
                  "data": output.get("data") or {}, "files": output.get("files") or []}
        return reply.model_copy(update={"artifact": record})


def _failure(call: Any, failure: dict[str, Any]) -> ToolMessage:
    record = {"name": call["name"], "args": dict(call["args"]), "ok": False, "error": failure["message"],
              "error_kind": failure["kind"], "next": failure["next"]}
    return ToolMessage(content=f"Error: {failure['message']} Next: {failure['next']}", tool_call_id=call["id"],
                       name=call["name"], status="error", artifact=record)
