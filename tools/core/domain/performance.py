"""Shared types of the performance area: periods, KPI sets, reports, winners, fatigue, queries and explanations.

Why here: the CLI, Slack, check-ins, the analyst and the agent all consume these shapes; keeping them in `tools/domain`
lets every layer import them without pulling in SQL or charting code. Ratios are fractions (0.0123, not 1.23 %);
money is in `currency`; a KPI whose inputs are absent is `None` (JSON `null`), never 0.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


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
    leads: float | None = None
    ctr_link: float | None = None
    ctr_all: float | None = None
    cpm: float | None = None
    cpc_link: float | None = None
    cpa: float | None = None
    cost_per_lead: float | None = None
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


class FatigueReport(BaseModel):
    """`creative_fatigue`: the fatigued ads of a period with their onset day, from the one fatigue detector.

    `creative_fatigue_rate` is the mean number of days ads that reached the target CPA held it (the target is
    `target_cpa`: the setting, else the account's CPA over the checked history)."""

    period: PeriodRange
    currency: str | None = None
    fatigued: list[FatigueFlag] = Field(default_factory=list)
    fatigued_total: int = 0
    checked: int = 0
    window_days: int = 7
    target_cpa: float | None = None
    creative_fatigue_rate: float | None = None
    warnings: list[str] = Field(default_factory=list)


# -- questions about performance: performance_query and explain_change ------------------------------------------

Granularity = Literal["day", "week", "month"]


class Filter(BaseModel):
    """One `--where` condition: FIELD=VALUE or FIELD!=VALUE (names and values match case-insensitively)."""

    model_config = ConfigDict(frozen=True)

    field: str
    value: str
    negate: bool = False

    @classmethod
    def parse(cls, text: str) -> Filter:
        """'format=UGC video', 'hook type != question' → Filter; ValueError naming the expected form."""
        negate = "!=" in text
        field, sep, value = text.partition("!=" if negate else "=")
        if not sep or not field.strip() or not value.strip():
            raise ValueError(f"filter {text!r} is not FIELD=VALUE (e.g. format=UGC video, age=25-34)")
        return cls(field=field.strip(), value=value.strip(), negate=negate)


def _filters(value: object) -> object:
    if isinstance(value, str | dict | Filter):
        value = [value]
    if isinstance(value, list):
        return [Filter.parse(v) if isinstance(v, str) else v for v in value]
    return value


class QueryRequest(BaseModel):
    """What `performance_query` is asked: metrics of a scope over a period, optionally grouped, compared, trended."""

    model_config = ConfigDict(extra="forbid")

    metrics: list[str] = Field(default_factory=list, description="KPI keys; empty = spend, impressions, CTR and "
                                                                 "the result metrics the data carries")
    period: str = "last-week"
    compare: str | None = Field(None, description="'previous' (the period of equal length before) or a period")
    where: list[Filter] = Field(default_factory=list)
    by: str | None = None
    granularity: Granularity | None = None
    top: int | None = Field(None, ge=1)
    sort: str | None = None
    today: date | None = None
    currency: str | None = None

    _where = field_validator("where", mode="before")(lambda cls, v: _filters(v))


class AppliedFilter(BaseModel):
    """A filter as it was understood: the field it resolved to and the stored values it kept (or excluded)."""

    field: str
    kind: str  # ad | campaign | adset | attribute | audience | kind
    negate: bool = False
    values: list[str]


class QueryRow(BaseModel):
    group: str | None = None  # the group's value (an ad's id for `by=ad`); None for the whole scope
    label: str | None = None  # how to show it (an ad's name)
    metrics: dict[str, float | int | None]
    previous: dict[str, float | int | None] | None = None
    change: dict[str, float | None] | None = None  # relative: (current − previous) ÷ |previous|
    n_ads: int = 0
    enough_evidence: bool = False
    rank: int | None = None  # position among the groups with enough evidence; None = not ranked
    spend_share: float | None = None


class SeriesPoint(BaseModel):
    start: date
    end: date
    metrics: dict[str, float | int | None]
    n_ads: int = 0


class CompareCoverage(BaseModel):
    days: int
    days_with_data: int
    complete: bool


class QueryResult(BaseModel):
    """`hookline query`: rows per group (or one row for the scope), comparison, and an optional time series."""

    period: PeriodRange
    compare: PeriodRange | None = None
    filters: list[AppliedFilter] = Field(default_factory=list)
    by: str | None = None
    understood: str
    metrics: list[str]
    sort: str | None = None
    currency: str | None = None
    rows: list[QueryRow] = Field(default_factory=list)
    groups_total: int = 0
    total: QueryRow | None = None  # the whole scope (also when grouped)
    series: list[SeriesPoint] | None = None
    granularity: Granularity | None = None
    compare_coverage: CompareCoverage | None = None
    min_spend: float = 0.0
    min_impressions: int = 0
    warnings: list[str] = Field(default_factory=list)


class ExplainRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    metric: str
    period: str = "last-week"
    compare: str = "previous"
    where: list[Filter] = Field(default_factory=list)
    by: str | None = Field(None, description="partition the change by this field instead of by ad")
    top: int = Field(10, ge=1, le=100)
    today: date | None = None
    currency: str | None = None

    _where = field_validator("where", mode="before")(lambda cls, v: _filters(v))


class Contributor(BaseModel):
    """One part of a change. `mix`: volume (spend, impressions) moved to or from it; `rate`: it got better or worse.
    `contribution` = mix + rate, in the metric's unit; `share` = contribution ÷ the whole change."""

    kind: Literal["ad", "attribute", "audience", "campaign", "adset", "kind"]
    field: str
    key: str
    label: str
    contribution: float
    share: float | None = None
    mix: float | None = None
    rate: float | None = None
    value: float | None = None
    previous: float | None = None
    volume: float | None = None
    previous_volume: float | None = None
    why: str


class ExplainResult(BaseModel):
    """`hookline explain`: a metric's change between two periods, split into contributions that add up to it."""

    metric: str
    period: PeriodRange
    compare: PeriodRange
    currency: str | None = None
    value: float | None
    previous: float | None
    change: float | None  # value − previous, in the metric's unit
    relative_change: float | None = None
    by: str = "ad"
    volume: str | None = None  # what "mix" moves: spend, impressions, ...
    understood: str
    contributors: list[Contributor] = Field(default_factory=list)
    segments: list[Contributor] = Field(default_factory=list)  # the attribute / audience values that moved most
    compare_coverage: CompareCoverage | None = None
    warnings: list[str] = Field(default_factory=list)
