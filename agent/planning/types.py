"""Plan types shared by both planners and the `--plan` path."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, Field


class PlannedCall(BaseModel):
    name: str
    args: dict[str, Any] = Field(default_factory=dict)

    def as_tool_call(self) -> dict[str, Any]:
        """The LangChain `ToolCall` dict for this call (what an `AIMessage.tool_calls` holds)."""
        return {"name": self.name, "args": dict(self.args), "id": f"call_{uuid.uuid4().hex[:24]}", "type": "tool_call"}


class Plan(BaseModel):
    """What the planner made of one request: ordered tool calls, or a question, or a direct reply."""

    calls: list[PlannedCall] = Field(default_factory=list)
    question: str | None = None  # asked when the request is unclear; no tool runs
    reply: str | None = None  # answered without tools (help, greetings)
    intents: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # assumptions worth telling the user ("assumed last week")
    bullets: int | None = None  # "in 3 bullets for my boss": the reply as at most 3 bullet points (0: no cap)
    understood: str = ""  # "Understood: ROAS · Testimonial (hook type) · 1 Nov – 15 Nov": what will be computed

    @property
    def tool_names(self) -> list[str]:
        return [call.name for call in self.calls]
