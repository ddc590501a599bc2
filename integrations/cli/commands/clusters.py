"""`hookline clusters [FILE]`: named audience segments from breakdown performance (age, gender, interest, hour)."""

from __future__ import annotations

from pathlib import Path

import typer

from integrations.cli.context import JSON_OPTION, Cli


def register(app: typer.Typer) -> None:
    @app.command("clusters")
    def clusters(
        ctx: typer.Context,
        file: Path | None = typer.Argument(None, help="Breakdown export (CSV/XLSX); default: this workspace."),
        k: int | None = typer.Option(None, "-k", "--k", min=2, max=12, help="Number of segments (default: best)."),
        seed: int = typer.Option(0, "--seed", help="Random seed of k-means."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Cluster audience cells by their performance profile and name each segment."""
        from tools.analyst.api import audience_clusters

        cli = Cli(ctx, json_output)
        result = audience_clusters(cli.runtime, file=file, seed=seed, k=k)
        cli.emit(result, _render)


def _render(console, data) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    table = Table(title=f"{data['k']} audience segments ({' × '.join(data['dimensions'])})")
    for column in ("segment", "cells", "spend share", "CTR", "CPA"):
        table.add_column(column)
    for s in data["segments"]:
        ctr, cpa = s["kpis"].get("ctr"), s["kpis"].get("cpa")
        table.add_row(s["name"], str(s["members"]), f"{s['spend_share']:.0%}",
                      "n/a" if ctr is None else f"{ctr:.3%}", "n/a" if cpa is None else f"{cpa:.2f}")
    console.print(table)
