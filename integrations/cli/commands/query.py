"""`hookline query`: any KPI of any scope — filters, breakdowns, comparisons, trends (CLI.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from integrations.cli.context import JSON_OPTION, Cli, period_option

if TYPE_CHECKING:
    from rich.console import Console


def register(app: typer.Typer) -> None:
    @app.command("query")
    def query(
        ctx: typer.Context,
        metric: list[str] = typer.Option([], "--metric", "-m", help="KPI(s), comma-separated or repeated: spend, "
                                          "roas, cpa, ctr_link, hook_rate, leads, cost_per_lead, ... (default: "
                                          "spend, impressions, CTR and the result metrics the data carries)."),
        period: str = typer.Option("last-week", "--period", "-p", callback=period_option,
                                   help="Same forms as `hookline report --period`."),
        compare: str | None = typer.Option(None, "--compare", help="'previous' (the period of equal length "
                                           "before) or another period."),
        where: list[str] = typer.Option([], "--where", "-w", help="FIELD=VALUE (or FIELD!=VALUE), repeatable: "
                                        "ad, campaign, adset, kind, any creative attribute, age, gender, ..."),
        by: str | None = typer.Option(None, "--by", help="Group by this field (ad, campaign, format, age, ...)."),
        granularity: str | None = typer.Option(None, "--granularity", help="day | week | month: add a series."),
        top: int | None = typer.Option(None, "--top", "-n", min=1, help="Show the first N groups."),
        sort: str | None = typer.Option(None, "--sort", help="Rank groups by this metric (best first)."),
        today: str | None = typer.Option(None, "--today", help="Reference day YYYY-MM-DD (default: latest data)."),
        currency: str | None = typer.Option(None, "--currency", help="Use this currency when data mixes several."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Metrics of any scope: filter with --where, break down with --by, compare, trend with --granularity."""
        from tools.core.periods import parse_day
        from tools.performance.api import performance_query

        cli = Cli(ctx, json_output)
        result = performance_query(
            cli.runtime, metrics=metric, period=period, compare=compare, where=where, by=by,
            granularity=granularity, top=top, sort=sort, currency=currency,
            today=parse_day(today, field="today") if today else None,
        )
        cli.emit(result, render_query)


def render_query(console: Console, data: dict[str, Any]) -> None:
    from rich.table import Table

    from tools.performance.formatting import MISSING, kpi_column, short, signed_percent
    from tools.performance.kpis import KPI_DEFINITIONS

    currency = data.get("currency")
    metrics = data["metrics"]
    console.print(data["understood"])
    rows = data["rows"]
    grouped = data.get("by") is not None
    table = Table(box=None, pad_edge=False)
    if grouped:
        table.add_column("#", justify="right")
        table.add_column(data["by"])
    compare = data.get("compare") is not None
    columns = []
    for key in metrics:
        table.add_column(KPI_DEFINITIONS[key].label, justify="right")
        columns.append(kpi_column(key, [r["metrics"].get(key) for r in rows], currency))
        if compare:  # previous values are in --json; the table keeps to the change
            table.add_column("Δ", justify="right", style="dim")
            columns.append([signed_percent((r["change"] or {}).get(key)) for r in rows])
    table.add_column("ads", justify="right")
    for i, row in enumerate(rows):
        lead = []
        if grouped:
            rank = str(row["rank"]) if row["rank"] is not None else ("·" if row["enough_evidence"] else "few data")
            lead = [rank, short(row.get("label") or row.get("group") or MISSING, 36)]
        table.add_row(*lead, *[column[i] for column in columns], str(row["n_ads"]))
    console.print(table)
    if data.get("groups_total", 0) > len(rows):
        console.print(f"[dim]{data['groups_total'] - len(rows)} more groups (raise --top).[/dim]")
    if grouped and any(not r["enough_evidence"] for r in rows):
        console.print(f"[dim]few data: below {data['min_spend']:g} spend or {data['min_impressions']:,} impressions "
                      "— shown, not ranked.[/dim]")
    if data.get("series"):
        series = Table(title=f"per {data['granularity']}", title_justify="left", box=None, pad_edge=False)
        series.add_column("from")
        series.add_column("to")
        points = data["series"]
        cells = []
        for key in metrics:
            series.add_column(KPI_DEFINITIONS[key].label, justify="right")
            cells.append(kpi_column(key, [p["metrics"].get(key) for p in points], currency))
        for i, point in enumerate(points):
            series.add_row(point["start"], point["end"], *[c[i] for c in cells])
        console.print(series)
    for warning in data.get("warnings") or []:
        console.print(f"[yellow]note:[/yellow] {warning}")
