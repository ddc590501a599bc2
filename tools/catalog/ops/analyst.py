"""`creative_insights`, `score_creatives`, `kill_scale_decisions` → `tools.analyst.api`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tools.catalog.env import ProgressFn, ToolOutput
from tools.catalog.ops._common import cli_period, existing_file, import_area, jsonable

if TYPE_CHECKING:
    from tools.catalog.args import CreativeInsightsArgs, KillScaleDecisionsArgs, ScoreCreativesArgs
    from tools.runtime import WorkspaceRuntime


def creative_insights(runtime: WorkspaceRuntime, args: CreativeInsightsArgs, progress: ProgressFn) -> ToolOutput:
    api = import_area("analyst")
    data = jsonable(api.creative_insights(runtime, metric=args.metric))
    insights = sorted(data.get("insights") or [], key=lambda i: abs(i.get("effect") or 0), reverse=True)
    if not insights:
        return ToolOutput(data=data, summary=f"No attribute moves {args.metric} measurably yet.")
    parts = [f"{i.get('attribute')}={i.get('value')} {float(i.get('effect') or 0):+.0%} (n={i.get('n')})"
             for i in insights[:3]]
    return ToolOutput(data=data, summary=f"Biggest drivers of {args.metric}: " + "; ".join(parts) + ".")


def score_creatives(runtime: WorkspaceRuntime, args: ScoreCreativesArgs, progress: ProgressFn) -> ToolOutput:
    api = import_area("analyst")
    file = existing_file(args.file, "file") if args.file else None
    data = jsonable(api.score_creatives(runtime, ad_ids=args.ad_ids or None, all=args.all, text=args.text,
                                        file=file))
    scores = data.get("scores") or []
    parts = [f"{s.get('id')}: {float(s.get('score') or 0):.0f}/100" for s in scores[:5]]
    more = f" (+{len(scores) - 5} more)" if len(scores) > 5 else ""
    return ToolOutput(data=data, summary=f"Scored {len(scores)}: " + "; ".join(parts) + more + ".")


def kill_scale_decisions(runtime: WorkspaceRuntime, args: KillScaleDecisionsArgs, progress: ProgressFn) -> ToolOutput:
    api = import_area("analyst")
    period = cli_period(runtime, args.period)
    data = jsonable(api.kill_scale_decisions(runtime, period=period))
    counts = {key: len(data.get(key) or []) for key in ("kill", "scale", "wait")}
    summary = f"For {period}: kill {counts['kill']}, scale {counts['scale']}, wait {counts['wait']}"
    return ToolOutput(data=data, summary=summary + ".")
