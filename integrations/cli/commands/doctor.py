"""`hookline doctor`: check this installation's setup, one line per check with ✓/✗ and the fix.

Exit 0 when every required check passes, 2 otherwise. Nothing is created, migrated or posted: the checks only look
(a temporary file in the home folder, `SELECT 1`, Slack's `auth.test` and `apps.connections.open`, Redis `PING`).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import typer

from integrations.cli.context import JSON_OPTION, Cli
from tools.core.errors import InputError

if TYPE_CHECKING:
    from rich.console import Console

    from tools.core.health import Check
    from tools.core.settings import Settings

MARKS = {"ok": ("✓", "green"), "warn": ("!", "yellow"), "fail": ("✗", "red"), "off": ("–", "dim")}


def register(app: typer.Typer) -> None:
    @app.command("doctor")
    def doctor(
        ctx: typer.Context,
        socket: bool = typer.Option(False, "--socket", help="Check Socket Mode (SLACK_APP_TOKEN) even if unset."),
        http: bool = typer.Option(False, "--http", help="Check HTTP mode (SLACK_SIGNING_SECRET required)."),
        timeout: float = typer.Option(10.0, "--timeout", min=1, max=120, help="Seconds per network check."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Check Python, home, database, Chroma, models, providers, Slack, queue and Meta; say how to fix each."""
        if socket and http:
            raise InputError("Choose one of --socket and --http, not both.", field="--socket/--http")
        cli = Cli(ctx, json_output)
        mode = "socket" if socket else "http" if http else "auto"
        settings, problem = _settings(cli)
        checks = [problem] if problem is not None else run_all(settings, mode=mode, timeout=timeout)
        failed = [c.name for c in checks if c.failed]
        data: dict[str, Any] = {
            "ok": not failed,
            "failed": failed,
            "home": str(settings.home.resolve()) if settings is not None else None,
            "workspace": settings.workspace if settings is not None else None,
            "checks": [c.model_dump() for c in checks],
        }
        cli.emit(data, render_doctor)
        if failed:
            raise typer.Exit(2)


def _settings(cli: Cli) -> tuple[Settings | None, Check | None]:
    """The settings, or the check that says which setting cannot be read (a bad value in the environment or .env)."""
    from pydantic import ValidationError

    from tools.core.health import Check

    try:
        return cli.settings, None
    except ValidationError as exc:
        fields = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors())
        return None, Check(name="settings", status="fail", detail=f"cannot read the settings ({fields})",
                           fix="Fix or unset that HOOKLINE_* / SLACK_* variable (environment or .env).")


def run_all(settings: Settings, *, mode: str = "auto", timeout: float = 10.0) -> list[Check]:
    """Every check, in the order they are shown."""
    from integrations.slack.health import check_slack
    from tools.core import health
    from tools.ingest.meta_api.health import check_meta

    return health.run_checks([
        ("python", health.check_python),
        ("install", health.check_install),
        ("home", partial(health.check_home, settings)),
        ("database", partial(health.check_database, settings)),
        ("vector store", partial(health.check_vector_store, settings)),
        ("embedding model", partial(health.check_embedding_model, settings)),
        ("llm", partial(health.check_llm, settings)),
        ("image model", partial(health.check_image_model, settings)),
        ("gpu", partial(health.check_gpu, settings)),
        ("slack", partial(check_slack, settings, mode=mode, timeout=timeout)),  # type: ignore[arg-type]
        ("queue", partial(health.check_queue, settings)),
        ("meta", partial(check_meta, settings, timeout=timeout)),
    ])


def render_doctor(console: Console, data: dict[str, Any]) -> None:
    if data.get("home"):
        console.print(f"Hookline setup — home {data['home']}, workspace {data['workspace']}", highlight=False)
    width = max((len(c["name"]) for c in data["checks"]), default=0)
    for check in data["checks"]:
        mark, style = MARKS[check["status"]]
        line = f"[{style}]{mark}[/{style}] {check['name']:<{width}}  {check['detail']}"
        if check.get("fix") and check["status"] != "ok":
            line += f" [{style}]→[/{style}] {check['fix']}"
        console.print(line, soft_wrap=True, highlight=False)
    warnings = sum(1 for c in data["checks"] if c["status"] == "warn")
    if data["ok"]:
        console.print("[green]All required checks pass[/green]" + (f" ({warnings} to look at)." if warnings else "."))
    else:
        console.print(f"[red]{len(data['failed'])} required check(s) fail:[/red] {', '.join(data['failed'])}.")
