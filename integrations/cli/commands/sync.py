"""`hookline sync [--since DATE] [--breakdowns age,gender,placement,country]`: pull the connected Meta account."""

from __future__ import annotations

from typing import Any

import typer

from integrations.cli.context import JSON_OPTION, Cli


def register(app: typer.Typer) -> None:
    @app.command("sync")
    def sync(
        ctx: typer.Context,
        since: str | None = typer.Option(None, "--since", help="First day (YYYY-MM-DD); default: 7 days before "
                                                               "the last synced day, or 30 days on the first sync."),
        breakdowns: str = typer.Option("", "--breakdowns", help="Audience rows too: age,gender,placement,country."),
        media: bool = typer.Option(True, "--media/--no-media", help="Download new creatives' images and videos."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Ad-level daily insights from the Marketing API into this workspace (re-syncs never double count)."""
        from tools.ingest.meta_api.sync import sync_meta

        cli = Cli(ctx, json_output)
        cli.emit(sync_meta(cli.runtime, since=since, breakdowns=breakdowns, media=media, progress=cli.progress),
                 _render)


def _render(console: Any, data: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(title=f"Meta sync of {data['account']}", show_header=False)
    table.add_row("days", f"{data['date_start']} → {data['date_end']}")
    table.add_row("rows", f"{data['rows']:,} ({data['inserted']:,} new, {data['updated']:,} updated)")
    table.add_row("ads", f"{data['ads']:,} ({data['new_ads']:,} new)")
    table.add_row("currency", data["currency"] or "not stated")
    for name, count in data["breakdown_rows"].items():
        table.add_row(f"by {name}", f"{count:,} rows")
    if data["cleared"]:
        table.add_row("cleared", f"{data['cleared']:,} stored rows Meta no longer reports")
    table.add_row("media", f"{data['media_stored']} creative(s) downloaded")
    console.print(table)
    for warning in data["warnings"]:
        console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
