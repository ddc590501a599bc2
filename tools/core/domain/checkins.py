"""Shared types of scheduled check-ins: schedules, the period a check-in covers, its content and the run result.

Why here: the CLI, the Slack app (App Home, actions), the agent's tool wrappers and the scheduler all read these
shapes; `tools/domain` lets them do so without importing SQL or Slack code. Times are timezone-aware; `next_run` is
expressed in the schedule's own zone so people read "09:00+01:00", not a UTC instant.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

CheckinJob = Literal["weekly-report", "fatigue-alerts", "winners-digest", "velocity-check", "briefs-digest"]
CHECKIN_JOBS: tuple[str, ...] = ("weekly-report", "fatigue-alerts", "winners-digest", "velocity-check",
                                 "briefs-digest")
JOB_DESCRIPTIONS: dict[str, str] = {
    "weekly-report": "KPIs vs the previous week, top and bottom creatives, fatigue, charts",
    "fatigue-alerts": "creatives that just fatigued, each with a 'make variants' button",
    "winners-digest": "last week's winners on ROAS (or the best metric the data carries)",
    "velocity-check": "a nudge when creative velocity < 20/week or freshness rate < 40 %",
    "briefs-digest": "what to make next: 3 creative briefs, each with a 'make variants' button, and velocity",
}

MAKE_VARIANTS_ACTION_ID = "hookline_make_variants"


class Schedule(BaseModel):
    """A recurring check-in: which job, where it posts, and when (a cron in a time zone)."""

    id: str
    job: str
    channel: str
    cron: str = Field(description="five-field cron, day-of-week as names (0 9 * * mon)")
    every: str | None = Field(None, description="the plain-language phrase it was created from, if any")
    tz: str
    description: str = Field("", description="human wording, e.g. 'every Monday at 09:00 (Europe/Paris)'")
    all_quiet: bool = Field(False, description="post a one-line 'all quiet' when there is nothing to say")
    active: bool = True
    next_run: datetime | None = None
    last_run: datetime | None = Field(None, description="the scheduled time of the latest fire handled")
    last_outcome: dict[str, Any] | None = None
    created_by: str | None = None
    created_at: datetime | None = None
    cancelled_at: datetime | None = None
    created: bool = Field(True, description="False when an identical active schedule already existed")


class CheckinPeriod(BaseModel):
    """The span of data a check-in speaks about, and the key that makes its post unique per channel."""

    key: str
    start: date
    end: date
    reference_day: date = Field(description="the last complete day that counts (the day before the run, locally)")


class CheckinContent(BaseModel):
    """What a check-in would post: Block Kit blocks, a plain-text fallback, files for the thread.

    `quiet` means there is nothing worth a message; `quiet_text` is then the one-line 'all quiet' some schedules
    ask for. `items` records what was reported (e.g. fatigue episodes) so the next run does not repeat it.
    """

    job: str
    period: CheckinPeriod
    text: str
    blocks: list[dict[str, Any]] = Field(default_factory=list)
    files: list[str] = Field(default_factory=list)
    quiet: bool = False
    quiet_text: str = ""
    reason: str = ""
    items: list[str] = Field(default_factory=list)
    data: dict[str, Any] = Field(default_factory=dict, description="the numbers behind the message (JSON-safe)")


class CheckinResult(BaseModel):
    """`hookline checkin run`: whether a message went out and why (not)."""

    posted: bool
    reason: str
    job: str
    channel: str | None = None
    channel_id: str | None = None
    period: CheckinPeriod | None = None
    ts: str | None = Field(None, description="Slack timestamp of the posted message")
    files: list[str] = Field(default_factory=list, description="Slack file ids uploaded into the message's thread")
    quiet: bool = False
    note: str | None = None
    recovered: bool = Field(False, description="an interrupted earlier attempt was completed instead")
    forced: bool = False
    run_id: int | None = None
    text: str | None = None
    blocks: list[dict[str, Any]] | None = None
