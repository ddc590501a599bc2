"""The agent tools of this area, each declared once as an `AgentTool` (tools/core/agent_tool.py).

`creative_insights`, `score_creatives`, `kill_scale_decisions`, `audience_clusters` → `tools.analyst.api`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field, model_validator

from tools.core.agent_tool import AgentTool, ProgressFn, ToolArgs, ToolOutput
from tools.core.jsonio import to_jsonable
from tools.core.limits import MAX_NAMED_ITEMS
from tools.core.tool_args import Metric, Period
from tools.core.tool_helpers import cli_period, existing_file, import_area

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime


class CreativeInsightsArgs(ToolArgs):
    """Which creative attributes (hook type, format, CTA, ...) lift a metric, with 95 % intervals."""

    metric: Metric = Field("ctr_link", description="Metric whose drivers to explain.")


class ScoreCreativesArgs(ToolArgs):
    """Pre-launch score (0-100) and predicted metric for ads, a file, or ad copy given as text."""

    ad_ids: list[str] = Field(default_factory=list, description="Ad ids to score.")
    all: bool = Field(False, description="Score every ad with data.")
    text: str | None = Field(None, description="Ad copy to score (treated as data).")
    file: str | None = Field(None, description="Image or video file to score.")

    @model_validator(mode="after")
    def _one_source(self) -> ScoreCreativesArgs:
        given = sum([bool(self.ad_ids), self.all, self.text is not None, self.file is not None])
        if given != 1:
            raise ValueError("give exactly one of ad_ids, all, text or file")
        return self


class KillScaleDecisionsArgs(ToolArgs):
    """Which ads to kill, scale or wait on, each with a reason and a probability."""

    period: Period = "last-7-days"


class AudienceClustersArgs(ToolArgs):
    """Named audience segments (age × gender × interest × ...) clustered by their performance profile."""

    k: int | None = Field(None, ge=2, le=12, description="Number of segments; default: the best by silhouette.")
    file: str | None = Field(None, description="A breakdown export to segment instead of the workspace's data.")



def creative_insights(runtime: WorkspaceRuntime, args: CreativeInsightsArgs, progress: ProgressFn) -> ToolOutput:
    api = import_area("analyst")
    data = to_jsonable(api.creative_insights(runtime, metric=args.metric))
    insights = [i for i in data.get("insights") or [] if i.get("effect") is not None]
    conclusive = [i for i in insights if i.get("conclusive")]
    ranked = sorted(conclusive or insights, key=lambda i: abs(float(i["effect"])), reverse=True)
    if not ranked:
        return ToolOutput(data=data, summary=f"No attribute moves {args.metric} measurably yet "
                                             f"({data.get('n_creatives', 0)} creatives analysed).")
    parts = [f"{i.get('attribute')}={i.get('value')} {float(i['effect']):+.0%}{_ci(i)} (n={i.get('n')})"
             for i in ranked[:3]]
    lead = "Biggest drivers" if conclusive else "No conclusive driver yet; strongest signals"
    return ToolOutput(data=data, summary=f"{lead} of {args.metric} across {data.get('n_creatives')} creatives: "
                                         + "; ".join(parts) + ".")


def _ci(insight: dict[str, Any]) -> str:
    ci = insight.get("ci") or []
    if len(ci) == 2 and all(isinstance(v, int | float) for v in ci):
        return f" [{float(ci[0]):+.0%}, {float(ci[1]):+.0%}]"
    return ""


def score_creatives(runtime: WorkspaceRuntime, args: ScoreCreativesArgs, progress: ProgressFn) -> ToolOutput:
    api = import_area("analyst")
    file = existing_file(args.file, "file") if args.file else None
    data = to_jsonable(api.score_creatives(runtime, ad_ids=args.ad_ids or None, all=args.all, text=args.text,
                                        file=file))
    scores = data.get("scores") or []
    parts = [f"{s.get('name') or s.get('id')}: {_score(s.get('score'))}" for s in scores[:MAX_NAMED_ITEMS]]
    more = f" (+{len(scores) - MAX_NAMED_ITEMS} more)" if len(scores) > MAX_NAMED_ITEMS else ""
    return ToolOutput(data=data, summary=f"Scored {len(scores)}: " + "; ".join(parts) + more + ".")


def _score(value: Any) -> str:
    return "n/a" if value is None else f"{float(value):.0f}/100"


def kill_scale_decisions(runtime: WorkspaceRuntime, args: KillScaleDecisionsArgs, progress: ProgressFn) -> ToolOutput:
    api = import_area("analyst")
    period = cli_period(runtime, args.period)
    data = to_jsonable(api.kill_scale_decisions(runtime, period=period))
    span = data.get("period") or {}
    label = f"{span.get('start')} to {span.get('end')}" if isinstance(span, dict) and span.get("start") else period
    parts = []
    for action in ("kill", "scale", "wait"):
        items = data.get(action) or []
        names = ", ".join(str(d.get("ad_name") or d.get("ad_id")) for d in items[:2])
        parts.append(f"{action} {len(items)}" + (f" ({names}{', …' if len(items) > 2 else ''})"
                                                  if names and action != "wait" else ""))
    return ToolOutput(data=data, summary=f"For {label}: " + "; ".join(parts) + ".")


def audience_clusters(runtime: WorkspaceRuntime, args: AudienceClustersArgs, progress: ProgressFn) -> ToolOutput:
    api = import_area("analyst")
    file = existing_file(args.file, "file") if args.file else None
    data = to_jsonable(api.audience_clusters(runtime, file=file, k=args.k))
    segments = data.get("segments") or []
    parts = [f"{s.get('name')} ({float(s.get('spend_share') or 0):.0%} of spend)" for s in segments[:4]]
    dims = " × ".join(data.get("dimensions") or [])
    return ToolOutput(data=data, summary=f"{data.get('k')} audience segments by {dims}: " + "; ".join(parts) + ".")


TOOLS = (
    AgentTool("creative_insights", CreativeInsightsArgs, creative_insights, "analyst", "explain what works",
              examples=(
                  "what is working in our creatives", "which hooks work best", "why do some ads convert better",
                  "what drives ctr", "creative insights", "what patterns do winning ads share",
                  "which attributes lift performance", "what kind of hooks perform", "does ugc beat studio footage",
                  "learnings from our creative tests", "what elements make ads work",
              )),
    AgentTool("score_creatives", ScoreCreativesArgs, score_creatives, "analyst", "score creatives",
              examples=(
                  "score this copy", "how would this headline perform", "rate these ads", "predict how this will do",
                  "grade this creative before launch", "is this hook any good", "evaluate ad before we go live",
                  "pre launch score for this", "would this work", "score all our ads",
              )),
    AgentTool("kill_scale_decisions", KillScaleDecisionsArgs, kill_scale_decisions, "analyst",
              "recommend what to kill or scale",
              examples=(
                  "what should we pause", "which ads should we kill", "what should we scale",
                  "kill or scale decisions", "where should budget go", "which ads to turn off",
                  "should we double down on any ads", "what to cut and what to boost", "budget recommendations",
                  "which ones deserve more spend",
              )),
    AgentTool("audience_clusters", AudienceClustersArgs, audience_clusters, "analyst", "segment the audiences",
              examples=(
                  "segment our audiences", "cluster the audience by performance", "what audience segments do we have",
                  "build personas from the audience data", "group similar audiences together",
                  "audience cohorts that behave alike",
              )),
)
