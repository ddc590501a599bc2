"""Typed arguments of the 18 agent tools (pydantic v2). Light on purpose: the offline planner validates plans with
them on the `--plan` path, and the LLM planner shows their JSON schema to the model.

Field descriptions are what a model reads; keep them short and exact.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from tools.core.limits import MAX_VARIANTS
from tools.core.periods import PERIOD_HELP, validate_period

Period = Annotated[str, AfterValidator(validate_period), Field(description=f"Reporting period: {PERIOD_HELP}.")]
WinnerMetric = Literal["roas", "cpa", "ctr_link", "hook_rate"]
Metric = Literal["roas", "cpa", "ctr_link", "ctr_all", "hook_rate", "hold_rate", "cpm", "cpc_link"]
AdFormat = Literal["1x1", "4x5", "9x16"]
BrandKind = Literal["voice", "guideline", "value_prop", "banned", "palette", "script"]
CheckinJob = Literal["weekly-report", "fatigue-alerts", "winners-digest", "velocity-check", "briefs-digest"]
# every KPI `performance_query` computes (tools/performance/kpis.py); explain splits all but the timeline ones
QueryMetric = Literal["spend", "impressions", "reach", "link_clicks", "clicks_all", "purchases", "revenue", "leads",
                      "ctr_link", "ctr_all", "cpm", "cpc_link", "cpa", "cost_per_lead", "roas", "hook_rate",
                      "hold_rate", "frequency", "freshness_rate", "creative_velocity"]
ExplainMetric = Literal["spend", "impressions", "reach", "link_clicks", "clicks_all", "purchases", "revenue", "leads",
                        "ctr_link", "ctr_all", "cpm", "cpc_link", "cpa", "cost_per_lead", "roas", "hook_rate",
                        "hold_rate", "frequency"]
_FILTER = re.compile(r"^[^=!]+!?=.+$")


def _compare(value: str | None) -> str | None:
    """'previous' or a period of the one grammar."""
    if value is None or value.strip().lower() == "previous":
        return None if value is None else "previous"
    return validate_period(value)


def _filters(values: list[str]) -> list[str]:
    for value in values:
        if not _FILTER.match(value.strip()):
            raise ValueError(f"filter {value!r} must be FIELD=VALUE or FIELD!=VALUE, e.g. 'format=UGC video'")
    return values


Compare = Annotated[str | None, AfterValidator(_compare),
                    Field(description="'previous' (the period of equal length just before) or another period.")]
Where = Annotated[list[str], AfterValidator(_filters),
                  Field(description="Filters 'FIELD=VALUE' or 'FIELD!=VALUE' (AND across fields, OR within one): "
                                    "ad (id or name), campaign, adset, kind, any creative attribute (format, "
                                    "hook_type, ...), audience (age, gender, interest, placement, country).")]

_SOURCE = re.compile(r"^(winner|blueprint|ad:[^\s]+|blueprint:.+|brief:[^\s]+)$")
_LANGUAGE = re.compile(r"^[a-z]{2}(-[A-Z]{2})?$")
_CRON = re.compile(r"^\S+\s+\S+\s+\S+\s+\S+\s+\S+$")
_EVERY = re.compile(r"^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|day|weekday) \d{1,2}:\d{2}$")


class ToolArgs(BaseModel):
    """Base: unknown fields are an error, so a planner cannot smuggle options a tool does not have."""

    model_config = ConfigDict(extra="forbid")


class IngestPerformanceArgs(ToolArgs):
    """Import ad-performance exports (Meta, TikTok or generic CSV/XLSX) into the workspace."""

    paths: list[str] = Field(min_length=1, description="Export files to import (CSV or XLSX).")
    source: Literal["auto", "meta", "tiktok", "generic"] = Field("auto", description="Export format.")
    mapping: str | None = Field(None, description="Optional YAML column mapping file for generic exports.")


class PerformanceReportArgs(ToolArgs):
    """KPIs for a period (spend, ROAS, CPA, CTR, hook rate, ...), top/bottom creatives, fatigue, charts."""

    period: Period = "last-week"
    charts: bool = Field(True, description="Render charts as PNG files.")


class FindWinnersArgs(ToolArgs):
    """The best creatives of a period on one metric, among those with enough spend and impressions."""

    period: Period = "last-week"
    metric: WinnerMetric = Field("roas", description="Metric that decides the winner.")
    top: int = Field(5, ge=1, le=50, description="How many winners to return.")


class CreativeInsightsArgs(ToolArgs):
    """Which creative attributes (hook type, format, CTA, ...) lift a metric, with 95 % intervals."""

    metric: Metric = Field("ctr_link", description="Metric whose drivers to explain.")


class CreativeBriefsArgs(ToolArgs):
    """Briefs for what to make next: winning elements, untested combinations, fatiguing winners to iterate on."""

    n: int = Field(3, ge=1, le=10, description="Number of briefs (1 to 10).")
    period: Period = "last-90-days"
    metric: Literal["ctr_link", "hook_rate", "cpa", "roas"] = Field("ctr_link", description="Metric to brief on.")


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


class ExtractBlueprintArgs(ToolArgs):
    """Deconstruct an ad (video, image or copy file, or URL) into a blueprint: shots, cuts, pace, hook, copy."""

    source: str = Field(min_length=1, description="Path of an attached file, or a URL.")
    store: bool = Field(True, description="Keep the blueprint in the workspace.")


class BrandSearchArgs(ToolArgs):
    """Search the Brand DNA (voice, guidelines, value props, banned words, palette, scripts)."""

    query: str = Field(min_length=1, description="What to look up.")
    k: int = Field(5, ge=1, le=50, description="How many passages to return.")
    kinds: list[BrandKind] | None = Field(None, description="Restrict to these kinds.")


class BrandAddArgs(ToolArgs):
    """Add brand knowledge from attached documents or from text the user gave."""

    text: str | None = Field(None, description="Brand text to remember.")
    paths: list[str] = Field(default_factory=list, description="Brand documents (PDF, DOCX, TXT, MD).")
    kind: BrandKind | None = Field(None, description="What the text is; inferred when absent.")

    @model_validator(mode="after")
    def _something(self) -> BrandAddArgs:
        if not self.text and not self.paths:
            raise ValueError("give text or paths")
        return self


class GenerateVariantsArgs(ToolArgs):
    """Generate on-brand ad variants (copy + rendered assets) from a winner, an ad or a blueprint."""

    source: str = Field(
        "winner",
        description="'winner' (the current winner), 'ad:ID', 'blueprint:FILE', 'blueprint' (the blueprint just "
        "extracted in this conversation), or 'brief:FIELD=VALUE+...' (a creative brief's elements).",
    )
    n: int = Field(20, ge=1, le=MAX_VARIANTS, description=f"Number of variants (1 to {MAX_VARIANTS}).")
    formats: list[AdFormat] = Field(default_factory=lambda: ["1x1", "4x5", "9x16"], min_length=1)
    video: bool = Field(False, description="Also render video variants (GPU).")
    language: str | None = Field(None, description="ISO 639-1 language code of the copy, e.g. 'es'.")

    @field_validator("source")
    @classmethod
    def _source(cls, value: str) -> str:
        if not _SOURCE.match(value):
            raise ValueError("source must be 'winner', 'blueprint', 'ad:ID', 'blueprint:FILE' or "
                             "'brief:FIELD=VALUE+...'")
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is not None and not _LANGUAGE.match(value):
            raise ValueError("language must be an ISO 639-1 code such as 'es' or 'pt-BR'")
        return value


class ScheduleCheckinArgs(ToolArgs):
    """Schedule a recurring check-in posted into a Slack channel."""

    job: CheckinJob = Field(description="What to post.")
    channel: str = Field(min_length=2, description="Slack channel: '#name' or a channel id such as C0123.")
    cron: str | None = Field(None, description="Cron expression, e.g. '0 9 * * MON'.")
    every: str | None = Field(None, description="'monday 9:00', 'day 8:30' or 'weekday 9:00'.")
    tz: str | None = Field(None, description="IANA time zone, e.g. Europe/Paris.")

    @model_validator(mode="after")
    def _when(self) -> ScheduleCheckinArgs:
        if (self.cron is None) == (self.every is None):
            raise ValueError("give exactly one of cron or every")
        if self.cron is not None and not _CRON.match(self.cron.strip()):
            raise ValueError("cron must have five fields, e.g. '0 9 * * MON'")
        if self.every is not None and not _EVERY.match(self.every):
            raise ValueError("every must look like 'monday 9:00', 'day 8:30' or 'weekday 9:00'")
        return self


class ListCheckinsArgs(ToolArgs):
    """List the scheduled check-ins of this workspace."""


class CancelCheckinArgs(ToolArgs):
    """Cancel a scheduled check-in, by id or by job and/or channel when that names exactly one."""

    id: str | None = Field(None, description="Check-in id.")
    job: CheckinJob | None = None
    channel: str | None = None

    @model_validator(mode="after")
    def _which(self) -> CancelCheckinArgs:
        if not (self.id or self.job or self.channel):
            raise ValueError("give the check-in id, or its job and/or channel")
        return self


class PerformanceQueryArgs(ToolArgs):
    """Any KPI of any scope: filter ads (where), break down (by), compare with another period, trend by day/week/
    month. For 'spend on testimonial ads', 'best UGC ads by ROAS', 'compare UGC vs studio', 'ROAS last 14 days',
    'CPA trend', 'which age group has the lowest CPA'. The result's `understood` says exactly what was computed."""

    metrics: list[QueryMetric] = Field(default_factory=list, description="KPIs to compute; empty = spend, "
                                                                         "impressions, CTR and result metrics.")
    period: Period = "last-week"
    compare: Compare = None
    where: Where = Field(default_factory=list)
    by: str | None = Field(None, description="Group by this field: ad, campaign, adset, kind, an attribute, an "
                                             "audience dimension.")
    granularity: Literal["day", "week", "month"] | None = Field(None, description="Add a time series.")
    top: int | None = Field(None, ge=1, le=100, description="Keep the first N groups.")
    sort: QueryMetric | None = Field(None, description="Rank groups by this metric, best first.")


class ExplainChangeArgs(ToolArgs):
    """Why a KPI changed between two periods: contributions per ad (mix: spend moved; rate: the ad itself got better
    or worse) that add up to the change, plus the attribute and audience values that moved most. For 'why did ROAS
    drop?', 'why is CPA up this week?'. It reports the actual direction of the change."""

    metric: ExplainMetric = Field(description="The KPI whose change to explain.")
    period: Period = "last-week"
    compare: Compare = "previous"
    where: Where = Field(default_factory=list)
    by: str | None = Field(None, description="Split by this field instead of by ad (format, age, ...).")


class CreativeFatigueArgs(ToolArgs):
    """Creatives that are fatigued in a period, each with the day it started and the evidence (rolling CTR or hook
    rate below its peak while frequency rose, or CPA above target)."""

    period: Period = "last-week"


class AudienceClustersArgs(ToolArgs):
    """Named audience segments (age × gender × interest × ...) clustered by their performance profile."""

    k: int | None = Field(None, ge=2, le=12, description="Number of segments; default: the best by silhouette.")
    file: str | None = Field(None, description="A breakdown export to segment instead of the workspace's data.")
