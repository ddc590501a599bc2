"""`performance_report`, `find_winners` → `tools.performance.api`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tools.catalog.env import ProgressFn, ToolOutput
from tools.catalog.ops._common import cli_period, fmt_metric, fmt_money, import_area, jsonable

if TYPE_CHECKING:
    from tools.catalog.args import FindWinnersArgs, PerformanceReportArgs
    from tools.runtime import WorkspaceRuntime


def performance_report(runtime: WorkspaceRuntime, args: PerformanceReportArgs, progress: ProgressFn) -> ToolOutput:
    api = import_area("performance")
    period = cli_period(runtime, args.period)
    charts_dir = runtime.assets_dir / "reports" / period.replace("..", "_") if args.charts else None
    data = jsonable(api.performance_report(runtime, period=period, charts_dir=charts_dir))
    kpis = data.get("kpis") or {}
    currency = data.get("currency")
    span = data.get("period") or {}
    summary = (
        f"{span.get('start')} to {span.get('end')}: spend {fmt_money(kpis.get('spend'), currency)}, "
        f"ROAS {fmt_metric('roas', kpis.get('roas'))}, CPA {fmt_money(kpis.get('cpa'), currency)}, "
        f"CTR {fmt_metric('ctr_link', kpis.get('ctr_link'))}, "
        f"hook rate {fmt_metric('hook_rate', kpis.get('hook_rate'))}"
    )
    if data.get("fatigued"):
        summary += f"; {len(data['fatigued'])} fatigued creative(s)"
    return ToolOutput(data=data, files=[str(path) for path in data.get("charts") or []], summary=summary + ".")


def find_winners(runtime: WorkspaceRuntime, args: FindWinnersArgs, progress: ProgressFn) -> ToolOutput:
    api = import_area("performance")
    period = cli_period(runtime, args.period)
    data = jsonable(api.find_winners(runtime, period=period, metric=args.metric, top=args.top))
    data.setdefault("period", period)
    winners = data.get("winners") or []
    if not winners:
        skipped = len(data.get("insufficient_data") or [])
        summary = (
            f"No winner on {args.metric} for {period}: no ad has enough spend and impressions"
            + (f" ({skipped} ad(s) have too little data)" if skipped else "")
        )
        return ToolOutput(data=data, summary=summary + ".")
    parts = [
        f"{w.get('ad_name') or w.get('ad_id')} ({fmt_metric(args.metric, w.get('value'))} {args.metric}, "
        f"spend {fmt_money(w.get('spend'))})"
        for w in winners[:3]
    ]
    return ToolOutput(data=data, summary=f"Top on {args.metric} for {period}: " + "; ".join(parts) + ".")
