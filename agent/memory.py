"""Thread memory: the facts a follow-up can refer to ("now make 5 more in Spanish", "same for October").

Kept in the graph state (so the checkpointer persists it per thread) as a plain dict; this model reads and
updates it. Updated only from tool results and the user's own requests, never from text inside ads or files.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from tools.catalog.registry import TOOL_SPECS


class ThreadMemory(BaseModel):
    last_tool: str | None = None
    last_args: dict[str, dict[str, Any]] = Field(default_factory=dict)  # per tool: the args it last ran with
    last_source: str | None = None  # resolved generate source: "ad:123" | "blueprint:/path.json"
    last_n: int | None = None
    last_language: str | None = None
    last_formats: list[str] | None = None
    last_winner: dict[str, Any] | None = None  # {"ad_id", "ad_name", "metric", "value", "period"}
    last_blueprint: str | None = None  # path of the latest blueprint JSON
    last_period: str | None = None
    last_metric: str | None = None
    last_checkin_id: str | None = None
    attachments: list[str] = Field(default_factory=list)  # files attached earlier in the thread

    @classmethod
    def load(cls, value: dict[str, Any] | None) -> ThreadMemory:
        return cls.model_validate(value or {})

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def remember_result(self, name: str, args: dict[str, Any], data: dict[str, Any]) -> None:
        """Update from a successful tool run: period and metric for every tool, the rest as its record says."""
        self.last_tool = name
        self.last_args[name] = dict(args)
        if "period" in args:
            self.last_period = args["period"]
        if "metric" in args:
            self.last_metric = args["metric"]
        tool = TOOL_SPECS.get(name)
        if tool is not None:
            for key, value in tool.memory_updates(args, data, self.dump()).items():
                setattr(self, key, value)
