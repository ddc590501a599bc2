"""The Slack app's seam to the agent: run a turn or resume an approval, get back a plain `TurnResult`.

Why a seam: the agent (LangGraph, models) is heavy and must never load on the ack path; workers import it lazily on
first use. Normalising the agent's reply into `TurnResult` keeps Block Kit rendering and checkpointing independent
of the agent's classes (a `TurnResult` is stored in the ledger so a resumed job never re-runs the agent).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime

ProgressCallback = Callable[[Any], None]


class ApprovalInfo(BaseModel):
    """What the agent wants approved before it acts (e.g. render 20 variants)."""

    id: str
    thread_id: str
    summary: str = ""
    actions: list[str] = Field(default_factory=list)
    details: dict[str, Any] = Field(default_factory=dict)


class TurnResult(BaseModel):
    """One answer to post in the thread: text, structured numbers, files, and maybe an approval request."""

    reply: str = ""
    tool_calls: list[dict[str, Any]] = Field(default_factory=list)
    attachments: list[str] = Field(default_factory=list)
    approval: ApprovalInfo | None = None
    data: dict[str, Any] = Field(default_factory=dict)


def _plain(value: Any) -> Any:
    """pydantic models / dataclasses / paths → JSON-friendly values (the ledger stores results as JSON)."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(getattr(value, k)) for k in value.__dataclass_fields__}
    return value


def to_turn_result(reply: Any) -> TurnResult:
    """Convert the agent's `ChatReply` (duck-typed: reply, tool_calls, attachments, pending_approval, data)."""
    approval = getattr(reply, "pending_approval", None)
    tool_calls = [
        {"name": getattr(call, "name", None) or (call.get("name") if isinstance(call, dict) else str(call)),
         "args": _plain(getattr(call, "args", None) or (call.get("args") if isinstance(call, dict) else {}) or {})}
        for call in (getattr(reply, "tool_calls", None) or [])
    ]
    return TurnResult(
        reply=str(getattr(reply, "reply", "") or ""),
        tool_calls=tool_calls,
        attachments=[str(p) for p in (getattr(reply, "attachments", None) or [])],
        approval=ApprovalInfo(
            id=str(approval.id), thread_id=str(approval.thread_id), summary=str(getattr(approval, "summary", "")),
            actions=[str(a) for a in (getattr(approval, "actions", None) or [])],
            details=_plain(getattr(approval, "details", None) or {}),
        ) if approval is not None else None,
        data=_plain(getattr(reply, "data", None) or {}),
    )


class AgentGateway(Protocol):
    def chat(self, runtime: WorkspaceRuntime, *, text: str, thread_id: str, user: str | None, channel: str | None,
             attachments: list[Path], progress: ProgressCallback | None) -> TurnResult: ...

    def resume(self, runtime: WorkspaceRuntime, *, thread_id: str, approved: bool, count: int | None,
               note: str | None, progress: ProgressCallback | None) -> TurnResult: ...


class HooklineAgentGateway:
    """Drives `agent.service.AgentService`, one instance per workspace (models load once per process)."""

    def __init__(self) -> None:
        self._services: dict[str, Any] = {}
        self._lock = threading.Lock()

    def _service(self, runtime: WorkspaceRuntime) -> Any:
        with self._lock:
            service = self._services.get(runtime.workspace)
            if service is None:
                from agent.service import AgentService  # heavy: LangGraph, models — never on the ack path

                service = AgentService(runtime)
                self._services[runtime.workspace] = service
            return service

    def chat(self, runtime: WorkspaceRuntime, *, text: str, thread_id: str, user: str | None, channel: str | None,
             attachments: list[Path], progress: ProgressCallback | None) -> TurnResult:
        from agent.service import ChatRequest

        request = ChatRequest(text=text, thread_id=thread_id, user=user, channel=channel,
                              attachments=list(attachments))
        return to_turn_result(self._service(runtime).chat(request, progress=progress))

    def resume(self, runtime: WorkspaceRuntime, *, thread_id: str, approved: bool, count: int | None,
               note: str | None, progress: ProgressCallback | None) -> TurnResult:
        from agent.service import ApprovalDecision

        decision = ApprovalDecision(approved=approved, count=count, note=note)
        return to_turn_result(self._service(runtime).resume(thread_id, decision, progress=progress))
