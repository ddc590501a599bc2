"""The agent tools of this area, each declared once as an `AgentTool` (tools/core/agent_tool.py).

`performance_report`, `find_winners`, `performance_query`, `explain_change`, `creative_fatigue` →
`tools.performance.api` (thin wrappers: pin the period to the workspace's data, call, summarise)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from tools.core.agent_tool import AgentTool, ProgressFn, ToolArgs, ToolOutput
from tools.core.jsonio import to_jsonable
from tools.core.limits import MAX_NAMED_ITEMS
from tools.core.tool_args import Compare, ExplainMetric, Period, QueryMetric, Where, WinnerMetric
from tools.core.tool_helpers import cli_period, fmt_metric, fmt_money, import_area

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime


class PerformanceReportArgs(ToolArgs):
    """KPIs for a period (spend, ROAS, CPA, CTR, hook rate, ...), top/bottom creatives, fatigue, charts."""

    period: Period = "last-week"
    charts: bool = Field(True, description="Render charts as PNG files.")


class FindWinnersArgs(ToolArgs):
    """The best creatives of a period on one metric, among those with enough spend and impressions."""

    period: Period = "last-week"
    metric: WinnerMetric = Field("roas", description="Metric that decides the winner.")
    top: int = Field(5, ge=1, le=50, description="How many winners to return.")


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


def _remember_winner(args: Mapping[str, Any], data: Mapping[str, Any], memory: Mapping[str, Any]) -> dict[str, Any]:
    """The top winner, so "make variants of it" and "what did it win on?" resolve against it."""
    winners = data.get("winners") or []
    if not winners:
        return {}
    top = winners[0]
    return {"last_winner": {"ad_id": str(top.get("ad_id")), "ad_name": top.get("ad_name"),
                            "metric": top.get("metric") or args.get("metric"), "value": top.get("value"),
                            "period": data.get("period") or args.get("period")}}


TOOLS = (
    AgentTool("performance_report", PerformanceReportArgs, performance_report, "performance", "report performance",
              examples=(
                  "how did our ads do", "give me a performance report", "how are campaigns performing",
                  "summary of spend and roas", "what were our numbers", "recap of the account",
                  "how is the account trending", "show me the kpis", "overview of results", "how much did we spend",
                  "weekly performance summary", "how did we perform overall",
              )),
    AgentTool("find_winners", FindWinnersArgs, find_winners, "performance", "find the winners",
              remember=_remember_winner,
              examples=(
                  "which ad won", "what is our best performing ad", "top creatives by roas", "who is the winner",
                  "show me the best ads", "which creative had the highest ctr", "rank the ads by cpa",
                  "what are the top performers", "strongest ad in the account", "which video is crushing it",
                  "best ads by hook rate",
              )),
    AgentTool("performance_query", PerformanceQueryArgs, performance_query, "performance",
              "answer the performance question",
              examples=(
                  "how much did we spend on those ads", "roas of one campaign", "cpa by age group", "ctr by placement",
                  "compare two formats on roas", "spend trend over time", "which country has the lowest cost",
                  "numbers for one ad set only", "revenue from one audience", "frequency of the retargeting ads",
                  "daily spend for the period", "this month against last month", "leads from women aged 25 to 34",
              )),
    AgentTool("explain_change", ExplainChangeArgs, explain_change, "performance", "explain what drove the change",
              examples=(
                  "why did roas drop", "what caused the cpa increase", "why is ctr down this week",
                  "explain the change in spend", "what is behind the dip in conversions", "why did results get worse",
                  "what changed since last week", "roas fell, what happened", "why are costs going up",
                  "which ads drove the decline",
              )),
    AgentTool("creative_fatigue", CreativeFatigueArgs, creative_fatigue, "performance", "find fatigued creatives",
              examples=(
                  "which ads are fatigued", "are any creatives burning out", "which videos are wearing out",
                  "show ads losing steam", "creative fatigue check", "what has gone stale",
                  "are people tired of our ads", "which creatives are past their peak",
              )),
)
