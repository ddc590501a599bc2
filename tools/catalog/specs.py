"""The registry of agent tools: name, arguments, what it touches, and where its implementation lives.

`side_effect` tools change state (import data, write brand knowledge, render assets, schedule or cancel posts):
the agent runs them only when the user's own words ask for them. `public` tools post where other people see it.
Implementations are referenced by dotted path so that importing the registry stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tools.catalog import args as a

if TYPE_CHECKING:
    from tools.catalog.env import ProgressFn, ToolOutput
    from tools.core.runtime import WorkspaceRuntime

    ToolImpl = Callable[[WorkspaceRuntime, a.ToolArgs, ProgressFn], ToolOutput]


@dataclass(frozen=True)
class ToolSpec:
    name: str
    args: type[a.ToolArgs]
    impl: str  # "module:function" under tools.catalog.ops
    area: str  # the capability package it wraps (tools/<area>)
    action: str  # what it does, as a verb phrase for replies ("find the winners")
    side_effect: bool = False
    public: bool = False

    @property
    def description(self) -> str:
        return (self.args.__doc__ or self.name).strip()

    def load(self) -> ToolImpl:
        module_name, function = self.impl.split(":")
        return getattr(importlib.import_module(module_name), function)


_OPS = "tools.catalog.ops"
_SPECS = [
    ToolSpec("ingest_performance", a.IngestPerformanceArgs, f"{_OPS}.ingest:ingest_performance", "ingest",
             "import ad data", side_effect=True),
    ToolSpec("performance_report", a.PerformanceReportArgs, f"{_OPS}.performance:performance_report", "performance",
             "report performance"),
    ToolSpec("find_winners", a.FindWinnersArgs, f"{_OPS}.performance:find_winners", "performance",
             "find the winners"),
    ToolSpec("performance_query", a.PerformanceQueryArgs, f"{_OPS}.performance:performance_query", "performance",
             "answer the performance question"),
    ToolSpec("explain_change", a.ExplainChangeArgs, f"{_OPS}.performance:explain_change", "performance",
             "explain what drove the change"),
    ToolSpec("creative_fatigue", a.CreativeFatigueArgs, f"{_OPS}.performance:creative_fatigue", "performance",
             "find fatigued creatives"),
    ToolSpec("creative_insights", a.CreativeInsightsArgs, f"{_OPS}.analyst:creative_insights", "analyst",
             "explain what works"),
    ToolSpec("score_creatives", a.ScoreCreativesArgs, f"{_OPS}.analyst:score_creatives", "analyst",
             "score creatives"),
    ToolSpec("kill_scale_decisions", a.KillScaleDecisionsArgs, f"{_OPS}.analyst:kill_scale_decisions", "analyst",
             "recommend what to kill or scale"),
    ToolSpec("audience_clusters", a.AudienceClustersArgs, f"{_OPS}.analyst:audience_clusters", "analyst",
             "segment the audiences"),
    ToolSpec("extract_blueprint", a.ExtractBlueprintArgs, f"{_OPS}.extractor:extract_blueprint", "extractor",
             "break down the ad"),
    ToolSpec("brand_search", a.BrandSearchArgs, f"{_OPS}.brand:brand_search", "brand", "search the brand DNA"),
    ToolSpec("brand_add", a.BrandAddArgs, f"{_OPS}.brand:brand_add", "brand", "add to the brand DNA",
             side_effect=True),
    ToolSpec("generate_variants", a.GenerateVariantsArgs, f"{_OPS}.creator:generate_variants", "creator",
             "make variants", side_effect=True),
    ToolSpec("schedule_checkin", a.ScheduleCheckinArgs, f"{_OPS}.checkins:schedule_checkin", "checkins",
             "schedule the check-in", side_effect=True, public=True),
    ToolSpec("list_checkins", a.ListCheckinsArgs, f"{_OPS}.checkins:list_checkins", "checkins", "list check-ins"),
    ToolSpec("cancel_checkin", a.CancelCheckinArgs, f"{_OPS}.checkins:cancel_checkin", "checkins",
             "cancel the check-in", side_effect=True),
    ToolSpec("creative_briefs", a.CreativeBriefsArgs, f"{_OPS}.strategist:creative_briefs", "strategist",
             "propose what to make next"),
]
TOOL_SPECS: dict[str, ToolSpec] = {spec.name: spec for spec in _SPECS}
TOOL_NAMES: tuple[str, ...] = tuple(TOOL_SPECS)
SIDE_EFFECT_TOOLS: frozenset[str] = frozenset(name for name, spec in TOOL_SPECS.items() if spec.side_effect)


def get_spec(name: str) -> ToolSpec:
    try:
        return TOOL_SPECS[name]
    except KeyError:
        raise KeyError(f"unknown tool {name!r}; known tools: {', '.join(TOOL_NAMES)}") from None
