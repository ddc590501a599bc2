"""Typed results of the analyst: insights, scores, predictions, decisions, audience segments.

These are the boundary types the CLI, Slack, the agent and the creator consume (`model_dump(mode="json")`).
Ratios are fractions; money is in the account currency.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

InsightMetric = Literal["ctr_link", "hook_rate", "cpa", "roas"]
ScoreMetric = Literal["ctr_link", "hook_rate", "cvr", "cpa", "roas"]


class Insight(BaseModel):
    """Relative lift of a metric for creatives with `attribute == value` over comparable creatives without it."""

    attribute: str
    value: str
    metric: str
    effect: float | None = Field(description="+0.15 = 15 % better on the metric's own scale (CPA: lower).")
    ci: list[float | None] = Field(description="95 % interval of `effect`.")
    n: int = Field(description="creatives with this value that carry evidence")
    n_without: int = 0
    p_value: float | None = None
    conclusive: bool = Field(False, description="enough creatives on both sides and the effect survives FDR control")
    sentence: str = ""


class InsightsResult(BaseModel):
    metric: str
    insights: list[Insight]
    n_creatives: int
    method: str
    notes: list[str] = Field(default_factory=list)


class Prediction(BaseModel):
    """A predicted metric value with an interval (pre-launch, or the posterior for ads with spend)."""

    metric: str
    value: float | None
    interval: list[float | None]
    cold_start: bool = False
    model_version: int | None = None
    score: float | None = Field(None, description="0-100: percentile of `value` among the account's creatives")
    note: str | None = None


class CreativeScore(BaseModel):
    id: str
    name: str | None = None
    kind: Literal["post_spend", "pre_launch"]
    score: float | None = Field(None, description="0-100: percentile against the account's own creatives")
    percentile: float | None = None
    predicted: Prediction
    probability_beats_median: float | None = None
    evidence: dict[str, float | None] = Field(default_factory=dict)


class ModelInfo(BaseModel):
    version: int | None
    metric: str
    trained_at: datetime | None = None
    n_creatives: int = 0
    cold_start: bool = False
    uses_embeddings: bool = False
    learner: str | None = None
    validation: dict[str, float | None] = Field(default_factory=dict)


class ScoresResult(BaseModel):
    metric: str
    scores: list[CreativeScore]
    model: ModelInfo | None = None
    notes: list[str] = Field(default_factory=list)


class Candidate(BaseModel):
    """A new variant to rate before launch: attributes (hook type, format, ...) and/or copy and a blueprint."""

    id: str | None = None
    name: str | None = None
    hook: str | None = Field(None, description="The opening line, when it differs from the headline")
    headline: str | None = None
    body: str | None = None
    cta: str | None = None
    kind: str | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)
    blueprint: dict[str, Any] | None = None
    embedding: list[float] | None = Field(None, description="MiniLM embedding of the copy if the caller has one")


class Decision(BaseModel):
    ad_id: str
    ad_name: str | None = None
    action: Literal["kill", "scale", "wait"]
    reason: str
    probability: float | None = Field(None, description="posterior probability behind the action")
    metric: str
    value: float | None = None
    spend: float = 0.0
    impressions: int = 0
    age_days: int = 0


class DecisionsResult(BaseModel):
    period: dict[str, date]
    metric: str
    currency: str | None = None
    kill: list[Decision]
    scale: list[Decision]
    wait: list[Decision]
    rules: dict[str, float]
    notes: list[str] = Field(default_factory=list)


class AudienceSegment(BaseModel):
    id: int
    name: str
    members: int = Field(description="audience cells (age × gender × interest × ...) in the segment")
    spend_share: float
    kpis: dict[str, float | None]
    profile: dict[str, float] = Field(description="centroid z-scores of the performance profile")
    composition: dict[str, dict[str, float]] = Field(description="share of spend by breakdown value")


class ClustersResult(BaseModel):
    segments: list[AudienceSegment]
    k: int
    silhouette: float | None
    dimensions: list[str]
    features: list[str]
    source: str
    notes: list[str] = Field(default_factory=list)
