"""`hookline insights [--metric M]`: which creative elements move a metric, with 95 % intervals."""

from __future__ import annotations

import typer

from integrations.cli.context import JSON_OPTION, Cli


def register(app: typer.Typer) -> None:
    @app.command("insights")
    def insights(
        ctx: typer.Context,
        metric: str = typer.Option("ctr_link", "--metric", help="ctr_link | hook_rate | cpa | roas"),
        all_values: bool = typer.Option(False, "--all-values", help="Also list values without a reliable effect."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Relative lift per attribute value (hook type, format, offer, ...), other attributes held equal."""
        from tools.analyst.api import creative_insights

        cli = Cli(ctx, json_output)
        cli.progress("Fitting attribute effects with a bootstrap over creatives...")
        result = creative_insights(cli.runtime, metric=metric)
        cli.emit(result, lambda console, data: _render(console, data, all_values))


def _render(console, data, all_values: bool) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    shown = [i for i in data["insights"] if all_values or i["conclusive"]]
    table = Table(title=f"What moves {data['metric']} ({data['n_creatives']} creatives)")
    table.add_column("finding")
    for insight in shown:
        table.add_row(("[bold]" if insight["conclusive"] else "[dim]") + insight["sentence"])
    console.print(table)
    if not shown:
        console.print("No attribute value has a reliable effect yet.")
    for note in data.get("notes", []):
        console.print(f"[dim]{note}[/dim]")
