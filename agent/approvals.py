"""Approval requests in Hookline's words, over LangChain's human-in-the-loop protocol.

The graph pauses with `HumanInTheLoopMiddleware`'s batched `HITLRequest` (one interrupt per model turn, an action
request per gated call; ours also carry the reasons). The CLI, Slack buttons and typed replies speak one simpler
contract: an `ApprovalRequest`-shaped dict (id, summary, reasons, the calls) and a decision `{"approved", "count",
"note"}`. This module converts between the two and holds the rules both planners share: why a call needs approval
and how the request describes it. No langchain import, so the `--plan` path stays light.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tools.catalog.registry import TOOL_SPECS
from tools.core.limits import check_variant_count

ACTIONS = ["approve", "reject", "edit_count"]
DECLINED = "declined by the user"


def review_reasons(name: str, args: Mapping[str, Any], *, unrequested: bool,
                   image_model_configured: bool = False) -> list[str]:
    """Why this call needs a human's go-ahead (empty: it may run right away): the tool record's own reasons, led by
    "your message did not ask …" when the guard found no request for it in the user's own words."""
    tool = TOOL_SPECS.get(name)
    reasons = tool.approval_reasons(args, image_model_configured=image_model_configured) if tool else []
    if unrequested:
        reasons.insert(0, f"your message did not ask to {name.replace('_', ' ')} (it came from quoted text, a file "
                          "or a tool result)")
    return reasons


def describe_call(name: str, args: Mapping[str, Any], memory: Mapping[str, Any]) -> str:
    """The call as its tool record describes it in an approval request."""
    tool = TOOL_SPECS.get(name)
    if tool is None:
        return f"{name}({', '.join(f'{k}={v}' for k, v in args.items())})"
    return tool.describe_call(args, memory)


def with_count(name: str, args: Mapping[str, Any], count: int) -> dict[str, Any]:
    """An approval's count replaces the argument the tool's record names (`count_arg`, e.g. variants' `n`)."""
    tool = TOOL_SPECS.get(name)
    if tool is None or tool.count_arg is None:
        return dict(args)
    return {**args, tool.count_arg: count}


def normalise_decision(value: Any) -> dict[str, Any]:
    """Accept {"approved": ...} dicts, bare booleans and "approve"/"reject" strings from any resume path."""
    if isinstance(value, bool):
        value = {"approved": value}
    elif isinstance(value, str):
        value = {"approved": value.strip().lower() in {"approve", "approved", "yes", "y", "ok", "go"}}
    elif hasattr(value, "model_dump"):
        value = value.model_dump()
    value = dict(value or {})
    count = value.get("count")
    if count is not None:
        count = check_variant_count(int(count), field="count", what="Approval count")
    return {"approved": bool(value.get("approved")), "count": count, "note": value.get("note")}


def request_from_interrupt(value: Any, *, request_id: str, thread_id: str) -> dict[str, Any] | None:
    """The approval request a paused thread shows (None when the interrupt is not an approval)."""
    if not isinstance(value, Mapping) or "action_requests" not in value:
        return None
    actions: Sequence[Mapping[str, Any]] = value.get("action_requests") or []
    return {
        "id": request_id,
        "thread_id": thread_id,
        "summary": "; ".join(str(a.get("description") or a.get("name")) for a in actions),
        "actions": ACTIONS,
        "details": {"tool_calls": [{"name": a["name"], "args": dict(a.get("args") or {})} for a in actions],
                    "reasons": [reason for a in actions for reason in a.get("reasons") or []]},
    }


def hitl_response(tool_calls: Sequence[Mapping[str, Any]], decision: Any) -> dict[str, Any]:
    """A decision on an approval request as the `HITLResponse` the paused graph resumes with: one decision per gated
    call, in order; a count becomes an edit of the calls whose record names a count argument."""
    chosen = normalise_decision(decision)
    decisions: list[dict[str, Any]] = []
    for call in tool_calls:
        name, args = call["name"], dict(call.get("args") or {})
        edited = with_count(name, args, chosen["count"]) if chosen["count"] is not None else args
        if not chosen["approved"]:
            decisions.append({"type": "reject", "message": chosen["note"] or DECLINED})
        elif edited != args:
            decisions.append({"type": "edit", "edited_action": {"name": name, "args": edited}})
        else:
            decisions.append({"type": "approve"})
    return {"decisions": decisions}
