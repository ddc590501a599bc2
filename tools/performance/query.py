"""`performance_query`: any KPI of any scope — filtered, grouped, compared with another period, trended.

Every answer states what it computed (`understood`), keeps groups with too little evidence out of the ranking
(marked, not hidden), and refuses to print a change against a comparison period the data only partly covers.
KPIs come from the one set of definitions in `kpis.py` (vectorised over groups with `kpi_array`), so a query without
filters returns exactly the report's numbers.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import ValidationError

from tools.core.domain.performance import (
    CompareCoverage,
    PeriodRange,
    QueryRequest,
    QueryResult,
    QueryRow,
    SeriesPoint,
)
from tools.core.errors import InputError
from tools.core.periods import previous_period, resolve_period
from tools.performance.dataset import choose_currency, resolve_today
from tools.performance.fields import Catalog
from tools.performance.frame import FactFrame, RangeSums, to_epoch
from tools.performance.kpis import (
    COUNT_KPIS,
    KPI_DEFINITIONS,
    SUM_FORMS,
    TIMELINE_KPIS,
    ResultBasis,
    kpi_array,
    metric_fields,
    relative_change,
)
from tools.performance.naming import normalise_key
from tools.performance.scope import Parts, Scope, build_scope, measure
from tools.performance.workspace_data import BreakdownUnits, WorkspaceData, workspace_data

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime

METRICS = tuple(KPI_DEFINITIONS)
_METRIC_ALIASES = {
    "ctr": "ctr_link", "link_ctr": "ctr_link", "cpc": "cpc_link", "cost_per_click": "cpc_link", "cpl": "cost_per_lead",
    "cost_per_leads": "cost_per_lead", "lead": "leads", "conversions": "leads", "results": "leads",
    "cost_per_result": "cpa", "cost_per_purchase": "cpa", "cost_per_acquisition": "cpa", "purchase_value": "revenue",
    "value": "revenue", "sales": "revenue", "thumb_stop_ratio": "hook_rate", "thumbstop_rate": "hook_rate",
    "hook": "hook_rate", "hold": "hold_rate", "amount_spent": "spend", "cost": "spend", "impression": "impressions",
    "clicks": "link_clicks", "freshness": "freshness_rate", "velocity": "creative_velocity", "orders": "purchases",
}


@dataclass
class Question:
    """What every question shares once resolved: the periods, the data, the scope and the currency."""

    data: WorkspaceData
    catalog: Catalog
    scope: Scope
    current: PeriodRange
    compare: PeriodRange | None
    daily: FactFrame
    breakdowns: tuple[FactFrame, BreakdownUnits] | None
    currency: str | None
    basis: ResultBasis
    coverage: CompareCoverage | None
    warnings: list[str]

    def parts(self, period: PeriodRange, fields: tuple[str, ...]) -> Parts:
        return measure(self.scope, self.catalog, self.data, self.daily, self.breakdowns, to_epoch(period.start),
                       to_epoch(period.end), fields)


def metric_name(text: str) -> str:
    key = normalise_key(text)
    key = _METRIC_ALIASES.get(key, key)
    if key not in METRICS:
        close = difflib.get_close_matches(key, METRICS, n=3, cutoff=0.5)
        hint = f"closest: {', '.join(close)}; " if close else ""
        raise InputError(f"metric {text!r} is not known ({hint}metrics: {', '.join(METRICS)}).", field="metric")
    return key


def parse_request(request: QueryRequest | dict[str, Any] | None, options: dict[str, Any]) -> QueryRequest:
    if isinstance(request, QueryRequest) and not options:
        return request
    payload = {**(request.model_dump() if isinstance(request, QueryRequest) else dict(request or {})), **options}
    try:
        return QueryRequest.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(p) for p in first["loc"]) or "request"
        raise InputError(f"{name}: {first['msg'].removeprefix('Value error, ')}.", field=name) from None


def open_question(runtime: WorkspaceRuntime, period: str, compare: str | None, where: list[Any], by: str | None,
                  today: date | None, currency: str | None) -> Question:
    """Resolve periods, load the needed days, resolve filters and grouping, and settle one currency."""
    with runtime.session() as session:
        data = workspace_data(runtime, session)
        day = resolve_today(today, data.data_end)
        current = resolve_period(period, day, first_day=data.data_start)
        other = _compare_period(compare, current, day, data)
        first = min(current.start, other.start) if other else current.start
        daily = data.daily_frame(session, first, current.end)
        breakdowns = data.breakdown_frame(session, first, current.end)
    units = breakdowns[1] if breakdowns else None
    dims = frozenset(d for b in set(units.breakdown) for d in b) if units else frozenset()
    catalog = data.memo.get(("catalog", dims))
    if catalog is None:
        catalog = data.memo[("catalog", dims)] = Catalog(data.ads, set(dims))
    scope = build_scope(catalog, data, units, where, by)
    found = daily.currencies_between(to_epoch(first), to_epoch(current.end))
    code, warnings = choose_currency(found, currency)
    daily = data.in_currency(daily, code)
    if breakdowns is not None:
        breakdowns = (data.in_currency(breakdowns[0], code), breakdowns[1])
    has_purchases = daily.reported_between("purchases", to_epoch(current.start), to_epoch(current.end))
    has_conversions = daily.reported_between("conversions", to_epoch(current.start), to_epoch(current.end))
    basis = ResultBasis("conversions" if not has_purchases and has_conversions else "purchases")
    coverage = None
    if other is not None:
        with_rows = daily.days_with_rows(to_epoch(other.start), to_epoch(other.end))
        complete = other.start >= data.data_start and other.end <= data.data_end
        coverage = CompareCoverage(days=other.days, days_with_data=with_rows, complete=complete)
        if not complete:
            warnings.append(
                f"The comparison period {other.start} – {other.end} is only partly covered by the data "
                f"({data.data_start} – {data.data_end}; {with_rows} of {other.days} days have rows), so no change "
                "is computed: the numbers would compare unequal spans.")
    if current.start < data.data_start:
        warnings.append(f"The data starts on {data.data_start}, inside {current.start} – {current.end}: the period's "
                        "figures cover only the days with data.")
    return Question(data, catalog, scope, current, other, daily, breakdowns, code, basis, coverage, warnings)


def _compare_period(compare: str | None, current: PeriodRange, today: date, data: WorkspaceData
                    ) -> PeriodRange | None:
    if compare is None or not compare.strip():
        return None
    text = compare.strip().lower()
    if text in ("previous", "prev", "previous-period", "before", "prior"):
        return previous_period(current)
    try:
        return resolve_period(compare, today, first_day=data.data_start)
    except InputError as exc:
        raise InputError(f"compare: {exc} (or 'previous').", field="compare") from None


# -- the query ---------------------------------------------------------------------------------------------------

def performance_query(runtime: WorkspaceRuntime, request: QueryRequest | dict[str, Any] | None = None,
                      **options: Any) -> QueryResult:
    """Metrics of a scope over a period: one row, or one per group of `by`, with an optional comparison period
    and time series. Raises InputError for unknown fields, values, metrics or periods (naming the closest)."""
    req = parse_request(request, options)
    q = open_question(runtime, req.period, req.compare, req.where, req.by, req.today, req.currency)
    settings = runtime.settings
    metrics = _metrics(req, q)
    sort = metric_name(req.sort) if req.sort else (metrics[0] if req.metrics else None)
    if sort and sort not in metrics:
        metrics.append(sort)
    fields = tuple(dict.fromkeys(f for m in metrics for f in metric_fields(m, q.basis)))
    now = q.parts(q.current, fields)
    before = q.parts(q.compare, fields) if q.compare else None
    values = _metric_table(now, now.grouped(), metrics, q, q.current)
    n_ads = now.ads_per_group()
    previous = None
    if before is not None:
        aligned = _align(before, now)
        previous = _metric_table(before, before.grouped(), metrics, q, q.compare, aligned)
    whole, whole_before = now.as_total(), before.as_total() if before else None
    if req.by:
        total_values = _metric_table(whole, whole.grouped(), metrics, q, q.current)
        total_before = _metric_table(whole_before, whole_before.grouped(), metrics, q, q.compare) \
            if whole_before else None
    else:  # ungrouped, the one group is the whole scope
        total_values, total_before = values, previous
    total = _row(None, None, total_values, 0, total_before, metrics, whole.live_ads(), settings.min_spend,
                 settings.min_impressions, q)
    groups = np.flatnonzero(n_ads > 0) if req.by else np.zeros(1, dtype=np.int64)
    spend = np.nan_to_num(values["spend_"])
    enough = (spend >= settings.min_spend) & (np.nan_to_num(values["impressions_"]) >= settings.min_impressions)
    order, n_ranked = _order(groups, values, enough, sort or "spend") if req.by else (groups, 0)
    groups_total = len(order)
    shown = order[: req.top] if req.top else order
    total_spend = float(spend[groups].sum())
    by_id = q.scope.by is not None and q.scope.by.kind in ("ad", "campaign", "adset")
    rows = [_row((now.keys[g] if by_id else now.labels[g]) if req.by else None, now.labels[g] if req.by else None,
                 values, int(g), previous, metrics, int(n_ads[g]), settings.min_spend, settings.min_impressions, q,
                 spend_share=(float(spend[g]) / total_spend) if req.by and total_spend > 0 else None,
                 rank=i + 1 if i < n_ranked else None)
            for i, g in enumerate(shown.tolist())]
    below = int((~enough[groups]).sum()) if req.by else 0
    series = _series(q, req.granularity, metrics, fields) if req.granularity else None
    return QueryResult(
        period=q.current, compare=q.compare, filters=q.scope.applied, by=q.scope.by.name if q.scope.by else None,
        understood=_understood(q, metrics, sort, below, groups_total, req, total.n_ads), metrics=metrics, sort=sort,
        currency=q.currency, rows=rows, groups_total=groups_total, total=total, series=series,
        granularity=req.granularity, compare_coverage=q.coverage, min_spend=settings.min_spend,
        min_impressions=settings.min_impressions, warnings=q.warnings,
    )


def _metrics(req: QueryRequest, q: Question) -> list[str]:
    if req.metrics:
        names = [metric_name(m) for item in req.metrics for m in item.split(",") if m.strip()]
        return list(dict.fromkeys(names))
    cols = q.daily.columns
    have = {name: bool((~np.isnan(cols[name])).any()) and bool(np.nansum(cols[name]) > 0)
            for name in ("link_clicks", "purchases", "purchase_value", "conversions")}
    out = ["spend", "impressions", "ctr_link" if have["link_clicks"] else "ctr_all"]
    if have["purchase_value"]:
        out.append("roas")
    if have["purchases"]:
        out.append("cpa")
    if have["conversions"]:
        out += ["leads", "cost_per_lead"]
    return out


def _align(before: Parts, now: Parts) -> np.ndarray:
    """For each current group, the previous period's group with the same key (-1 when it had none)."""
    index = {k: i for i, k in enumerate(before.keys)}
    return np.array([index.get(k, -1) for k in now.keys], dtype=np.int64)


def _metric_table(parts: Parts, grouped: RangeSums, metrics: list[str], q: Question, period: PeriodRange,
                  aligned: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Each metric per group (NaN = None); `aligned` re-indexes the groups onto another period's."""
    out = {m: kpi_array(m, grouped.field, q.basis) for m in metrics if m not in TIMELINE_KPIS}
    for m in metrics:
        if m in TIMELINE_KPIS:
            out[m] = _timeline_metric(m, parts, grouped, q, period)
    out["spend_"] = grouped.field("spend")
    out["impressions_"] = grouped.field("impressions")
    if aligned is not None:
        out = {k: np.where(aligned >= 0, v[np.maximum(aligned, 0)], np.nan) if len(v) else
               np.full(len(aligned), np.nan) for k, v in out.items()}
    return out


def _timeline_metric(metric: str, parts: Parts, grouped: RangeSums, q: Question, period: PeriodRange) -> np.ndarray:
    """Freshness rate (share of spend on creatives first delivered in the period's last 7 days) or creative velocity
    (creatives first delivered in the period, per week), per group."""
    ads = q.data.ads
    first = q.data.first_delivery.astype(float)
    first[first < 0] = np.inf
    creative_first = np.full(int(ads.creative.max(initial=-1)) + 1, np.inf)
    np.minimum.at(creative_first, ads.creative, first)
    part_first = creative_first[ads.creative[parts.ad]]
    end, start = to_epoch(period.end), to_epoch(period.start)
    live = (parts.group >= 0) & (parts.sums.rows > 0)
    if metric == "freshness_rate":
        fresh = (part_first >= end - 6) & (part_first <= end)
        spend = parts.sums.values["spend"]
        num = np.bincount(parts.group[live], weights=(spend * fresh)[live], minlength=parts.n_groups)
        den = np.bincount(parts.group[live], weights=spend[live], minlength=parts.n_groups)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    new = live & (part_first >= start) & (part_first <= end)
    creatives = ads.creative[parts.ad]
    pairs = np.unique(parts.group[new] * (int(creatives.max(initial=0)) + 1) + creatives[new])
    count = np.bincount(pairs // (int(creatives.max(initial=0)) + 1), minlength=parts.n_groups)
    return np.where(grouped.rows > 0, count * 7.0 / period.days, np.nan)


def _value(metric: str, value: float) -> float | int | None:
    value = float(value)
    if not math.isfinite(value):
        return None
    if metric in COUNT_KPIS:
        return round(float(value))
    if metric in SUM_FORMS:
        return round(float(value), 6)  # running totals leave float noise in the last digits
    return float(value)


def _row(group: str | None, label: str | None, values: dict[str, np.ndarray], g: int,
         previous: dict[str, np.ndarray] | None, metrics: list[str], n_ads: int, min_spend: float,
         min_impressions: int, q: Question, spend_share: float | None = None, rank: int | None = None) -> QueryRow:
    now = {m: _value(m, values[m][g]) for m in metrics}
    before = {m: _value(m, previous[m][g]) for m in metrics} if previous is not None else None
    change = None
    if before is not None:
        comparable = q.coverage is None or q.coverage.complete
        change = {m: relative_change(now[m], before[m]) if comparable else None for m in metrics}
    spend, impressions = float(values["spend_"][g]), float(values["impressions_"][g])
    enough = (spend if math.isfinite(spend) else 0.0) >= min_spend and \
        (impressions if math.isfinite(impressions) else 0.0) >= min_impressions
    return QueryRow(group=group, label=label, metrics=now, previous=before, change=change, n_ads=n_ads,
                    enough_evidence=enough, spend_share=spend_share, rank=rank)


def _order(groups: np.ndarray, values: dict[str, np.ndarray], enough: np.ndarray, sort: str
           ) -> tuple[np.ndarray, int]:
    """Groups with enough evidence and a value of `sort` first, best first (ties: more spend first); the rest after
    them by spend, unranked. Returns the order and how many are ranked."""
    spend = np.nan_to_num(values["spend_"])
    higher = KPI_DEFINITIONS[sort].higher_is_better
    sign = -1.0 if higher in (True, None) else 1.0
    value = values.get(sort, spend)
    rankable = enough[groups] & np.isfinite(value[groups])
    ranked, rest = groups[rankable], groups[~rankable]
    ranked = ranked[np.lexsort((ranked, -spend[ranked], sign * value[ranked]))]
    rest = rest[np.lexsort((rest, -spend[rest]))]
    return np.concatenate([ranked, rest]), len(ranked)


# -- series ------------------------------------------------------------------------------------------------------

def buckets(period: PeriodRange, granularity: str) -> list[tuple[date, date]]:
    """Days, Monday–Sunday weeks or calendar months of the period, the first and last clipped to it."""
    out = []
    start = period.start
    while start <= period.end:
        if granularity == "day":
            end = start
        elif granularity == "week":
            end = start + timedelta(days=6 - start.weekday())
        else:
            following = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
            end = following - timedelta(days=1)
        end = min(end, period.end)
        out.append((start, end))
        start = end + timedelta(days=1)
    return out


def _series(q: Question, granularity: str, metrics: list[str], fields: tuple[str, ...]) -> list[SeriesPoint]:
    points = []
    for start, end in buckets(q.current, granularity):
        span = PeriodRange(start=start, end=end)
        parts = q.parts(span, fields).as_total()
        values = _metric_table(parts, parts.grouped(), metrics, q, span)
        points.append(SeriesPoint(start=start, end=end, metrics={m: _value(m, values[m][0]) for m in metrics},
                                  n_ads=parts.live_ads()))
    return points


# -- the one line that says what was computed ---------------------------------------------------------------------

def _understood(q: Question, metrics: list[str], sort: str | None, below: int, groups_total: int,
                req: QueryRequest, n_ads: int) -> str:
    labels = [KPI_DEFINITIONS[m].label for m in metrics]
    what = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    scope = "all ads" if not q.scope.applied else "ads where " + "; ".join(
        f"{f.field} {'is not' if f.negate else 'is'} {_values(f.values)}" for f in q.scope.applied)
    text = f"{what} of {scope} ({n_ads} with delivery)"
    if q.scope.by is not None:
        text += f", by {q.scope.by.label} ({groups_total} groups"
        if below:
            text += f", {below} shown below the evidence threshold and not ranked"
        text += ")"
        if sort:
            direction = KPI_DEFINITIONS[sort].higher_is_better
            order = "highest first" if direction in (True, None) else "lowest first"
            text += f", ranked by {KPI_DEFINITIONS[sort].label} ({order})"
    text += f", {q.current.start} – {q.current.end}"
    if q.current.label:
        text += f" ({q.current.label})"
    if q.compare is not None:
        text += f" vs {q.compare.start} – {q.compare.end}"
        if q.coverage is not None and not q.coverage.complete:
            text += " (only partly covered by data: no change computed)"
    if req.granularity:
        text += f", per {req.granularity}"
    if q.currency:
        text += f", in {q.currency}"
    if "cpa" in metrics:
        text += f"; CPA = spend ÷ {q.basis.name}"
    return text + "."


def _values(values: list[str]) -> str:
    if len(values) == 1:
        return repr(values[0])
    shown = ", ".join(repr(v) for v in values[:6]) + (f" … ({len(values)} in all)" if len(values) > 6 else "")
    return f"one of {shown}"
