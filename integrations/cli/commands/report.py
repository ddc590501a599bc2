"""`hookline report`: KPIs of a period vs the previous one, top/bottom ads, fatigue flags, optional PNG charts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from integrations.cli.context import JSON_OPTION, Cli, display_names, name_width, period_option

if TYPE_CHECKING:
    from rich.console import Console

KPI_ROWS = (
    "spend", "impressions", "link_clicks", "clicks_all", "purchases", "revenue", "leads", "ctr_link", "ctr_all", "cpm",
    "cpc_link", "cpa", "cost_per_lead", "roas", "hook_rate", "hold_rate", "frequency", "freshness_rate",
    "creative_velocity",
)


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report(
        ctx: typer.Context,
        period: str = typer.Option("last-week", "--period", "-p", callback=period_option,
                                   help="last-week, last-7-days, last-30-days, "
                                   "this-month, last-month, october, 2024-10, YYYY-MM-DD..YYYY-MM-DD, ..."),
        charts: Path | None = typer.Option(None, "--charts", help="Write PNG charts into this folder."),
        today: str | None = typer.Option(None, "--today", help="Reference day YYYY-MM-DD (default: latest data)."),
        currency: str | None = typer.Option(None, "--currency", help="Report this currency when data mixes several."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """KPIs for a period vs the previous one, top and bottom ads, fatigued creatives, and charts."""
        cli = Cli(ctx, json_output)
        from tools.performance.api import performance_report

        if charts is not None:
            cli.progress(f"Drawing charts into {charts} …")
        result = performance_report(cli.runtime, period=period, charts_dir=charts, today=today, currency=currency)
        cli.emit(result, render_report)


def render_report(console: Console, data: dict[str, Any]) -> None:
    """Compact Rich tables: KPIs (with previous period and change), top/bottom ads, fatigue flags."""
    from rich.table import Table

    from tools.performance.formatting import MISSING, kpi_value, signed_percent
    from tools.performance.kpis import KPI_DEFINITIONS

    currency = data.get("currency")
    period = data["period"]
    previous = (data.get("previous") or {}).get("kpis") or {}
    title = f"{period['label'] or 'Report'}: {period['start']} – {period['end']}"
    title += f" ({currency})" if currency else ""
    kpis = Table(title=title, title_justify="left", box=None, pad_edge=False)
    kpis.add_column("KPI")
    kpis.add_column("Value", justify="right")
    kpis.add_column("Previous", justify="right", style="dim")
    kpis.add_column("Change", justify="right")
    for key in KPI_ROWS:
        change = data["change"].get(key)
        direction = KPI_DEFINITIONS[key].higher_is_better
        style = ""
        if change is not None and direction is not None and change != 0:
            style = "green" if (change > 0) == direction else "red"
        kpis.add_row(KPI_DEFINITIONS[key].label, kpi_value(key, data["kpis"].get(key), currency),
                     kpi_value(key, previous.get(key), currency),
                     f"[{style}]{signed_percent(change)}[/{style}]" if style else signed_percent(change))
    console.print(kpis)

    metric = data.get("rank_metric")
    for name in ("top", "bottom"):
        items = data.get(name) or []
        if not items or not metric:
            continue
        table = Table(title=f"{name.title()} ads by {KPI_DEFINITIONS[metric].label}", title_justify="left", box=None)
        headers = ["Ad", KPI_DEFINITIONS[metric].label, "Spend", "Impr."]
        cells = [[item["ad_id"], kpi_value(metric, item["value"], currency) if item["value"] is not None else
                  (item["note"] or MISSING), kpi_value("spend", item["spend"], currency), f"{item['impressions']:,}"]
                 for item in items]
        labels = display_names([(item["ad_name"], item["ad_id"]) for item in items],
                               name_width(console, [headers, *cells]))
        table.add_column("Ad", no_wrap=True)
        table.add_column("Name", no_wrap=True, min_width=max(map(len, labels)))
        for column in headers[1:]:
            table.add_column(column, justify="right", no_wrap=True)
        for row, label in zip(cells, labels, strict=True):
            table.add_row(row[0], label, *row[1:])
        console.print(table)

    fatigued = data.get("fatigued") or []
    if fatigued:
        table = Table(title=f"Fatigued ({data.get('fatigued_total', len(fatigued))})", title_justify="left", box=None)
        labels = display_names([(flag["ad_name"], flag["ad_id"]) for flag in fatigued], 28)
        table.add_column("Ad", no_wrap=True)
        table.add_column("Name", no_wrap=True, min_width=max(map(len, labels)))
        table.add_column("Since", no_wrap=True)
        table.add_column("Evidence")
        for flag, label in zip(fatigued, labels, strict=True):
            table.add_row(flag["ad_id"], label, flag["day"], flag["message"])
        console.print(table)
    else:
        console.print("[dim]No fatigued creatives.[/dim]")
    console.print(f"[dim]{data['ads_judged']} of {data['ads_delivered']} ads had enough evidence to be ranked "
                  f"(≥ {kpi_value('spend', data['min_spend'], currency)} spend and ≥ {data['min_impressions']:,} "
                  "impressions).[/dim]")
    for path in data.get("charts") or []:
        console.print(f"chart: {path}")
    for warning in data.get("warnings") or []:
        console.print(f"[yellow]note:[/yellow] {warning}")
