"""`creative_briefs` → `tools.strategist.api.creative_briefs`: N briefs, summarised for the reply."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tools.catalog.env import ProgressFn, ToolOutput
from tools.catalog.ops._common import import_area
from tools.core.jsonio import to_jsonable

if TYPE_CHECKING:
    from tools.catalog.args import CreativeBriefsArgs
    from tools.core.runtime import WorkspaceRuntime


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
