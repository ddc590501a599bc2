"""Typed results of the strategist: creative briefs ("what should we make next?") and creative velocity.

Why typed: the CLI prints `model_dump(mode="json")`, Slack renders each brief with a "Make variants" button, the
agent summarises them and the weekly `briefs-digest` check-in posts them — all from these shapes. Effects are
fractions (+0.35 = 35 % better on the metric's own scale; for CPA: lower).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from tools.core.domain.performance import PeriodRange

BriefKind = Literal["double_down", "untested_combination", "iterate", "learn"]
Confidence = Literal["high", "medium", "low"]


class ElementEffect(BaseModel):
    """One element (attribute = value) with its measured effect on the brief's metric."""

    field: str
    value: str
    label: str
    effect: float | None = None
    ci: list[float | None] = Field(default_factory=list)
    n: int = 0
    conclusive: bool = False


class ReferenceAd(BaseModel):
    """An ad to look at while making the brief: one of ours (by ad id) or a stored competitor blueprint."""

    kind: Literal["own", "competitor"]
    ad_id: str | None = None
    name: str | None = None
    blueprint_id: int | None = None
    source: str | None = None
    why: str


class Brief(BaseModel):
    """One concept to make next, with the evidence behind it and how sure that evidence is."""

    title: str
    kind: BriefKind
    attributes: dict[str, str] = Field(default_factory=dict, description="elements to use: FIELD → VALUE")
    avoid: dict[str, str] = Field(default_factory=dict,
                                  description="elements the evidence says hurt: FIELD → VALUE(S), comma-separated")
    hook_archetype: str | None = None
    hooks: list[str] = Field(default_factory=list, description="example hooks in the brand's voice")
    formats: list[str] = Field(default_factory=list, description="placements to render (1x1, 4x5, 9x16)")
    why: str
    evidence: list[str] = Field(default_factory=list)
    estimate: float | None = Field(None, description="estimated lift on the metric over the account's average")
    estimate_ci: list[float | None] = Field(default_factory=list)
    untested: bool = False
    iteration_of: str | None = None
    reference_ads: list[ReferenceAd] = Field(default_factory=list)
    confidence: Confidence = "low"
    confidence_note: str = ""
    source: str = Field("", description="the creator's source for this brief (`hookline variants --from ...`)")


class Velocity(BaseModel):
    """Creative velocity (new creatives first delivered per week) against the weekly goal."""

    new_per_week: float | None = None
    target: float = 20.0
    gap: float | None = Field(None, description="creatives per week still missing to reach the target")
    weeks: list[dict[str, object]] = Field(default_factory=list, description="[{week_start, new}] oldest first")
    note: str = ""


class BriefsResult(BaseModel):
    """`creative_briefs`: N briefs from the workspace's own evidence, the velocity behind them, and the method."""

    period: PeriodRange
    metric: str
    briefs: list[Brief] = Field(default_factory=list)
    velocity: Velocity = Field(default_factory=Velocity)
    elements: list[ElementEffect] = Field(default_factory=list, description="the element effects used")
    n_requested: int = 3
    n_creatives: int = 0
    learning: bool = Field(False, description="too little evidence for findings: the briefs are tests to learn")
    method: str = ""
    notes: list[str] = Field(default_factory=list)
