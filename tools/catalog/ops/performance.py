"""`performance_report`, `find_winners` → `tools.performance.api`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tools.catalog.env import ProgressFn, ToolOutput
from tools.catalog.ops._common import cli_period, fmt_metric, fmt_money, import_area
from tools.core.jsonio import to_jsonable

if TYPE_CHECKING:
    from tools.catalog.args import FindWinnersArgs, PerformanceReportArgs
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
        for w in winners[:3]
    ]
    more = f" (+{len(winners) - 3} more)" if len(winners) > 3 else ""
    summary = f"Top on {metric} for {span}: " + "; ".join(parts) + more + "."
    if data.get("note"):
        summary += f" {data['note']}"
    return ToolOutput(data=data, summary=summary)
