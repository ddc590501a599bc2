"""`schedule_checkin`, `list_checkins`, `cancel_checkin` → `tools.checkins.api`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tools.catalog.env import ProgressFn, ToolOutput
from tools.catalog.ops._common import import_area
from tools.core.errors import InputError
from tools.core.jsonio import to_jsonable

if TYPE_CHECKING:
    from tools.catalog.args import CancelCheckinArgs, ListCheckinsArgs, ScheduleCheckinArgs
    from tools.core.runtime import WorkspaceRuntime


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
