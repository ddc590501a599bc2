"""Graph state: what the checkpointer keeps per conversation thread.

`InputState` is what a caller sends for one turn (the message and its attachments); `State` adds what the nodes
keep: the remaining offline plan, this turn's tool results, the guard's refusals, the approval decision, the thread
memory for follow-ups, and the reply. Everything is plain data so any checkpointer can store it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any

from langchain_core.messages import AnyMessage
from langgraph.graph import add_messages


@dataclass
class InputState:
    messages: Annotated[Sequence[AnyMessage], add_messages] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)  # files attached to the latest message (data only)


@dataclass
class State(InputState):
    plan: list[dict[str, Any]] = field(default_factory=list)  # unused since the offline planner became a chat
    # model (its remaining steps ride in its messages); kept so threads checkpointed before still load
    results: list[dict[str, Any]] = field(default_factory=list)  # this turn: name, args, ok, summary, data, files
    blocked: list[dict[str, Any]] = field(default_factory=list)  # calls refused this turn, with why
    unrequested: list[str] = field(default_factory=list)  # ids of side-effecting calls the user's words did not ask
    # for: the approve node asks before they run
    notes: list[str] = field(default_factory=list)  # planner assumptions worth telling the user
    approval: dict[str, Any] | None = None  # the decision on this turn's approval request
    memory: dict[str, Any] = field(default_factory=dict)  # ThreadMemory, persisted per thread
    steps: int = 0  # planner calls this turn (guards against tool-calling loops)
    reply: str = ""
    bullets: int | None = None  # the reply as bullet points, at most this many (0: no cap); None: prose
    understood: str = ""  # the planner's "Understood: metric · scope · period" line, shown first in the reply
