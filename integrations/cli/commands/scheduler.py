"""`hookline scheduler`: run the check-in scheduler as its own process (larger deployments; `hookline slack` runs
one inside by default). Any number may run against one database: each check-in is posted once."""

from __future__ import annotations

import signal
import sys
import threading
from typing import Any

import typer

from integrations.cli.context import JSON_OPTION, Cli


def register(app: typer.Typer) -> None:
    @app.command("scheduler")
    def scheduler(
        ctx: typer.Context,
        once: bool = typer.Option(False, "--once", help="One pass (due, missed and interrupted check-ins), then "
                                  "exit — for cron-driven deployments."),
        poll: float = typer.Option(30.0, "--poll", min=1.0, help="Seconds between passes at most (it also wakes "
                                   "up exactly when a schedule is due)."),
        now: str | None = typer.Option(None, "--now", help="With --once: run the pass as if at this ISO 8601 "
                                       "moment."),
        this_workspace: bool = typer.Option(False, "--this-workspace", help="Only the workspace given by "
                                            "--workspace (default: every workspace in the database)."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Post scheduled check-ins on time (SLACK_BOT_TOKEN, SLACK_API_URL) until stopped (Ctrl-C / SIGTERM)."""
        from integrations.cli.commands.checkin import parse_now
        from integrations.scheduler.service import Scheduler
        from tools.checkins.clock import ManualClock
        from tools.core.errors import InputError

        cli = Cli(ctx, json_output)
        moment = parse_now(now)
        if moment is not None and not once:
            raise InputError("--now only works with --once (a running scheduler follows the real clock).",
                             field="now")
        workspaces = [cli.settings.workspace] if this_workspace else None
        clock = ManualClock(moment) if moment is not None else None
        service = Scheduler(cli.settings, clock=clock, workspaces=workspaces, poll_interval=poll)
        if once:
            report = service.tick()
            cli.emit(report.as_dict(), _render_pass)
            return
        _configure_logging()
        stop = threading.Event()
        passes = {"count": 0, "fired": 0, "errors": 0}

        def on_tick(report: Any) -> None:
            passes["count"] += 1
            passes["fired"] += len(report.fired) + len(report.recovered)
            passes["errors"] += len(report.errors)

        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        sys.stderr.write(f"hookline scheduler {service.owner}: polling every {poll:g}s at most\n")
        sys.stderr.flush()
        service.run(stop, on_tick)
        cli.emit({"stopped": True, "passes": passes["count"], "fired": passes["fired"], "errors": passes["errors"]},
                 lambda console, d: console.print(f"scheduler stopped after {d['passes']} passes; "
                                                  f"{d['fired']} check-ins handled, {d['errors']} errors"))


def _render_pass(console: Any, d: dict[str, Any]) -> None:
    for item in d["fired"] + d["recovered"]:
        if item.get("job") == "sync":
            console.print(f"[green]synced[/green] {item.get('workspace')} from Meta: {item.get('rows')} rows "
                          f"({item.get('date_start')}..{item.get('date_end')})")
            continue
        mark = "[green]posted[/green]" if item.get("posted") else "[yellow]not posted[/yellow]"
        console.print(f"{mark} {item.get('job')}: {item.get('reason')}")
    for item in d["errors"]:
        console.print(f"[red]error[/red] {item.get('job', '')}: {item.get('error')}")
    if not (d["fired"] or d["recovered"] or d["errors"]):
        console.print("Nothing due.")
    if d["next_wakeup"]:
        console.print(f"[dim]next due {d['next_wakeup']}[/dim]")


def _configure_logging() -> None:
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("[%(asctime)s %(levelname)s %(name)s] %(message)s"))
    logger = logging.getLogger("hookline")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
