"""`hookline winners`: the best ads on one metric among those with enough evidence (the rest are listed)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from integrations.cli.context import JSON_OPTION, Cli, display_names, name_width, period_option

if TYPE_CHECKING:
    from rich.console import Console


def register(app: typer.Typer) -> None:
    @app.command("winners")
    def winners(
        ctx: typer.Context,
        period: str = typer.Option("last-week", "--period", "-p", callback=period_option,
                                   help="Same forms as `hookline report --period`."),
        metric: str = typer.Option("roas", "--metric", "-m", help="roas | cpa | cost_per_lead | ctr_link | hook_rate "
                                   "(also ctr_all, cpc_link, cpm, hold_rate)."),
        top: int = typer.Option(5, "--top", "-n", help="How many winners."),
        today: str | None = typer.Option(None, "--today", help="Reference day YYYY-MM-DD (default: latest data)."),
        currency: str | None = typer.Option(None, "--currency", help="Rank this currency when data mixes several."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Best ads on a metric; ads with too little spend or impressions are listed, never judged."""
        cli = Cli(ctx, json_output)
        from tools.performance.api import find_winners

        result = find_winners(cli.runtime, period=period, metric=metric, top=top, today=today, currency=currency)
        cli.emit(result, render_winners)


def render_winners(console: Console, data: dict[str, Any]) -> None:
    from rich.table import Table

    from tools.performance.formatting import kpi_value
    from tools.performance.kpis import KPI_DEFINITIONS

    currency = data.get("currency")
    metric = data["metric"]
    label = KPI_DEFINITIONS[metric].label
    period = data["period"]
    table = Table(title=f"Winners by {label} ({'higher' if data['higher_is_better'] else 'lower'} is better), "
                  f"{period['start']} – {period['end']}", title_justify="left", box=None)
    cells = [[str(item["rank"]), item["ad_id"], kpi_value(metric, item["value"], currency),
              kpi_value("spend", item["spend"], currency), f"{item['impressions']:,}"] for item in data["winners"]]
    width = name_width(console, [["#", "Ad", label, "Spend", "Impr."], *cells])
    names = display_names([(item["ad_name"], item["ad_id"]) for item in data["winners"]], width)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Ad", no_wrap=True)
    table.add_column("Name", no_wrap=True, min_width=max(map(len, names), default=4))
    for column in (label, "Spend", "Impr."):
        table.add_column(column, justify="right", no_wrap=True)
    for row, name in zip(cells, names, strict=True):
        table.add_row(*row[:2], name, *row[2:])
    console.print(table)
    if data.get("note"):
        console.print(f"[yellow]note:[/yellow] {data['note']}")
    insufficient = data.get("insufficient_data") or []
    if insufficient:
        console.print(f"[dim]Not judged, too little evidence ({data['insufficient_total']}): "
                      + ", ".join(f"{i['ad_id']} ({i['reason'].split(': ', 1)[-1]})" for i in insufficient[:5])
                      + (" …" if data["insufficient_total"] > 5 else "") + "[/dim]")
    for warning in data.get("warnings") or []:
        console.print(f"[yellow]note:[/yellow] {warning}")
