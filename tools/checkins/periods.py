"""Which data a check-in speaks about, from the moment it runs and the time zone it runs in.

Why from the run time (and not from the latest day in the data, as `hookline report` does): a schedule lives in
calendar time. The Monday 09:00 report covers the Monday–Sunday week that just ended in the workspace's zone, even if
the export is a day late — the message then says which days are missing. The period key makes the post unique:
one weekly report per channel and week, one fatigue alert per channel and day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tools.core.domain.checkins import CheckinPeriod
from tools.performance.periods import resolve_period

DAILY_JOBS = frozenset({"fatigue-alerts"})
FATIGUE_WINDOW_DAYS = 7


def reference_day(at: datetime, tz: ZoneInfo) -> date:
    """The last complete day at `at` in `tz` (yesterday, locally)."""
    return at.astimezone(tz).date() - timedelta(days=1)


def checkin_period(job: str, at: datetime, tz: ZoneInfo, today: date | None = None) -> CheckinPeriod:
    """Weekly jobs: the latest complete Monday–Sunday week. `fatigue-alerts`: the 7 days up to the reference day,
    keyed by that day. `today` overrides the reference day (the last day that counts, inclusive)."""
    ref = today or reference_day(at, tz)
    if job in DAILY_JOBS:
        start = ref - timedelta(days=FATIGUE_WINDOW_DAYS - 1)
        return CheckinPeriod(key=ref.isoformat(), start=start, end=ref, reference_day=ref)
    week = resolve_period("last-week", ref)
    return CheckinPeriod(key=f"{week.start}..{week.end}", start=week.start, end=week.end, reference_day=ref)
