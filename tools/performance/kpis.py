"""The KPI definitions — one each, here only — computed from additive sums.

Why sums: every KPI is a ratio of sums, so SQL aggregates rows once (GROUP BY) into `Sums` and everything above
(workspace totals, per-ad rankings, previous-period comparisons, the analyst) derives KPIs from them with the same
code. Null rules: a measure the export lacks is NULL in the database; a ratio uses only the rows where *its* inputs
exist (e.g. CTR (link) = link clicks ÷ impressions of the rows that report link clicks), a ratio whose inputs are
absent or whose denominator is zero is `None`, never 0.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from copy import copy
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from operator import attrgetter
from typing import TYPE_CHECKING, Literal

from tools.core.domain.performance import KpiSet

if TYPE_CHECKING:
    import numpy as np

Unit = Literal["money", "count", "ratio", "multiple", "rate"]


@dataclass(frozen=True)
class KpiDefinition:
    """How a KPI is named, read and ranked (`higher_is_better` None: neither direction is "better")."""

    key: str
    label: str
    unit: Unit
    higher_is_better: bool | None
    formula: str


KPI_DEFINITIONS: dict[str, KpiDefinition] = {
    d.key: d
    for d in (
        KpiDefinition("spend", "Spend", "money", None, "sum of spend"),
        KpiDefinition("impressions", "Impressions", "count", None, "sum of impressions"),
        KpiDefinition("reach", "Reach", "count", None, "sum of daily reach (rows that report reach)"),
        KpiDefinition("link_clicks", "Link clicks", "count", None, "sum of link clicks"),
        KpiDefinition("clicks_all", "Clicks (all)", "count", None, "sum of all clicks"),
        KpiDefinition("purchases", "Purchases", "count", None, "sum of purchases"),
        KpiDefinition("revenue", "Revenue", "money", None, "sum of purchase value"),
        KpiDefinition("leads", "Leads", "count", None, "sum of leads (Meta Leads/Results, or a generic conversions "
                      "column such as Total_Conversion)"),
        KpiDefinition("ctr_link", "CTR (link)", "ratio", True, "link clicks ÷ impressions"),
        KpiDefinition("ctr_all", "CTR (all)", "ratio", True, "all clicks ÷ impressions"),
        KpiDefinition("cpm", "CPM", "money", False, "spend ÷ impressions × 1000"),
        KpiDefinition("cpc_link", "CPC (link)", "money", False, "spend ÷ link clicks"),
        KpiDefinition("cpa", "CPA", "money", False, "spend ÷ purchases (else conversions)"),
        KpiDefinition("cost_per_lead", "Cost per lead", "money", False, "spend ÷ leads"),
        KpiDefinition("roas", "ROAS", "multiple", True, "purchase value ÷ spend"),
        KpiDefinition("hook_rate", "Hook rate", "ratio", True, "3-second plays ÷ impressions, video creatives only"),
        KpiDefinition("hold_rate", "Hold rate", "ratio", True, "ThruPlays ÷ 3-second plays"),
        KpiDefinition("frequency", "Frequency", "rate", None, "impressions ÷ reach, rows that report reach"),
        KpiDefinition(
            "freshness_rate", "Freshness rate", "ratio", True,
            "share of spend on creatives first delivered in the 7 days up to the period's end",
        ),
        KpiDefinition(
            "creative_velocity", "Creative velocity", "rate", True, "new creatives first delivered per week",
        ),
    )
}

RANKABLE_METRICS = ("roas", "cpa", "cost_per_lead", "ctr_link", "ctr_all", "cpc_link", "cpm", "hook_rate",
                    "hold_rate")


@dataclass(frozen=True)
class RatioForm:
    """A ratio KPI as `numerator ÷ denominator × scale` over `Sums` fields (the single formula every path uses:
    per-scope KPIs here, the vectorised group rankings of `query.py`, and the decomposition of `explain.py`)."""

    numerator: str
    denominator: str
    scale: float = 1.0


RATIO_FORMS: dict[str, RatioForm] = {
    "ctr_link": RatioForm("link_clicks", "impressions_with_link_clicks"),
    "ctr_all": RatioForm("clicks_all", "impressions_with_clicks_all"),
    "cpm": RatioForm("spend", "impressions", 1000.0),
    "cpc_link": RatioForm("spend_with_link_clicks", "link_clicks"),
    "cost_per_lead": RatioForm("spend_with_conversions", "conversions"),
    "roas": RatioForm("purchase_value", "spend_with_purchase_value"),
    "hook_rate": RatioForm("video_plays_3s", "impressions_with_plays"),
    "hold_rate": RatioForm("thruplays", "plays_with_thruplays"),
    "frequency": RatioForm("impressions_with_reach", "reach"),
}
CPA_FORMS = {"purchases": RatioForm("spend_with_purchases", "purchases"),
             "conversions": RatioForm("spend_with_conversions", "conversions")}
# additive KPIs: the `Sums` field each one sums
SUM_FORMS: dict[str, str] = {
    "spend": "spend", "impressions": "impressions", "reach": "reach", "link_clicks": "link_clicks",
    "clicks_all": "clicks_all", "purchases": "purchases", "revenue": "purchase_value", "leads": "conversions",
}


def ratio_form(metric: str, basis: ResultBasis | None = None) -> RatioForm | None:
    """The formula of a ratio KPI (CPA follows the result basis); None for additive and timeline KPIs."""
    if metric == "cpa":
        return CPA_FORMS[(basis or ResultBasis()).name]
    return RATIO_FORMS.get(metric)


def ratio(numerator: float | None, denominator: float | None, scale: float = 1.0) -> float | None:
    """numerator ÷ denominator × scale; None when either input is absent or the denominator is not positive."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator * scale


def _add(a: float | None, b: float | None) -> float | None:
    """NULL-aware addition with SQL SUM semantics: absent + x = x; absent + absent = absent."""
    if a is None:
        return b
    if b is None:
        return a
    return a + b


@dataclass
class Sums:
    """Additive aggregates of daily rows. `*_with_x` are the denominators restricted to rows that report `x`."""

    rows: int = 0
    spend: float | None = None
    impressions: float | None = None
    reach: float | None = None
    impressions_with_reach: float | None = None
    link_clicks: float | None = None
    impressions_with_link_clicks: float | None = None
    spend_with_link_clicks: float | None = None
    clicks_all: float | None = None
    impressions_with_clicks_all: float | None = None
    purchases: float | None = None
    spend_with_purchases: float | None = None
    conversions: float | None = None
    spend_with_conversions: float | None = None
    purchase_value: float | None = None
    spend_with_purchase_value: float | None = None
    # video measures, counted only for video creatives (see `queries.VIDEO_KINDS`)
    video_plays_3s: float | None = None
    impressions_with_plays: float | None = None
    thruplays: float | None = None
    plays_with_thruplays: float | None = None

    def __add__(self, other: Sums) -> Sums:
        out = Sums(rows=self.rows + other.rows)
        for f in fields(self):
            if f.name != "rows":
                setattr(out, f.name, _add(getattr(self, f.name), getattr(other, f.name)))
        return out

    @classmethod
    def total(cls, items: list[Sums]) -> Sums:
        """Field-wise NULL-aware sum of many (one pass per field: thousands of ads stay cheap)."""
        if not items:
            return cls()
        columns = zip(*map(_SUM_GETTER, items), strict=True)
        totals = []
        for column in columns:
            present = [v for v in column if v is not None]
            totals.append(sum(present) if present else None)
        return cls(sum(item.rows for item in items), *totals[1:])

    def without_video(self) -> Sums:
        """The same sums with the video measures cleared (a static creative has no hook or hold rate)."""
        out = copy(self)
        out.video_plays_3s = out.impressions_with_plays = out.thruplays = out.plays_with_thruplays = None
        return out


_SUM_GETTER = attrgetter(*(f.name for f in fields(Sums)))


@dataclass(frozen=True)
class ResultBasis:
    """Which event CPA divides by: purchases when the data has any, else other conversions (leads, enquiries)."""

    name: Literal["purchases", "conversions"] = "purchases"

    @classmethod
    def for_sums(cls, sums: Sums) -> ResultBasis:
        if sums.purchases is None and sums.conversions is not None:
            return cls("conversions")
        return cls("purchases")


def _as_int(value: float | None) -> int | None:
    return None if value is None else round(value)


@dataclass(slots=True)
class Kpis:
    """The KPI values of one scope: a plain slotted record (reports build one per ad, so it must be cheap);
    `.model()` gives the validated `KpiSet` the public seams return. Fields mirror `KpiSet`."""

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

    def model(self) -> KpiSet:
        return KpiSet(**{f.name: getattr(self, f.name) for f in fields(self)})


def compute_kpis(sums: Sums, basis: ResultBasis | None = None, *, freshness_rate: float | None = None,
                 creative_velocity: float | None = None) -> Kpis:
    """The KPIs of one scope from its sums. Freshness and velocity need the creative timeline, so they come in."""
    basis = basis or ResultBasis.for_sums(sums)
    has_rows = sums.rows > 0
    kpis = Kpis(
        spend=sums.spend if has_rows else None,
        impressions=_as_int(sums.impressions) if has_rows else None,
        reach=_as_int(sums.reach),
        link_clicks=_as_int(sums.link_clicks),
        clicks_all=_as_int(sums.clicks_all),
        purchases=sums.purchases,
        revenue=sums.purchase_value,
        leads=sums.conversions,
        freshness_rate=freshness_rate,
        creative_velocity=creative_velocity,
    )
    for key, form in RATIO_FORMS.items():
        setattr(kpis, key, ratio(getattr(sums, form.numerator), getattr(sums, form.denominator), form.scale))
    cpa = CPA_FORMS[basis.name]
    kpis.cpa = ratio(getattr(sums, cpa.numerator), getattr(sums, cpa.denominator))
    return kpis


TIMELINE_KPIS = ("freshness_rate", "creative_velocity")  # need first deliveries, not only sums
COUNT_KPIS = frozenset({"impressions", "reach", "link_clicks", "clicks_all"})  # whole numbers in results


def metric_fields(metric: str, basis: ResultBasis | None = None) -> tuple[str, ...]:
    """The `Sums` fields a KPI is computed from (timeline KPIs need spend; the rest is first deliveries)."""
    if metric in SUM_FORMS:
        return (SUM_FORMS[metric],)
    if metric in TIMELINE_KPIS:
        return ("spend",)
    form = ratio_form(metric, basis)
    if form is None:
        raise KeyError(metric)
    return (form.numerator, form.denominator)


def kpi_array(metric: str, field: Callable[[str], np.ndarray], basis: ResultBasis | None = None) -> np.ndarray:
    """One KPI for many scopes at once, NaN where `compute_kpis` gives None: the same forms, vectorised.

    `field(name)` returns a `Sums` field per scope with NaN where no row reported it."""
    import numpy as np

    if metric in SUM_FORMS:
        return field(SUM_FORMS[metric])
    form = ratio_form(metric, basis)
    if form is None:
        raise KeyError(metric)
    numerator, denominator = field(form.numerator), field(form.denominator)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1.0) * form.scale,
                        np.nan)


FRESH_DAYS = 7


def freshness_rate(spend_by_creative: Mapping[Hashable, float], first_delivery: Mapping[Hashable, date],
                   period_end: date) -> float | None:
    """Share of the period's spend on creatives first delivered within the `FRESH_DAYS` days up to the period's end
    (end − 6 … end). None when the period has no spend."""
    total = sum(spend_by_creative.values())
    if total <= 0:
        return None
    since = period_end - timedelta(days=FRESH_DAYS - 1)
    fresh = sum(
        spend for key, spend in spend_by_creative.items()
        if (first := first_delivery.get(key)) is not None and since <= first <= period_end
    )
    return fresh / total


VELOCITY_TARGET = 20.0  # the Creative Velocity goal: new creatives first delivered per week


def creative_velocity(first_delivery: Mapping[Hashable, date], start: date, end: date) -> float:
    """New creatives (first delivered in [start, end]) per week: the count × 7 ÷ the period's days."""
    days = (end - start).days + 1
    new = sum(1 for first in first_delivery.values() if start <= first <= end)
    return new * 7 / days


def relative_change(current: float | None, previous: float | None) -> float | None:
    """(current − previous) ÷ |previous|; None when either is absent or previous is 0 (no honest percentage)."""
    if current is None or previous is None or previous == 0:
        return None
    return (current - previous) / abs(previous)


def kpi_changes(current: KpiSet, previous: KpiSet) -> dict[str, float | None]:
    cur, prev = current.model_dump(), previous.model_dump()
    return {key: relative_change(cur[key], prev[key]) for key in cur}


def better(metric: str) -> bool:
    """True when a higher value of `metric` is better (ROAS, CTR); False for costs (CPA, CPC, CPM)."""
    direction = KPI_DEFINITIONS[metric].higher_is_better
    return True if direction is None else direction


@dataclass
class AdKpis:
    """One ad's identity, sums and KPIs over a period (the unit rankings, winners and fatigue work on)."""

    ad_pk: int
    ad_id: str
    ad_name: str | None
    creative_pk: int | None
    creative_name: str | None
    creative_kind: str
    currency: str | None
    sums: Sums
    kpis: Kpis = field(default_factory=Kpis)
