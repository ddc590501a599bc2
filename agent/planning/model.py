"""The offline planner as a LangChain chat model: `bind_tools`, then one `AIMessage(tool_calls=[...])` per step.

Why a chat model: the graph then has one planning path for both planners — the same messages in, the same kind of
message out, the same guard, approvals, tools, memory and checkpoints. The first step plans the whole request
(`OfflinePlanner`) and emits its first call; the calls still to come ride along in that message's
`additional_kwargs["hookline"]`, so the model itself keeps no state. Each later step reads the `ToolMessage`
artifacts that came back and binds the next call to them (the winner found → `ad:ID`, the best ad of a scope →
`ad:ID`, the blueprint extracted → its file); a failed step, or nothing left to do, ends the turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

from agent.memory import ThreadMemory
from agent.messages import text_of
from agent.planning.offline import OfflinePlanner
from agent.planning.types import PlannedCall

KEY = "hookline"  # additional_kwargs key: {"rest": [calls still to run], "notes", "understood", "bullets"}


class OfflineChatModel(BaseChatModel):
    """Deterministic tool-calling model over the offline planner (no network, no weights beyond MiniLM)."""

    memory: dict[str, Any] = Field(default_factory=dict)
    attachments: list[str] = Field(default_factory=list)
    channel: str | None = None
    vocabulary: dict[str, list[str]] = Field(default_factory=dict)
    bound: list[str] = Field(default_factory=list)  # names of the tools bound (all catalog tools when empty)

    @property
    def _llm_type(self) -> str:
        return "hookline-offline-planner"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> OfflineChatModel:  # type: ignore[override]
        names = [getattr(t, "name", None) or (t.get("name") if isinstance(t, dict) else str(t)) for t in tools]
        return self.model_copy(update={"bound": [n for n in names if n]})

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self.next_message(messages))])

    def next_message(self, messages: Sequence[BaseMessage]) -> AIMessage:
        start = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1)
        turn = list(messages[start + 1:])
        planned = next((m for m in reversed(turn) if isinstance(m, AIMessage) and KEY in m.additional_kwargs), None)
        if planned is None:
            if any(isinstance(m, AIMessage) for m in turn):
                return AIMessage(content="")  # a turn this model did not plan (or whose plan was dropped): done
            return self._first_step(text_of(messages[start]) if start >= 0 else "")
        return self._next_step(planned, turn)

    def _first_step(self, text: str) -> AIMessage:
        plan = OfflinePlanner().plan(text, attachments=self.attachments, memory=ThreadMemory.load(self.memory),
                                     channel=self.channel, vocabulary=self.vocabulary)
        meta = {"notes": plan.notes, "understood": plan.understood, "bullets": plan.bullets}
        calls = [c for c in plan.calls if not self.bound or c.name in self.bound]
        if plan.reply or plan.question or not calls:
            return AIMessage(content=plan.reply or plan.question or "", additional_kwargs={KEY: {**meta, "rest": []}})
        return AIMessage(content="", tool_calls=[calls[0].as_tool_call()],
                         additional_kwargs={KEY: {**meta, "rest": [c.model_dump() for c in calls[1:]]}})

    def _next_step(self, planned: AIMessage, turn: list[BaseMessage]) -> AIMessage:
        rest = list(planned.additional_kwargs[KEY].get("rest") or [])
        answers = [m for m in turn if isinstance(m, ToolMessage)]
        results = [{"name": m.name, "ok": m.status != "error", "data": (m.artifact or {}).get("data") or {}}
                   for m in answers]
        if not rest or not all(r["ok"] for r in results):
            return AIMessage(content="")
        call, note = bind_references(PlannedCall.model_validate(rest[0]), results, ThreadMemory.load(self.memory))
        if call is None:
            return AIMessage(content="", additional_kwargs={KEY: {"notes": [note] if note else [], "rest": []}})
        return AIMessage(content="", tool_calls=[call.as_tool_call()],
                         additional_kwargs={KEY: {"notes": [], "rest": rest[1:]}})


def bind_references(call: PlannedCall, results: list[dict[str, Any]],
                    memory: ThreadMemory) -> tuple[PlannedCall | None, str | None]:
    """Fill a step's symbolic source from what earlier steps produced; None (and why) when it cannot run."""
    if call.name != "generate_variants":
        return call, None
    source = call.args.get("source")
    if source == "winner":
        found = next((r for r in reversed(results) if r.get("name") in ("find_winners", "performance_query")), None)
        if found is not None and found.get("name") == "performance_query":
            rows = [r for r in (found.get("data") or {}).get("rows") or [] if r.get("group") and
                    r.get("enough_evidence")]
            if not rows:
                return None, "no variants were made because no ad in that scope had enough data to be the best"
            return PlannedCall(name=call.name, args={**call.args, "source": f"ad:{rows[0]['group']}"}), None
        if found is not None:
            winners = (found.get("data") or {}).get("winners") or []
            if not winners:
                return None, "no variants were made because no ad qualified as a winner"
            return PlannedCall(name=call.name, args={**call.args, "source": f"ad:{winners[0].get('ad_id')}"}), None
    if source == "blueprint":
        extracted = next((r for r in reversed(results) if r.get("name") == "extract_blueprint"), None)
        path = ((extracted or {}).get("data") or {}).get("blueprint_file") or memory.last_blueprint
        if path:
            return PlannedCall(name=call.name, args={**call.args, "source": f"blueprint:{path}"}), None
    return call, None
