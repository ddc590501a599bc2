"""LangChain-ready analyst tools: typed input schemas, JSON-able outputs, no printing.

`analyst_tools(runtime)` binds the workspace runtime and returns StructuredTools the agent can hand to a chat model;
`ANALYST_TOOL_SPECS` lists the same functions for agents that build their own wrappers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from tools.domain.analysis import Candidate

if TYPE_CHECKING:
    from tools.runtime import WorkspaceRuntime


class InsightsInput(BaseModel):
    metric: str = Field("ctr_link", description="ctr_link | hook_rate | cpa | roas")


class ScoreInput(BaseModel):
    ad_ids: list[str] = Field(default_factory=list, description="ad IDs or names to score (post-spend)")
    all: bool = Field(False, description="score every ad with delivery")
    text: str | None = Field(None, description="ad copy to score before launch")
    metric: str = Field("ctr_link", description="ctr_link | hook_rate | hold_rate | cvr | cpa | roas")


class DecideInput(BaseModel):
    period: str = Field("last-7-days", description="last-week | last-7-days | YYYY-MM-DD..YYYY-MM-DD")


class FatigueInput(BaseModel):
    metric: str = Field("ctr_link", description="ctr_link | hook_rate")


class PredictInput(BaseModel):
    candidates: list[Candidate] = Field(description="variants with attributes and/or headline/body copy")
    metric: str = Field("ctr_link")


class ClustersInput(BaseModel):
    file: str | None = Field(None, description="breakdown export path; default: the workspace's ad-set audiences")


@dataclass(frozen=True)
class ToolSpec:
    name: str
    description: str
    args_schema: type[BaseModel]
    run: Callable[[WorkspaceRuntime, BaseModel], Any]


def _insights(runtime: WorkspaceRuntime, args: InsightsInput) -> dict[str, Any]:
    from tools.analyst.api import creative_insights

    return creative_insights(runtime, metric=args.metric).model_dump(mode="json")


def _score(runtime: WorkspaceRuntime, args: ScoreInput) -> dict[str, Any]:
    from tools.analyst.api import score_creatives

    return score_creatives(runtime, ad_ids=args.ad_ids or None, all=args.all, text=args.text,
                           metric=args.metric).model_dump(mode="json")


def _decide(runtime: WorkspaceRuntime, args: DecideInput) -> dict[str, Any]:
    from tools.analyst.api import kill_scale_decisions

    return kill_scale_decisions(runtime, period=args.period).model_dump(mode="json")


def _fatigue(runtime: WorkspaceRuntime, args: FatigueInput) -> dict[str, Any]:
    from tools.analyst.api import creative_fatigue

    result = creative_fatigue(runtime, metric=args.metric)
    payload = result.model_dump(mode="json")
    payload["items"] = [i for i in payload["items"] if i["fatigued"]]
    return payload


def _predict(runtime: WorkspaceRuntime, args: PredictInput) -> list[dict[str, Any]]:
    from tools.analyst.api import predict_variants

    return [p.model_dump(mode="json") for p in predict_variants(runtime, args.candidates, metric=args.metric)]


def _clusters(runtime: WorkspaceRuntime, args: ClustersInput) -> dict[str, Any]:
    from tools.analyst.api import audience_clusters

    return audience_clusters(runtime, file=args.file).model_dump(mode="json")


ANALYST_TOOL_SPECS: list[ToolSpec] = [
    ToolSpec("creative_insights", "Which creative elements (hook type, format, offer, ...) raise or lower a metric, "
             "with 95 % intervals; only well-evidenced effects are claimed.", InsightsInput, _insights),  # type: ignore[arg-type]
    ToolSpec("score_creatives", "0-100 scores of ads (shrunk percentile) or of new copy before launch.",
             ScoreInput, _score),  # type: ignore[arg-type]
    ToolSpec("kill_scale_decisions", "Which ads to kill, scale or keep waiting on, with probabilities.",
             DecideInput, _decide),  # type: ignore[arg-type]
    ToolSpec("creative_fatigue", "Ads whose CTR or hook rate fell from their peak while frequency rose, and how "
             "long winners held target CPA.", FatigueInput, _fatigue),  # type: ignore[arg-type]
    ToolSpec("predict_variants", "Predicted CTR (or another metric) with an interval for new variants.",
             PredictInput, _predict),  # type: ignore[arg-type]
    ToolSpec("audience_clusters", "Named audience segments from age/gender/interest/hour breakdowns.",
             ClustersInput, _clusters),  # type: ignore[arg-type]
]


def analyst_tools(runtime: WorkspaceRuntime) -> list[Any]:
    """StructuredTools bound to one workspace (langchain-core imported lazily)."""
    from langchain_core.tools import StructuredTool

    tools = []
    for spec in ANALYST_TOOL_SPECS:
        def call(_spec: ToolSpec = spec, **kwargs: Any) -> Any:
            return _spec.run(runtime, _spec.args_schema(**kwargs))

        tools.append(StructuredTool.from_function(func=call, name=spec.name, description=spec.description,
                                                  args_schema=spec.args_schema))
    return tools
