"""`hookline schedule add | list | remove`: recurring check-ins posted to Slack (the scheduler runs them)."""

from __future__ import annotations

from typing import Any

import typer

from integrations.cli.context import JSON_OPTION, Cli

JOBS_HELP = "weekly-report | fatigue-alerts | winners-digest | velocity-check | briefs-digest"


def register(app: typer.Typer) -> None:
    schedule = typer.Typer(help="Recurring check-ins: weekly report, fatigue alerts, winners, velocity nudges, briefs.",
                           no_args_is_help=True)
    app.add_typer(schedule, name="schedule")

    @schedule.command("add")
    def add(
        ctx: typer.Context,
        job: str = typer.Argument(..., help=JOBS_HELP),
        channel: str = typer.Option(..., "--channel", "-c", help="'#growth', a channel id, or a user id (DM)."),
        cron: str | None = typer.Option(None, "--cron", help="Five-field cron, e.g. '0 9 * * MON'."),
        every: str | None = typer.Option(None, "--every", help="'monday 9:00', 'day 8:30', 'weekday 9:00', or "
                                         "'every Monday at 9', 'daily at 8:30am', 'weekdays at 9'."),
        tz: str | None = typer.Option(None, "--tz", help="IANA time zone, e.g. Europe/Paris (default: the "
                                      "workspace's, UTC unless set)."),
        all_quiet: bool = typer.Option(False, "--all-quiet", help="Post a one-line 'all quiet' when there is "
                                       "nothing to say (default: no post)."),
        created_by: str | None = typer.Option(None, "--created-by", help="Who asked for it (shown in lists)."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Schedule a check-in; prints its id and next run (in its time zone)."""
        from tools.checkins.api import schedule_checkin

        cli = Cli(ctx, json_output)
        result = schedule_checkin(cli.runtime, job, channel, cron=cron, every=every, tz=tz, all_quiet=all_quiet,
                                  created_by=created_by)
        cli.emit(result, _render_added)

    @schedule.command("list")
    def list_(
        ctx: typer.Context,
        all_: bool = typer.Option(False, "--all", help="Include cancelled schedules."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """List this workspace's scheduled check-ins."""
        from tools.checkins.api import list_checkins

        cli = Cli(ctx, json_output)
        cli.emit({"schedules": list_checkins(cli.runtime, include_cancelled=all_)}, _render_list)

    @schedule.command("remove")
    def remove(ctx: typer.Context, schedule_id: str = typer.Argument(..., metavar="ID"),
               json_output: bool = JSON_OPTION) -> None:
        """Cancel a scheduled check-in (it stays listed with --all)."""
        from tools.checkins.api import cancel_checkin

        cli = Cli(ctx, json_output)
        result = cancel_checkin(cli.runtime, schedule_id)
        data = result.model_dump(mode="json")
        data["removed"] = not result.active
        cli.emit(data, lambda console, d: console.print(f"Cancelled {d['id']} ({d['job']} in {d['channel']})."))


def _render_added(console: Any, d: dict[str, Any]) -> None:
    verb = "Scheduled" if d.get("created", True) else "Already scheduled"
    console.print(f"{verb} [bold]{d['job']}[/bold] in {d['channel']}: {d['description']} — id {d['id']}, next run "
                  f"{d['next_run']}")


def _render_list(console: Any, d: dict[str, Any]) -> None:
    from rich.table import Table

    if not d["schedules"]:
        console.print("No check-ins scheduled. Add one: hookline schedule add weekly-report --channel '#growth' "
                      "--every 'monday 9:00'")
        return
    table = Table(box=None, title="Scheduled check-ins", title_justify="left")
    for column in ("id", "job", "channel", "when", "next run", "last outcome"):
        table.add_column(column)
    for s in d["schedules"]:
        outcome = s.get("last_outcome") or {}
        last = "—" if not outcome else ("posted" if outcome.get("posted") else
                                        (outcome.get("error") or outcome.get("reason") or "not posted"))
        table.add_row(s["id"], s["job"], s["channel"], s["description"],
                      s["next_run"] or ("cancelled" if not s["active"] else "—"), str(last)[:60])
    console.print(table)
