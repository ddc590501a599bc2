"""`hookline workspace`: show where this installation keeps its data (a quick health check)."""

from __future__ import annotations

import typer

from integrations.cli.context import JSON_OPTION, Cli


def register(app: typer.Typer) -> None:
    @app.command("workspace")
    def workspace(ctx: typer.Context, json_output: bool = JSON_OPTION) -> None:
        """Show the active workspace, home folder and database."""
        cli = Cli(ctx, json_output)
        runtime = cli.runtime
        settings = runtime.settings
        url = settings.resolved_database_url
        data = {
            "workspace": runtime.workspace,
            "workspace_id": runtime.workspace_id,
            "home": str(settings.home.resolve()),
            "database": url.split("@")[-1] if "@" in url else url,
        }
        cli.emit(data, lambda console, d: console.print(
            f"workspace [bold]{d['workspace']}[/bold] (id {d['workspace_id']})\nhome {d['home']}\n"
            f"database {d['database']}"
        ))
