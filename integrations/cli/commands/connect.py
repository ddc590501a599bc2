"""`hookline connect meta --account act_ID (--token T | --token-env VAR)`: connect the workspace to its ad account."""

from __future__ import annotations

import os
from typing import Any

import typer

from integrations.cli.context import JSON_OPTION, Cli
from tools.core.errors import InputError


def register(app: typer.Typer) -> None:
    connect = typer.Typer(help="Connect the workspace to an ad platform's API.", no_args_is_help=True)
    app.add_typer(connect, name="connect")

    @connect.command("meta")
    def meta(
        ctx: typer.Context,
        account: str = typer.Option(..., "--account", help="The ad account id, act_…"),
        token: str | None = typer.Option(None, "--token", help="An access token with ads_read (prefer --token-env)."),
        token_env: str | None = typer.Option(None, "--token-env", help="Environment variable holding the token."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Check the token with one call (name, currency, time zone) and store it encrypted; never printed."""
        from tools.ingest.meta_api.connection import connect_meta

        cli = Cli(ctx, json_output)
        if (token is None) == (token_env is None):
            raise InputError("give exactly one of --token or --token-env VAR (the name of an environment variable "
                             "holding a token with the ads_read permission).", field="token")
        if token_env is not None:
            token = os.environ.get(token_env)
            if not token:
                raise InputError(f"--token-env {token_env}: that environment variable is not set or empty; expected "
                                 "it to hold the access token.", field="token_env")
        cli.emit(connect_meta(cli.runtime, account, token or ""), _render)


def _render(console: Any, data: dict[str, Any]) -> None:
    console.print(f"Connected [bold]{data['name'] or data['account']}[/bold] ({data['account']}), "
                  f"{data['currency'] or 'currency not stated'}, time zone {data['timezone'] or 'not stated'}. "
                  "Next: `hookline sync`.")
