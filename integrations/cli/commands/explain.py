"""`hookline explain`: what drove a KPI's change, as contributions that add up to it (CLI.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from integrations.cli.context import JSON_OPTION, Cli, period_option

if TYPE_CHECKING:
    from rich.console import Console


def register(app: typer.Typer) -> None:
    @app.command("explain")
    def explain(
        ctx: typer.Context,
        metric: str = typer.Option(..., "--metric", "-m", help="The KPI whose change to explain: roas, cpa, spend, "
                                   "ctr_link, hook_rate, cost_per_lead, ..."),
        period: str = typer.Option("last-week", "--period", "-p", callback=period_option,
                                   help="Same forms as `hookline report --period`."),
        compare: str = typer.Option("previous", "--compare", help="'previous' or another period."),
        where: list[str] = typer.Option([], "--where", "-w", help="FIELD=VALUE (or FIELD!=VALUE), repeatable."),
        by: str | None = typer.Option(None, "--by", help="Split by this field instead of by ad (format, age, ...)."),
        top: int = typer.Option(10, "--top", "-n", min=1, max=100, help="Contributors listed before 'others'."),
        today: str | None = typer.Option(None, "--today", help="Reference day YYYY-MM-DD (default: latest data)."),
        currency: str | None = typer.Option(None, "--currency", help="Use this currency when data mixes several."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Why a metric moved: each ad's (or value's) contribution, split into mix and rate."""
        from tools.core.periods import parse_day
        from tools.performance.api import explain_change

        cli = Cli(ctx, json_output)
        result = explain_change(cli.runtime, metric=metric, period=period, compare=compare, where=where, by=by,
                                top=top, currency=currency,
                                today=parse_day(today, field="today") if today else None)
        cli.emit(result, render_explain)


def render_explain(console: Console, data: dict[str, Any]) -> None:
    from rich.table import Table

    console.print(data["understood"])
    for title, items in (("Contributors", data["contributors"]), ("Attributes and audiences that moved most",
                                                                   data.get("segments") or [])):
        if not items:
            continue
        table = Table(title=title, title_justify="left", box=None, pad_edge=False)
        table.add_column("share", justify="right")
        table.add_column("why")
        for item in items:
            share = "—" if item["share"] is None else f"{item['share']:+.0%}"
            table.add_row(share, item["why"])
        console.print(table)
    for warning in data.get("warnings") or []:
        console.print(f"[yellow]note:[/yellow] {warning}")
