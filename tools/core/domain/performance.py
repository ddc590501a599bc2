"""Shared types of the performance area: periods, KPI sets, reports, winners and fatigue flags.

Why here: the CLI, Slack, check-ins, the analyst and the agent all consume these shapes; keeping them in `tools/domain`
lets every layer import them without pulling in SQL or charting code. Ratios are fractions (0.0123, not 1.23 %);
money is in `currency`; a KPI whose inputs are absent is `None` (JSON `null`), never 0.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class PeriodRange(BaseModel):
    """An inclusive range of days; `label` is the form it was asked for (e.g. `last-week`)."""

    model_config = ConfigDict(frozen=True)

    start: date
    end: date
    label: str = ""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class KpiSet(BaseModel):
    """Every KPI of one scope (workspace, ad) over one period; definitions in `tools/performance/kpis.py`."""

    spend: float | None = None
    impressions: int | None = None
    reach: int | None = None
    link_clicks: int | None = None
    clicks_all: int | None = None
    purchases: float | None = None
    revenue: float | None = None
    ctr_link: float | None = None
    ctr_all: float | None = None
    cpm: float | None = None
    cpc_link: float | None = None
    cpa: float | None = None
    roas: float | None = None
    hook_rate: float | None = None
    hold_rate: float | None = None
    frequency: float | None = None
    freshness_rate: float | None = None
    creative_velocity: float | None = None


class PeriodKpis(BaseModel):
    """KPIs of a comparison period (the previous period of equal length)."""

    period: PeriodRange
    kpis: KpiSet


class RankedAd(BaseModel):
    """One ad in a ranking (report top/bottom): what it is, how much evidence it has, and its ranked value."""

    ad_id: str
    ad_name: str | None = None
    creative_name: str | None = None
    creative_kind: str = "unknown"
    metric: str
    value: float | None = None
    spend: float
    impressions: int
    ctr_link: float | None = None
    cpa: float | None = None
    roas: float | None = None
    hook_rate: float | None = None
    hold_rate: float | None = None
    note: str | None = None


class FatigueFlag(BaseModel):
    """A creative (ad) that shows fatigue, the day it started, and the numbers behind the call."""

    ad_id: str
    ad_name: str | None = None
    creative_kind: str = "unknown"
    reason: str  # ctr_decay | hook_rate_decay | cpa_above_target
    day: date  # the first day the rule held
    metric: str  # ctr_link | ctr_all | hook_rate | cpa
    value: float | None = None  # the rolling metric on `day`
    peak: float | None = None  # the post-learning peak (decay rules)
    peak_day: date | None = None
    drop: float | None = None  # relative fall from the peak (0.35 = 35 % below)
    frequency_at_peak: float | None = None
    frequency: float | None = None
    frequency_rising: bool | None = None  # None: the export has no reach, so frequency is unknown
    target_cpa: float | None = None
    spend: float = 0.0  # in the report period
    impressions: int = 0
    message: str = ""


class PerformanceReport(BaseModel):
    """`hookline report`: the period's KPIs, the previous period's, relative changes, rankings and fatigue."""

    period: PeriodRange
    currency: str | None = None
    kpis: KpiSet
    previous: PeriodKpis | None = None
    change: dict[str, float | None] = Field(default_factory=dict)
    rank_metric: str | None = None
    top: list[RankedAd] = Field(default_factory=list)
    bottom: list[RankedAd] = Field(default_factory=list)
    fatigued: list[FatigueFlag] = Field(default_factory=list)
    fatigued_total: int = 0  # `fatigued` lists the biggest spenders first, at most 50
    fatigue_checked: int = 0  # ads the fatigue rules evaluated (judged ads, biggest spenders first)
    charts: list[str] = Field(default_factory=list)
    ads_delivered: int = 0
    ads_judged: int = 0
    min_spend: float = 0.0
    min_impressions: int = 0
    cpa_result: str = "purchases"  # the result event CPA divides by: purchases, else conversions
    data_start: date | None = None
    data_end: date | None = None
    warnings: list[str] = Field(default_factory=list)


class WinnerItem(BaseModel):
    ad_id: str
    ad_name: str | None = None
    creative_name: str | None = None
    creative_kind: str = "unknown"
    metric: str
    value: float
    spend: float
    impressions: int
    rank: int


class InsufficientItem(BaseModel):
    """An ad that was not judged, and what it lacks (`missing` maps each unmet threshold to the shortfall)."""

    ad_id: str
    ad_name: str | None = None
    spend: float
    impressions: int
    missing: dict[str, float] = Field(default_factory=dict)
    reason: str


class WinnersResult(BaseModel):
    """`hookline winners`: the best ads on one metric among those with enough evidence."""

    period: PeriodRange
    currency: str | None = None
    metric: str  # the metric actually ranked (may differ from `requested_metric`, see `note`)
    requested_metric: str
    higher_is_better: bool
    winners: list[WinnerItem] = Field(default_factory=list)
    insufficient_data: list[InsufficientItem] = Field(default_factory=list)
    insufficient_total: int = 0
    not_applicable: int = 0  # ads the metric does not apply to (e.g. static ads for hook_rate)
    min_spend: float = 0.0
    min_impressions: int = 0
    note: str | None = None
    warnings: list[str] = Field(default_factory=list)
