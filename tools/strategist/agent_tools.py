"""The agent tools of this area, each declared once as an `AgentTool` (tools/core/agent_tool.py).

`creative_briefs` → `tools.strategist.api.creative_briefs`: N briefs, summarised for the reply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from tools.core.agent_tool import AgentTool, ProgressFn, ToolArgs, ToolOutput
from tools.core.jsonio import to_jsonable
from tools.core.tool_args import Period
from tools.core.tool_helpers import import_area

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime


class CreativeBriefsArgs(ToolArgs):
    """Briefs for what to make next: winning elements, untested combinations, fatiguing winners to iterate on."""

    n: int = Field(3, ge=1, le=10, description="Number of briefs (1 to 10).")
    period: Period = "last-90-days"
    metric: Literal["ctr_link", "hook_rate", "cpa", "roas"] = Field("ctr_link", description="Metric to brief on.")



def creative_briefs(runtime: WorkspaceRuntime, args: CreativeBriefsArgs, progress: ProgressFn) -> ToolOutput:
    api = import_area("strategist")
    data = to_jsonable(api.creative_briefs(runtime, n=args.n, period=args.period, metric=args.metric))
    briefs = data.get("briefs") or []
    if not briefs:
        return ToolOutput(data=data, summary="No brief: " + " ".join(data.get("notes") or ["no evidence yet."]))
    lead = ("Too little evidence for findings yet, so these are tests to learn: " if data.get("learning")
            else f"{len(briefs)} briefs from {data['period']['start']}..{data['period']['end']}: ")
    parts = [f"{i}. {b['title']} ({'untested' if b['untested'] else 'iteration' if b['iteration_of'] else 'new'}, "
             f"confidence {b['confidence']})" for i, b in enumerate(briefs, start=1)]
    velocity = (data.get("velocity") or {}).get("note")
    return ToolOutput(data=data, summary=lead + "; ".join(parts) + "." + (f" Velocity: {velocity}" if velocity else ""))


TOOLS = (
    AgentTool("creative_briefs", CreativeBriefsArgs, creative_briefs, "strategist", "propose what to make next",
              examples=(
                  "what should we make next", "give me 3 briefs for next week", "creative briefs please",
                  "what should we test next", "brief me on the next concepts", "what ads should we shoot next",
                  "new concepts to make based on what works", "what combinations have we not tried",
              )),
)
