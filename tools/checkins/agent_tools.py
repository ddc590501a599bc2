"""The agent tools of this area, each declared once as an `AgentTool` (tools/core/agent_tool.py).

`schedule_checkin`, `list_checkins`, `cancel_checkin` → `tools.checkins.api`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from tools.core.agent_tool import AgentTool, ProgressFn, ToolArgs, ToolOutput
from tools.core.errors import InputError
from tools.core.jsonio import to_jsonable
from tools.core.tool_helpers import import_area

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime


CheckinJob = Literal["weekly-report", "fatigue-alerts", "winners-digest", "velocity-check", "briefs-digest"]
_CRON = re.compile(r"^\S+\s+\S+\s+\S+\s+\S+\s+\S+$")
_EVERY = re.compile(r"^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|day|weekday) \d{1,2}:\d{2}$")


class ScheduleCheckinArgs(ToolArgs):
    """Schedule a recurring check-in posted into a Slack channel."""

    job: CheckinJob = Field(description="What to post.")
    channel: str = Field(min_length=2, description="Slack channel: '#name' or a channel id such as C0123.")
    cron: str | None = Field(None, description="Cron expression, e.g. '0 9 * * MON'.")
    every: str | None = Field(None, description="'monday 9:00', 'day 8:30' or 'weekday 9:00'.")
    tz: str | None = Field(None, description="IANA time zone, e.g. Europe/Paris.")

    @model_validator(mode="after")
    def _when(self) -> ScheduleCheckinArgs:
        if (self.cron is None) == (self.every is None):
            raise ValueError("give exactly one of cron or every")
        if self.cron is not None and not _CRON.match(self.cron.strip()):
            raise ValueError("cron must have five fields, e.g. '0 9 * * MON'")
        if self.every is not None and not _EVERY.match(self.every):
            raise ValueError("every must look like 'monday 9:00', 'day 8:30' or 'weekday 9:00'")
        return self


class ListCheckinsArgs(ToolArgs):
    """List the scheduled check-ins of this workspace."""


class CancelCheckinArgs(ToolArgs):
    """Cancel a scheduled check-in, by id or by job and/or channel when that names exactly one."""

    id: str | None = Field(None, description="Check-in id.")
    job: CheckinJob | None = None
    channel: str | None = None

    @model_validator(mode="after")
    def _which(self) -> CancelCheckinArgs:
        if not (self.id or self.job or self.channel):
            raise ValueError("give the check-in id, or its job and/or channel")
        return self



def schedule_checkin(runtime: WorkspaceRuntime, args: ScheduleCheckinArgs, progress: ProgressFn) -> ToolOutput:
    api = import_area("checkins")
    data = to_jsonable(api.schedule_checkin(runtime, job=args.job, channel=args.channel, cron=args.cron,
                                         every=args.every, tz=args.tz))
    when = data.get("description") or args.every or args.cron
    verb = "Already scheduled" if data.get("created") is False else "Scheduled"
    return ToolOutput(data=data, summary=f"{verb} {args.job} in {data.get('channel') or args.channel} ({when}); "
                                         f"id {data.get('id')}, next run {data.get('next_run')}.")


def _schedules(data: Any) -> list[dict[str, Any]]:
    return list(data.get("schedules") or []) if isinstance(data, dict) else list(data or [])


def list_checkins(runtime: WorkspaceRuntime, args: ListCheckinsArgs, progress: ProgressFn) -> ToolOutput:
    api = import_area("checkins")
    data = to_jsonable(api.list_checkins(runtime))
    schedules = _schedules(data)
    if not isinstance(data, dict):
        data = {"schedules": schedules}
    if not schedules:
        return ToolOutput(data=data, summary="No check-ins are scheduled.")
    parts = [f"{s.get('id')}: {s.get('job')} in {s.get('channel')}, "
             f"{s.get('description') or s.get('every') or s.get('cron')} (next {s.get('next_run')})" for s in schedules]
    return ToolOutput(data=data, summary=f"{len(schedules)} check-in(s): " + "; ".join(parts) + ".")


def cancel_checkin(runtime: WorkspaceRuntime, args: CancelCheckinArgs, progress: ProgressFn) -> ToolOutput:
    api = import_area("checkins")
    checkin_id = args.id
    if checkin_id is None:
        matches = [s for s in _schedules(to_jsonable(api.list_checkins(runtime)))
                   if (args.job is None or s.get("job") == args.job)
                   and (args.channel is None or _same_channel(s.get("channel"), args.channel))]
        if len(matches) != 1:
            found = ", ".join(f"{s.get('id')} ({s.get('job')} in {s.get('channel')})" for s in matches) or "none"
            raise InputError(f"{len(matches)} check-ins match (found: {found}); say which id to cancel.",
                             field="id")
        checkin_id = str(matches[0].get("id"))
    data = to_jsonable(api.cancel_checkin(runtime, checkin_id))
    if not isinstance(data, dict):
        data = {"id": checkin_id, "cancelled": bool(data) if data is not None else True}
    return ToolOutput(data=data, summary=f"Cancelled check-in {checkin_id}.")


def _same_channel(a: Any, b: str) -> bool:
    return str(a or "").lstrip("#").lower() == b.lstrip("#").lower()


def _approval(args: Mapping[str, Any], image_model_configured: bool) -> list[str]:
    return [f"posts into {args.get('channel')} on a schedule"]


def _describe(args: Mapping[str, Any], memory: Mapping[str, Any]) -> str:
    when = f"every {args['every']}" if args.get("every") else f"on cron '{args.get('cron')}'"
    tz = f" ({args['tz']})" if args.get("tz") else ""
    return f"Post {args.get('job')} into {args.get('channel')} {when}{tz}"


def _remember_scheduled(args: Mapping[str, Any], data: Mapping[str, Any],
                        memory: Mapping[str, Any]) -> dict[str, Any]:
    """The new check-in, so "cancel it" knows which."""
    return {"last_checkin_id": str(data["id"])} if data.get("id") is not None else {}


def _remember_cancelled(args: Mapping[str, Any], data: Mapping[str, Any],
                        memory: Mapping[str, Any]) -> dict[str, Any]:
    return {"last_checkin_id": None} if memory.get("last_checkin_id") == str(data.get("id")) else {}


TOOLS = (
    AgentTool("schedule_checkin", ScheduleCheckinArgs, schedule_checkin, "checkins", "schedule the check-in",
              side_effect=True, public=True, approval=_approval, describe=_describe, remember=_remember_scheduled,
              examples=(
                  "every monday at 9 post the weekly report", "schedule a daily fatigue alert",
                  "send the winners digest weekly", "set up a recurring report in the channel",
                  "remind the team every friday with winners", "post kpis every morning", "automate the weekly recap",
                  "each weekday at 8 share fatigue alerts",
              )),
    AgentTool("list_checkins", ListCheckinsArgs, list_checkins, "checkins", "list check-ins",
              examples=(
                  "what is scheduled", "list the check-ins", "show me all schedules", "which automations are running",
                  "what reminders do we have", "show recurring posts", "what have we set up to post automatically",
              )),
    AgentTool("cancel_checkin", CancelCheckinArgs, cancel_checkin, "checkins", "cancel the check-in",
              side_effect=True, remember=_remember_cancelled,
              examples=(
                  "cancel the weekly report", "stop the monday check-in", "remove that schedule",
                  "unsubscribe from the digest", "delete the fatigue alerts", "turn off the recurring post",
                  "no more daily reports please",
              )),
)
