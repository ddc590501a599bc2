"""The agent's public service: what the CLI (`hookline chat`) and the Slack app call.

    AgentService(runtime).chat(ChatRequest, plan_only=False, progress=None) -> ChatReply
    AgentService(runtime).resume(thread_id, ApprovalDecision, progress=None) -> ChatReply

Threads are keyed by workspace and thread id in the checkpointer, so memory and pending approvals survive restarts
and never cross workspaces. `plan_only` plans without running any tool and without importing langgraph (the
offline path answers in milliseconds). `progress` receives `ProgressEvent`s from long tools ("rendering 7/20").
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, field_validator

from agent.approvals import hitl_response, request_from_interrupt, review_reasons
from agent.checkpoint import sqlite_thread_exists
from agent.context import AgentContext
from agent.memory import ThreadMemory
from agent.messages import human_texts, last_ai_with_tool_calls, text_of, turn_results
from agent.planning.llm import LLMPlanner
from agent.policy import unrequested
from agent.replies import compose_reply, turn_files
from tools.core.domain.progress import ProgressEvent
from tools.core.errors import InputError
from tools.core.limits import check_variant_count

if TYPE_CHECKING:
    from agent.checkpoint import Checkpointer
    from agent.context import AgentContext
    from tools.core.runtime import WorkspaceRuntime


class ToolCallInfo(BaseModel):
    name: str
    args: dict[str, Any] = Field(default_factory=dict)


class ApprovalRequest(BaseModel):
    id: str
    thread_id: str
    summary: str
    actions: list[str] = Field(default_factory=lambda: ["approve", "reject", "edit_count"])
    details: dict[str, Any] = Field(default_factory=dict)


class ChatRequest(BaseModel):
    text: str
    thread_id: str
    user: str | None = None
    channel: str | None = None
    attachments: list[Path] = Field(default_factory=list)

    @field_validator("thread_id")
    @classmethod
    def _thread(cls, value: str) -> str:
        if not value or len(value) > 200 or any(ch.isspace() for ch in value):
            raise ValueError("thread_id must be 1-200 characters without spaces")
        return value


class ChatReply(BaseModel):
    reply: str
    tool_calls: list[ToolCallInfo] = Field(default_factory=list)
    attachments: list[str] = Field(default_factory=list)
    pending_approval: ApprovalRequest | None = None
    data: dict[str, Any] = Field(default_factory=dict)
    thread_id: str | None = None


class ApprovalDecision(BaseModel):
    approved: bool
    count: int | None = None
    note: str | None = None

    @field_validator("count")
    @classmethod
    def _count(cls, value: int | None) -> int | None:
        # an InputError (not a ValidationError) so every edge reports it as bad input naming the limit
        return None if value is None else check_variant_count(value, field="count", what="Approval count")


ProgressHandler = Callable[[ProgressEvent], None]

_APPROVE = re.compile(r"^\s*(?:yes|y|yep|yeah|approve[ds]?|go|go ahead|ok|okay|do it|ship it|lgtm|sure|confirm(?:ed)?|"
                      r"proceed|run it)\b", re.I)
_REJECT = re.compile(r"^\s*(?:no|n|nope|reject(?:ed)?|cancel|stop|abort|do not|don't|never ?mind|skip)\b", re.I)


def decision_from_text(text: str) -> ApprovalDecision | None:
    """Read "approve", "yes but only 8", "no" typed in a thread that waits for approval; None if it is neither."""
    if _REJECT.match(text):
        return ApprovalDecision(approved=False, note=text.strip()[:500])
    if _APPROVE.match(text):
        numbers = [int(n) for n in re.findall(r"\b(\d+)\b", text)]
        # "approve 500" is refused (InputError), not run with the original count as if the number was not there
        return ApprovalDecision(approved=True, count=numbers[0] if numbers else None, note=text.strip()[:500])
    return None


class PlanningRuntime:
    """The part of a workspace runtime the planning path needs (settings and workspace name): lets `--plan` answer
    without importing or opening the database."""

    def __init__(self, settings: Any, workspace: str | None = None) -> None:
        self.settings = settings
        self.workspace = workspace or settings.workspace


class AgentService:
    """One per workspace runtime; safe to share between threads (the graph and savers are). A `PlanningRuntime`
    is enough for `chat(..., plan_only=True)`."""

    def __init__(self, runtime: WorkspaceRuntime, *, chat_model: Any = None,
                 checkpointer: Checkpointer | None = None) -> None:
        self.runtime = runtime
        self.chat_model = chat_model
        self._checkpointer = checkpointer
        self._owns_checkpointer = checkpointer is None
        self._graph: Any = None
        self._lock = threading.Lock()

    # ---- public API ------------------------------------------------------------------------------------------
    def chat(self, request: ChatRequest, plan_only: bool = False,
             progress: ProgressHandler | None = None) -> ChatReply:
        attachments = [_existing(path) for path in request.attachments]
        if plan_only:
            return self._plan_only(request, attachments)
        pending = self.pending(request.thread_id)
        if pending is not None:
            decision = decision_from_text(request.text)
            if decision is not None:
                return self.resume(request.thread_id, decision, progress)
            return ChatReply(
                reply=f"Waiting for your approval first: {pending.summary}. Reply 'approve', 'reject', or "
                      "'approve 8' to change the count.",
                pending_approval=pending, thread_id=request.thread_id,
                tool_calls=[ToolCallInfo(**c) for c in pending.details.get("tool_calls", [])],
            )
        from langchain_core.messages import HumanMessage

        if self._retry_of_interrupted(request):
            return self.finish_interrupted(request.thread_id, progress)
        stale = self._approval_from_before_upgrade(request.thread_id) if decision_from_text(request.text) else None
        if stale is not None:
            return ChatReply(reply=stale, thread_id=request.thread_id)
        self.graph.invoke({"messages": [HumanMessage(content=request.text)], "attachments": attachments},
                          self._config(request.thread_id), context=self._context(request.user, request.channel,
                                                                                  progress))
        return self._reply(request.thread_id)

    def resume(self, thread_id: str, decision: ApprovalDecision,
               progress: ProgressHandler | None = None) -> ChatReply:
        pending = self.pending(thread_id)
        if pending is None:
            if self.interrupted(thread_id):  # approved, then the process died mid-tool: finish that turn
                return self.finish_interrupted(thread_id, progress)
            stale = self._approval_from_before_upgrade(thread_id)
            if stale is not None:
                raise InputError(stale, field="thread")
            raise InputError(f"Thread {thread_id!r} has nothing waiting for approval (it may have been approved or "
                             "rejected already).", field="thread")
        from langgraph.types import Command

        response = hitl_response(pending.details.get("tool_calls") or [], decision.model_dump())
        self.graph.invoke(Command(resume=response), self._config(thread_id),
                          context=self._context(None, None, progress))
        return self._reply(thread_id)

    def interrupted(self, thread_id: str) -> bool:
        """Whether the thread's last turn stopped half way (its process died after a checkpoint, e.g. mid-render)."""
        snapshot = self.graph.get_state(self._config(thread_id))
        return bool(snapshot.next) and not snapshot.interrupts

    def finish_interrupted(self, thread_id: str, progress: ProgressHandler | None = None) -> ChatReply:
        """Carry an interrupted turn on from its last checkpoint. Steps that had finished are not run again, and a
        tool that was running follows the job it had started (see `tools.core.agent_tool.CALL_KEY`), so rendering
        resumes where it stopped instead of starting over."""
        self.graph.invoke(None, self._config(thread_id), context=self._context(None, None, progress))
        return self._reply(thread_id)

    def _retry_of_interrupted(self, request: ChatRequest) -> bool:
        """The same request again on a thread whose turn for it stopped half way (a crash; Slack's worker retries)."""
        from langchain_core.messages import HumanMessage

        snapshot = self.graph.get_state(self._config(request.thread_id))
        if not snapshot.next or snapshot.interrupts:
            return False
        asked = [m for m in snapshot.values.get("messages") or [] if isinstance(m, HumanMessage)]
        return bool(asked) and text_of(asked[-1]).strip() == request.text.strip()

    def _approval_from_before_upgrade(self, thread_id: str) -> str | None:
        """What to tell a user answering an approval paused by the agent's earlier graph (its own approval node, not
        the human-in-the-loop middleware): it cannot be resumed, so they are told so and asked to send the request
        again, instead of hearing that nothing was waiting."""
        found = self.checkpointer.saver.get_tuple(self._config(thread_id))
        for _task, channel, value in (found.pending_writes or []) if found else []:
            for item in value if channel == "__interrupt__" and isinstance(value, list) else []:
                old = getattr(item, "value", None)
                if isinstance(old, dict) and "summary" in old and "action_requests" not in old:
                    asked = [m for m in found.checkpoint.get("channel_values", {}).get("messages") or []
                             if getattr(m, "type", None) == "human"]
                    request = f" ({text_of(asked[-1]).strip()!r})" if asked else ""
                    return (f"That approval ({old['summary']}) was asked before Hookline was upgraded and cannot be "
                            f"resumed; nothing was run. Send the request again{request} to be asked afresh.")
        return None

    def pending(self, thread_id: str) -> ApprovalRequest | None:
        """The approval this thread waits for, if any."""
        snapshot = self.graph.get_state(self._config(thread_id))
        calling = last_ai_with_tool_calls(snapshot.values.get("messages") or [])
        for item in snapshot.interrupts or ():
            found = request_from_interrupt(item.value, thread_id=thread_id,
                                           request_id=f"approval-{getattr(calling, 'id', None) or item.id}")
            if found is not None:
                return ApprovalRequest.model_validate(found)
        return None

    def close(self) -> None:
        if self._owns_checkpointer and self._checkpointer is not None:
            self._checkpointer.close()
            self._checkpointer = None
            self._graph = None

    # ---- internals -------------------------------------------------------------------------------------------
    @property
    def checkpointer(self) -> Checkpointer:
        with self._lock:
            if self._checkpointer is None:
                from agent.checkpoint import open_checkpointer

                self._checkpointer = open_checkpointer(self.runtime.settings)
            return self._checkpointer

    @property
    def graph(self) -> Any:
        if self._graph is None:
            from agent.graph import build_graph

            saver = self.checkpointer.saver
            with self._lock:
                if self._graph is None:
                    self._graph = build_graph(saver)
        return self._graph

    def _config(self, thread_id: str) -> dict[str, Any]:
        return {"configurable": {"thread_id": f"{self.runtime.workspace}:{thread_id}"}}

    def _context(self, user: str | None, channel: str | None, progress: ProgressHandler | None) -> AgentContext:

        def report(stage: str, done: int, total: int, message: str) -> None:
            if progress is not None:
                progress(ProgressEvent(stage=stage, done=done, total=total, message=message))

        return AgentContext(runtime=self.runtime, user=user, channel=channel, chat_model=self.chat_model,
                            progress=report)

    def _reply(self, thread_id: str) -> ChatReply:

        snapshot = self.graph.get_state(self._config(thread_id))
        values = snapshot.values
        results = turn_results(values.get("messages") or [])  # also while paused, before the reply is written
        pending = self.pending(thread_id)
        calls = [ToolCallInfo(name=r["name"], args=r.get("args") or {}) for r in results]
        data: dict[str, Any] = {
            "results": [{k: r.get(k) for k in ("name", "ok", "summary", "data", "files", "error", "error_kind", "next")}
                        for r in results],
            "notes": values.get("notes") or [],
            "understood": values.get("understood") or "",
        }
        if pending is not None:
            done = compose_reply(results, notes=values.get("notes")) if results else ""
            reasons = "; ".join(pending.details.get("reasons", []))
            ask = f"Approval needed: {pending.summary} ({reasons}). Approve or reject."
            reply = f"{done}\n{ask}" if done else ask
            calls += [ToolCallInfo(**c) for c in pending.details.get("tool_calls", [])]
        else:
            reply = values.get("reply") or compose_reply(results)
        return ChatReply(reply=reply, tool_calls=calls, attachments=turn_files(results), pending_approval=pending,
                         data=data, thread_id=thread_id)

    def _read_thread(self, thread_id: str) -> dict[str, Any]:
        """The thread's stored channel values, read straight from the saver (no graph, no langgraph.graph import)."""

        config = self._config(thread_id)
        if self._checkpointer is None and sqlite_thread_exists(self.runtime.settings,
                                                               config["configurable"]["thread_id"]) is False:
            return {}  # a new thread: nothing to read, no saver to open
        found = self.checkpointer.saver.get_tuple(config)
        return dict(found.checkpoint.get("channel_values") or {}) if found else {}

    def _plan_only(self, request: ChatRequest, attachments: list[str]) -> ChatReply:

        values = self._read_thread(request.thread_id)
        memory = ThreadMemory.load(values.get("memory"))
        question = None
        notes: list[str] = []
        understood = ""
        context = self._context(request.user, request.channel, None)
        model = context.planner_model()
        if model is not None:
            calls, question = self._plan_with_model(model, request, attachments, values, memory)
        else:
            from agent.planning.offline import OfflinePlanner

            plan = OfflinePlanner().plan(request.text, attachments=attachments, memory=memory,
                                         channel=request.channel, vocabulary=context.vocabulary())
            calls = [ToolCallInfo(name=c.name, args=c.args) for c in plan.calls]
            question = plan.question or plan.reply
            understood = plan.understood
            notes = ([f"planned offline: {context.model_error}"] if context.model_error else []) + plan.notes
        asked = [*human_texts(values.get("messages") or []), request.text]
        unasked_ids = unrequested([(str(i), c.name) for i, c in enumerate(calls)], asked, attachments=attachments,
                                  memory=memory, channel=request.channel)
        unasked = [c for i, c in enumerate(calls) if str(i) in unasked_ids]
        image_model = bool(self.runtime.settings.image_model)
        approvals = [reason for i, c in enumerate(calls) for reason in review_reasons(
            c.name, c.args, unrequested=str(i) in unasked_ids, image_model_configured=image_model)]
        if question and not calls:
            reply = question
        else:
            steps = "; ".join(f"{i}. {c.name}({', '.join(f'{k}={v}' for k, v in c.args.items())})"
                              for i, c in enumerate(calls, start=1))
            reply = f"Plan: {steps}" if calls else "Nothing to run."
            if understood:
                reply = f"{understood}\n{reply}"
            if approvals:
                reply += f". Will ask for approval: {'; '.join(approvals)}"
        return ChatReply(reply=reply, tool_calls=calls, thread_id=request.thread_id, data={
            "plan_only": True, "question": question, "needs_approval": approvals, "notes": notes,
            "understood": understood,
            "unrequested": [c.model_dump() for c in unasked],
            "planner": "llm" if model is not None else "offline",
        })

    def _plan_with_model(self, model: Any, request: ChatRequest, attachments: list[str], values: dict[str, Any],
                         memory: Any) -> tuple[list[ToolCallInfo], str | None]:
        from datetime import date

        from langchain_core.messages import HumanMessage


        message = LLMPlanner(model).next_message(
            [*(values.get("messages") or []), HumanMessage(content=request.text)], workspace=self.runtime.workspace,
            user=request.user, channel=request.channel, today=date.today().isoformat(), memory=memory.dump(),
            attachments=attachments,
        )
        calls = [ToolCallInfo(name=c["name"], args=c["args"]) for c in message.tool_calls]
        return calls, (text_of(message).strip() or None) if not calls else None


def _existing(path: Path) -> str:
    resolved = Path(path).expanduser()
    if not resolved.is_file():
        raise InputError(f"Attachment {str(path)!r} was not found or is not a file; attach it again.",
                         file=str(path), field="attachments")
    return str(resolved.resolve())
