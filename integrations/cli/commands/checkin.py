"""`hookline checkin run | preview | history`: run a check-in now (posted to Slack exactly like a scheduled one)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import typer

from integrations.cli.context import JSON_OPTION, Cli
from tools.core.errors import InputError
from tools.core.periods import parse_day

JOBS_HELP = "weekly-report | fatigue-alerts | winners-digest | velocity-check | briefs-digest"


def parse_now(text: str | None) -> datetime | None:
    """An ISO 8601 moment ('2026-11-23T09:00:00+01:00'); without an offset it is taken as UTC."""
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"--now {text!r} is not an ISO 8601 date-time such as 2026-11-23T09:00:00+01:00.",
                         field="now") from None
    from tools.checkins.clock import as_utc

    return as_utc(value)


def parse_today(text: str | None) -> date | None:
    if text is None:
        return None
    return parse_day(text)


def register(app: typer.Typer) -> None:
    checkin = typer.Typer(help="Run check-ins now: post to Slack, preview, or see what was posted.",
                          no_args_is_help=True)
    app.add_typer(checkin, name="checkin")

    @checkin.command("run")
    def run(
        ctx: typer.Context,
        job: str = typer.Argument(..., help=JOBS_HELP),
        channel: str | None = typer.Option(None, "--channel", "-c", help="Where to post (default: the channel of "
                                           "the job's schedule)."),
        force: bool = typer.Option(False, "--force", help="Post even if this period was already posted here."),
        all_quiet: bool = typer.Option(False, "--all-quiet", help="Post a one-line 'all quiet' when there is "
                                       "nothing to say."),
        today: str | None = typer.Option(None, "--today", help="Last day that counts, YYYY-MM-DD (default: "
                                         "yesterday in the schedule's time zone)."),
        now: str | None = typer.Option(None, "--now", help="Run as if at this ISO 8601 moment, leases included "
                                       "(default: now)."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Post a check-in to Slack now (SLACK_BOT_TOKEN, SLACK_API_URL); once per job, channel and period."""
        from integrations.slack.poster import settings_poster
        from tools.checkins.api import run_checkin
        from tools.checkins.clock import ManualClock

        cli = Cli(ctx, json_output)
        moment = parse_now(now)
        result = run_checkin(cli.runtime, job, channel=channel, force=force, now=moment, today=parse_today(today),
                             all_quiet=all_quiet, clock=ManualClock(moment) if moment is not None else None,
                             make_poster=settings_poster)
        data = result.model_dump(mode="json")
        if not cli.json:
            data.pop("blocks", None)
        cli.emit(data, _render_run)

    @checkin.command("preview")
    def preview(
        ctx: typer.Context,
        job: str = typer.Argument(..., help=JOBS_HELP),
        today: str | None = typer.Option(None, "--today", help="Last day that counts, YYYY-MM-DD."),
        tz: str | None = typer.Option(None, "--tz", help="Time zone that decides 'yesterday' (default: the "
                                      "workspace's)."),
        now: str | None = typer.Option(None, "--now", help="Build as if at this ISO 8601 moment."),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """Build the check-in message without posting it (no Slack needed)."""
        from tools.checkins.api import preview_checkin

        cli = Cli(ctx, json_output)
        content = preview_checkin(cli.runtime, job, now=parse_now(now), today=parse_today(today), tz=tz)
        cli.emit(content, _render_preview)

    @checkin.command("history")
    def history(
        ctx: typer.Context,
        job: str | None = typer.Option(None, "--job", help=JOBS_HELP),
        limit: int = typer.Option(20, "--limit", "-n", min=1, max=1000),
        json_output: bool = JSON_OPTION,
    ) -> None:
        """What check-ins posted (or decided not to), newest first."""
        from tools.checkins import ledger
        from tools.checkins.api import validate_job

        cli = Cli(ctx, json_output)
        runs = ledger.history(cli.runtime, limit=limit, job=validate_job(job) if job else None)
        rows = [{"id": r.id, "job": r.job, "channel": r.channel_label, "channel_id": r.channel,
                 "period": r.period.key, "state": r.state, "ts": r.message_ts, "trigger": r.trigger,
                 "schedule_id": r.schedule_id, "note": r.note, "reason": r.reason, "error": r.error,
                 "attempts": r.attempts, "forced": r.seq > 0, "created_at": r.created_at, "posted_at": r.posted_at}
                for r in runs]
        cli.emit({"runs": rows}, _render_history)


_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def terminal_text(mrkdwn: str) -> str:
    """Slack mrkdwn (already escaped for Rich) as Rich markup: *bold* in bold, entities as characters."""
    text = _BOLD.sub(r"[bold]\1[/bold]", mrkdwn)
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return text


def _render_preview(console: Any, d: dict[str, Any]) -> None:
    if d["quiet"]:
        console.print(terminal_text(d["quiet_text"]), highlight=False)
        console.print(f"[dim](nothing to say: {d['reason']})[/dim]", highlight=False)
        return
    console.print(terminal_text(d["text"]), highlight=False)
    if d["files"]:
        console.print("[dim]files for the thread:[/dim]")
        for path in d["files"]:
            console.print(f"  {path}", highlight=False, soft_wrap=True)


def _render_run(console: Any, d: dict[str, Any]) -> None:

    mark = "[green]posted[/green]" if d["posted"] else "[yellow]not posted[/yellow]"
    console.print(f"{mark}: {d['reason']}")
    if d["posted"] and d.get("files"):
        console.print(f"[dim]{len(d['files'])} file(s) in the thread[/dim]")


def _render_history(console: Any, d: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(box=None, title="Check-in runs", title_justify="left")
    for column in ("id", "job", "channel", "period", "state", "when", "why"):
        table.add_column(column)
    for r in d["runs"]:
        table.add_row(str(r["id"]), r["job"], r["channel"], r["period"], r["state"],
                      str(r["posted_at"] or r["created_at"] or ""),
                      str(r["note"] or r["reason"] or r["error"] or "")[:60])
    console.print(table)
