"""Approval: LangChain's human-in-the-loop middleware, asking before heavy, public or unrequested calls.

Every catalog tool is listed in `interrupt_on`; its `when` asks the tool's record (`AgentTool.approval`: more than
`MAX_VARIANTS_WITHOUT_APPROVAL` variants, GPU rendering, posting into a channel) and the guard (a side effect the
user's own words did not ask for). The pause is the middleware's batched interrupt, checkpointed, so a CLI process or
a Slack button may resume it later, even after a restart (`agent.approvals` converts Hookline's decision, including
"approve but only 8", into the `HITLResponse`). This subclass adds the reasons to each action request and records
the decision in the state for the reply.
"""

from __future__ import annotations

from typing import Any

from langchain.agents.middleware import HumanInTheLoopMiddleware, InterruptOnConfig
from langchain.agents.middleware.types import ToolCallRequest
from langchain_core.messages import ToolMessage
from langgraph.runtime import Runtime

from agent.approvals import describe_call, review_reasons
from agent.context import AgentContext
from agent.state import State
from tools.catalog.registry import TOOL_NAMES, TOOL_SPECS


def call_reasons(tool_call: dict[str, Any], state: Any, context: Any) -> list[str]:
    runtime = getattr(context, "runtime", None)
    image_model = bool(runtime is not None and runtime.settings.image_model)
    return review_reasons(tool_call["name"], tool_call["args"],
                          unrequested=tool_call.get("id") in (state.get("unrequested") or []),
                          image_model_configured=image_model)


def _needs_review(request: ToolCallRequest) -> bool:
    return bool(call_reasons(request.tool_call, request.state, request.runtime.context))


def _describe(tool_call: dict[str, Any], state: Any, runtime: Runtime[AgentContext]) -> str:
    return describe_call(tool_call["name"], tool_call["args"], state.get("memory") or {})


class ApprovalMiddleware(HumanInTheLoopMiddleware[State, AgentContext]):
    def __init__(self) -> None:
        config = InterruptOnConfig(allowed_decisions=["approve", "edit", "reject"], when=_needs_review,
                                   description=_describe)
        # batched: one pause per model step listing every gated call, before any of them runs (the contract the
        # CLI, Slack buttons and typed replies answer; per-call pauses would run ungated siblings first)
        super().__init__(interrupt_on={name: config for name in TOOL_NAMES}, edit_notice=None,
                         interrupt_mode="batched")

    def _create_action_and_config(self, tool_call: Any, config: Any, state: Any, runtime: Any) -> Any:
        action, review = super()._create_action_and_config(tool_call, config, state, runtime)
        return {**action, "reasons": call_reasons(tool_call, state, runtime.context)}, review

    def after_model(self, state: Any, runtime: Runtime[AgentContext]) -> dict[str, Any] | None:
        update = super().after_model(state, runtime)
        if not update or not update.get("messages"):
            return update  # nothing was gated
        gated = [call for call in update["messages"][0].tool_calls if call_reasons(call, state, runtime.context)]
        declined = [m for m in update["messages"][1:] if isinstance(m, ToolMessage)]
        edits = update.get("hitl_edited_tool_calls") or {}
        counts = [_count_of(edit) for edit in edits.values()]
        summary = "; ".join(describe_call(call["name"], call["args"], state.get("memory") or {}) for call in gated)
        return {**update, "approval": {"approved": not declined, "count": next((c for c in counts if c), None),
                                       "note": declined[0].content if declined else None, "summary": summary}}


def _count_of(edit: dict[str, Any]) -> int | None:
    tool = TOOL_SPECS.get(edit.get("name", ""))
    return (edit.get("args") or {}).get(tool.count_arg) if tool and tool.count_arg else None
