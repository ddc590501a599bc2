"""`hookline slack [--socket | --http --port 3000]`: run the Slack app; `slack manifest` prints the app manifest.

Single-workspace install (SLACK_BOT_TOKEN) serves the workspace named by --workspace / HOOKLINE_WORKSPACE;
with SLACK_CLIENT_ID/SECRET (OAuth) every Slack team that installs the app gets a workspace of its own.
"""

from __future__ import annotations

import sys

import typer

from integrations.cli.context import JSON_OPTION, Cli
from tools.core.errors import InputError, NotConfiguredError
from tools.core.jsonio import dumps


def _check_config(settings, socket_mode: bool) -> None:  # type: ignore[no-untyped-def]
    from integrations.slack.services import oauth_enabled

    if not oauth_enabled(settings) and settings.slack_bot_token is None:
        raise NotConfiguredError("Slack is not configured: set SLACK_BOT_TOKEN (single workspace) or "
                                 "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (OAuth, many workspaces).")
    if socket_mode and settings.slack_app_token is None:
        raise NotConfiguredError("Socket Mode needs SLACK_APP_TOKEN (an app-level token, xapp-…, with the "
                                 "connections:write scope); or run `hookline slack --http`.")
    if not socket_mode and settings.slack_signing_secret is None:
        raise NotConfiguredError("HTTP mode needs SLACK_SIGNING_SECRET (Basic Information → App Credentials).")


def register(app: typer.Typer) -> None:
    slack_app = typer.Typer(help="Run the Slack app (HTTP or Socket Mode) and print its manifest.",
                            invoke_without_command=True, no_args_is_help=False)

    @slack_app.callback()
    def slack(
        ctx: typer.Context,
        socket: bool = typer.Option(False, "--socket", help="Socket Mode (needs SLACK_APP_TOKEN)."),
        http: bool = typer.Option(False, "--http", help="HTTP mode: /slack/events, /slack/commands, "
                                                        "/slack/interactions."),
        port: int = typer.Option(3000, "--port", min=0, max=65535, help="HTTP port (0 picks a free one)."),
        host: str = typer.Option("0.0.0.0", "--host", help="HTTP bind address."),
        workers: int = typer.Option(1, "--workers", min=1, help="gunicorn worker processes (HTTP)."),
        threads: int = typer.Option(16, "--threads", min=1, help="Request threads per worker (HTTP)."),
        no_scheduler: bool = typer.Option(False, "--no-scheduler",
                                          help="Do not run scheduled check-ins here (run `hookline scheduler`)."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Run the Slack app until stopped (Ctrl-C)."""
        if ctx.invoked_subcommand is not None:
            return
        if socket and http:
            raise InputError("Choose one of --socket and --http, not both.", field="--socket/--http")
        cli = Cli(ctx, json_output)
        settings = cli.settings
        socket_mode = socket or (not http and settings.slack_app_token is not None)
        _check_config(settings, socket_mode)
        from integrations.slack.config import SlackOptions

        options = SlackOptions()
        if no_scheduler:
            options = options.model_copy(update={"run_scheduler": False})
        workspace = "per Slack team (OAuth)" if settings.slack_client_id else settings.workspace

        def announce(data: dict[str, object]) -> None:
            if cli.json:
                sys.stdout.write(dumps(data, compact=True) + "\n")
                sys.stdout.flush()
            else:
                where = f"http://{data['host']}:{data['port']}/slack/events" if data["mode"] == "http" else "Slack"
                cli.err.print(f"Hookline Slack app ({data['mode']}) serving workspace {workspace}: {where}")

        if socket_mode:
            from integrations.slack.runner import serve_socket_mode

            serve_socket_mode(settings, options, on_ready=lambda: announce(
                {"mode": "socket", "workspace": settings.workspace}))
            return
        from integrations.slack.runner import serve_http

        serve_http(settings, options, host=host, port=port, workers=workers, threads=threads,
                   on_ready=lambda h, p: announce({"mode": "http", "host": h, "port": p,
                                                   "workspace": settings.workspace}))

    @slack_app.command("manifest")
    def manifest(
        ctx: typer.Context,
        url: str | None = typer.Option(None, "--url", help="Public https base URL of `hookline slack --http`: "
                                                            "prints the HTTP variant (Socket Mode off)."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Print slack/manifest.yml ready to paste into "Create New App → From a manifest"."""
        from integrations.slack.manifest import render_manifest

        cli = Cli(ctx, json_output)
        data = render_manifest(url=url)

        def human(console, payload) -> None:  # type: ignore[no-untyped-def]
            import yaml

            sys.stdout.write(yaml.safe_dump(payload, sort_keys=False, allow_unicode=True))

        cli.emit(data, human, escape=False)  # YAML, written raw

    @slack_app.command("map-team")
    def map_team(
        ctx: typer.Context,
        team_id: str = typer.Argument(..., help="Slack team id (T…)."),
        workspace: str = typer.Argument(..., help="Hookline workspace the team should work in."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Point a Slack team at a Hookline workspace (multi-workspace installs)."""
        from integrations.slack.teams import TeamDirectory
        from tools.core.runtime import open_database

        cli = Cli(ctx, json_output)
        if not team_id.startswith(("T", "E")):
            raise InputError(f"Team id {team_id!r} should start with T (team) or E (Enterprise Grid org).",
                             field="team_id")
        settings = cli.settings
        settings.ensure_home()
        directory = TeamDirectory(settings, open_database(settings.resolved_database_url), installation_store=None)
        directory.map_team(team_id, workspace)
        cli.emit({"team_id": team_id, "workspace": workspace},
                 lambda console, d: console.print(f"Slack team {d['team_id']} → workspace {d['workspace']}"))

    app.add_typer(slack_app, name="slack")
