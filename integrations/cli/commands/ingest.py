"""`hookline ingest FILE... [--source auto|meta|tiktok|generic] [--mapping MAP.yml]`: import ad-performance exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from integrations.cli.context import JSON_OPTION, Cli


def register(app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest(
        ctx: typer.Context,
        files: list[Path] = typer.Argument(..., help="Export files (CSV, TSV or XLSX); all land together or none."),
        source: str = typer.Option("auto", "--source", help="auto | meta | tiktok | generic."),
        mapping: Path | None = typer.Option(None, "--mapping", help="YAML file naming columns (see docs/ingest.md)."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Import daily ad-performance exports (Meta, TikTok or any CSV); re-imports update, never double-count."""
        from tools.ingest.api import ingest_files

        cli = Cli(ctx, json_output)
        result = ingest_files(cli.runtime, files, source=source, mapping=mapping, progress=cli.progress)
        cli.emit(result, _render)


def _render(console: Any, data: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(title=f"Import batch {data['batch_id']} ({data['source']})", show_header=False)
    table.add_row("rows", f"{data['rows']:,} ({data['inserted']:,} new, {data['updated']:,} updated)")
    table.add_row("ads", f"{data['ads']:,} ({data['new_ads']:,} new)")
    table.add_row("days", f"{data['date_start']} → {data['date_end']}")
    table.add_row("currency", data["currency"] or "not stated")
    if data["cleared"]:
        table.add_row("cleared", f"{data['cleared']:,} stored rows now report nothing delivered")
    console.print(table)
    for warning in data["warnings"]:
        console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
