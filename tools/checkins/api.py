"""The check-ins capability: schedule, list, cancel and run check-ins (called by the CLI, the agent, Slack, the
scheduler).

`run_checkin` is the one path that posts — `hookline checkin run` and every scheduled fire go through it — so a
check-in posts once per job, channel and period whoever triggers it (see `ledger.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from tools.checkins.channels import normalise_channel, same_channel
from tools.checkins.clock import Clock, SystemClock, as_utc
from tools.checkins.content import BuildContext, build_content
from tools.checkins.cron import normalise_cron, parse_timezone
from tools.checkins.every import parse_every
from tools.checkins.runner import CheckinRequest, CheckinRunner
from tools.checkins.schedules import cancel_schedule, create_schedule, list_schedules, workspace_timezone
from tools.core.domain.checkins import CHECKIN_JOBS, JOB_DESCRIPTIONS, CheckinContent, CheckinResult, Schedule
from tools.core.errors import InputError, NotConfiguredError
from tools.core.periods import checkin_period

if TYPE_CHECKING:
    from tools.checkins.poster import Poster
    from tools.core.runtime import WorkspaceRuntime

__all__ = ["cancel_checkin", "list_checkins", "preview_checkin", "run_checkin", "schedule_checkin"]


def validate_job(job: str | None) -> str:
    name = (job or "").strip().lower().replace("_", "-")
    if name not in CHECKIN_JOBS:
        listed = "; ".join(f"{j} ({JOB_DESCRIPTIONS[j]})" for j in CHECKIN_JOBS)
        raise InputError(f"job {job!r} is not a check-in: expected one of {listed}.", field="job")
    return name


def _now(now: datetime | None, clock: Clock | None = None) -> datetime:
    return as_utc(now) if now is not None else (clock or SystemClock()).now()


def schedule_checkin(runtime: WorkspaceRuntime, job: str, channel: str, cron: str | None = None,
                     every: str | None = None, tz: str | None = None, all_quiet: bool = False,
                     created_by: str | None = None, *, now: datetime | None = None) -> Schedule:
    """Store a recurring check-in. Exactly one of `cron` ('0 9 * * MON') or `every` ('monday 9:00', 'every Monday
    at 9', 'daily at 8:30am', 'weekdays at 9'); `tz` defaults to the workspace's time zone."""
    name = validate_job(job)
    label = normalise_channel(channel)
    if (cron is None or not cron.strip()) == (every is None or not every.strip()):
        raise InputError("Give exactly one of cron (e.g. '0 9 * * MON') or every (e.g. 'monday 9:00').",
                         field="cron" if cron else "every")
    expression = normalise_cron(cron) if cron and cron.strip() else normalise_cron(parse_every(every))
    zone_name = (tz or "").strip() or workspace_timezone(runtime)
    parse_timezone(zone_name)
    return create_schedule(runtime, job=name, channel=label, cron=expression,
                           every=every.strip() if every and every.strip() else None, tz=zone_name,
                           all_quiet=all_quiet, created_by=created_by, now=_now(now))


def list_checkins(runtime: WorkspaceRuntime, include_cancelled: bool = False) -> list[Schedule]:
    """The workspace's active schedules (with `include_cancelled`, the cancelled ones too), oldest first."""
    return list_schedules(runtime, include_cancelled=include_cancelled)


def cancel_checkin(runtime: WorkspaceRuntime, schedule_id: str, *, now: datetime | None = None) -> Schedule:
    """Stop a schedule (kept, inactive, for the record). InputError for an id this workspace does not have."""
    return cancel_schedule(runtime, schedule_id, _now(now))


def run_checkin(runtime: WorkspaceRuntime, job: str, channel: str | None = None, force: bool = False,
                now: datetime | None = None, poster: Poster | None = None, *, today: date | None = None,
                all_quiet: bool = False, clock: Clock | None = None,
                make_poster: Callable[[WorkspaceRuntime], Poster] | None = None) -> CheckinResult:
    """Run a check-in now and post it to `channel` (default: the channel of the job's only schedule).

    Posts at most once per job, channel and period unless `force`; says why when nothing is posted (already posted,
    nothing to say, another process on it). `now` is the moment the check-in runs for (it picks the period);
    `today` overrides the last day that counts. Slack is injected by the edges: `poster`, or `make_poster`, called
    once the request is known to be valid.
    """
    name = validate_job(job)
    target, tz_name, quiet_default = _target(runtime, name, channel)
    if poster is None and make_poster is not None:
        poster = make_poster(runtime)
    if poster is None:  # the edges inject Slack (`integrations/slack/poster.py`); tools never import it
        raise NotConfiguredError("Posting check-ins needs Slack: set SLACK_BOT_TOKEN (and SLACK_API_URL for a "
                                 "non-default Slack API endpoint) and run it with `hookline checkin run`.")
    clock = clock or SystemClock()
    at = _now(now, clock)
    request = CheckinRequest(job=name, channel=target, at=at, tz=parse_timezone(tz_name), today=today,
                             all_quiet=all_quiet or quiet_default, force=force, trigger="manual")
    return CheckinRunner(runtime, poster, clock=clock).run(request)


def preview_checkin(runtime: WorkspaceRuntime, job: str, *, now: datetime | None = None, today: date | None = None,
                    tz: str | None = None) -> CheckinContent:
    """The message a check-in would post now, built but not posted (no claim, no Slack)."""

    name = validate_job(job)
    zone = parse_timezone(tz or workspace_timezone(runtime))
    period = checkin_period(name, _now(now), zone, today)
    charts = runtime.assets_dir / "checkins" / f"preview-{name}-{period.key.replace('..', '_')}"
    return build_content(name, BuildContext(runtime=runtime, job=name, period=period, charts_dir=charts))


def _target(runtime: WorkspaceRuntime, job: str, channel: str | None) -> tuple[str, str, bool]:
    """(channel, time zone, all-quiet) for a manual run: from the matching schedule when there is one."""
    schedules = [s for s in list_schedules(runtime) if s.job == job]
    if channel:
        label = normalise_channel(channel)
        match = next((s for s in schedules if same_channel(s.channel, label)), None)
        return label, match.tz if match else workspace_timezone(runtime), False
    channels = sorted({s.channel for s in schedules})
    if len(channels) == 1:
        match = schedules[0]
        return match.channel, match.tz, False
    if not channels:
        raise InputError(f"No channel for {job}: pass --channel (e.g. --channel '#growth'); no schedule of this job "
                         "names one.", field="channel")
    raise InputError(f"{job} is scheduled for several channels ({', '.join(channels)}): pass --channel to choose.",
                     field="channel")
