"""Thread memory: the facts a follow-up can refer to ("now make 5 more in Spanish", "same for October").

Kept in the graph state (so the checkpointer persists it per thread) as a plain dict; this model reads and
updates it. Updated only from tool results and the user's own requests, never from text inside ads or files.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


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
        """Update from a successful tool run."""
        self.last_tool = name
        self.last_args[name] = dict(args)
        if "period" in args:
            self.last_period = args["period"]
        if "metric" in args:
            self.last_metric = args["metric"]
        if name == "find_winners":
            winners = data.get("winners") or []
            if winners:
                top = winners[0]
                self.last_winner = {"ad_id": str(top.get("ad_id")), "ad_name": top.get("ad_name"),
                                    "metric": top.get("metric") or args.get("metric"), "value": top.get("value"),
                                    "period": data.get("period") or args.get("period")}
        elif name == "extract_blueprint" and data.get("blueprint_file"):
            self.last_blueprint = str(data["blueprint_file"])
        elif name == "generate_variants":
            self.last_source = args.get("source")
            self.last_n = args.get("n")
            self.last_language = args.get("language")
            self.last_formats = args.get("formats")
        elif name == "schedule_checkin" and data.get("id") is not None:
            self.last_checkin_id = str(data["id"])
        elif name == "cancel_checkin" and self.last_checkin_id == str(data.get("id")):
            self.last_checkin_id = None
