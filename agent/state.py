"""Graph state: what the checkpointer keeps per conversation thread.

LangChain's `AgentState` (the messages) plus what Hookline's middleware keeps: the files attached to the latest
message, the calls the user's own words did not ask for, the planner's notes and "Understood" line, the approval
decision, the thread memory for follow-ups, and the reply. A turn's tool results are not kept twice: they are read
from its `ToolMessage`s (`agent.messages.turn_results`). Plain data, so any checkpointer can store it; field names
are those of earlier versions, so threads checkpointed before still load.
"""

from __future__ import annotations

from typing import Any, NotRequired

from langchain.agents import AgentState


class State(AgentState[Any]):
    attachments: NotRequired[list[str]]  # files attached to the latest message (data only)
    unrequested: NotRequired[list[str]]  # ids of side-effecting calls the user's words did not ask for
    notes: NotRequired[list[str]]  # planner assumptions worth telling the user
    approval: NotRequired[dict[str, Any] | None]  # the decision on this turn's approval request
    memory: NotRequired[dict[str, Any]]  # ThreadMemory, persisted per thread
    steps: NotRequired[int]  # model calls this turn (guards against tool-calling loops)
    reply: NotRequired[str]
    bullets: NotRequired[int | None]  # the reply as bullet points, at most this many (0: no cap); None: prose
    understood: NotRequired[str]  # the planner's "Understood: metric · scope · period" line, shown first
