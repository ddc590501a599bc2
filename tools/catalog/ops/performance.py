"""`performance_report`, `find_winners`, `performance_query`, `explain_change`, `creative_fatigue` →
`tools.performance.api` (thin wrappers: pin the period to the workspace's data, call, summarise)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tools.catalog.env import ProgressFn, ToolOutput
from tools.catalog.ops._common import cli_period, fmt_metric, fmt_money, import_area
from tools.core.jsonio import to_jsonable
from tools.core.limits import MAX_NAMED_ITEMS

if TYPE_CHECKING:
    from tools.catalog.args import (
        CreativeFatigueArgs,
        ExplainChangeArgs,
        FindWinnersArgs,
        PerformanceQueryArgs,
        PerformanceReportArgs,
    )
    from tools.core.runtime import WorkspaceRuntime


def _span(data: dict[str, Any], fallback: str) -> str:
    period = data.get("period")
    if isinstance(period, dict) and period.get("start") and period.get("end"):
        return f"{period['start']} to {period['end']}"
    return fallback


def _change(data: dict[str, Any], key: str) -> str:
    change = (data.get("change") or {}).get(key)
    return f" ({float(change):+.0%} vs previous)" if isinstance(change, int | float) else ""


def performance_report(runtime: WorkspaceRuntime, args: PerformanceReportArgs, progress: ProgressFn) -> ToolOutput:
    api = import_area("performance")
    period = cli_period(runtime, args.period)
    charts_dir = runtime.assets_dir / "reports" / period.replace("..", "_") if args.charts else None
    data = to_jsonable(api.performance_report(runtime, period=period, charts_dir=charts_dir))
    kpis = data.get("kpis") or {}
    currency = data.get("currency")
    summary = (
        f"{_span(data, period)}: spend {fmt_money(kpis.get('spend'), currency)}{_change(data, 'spend')}, "
        f"ROAS {fmt_metric('roas', kpis.get('roas'))}{_change(data, 'roas')}, "
        f"CPA {fmt_money(kpis.get('cpa'), currency)}, CTR {fmt_metric('ctr_link', kpis.get('ctr_link'))}, "
        f"hook rate {fmt_metric('hook_rate', kpis.get('hook_rate'))}"
    )
    fatigued = data.get("fatigued_total") or len(data.get("fatigued") or [])
    if fatigued:
        summary += f"; {fatigued} fatigued creative(s)"
    return ToolOutput(data=data, files=[str(path) for path in data.get("charts") or []], summary=summary + ".")


def find_winners(runtime: WorkspaceRuntime, args: FindWinnersArgs, progress: ProgressFn) -> ToolOutput:
    api = import_area("performance")
    period = cli_period(runtime, args.period)
    data = to_jsonable(api.find_winners(runtime, period=period, metric=args.metric, top=args.top))
    metric = str(data.get("metric") or args.metric)
    span = _span(data, period)
    winners = data.get("winners") or []
    if not winners:
        skipped = data.get("insufficient_total") or len(data.get("insufficient_data") or [])
        summary = (f"No winner on {metric} for {span}: no ad has enough spend and impressions"
                   + (f" ({skipped} ad(s) have too little data)" if skipped else ""))
        return ToolOutput(data=data, summary=summary + ".")
    currency = data.get("currency")
    parts = [
        f"{w.get('ad_name') or w.get('ad_id')} (ad {w.get('ad_id')}, {fmt_metric(metric, w.get('value'))} {metric}, "
        f"spend {fmt_money(w.get('spend'), currency)})"
        for w in winners[:MAX_NAMED_ITEMS]
    ]
    more = f" (+{len(winners) - MAX_NAMED_ITEMS} more)" if len(winners) > MAX_NAMED_ITEMS else ""
    summary = f"Top on {metric} for {span}: " + "; ".join(parts) + more + "."
    if data.get("note"):
        summary += f" {data['note']}"
    return ToolOutput(data=data, summary=summary)


def _compare(runtime: WorkspaceRuntime, compare: str | None) -> str | None:
    return compare if compare in (None, "previous") else cli_period(runtime, compare)


def performance_query(runtime: WorkspaceRuntime, args: PerformanceQueryArgs, progress: ProgressFn) -> ToolOutput:
    api = import_area("performance")
    result = api.performance_query(
        runtime, metrics=list(args.metrics), period=cli_period(runtime, args.period),
        compare=_compare(runtime, args.compare), where=list(args.where), by=args.by, granularity=args.granularity,
        top=args.top, sort=args.sort)
    from tools.performance.formatting import kpi_value

    data = to_jsonable(result)
    rows = data.get("rows") or []
    currency = data.get("currency")
    shown = []
    for row in rows[:MAX_NAMED_ITEMS]:
        values = ", ".join(_compared(k, v, row, currency, kpi_value) for k, v in (row.get("metrics") or {}).items())
        name = row.get("label") or row.get("group")
        shown.append(f"{name}: {values}" if name else values)
    summary = data.get("understood", "") + (" " + "; ".join(shown) if shown else "")
    if len(rows) > MAX_NAMED_ITEMS:
        summary += f" (+{len(rows) - MAX_NAMED_ITEMS} more)"
    return ToolOutput(data=data, summary=summary)


def _compared(metric: str, value: Any, row: dict[str, Any], currency: str | None, fmt: Any) -> str:
    """'roas 2.97× (vs 2.71×, +10%)': the value, and the comparison when the question had one."""
    text = f"{metric} {fmt(metric, value, currency)}"
    before = (row.get("previous") or {}).get(metric)
    if before is None:
        return text
    change = (row.get("change") or {}).get(metric)
    return text + f" (vs {fmt(metric, before, currency)}" + (f", {change:+.0%})" if isinstance(change, int | float)
                                                               else ")")


def explain_change(runtime: WorkspaceRuntime, args: ExplainChangeArgs, progress: ProgressFn) -> ToolOutput:
    api = import_area("performance")
    result = api.explain_change(runtime, metric=args.metric, period=cli_period(runtime, args.period),
                                compare=_compare(runtime, args.compare) or "previous", where=list(args.where),
                                by=args.by)
    data = to_jsonable(result)
    whys = [c.get("why", "") for c in (data.get("contributors") or [])[:3]]
    segments = [c.get("why", "") for c in (data.get("segments") or [])[:2]]
    summary = " ".join([data.get("understood", ""), *whys, *segments]).strip()
    return ToolOutput(data=data, summary=summary)


def creative_fatigue(runtime: WorkspaceRuntime, args: CreativeFatigueArgs, progress: ProgressFn) -> ToolOutput:
    api = import_area("performance")
    data = to_jsonable(api.creative_fatigue(runtime, period=cli_period(runtime, args.period)))
    span = _span(data, args.period)
    flags = data.get("fatigued") or []
    if not flags:
        return ToolOutput(data=data, summary=f"No fatigued creative for {span} ({data.get('checked', 0)} checked).")
    parts = [f"{f.get('ad_name') or f.get('ad_id')} since {f.get('day')} ({f.get('message')})"
             for f in flags[:MAX_NAMED_ITEMS]]
    total = data.get("fatigued_total") or len(flags)
    shown = min(len(flags), MAX_NAMED_ITEMS)
    more = f" (+{total - shown} more)" if total > shown else ""
    return ToolOutput(data=data, summary=f"{total} fatigued for {span}: " + "; ".join(parts) + more + ".")
