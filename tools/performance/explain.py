"""`explain_change`: what drove a KPI from one period to the next, as contributions that add up to the change.

Ratio KPIs are split exactly. For a KPI m = s·Y/V whose *volume* V is its denominator (ROAS: revenue ÷ spend; CTR:
clicks ÷ impressions), the change m' − m is the sum over parts i of

    c_i = s·(ΔY_i − r·ΔV_i) ÷ V'        (r = Y/V, the previous overall rate)
        = s·(V'_i/V')·(r'_i − r_i)       rate: the part itself got better or worse, weighted by its current share
        + s·(r_i − r)·(V'_i − V_i)/V'     mix: volume moved to (or from) a part better or worse than average

For a cost (CPA = spend ÷ purchases, cost per lead, CPC) the volume is spend, the numerator: the same split is made on
results per spend q = Y/V and scaled by −s/(q·q'), since m' − m = −s·(q' − q)/(q·q'). A part that is new or stopped
has only mix. Sums (spend, purchases, leads, ...) split into each part's own difference. Parts are ads by default,
or the values of any field (`by=format`, `by=age`); their contributions add up to the change in every case.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import ValidationError

from tools.core.domain.performance import Contributor, ExplainRequest, ExplainResult
from tools.core.errors import InputError, InsufficientDataError
from tools.performance.fields import NOT_BROKEN_DOWN, NOT_SET, FieldSpec
from tools.performance.formatting import kpi_value, money, percent
from tools.performance.kpis import KPI_DEFINITIONS, SUM_FORMS, TIMELINE_KPIS, ratio_form
from tools.performance.query import Question, metric_name, open_question
from tools.performance.scope import Parts, Scope, build_scope

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime

COSTS = frozenset({"cpa", "cpc_link", "cost_per_lead"})  # volume = spend, the numerator
SEGMENTS_SHOWN = 6
_VOLUME_LABELS = {"spend": "spend", "impressions": "impressions", "reach": "reach", "plays_with_thruplays":
                  "3-second plays", "impressions_with_plays": "impressions", "impressions_with_link_clicks":
                  "impressions", "impressions_with_clicks_all": "impressions", "spend_with_purchase_value": "spend",
                  "spend_with_purchases": "spend", "spend_with_conversions": "spend",
                  "spend_with_link_clicks": "spend"}


@dataclass
class Split:
    """Per part (aligned keys): contribution, mix, rate, the part's metric now and before, its volume now and
    before."""

    keys: list[str]
    labels: list[str]
    contribution: np.ndarray
    mix: np.ndarray | None
    rate: np.ndarray | None
    value: np.ndarray
    previous: np.ndarray
    volume: np.ndarray
    previous_volume: np.ndarray


@dataclass
class Totals:
    value: float
    previous: float
    volume_label: str
    volume_money: bool


def explain_change(runtime: WorkspaceRuntime, request: ExplainRequest | dict[str, Any] | None = None,
                   **options: Any) -> ExplainResult:
    """Why `metric` moved between the period and the comparison period (default: the previous one)."""
    req = _parse(request, options)
    metric = metric_name(req.metric)
    if metric in TIMELINE_KPIS:
        raise InputError(f"explain splits KPIs that are sums or ratios of sums; {KPI_DEFINITIONS[metric].label} "
                         "depends on when each creative first delivered, so it has no additive split. Ask "
                         "`hookline query --metric " + metric + " --by ...` instead.", field="metric")
    by = req.by or "ad"
    q = open_question(runtime, req.period, req.compare or "previous", req.where, by, req.today, req.currency)
    assert q.compare is not None and q.scope.by is not None
    if q.coverage is not None and not q.coverage.complete:
        raise InsufficientDataError(
            f"Cannot explain the change of {KPI_DEFINITIONS[metric].label}: the comparison period {q.compare.start} – "
            f"{q.compare.end} is only partly covered by the data ({q.data.data_start} – {q.data.data_end}). Compare "
            "with a period inside the data (--compare START..END).")
    fields = _fields(metric, q)
    split, totals = _split(metric, q, q.scope, fields)
    change = totals.value - totals.previous
    label = KPI_DEFINITIONS[metric].label
    contributors = _contributors(metric, q.scope.by, split, change, totals, q, req.top)
    segments = _segments(metric, q, fields, change, totals) if q.scope.by.kind == "ad" else []
    relative = change / abs(totals.previous) if totals.previous else None
    what = "ad" if q.scope.by.kind == "ad" else q.scope.by.label
    understood = (
        f"Change of {label} of {_scope_text(q)}, {q.current.start} – {q.current.end} vs {q.compare.start} – "
        f"{q.compare.end}: {_fmt(metric, totals.previous, q.currency)} → {_fmt(metric, totals.value, q.currency)} "
        f"({_signed(metric, change, q.currency)}), split by {what}"
        + (f" into mix ({totals.volume_label} moved between them) and rate (their own {label} moved)"
           if metric not in SUM_FORMS else "")
        + "; the contributions add up to the change."
    )
    return ExplainResult(
        metric=metric, period=q.current, compare=q.compare, currency=q.currency, value=totals.value,
        previous=totals.previous, change=change, relative_change=relative, by=q.scope.by.name,
        volume=totals.volume_label if metric not in SUM_FORMS else None, understood=understood,
        contributors=contributors, segments=segments, compare_coverage=q.coverage, warnings=q.warnings,
    )


def _parse(request: ExplainRequest | dict[str, Any] | None, options: dict[str, Any]) -> ExplainRequest:
    payload = {**(request.model_dump() if isinstance(request, ExplainRequest) else dict(request or {})), **options}
    try:
        return ExplainRequest.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(p) for p in first["loc"]) or "request"
        raise InputError(f"{name}: {first['msg'].removeprefix('Value error, ')}.", field=name) from None


def _fields(metric: str, q: Question) -> tuple[str, ...]:
    if metric in SUM_FORMS:
        return (SUM_FORMS[metric],)
    form = ratio_form(metric, q.basis)
    assert form is not None
    return (form.numerator, form.denominator)


def _split(metric: str, q: Question, scope: Scope, fields: tuple[str, ...]) -> tuple[Split, Totals]:
    """Measure both periods by the scope's grouping and decompose the change per group."""
    q_scope = replace(q, scope=scope)
    now, before = q_scope.parts(q.current, fields), q_scope.parts(q.compare, fields)
    keys, labels, cur, prev = _aligned(now, before)
    label = KPI_DEFINITIONS[metric].label
    if metric in SUM_FORMS:
        name = fields[0]
        y, y0 = cur(name), prev(name)
        money_unit = KPI_DEFINITIONS[metric].unit == "money"
        value, previous = float(np.nansum(y)), float(np.nansum(y0))
        if not (np.isfinite(y).any() or np.isfinite(y0).any()):
            raise InsufficientDataError(f"No {label} data in either period: nothing to explain.")
        split = Split(keys, labels, np.nan_to_num(y) - np.nan_to_num(y0), None, None, y, y0, y, y0)
        return split, Totals(value, previous, label.lower(), money_unit)
    form = ratio_form(metric, q.basis)
    assert form is not None
    cost = metric in COSTS
    volume_field, yield_field = (form.numerator, form.denominator) if cost else (form.denominator, form.numerator)
    v1, v0 = np.nan_to_num(cur(volume_field)), np.nan_to_num(prev(volume_field))
    y1, y0 = np.nan_to_num(cur(yield_field)), np.nan_to_num(prev(yield_field))
    V1, V0, Y1, Y0 = v1.sum(), v0.sum(), y1.sum(), y0.sum()
    s = form.scale
    for total, period in ((V0, q.compare), (V1, q.current)):
        if total <= 0:
            raise InsufficientDataError(f"{label} is undefined in {period.start} – {period.end} (no "
                                        f"{_VOLUME_LABELS.get(volume_field, volume_field)} behind it): nothing "
                                        "to explain.")
    if cost and (Y0 <= 0 or Y1 <= 0):
        period = q.compare if Y0 <= 0 else q.current
        what = {"cpa": q.basis.name, "cost_per_lead": "leads", "cpc_link": "link clicks"}[metric]
        raise InsufficientDataError(f"{label} is undefined in {period.start} – {period.end}: no {what}. Explain the "
                                    f"change of spend or {what} instead.")
    r0, r1 = Y0 / V0, Y1 / V1
    with np.errstate(divide="ignore", invalid="ignore"):
        part_r0 = np.where(v0 > 0, y0 / np.where(v0 > 0, v0, 1), np.nan)
        part_r1 = np.where(v1 > 0, y1 / np.where(v1 > 0, v1, 1), np.nan)
    both = (v0 > 0) & (v1 > 0)
    c = (y1 - y0 - r0 * (v1 - v0)) / V1
    rate = np.where(both, (v1 / V1) * (np.nan_to_num(part_r1) - np.nan_to_num(part_r0)), 0.0)
    factor = -s / (r0 * r1) if cost else s
    c, rate = c * factor, rate * factor
    mix = c - rate
    to_metric = (lambda r: s / r) if cost else (lambda r: s * r)
    with np.errstate(divide="ignore", invalid="ignore"):
        value, previous = to_metric(part_r1), to_metric(part_r0)
    value = np.where(np.isfinite(value), value, np.nan)
    previous = np.where(np.isfinite(previous), previous, np.nan)
    totals = Totals(float(to_metric(r1)), float(to_metric(r0)), _VOLUME_LABELS.get(volume_field, volume_field),
                    volume_field.startswith("spend"))
    return Split(keys, labels, c, mix, rate, value, previous, v1, v0), totals


def _aligned(now: Parts, before: Parts) -> tuple[list[str], list[str], Any, Any]:
    """The union of both periods' groups (with rows in either), and per-field getters aligned on it."""
    g_now, g_before = now.grouped(), before.grouped()
    order: dict[str, int] = {}
    labels: list[str] = []
    for parts, grouped in ((now, g_now), (before, g_before)):
        for i, key in enumerate(parts.keys):
            if grouped.rows[i] > 0 and key not in order:
                order[key] = len(labels)
                labels.append(parts.labels[i])
    keys = list(order)

    def getter(parts: Parts, grouped: Any) -> Any:
        position = {k: i for i, k in enumerate(parts.keys)}
        index = np.array([position.get(k, -1) for k in keys], dtype=np.int64)

        def field(name: str) -> np.ndarray:
            values = grouped.field(name)
            return np.where(index >= 0, values[np.maximum(index, 0)] if len(values) else np.nan, np.nan)
        return field

    return keys, labels, getter(now, g_now), getter(before, g_before)


def _contributors(metric: str, spec: FieldSpec, split: Split, change: float, totals: Totals, q: Question,
                  top: int) -> list[Contributor]:
    order = np.argsort(-np.abs(split.contribution), kind="stable")
    shown, rest = order[:top], order[top:]
    out = [_contributor(metric, spec, split, int(i), change, totals, q) for i in shown]
    if len(rest):
        c = float(split.contribution[rest].sum())
        mix = float(split.mix[rest].sum()) if split.mix is not None else None
        rate = float(split.rate[rest].sum()) if split.rate is not None else None
        noun = "ads" if spec.kind == "ad" else "values"
        out.append(Contributor(
            kind=spec.kind, field=spec.name, key="others", label=f"{len(rest)} other {noun}", contribution=c,
            share=c / change if change else None, mix=mix, rate=rate,
            why=f"{len(rest)} other {noun} together: {_signed(metric, c, q.currency)} of the change."))
    return out


def _contributor(metric: str, spec: FieldSpec, split: Split, i: int, change: float, totals: Totals,
                 q: Question) -> Contributor:
    c = float(split.contribution[i])
    mix = float(split.mix[i]) if split.mix is not None else None
    rate = float(split.rate[i]) if split.rate is not None else None
    label = split.labels[i]
    if spec.kind == "ad":
        name = f"{label} (ad {split.keys[i]})" if label != split.keys[i] else f"ad {label}"
    else:
        name = f"{spec.label} = {label}"
    return Contributor(
        kind=spec.kind, field=spec.name, key=split.keys[i], label=label, contribution=c,
        share=c / change if change else None, mix=mix, rate=rate, value=_finite(split.value[i]),
        previous=_finite(split.previous[i]), volume=_finite(split.volume[i]),
        previous_volume=_finite(split.previous_volume[i]),
        why=_why(metric, name, split, i, c, mix, rate, totals, q))


def _why(metric: str, name: str, split: Split, i: int, c: float, mix: float | None, rate: float | None,
         totals: Totals, q: Question) -> str:
    label = KPI_DEFINITIONS[metric].label
    cur = q.currency
    if mix is None:
        return (f"{name}: {label} {_fmt(metric, _finite(split.previous[i]) or 0.0, cur)} → "
                f"{_fmt(metric, _finite(split.value[i]) or 0.0, cur)} ({_signed(metric, c, cur)}).")
    v1, v0 = float(split.volume[i]), float(split.previous_volume[i])
    vol = (lambda v: money(v, cur)) if totals.volume_money else (lambda v: f"{v:,.0f}")
    own = f"its {label} {_fmt(metric, _finite(split.previous[i]), cur)} → {_fmt(metric, _finite(split.value[i]), cur)}"
    if v0 <= 0:
        story = f"new in this period with {vol(v1)} {totals.volume_label} at {label} " \
                f"{_fmt(metric, _finite(split.value[i]), cur)} (overall {_fmt(metric, totals.value, cur)})"
    elif v1 <= 0:
        story = f"stopped: it had {vol(v0)} {totals.volume_label} at {label} " \
                f"{_fmt(metric, _finite(split.previous[i]), cur)} (overall {_fmt(metric, totals.previous, cur)})"
    else:
        story = f"{totals.volume_label} {vol(v0)} → {vol(v1)}, {own}"
    return (f"{name}: {story}; {_signed(metric, c, cur)} of the change (mix {_signed(metric, mix, cur)}, "
            f"rate {_signed(metric, rate or 0.0, cur)}).")


def _segments(metric: str, q: Question, fields: tuple[str, ...], change: float, totals: Totals) -> list[Contributor]:
    """The attribute and audience values that account for most of the change (each field's values add up to it)."""
    found: list[Contributor] = []
    if q.scope.audience:
        return found  # the question's own filters use breakdown cells, which other dimensions cannot split
    for spec in q.catalog.fields.values():
        if spec.kind not in ("attribute", "audience"):
            continue
        scope = build_scope(q.catalog, q.data, q.breakdowns[1] if q.breakdowns else None, [], spec.name)
        scope.ad_mask, scope.applied = q.scope.ad_mask, q.scope.applied
        try:
            split, _ = _split(metric, q, scope, fields)
        except InsufficientDataError:
            continue
        informative = [i for i, lab in enumerate(split.labels) if lab not in (NOT_SET, NOT_BROKEN_DOWN)]
        if len(split.keys) < 2 or not informative:
            continue
        found += [_contributor(metric, spec, split, i, change, totals, q) for i in informative]
    found.sort(key=lambda c: -abs(c.contribution))
    return found[:SEGMENTS_SHOWN]


def _scope_text(q: Question) -> str:
    if not q.scope.applied:
        return "all ads"
    return "ads where " + "; ".join(f"{f.field} {'is not' if f.negate else 'is'} {', '.join(f.values[:4])}"
                                    for f in q.scope.applied)


def _finite(value: float) -> float | None:
    return float(value) if value is not None and np.isfinite(value) else None


def _fmt(metric: str, value: float | None, currency: str | None) -> str:
    return kpi_value(metric, value, currency)


def _signed(metric: str, value: float, currency: str | None) -> str:
    """A change in the metric's own unit: '+0.43×', '−€1.20', '+0.150 pp' for ratios."""
    unit = KPI_DEFINITIONS[metric].unit
    sign = "+" if value >= 0 else "−"
    if unit == "ratio":
        return sign + percent(abs(value)).replace(" %", " pp")
    return sign + kpi_value(metric, abs(value), currency)
