"""Cron expressions for check-ins: validation, fire times in a time zone, and a human description.

Why APScheduler's `CronTrigger` (and not its job store): it is a well-tested cron evaluator with time-zone and DST
handling, while durability and exactly-once live in our own tables (see `integrations/scheduler`). One trap is
handled here: APScheduler numbers days of the week from Monday = 0, standard cron from Sunday = 0 (7 is Sunday
too). Every expression is normalised to day *names* before APScheduler sees it, so `0 9 * * 1` means Monday.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tools.core.errors import InputError

if TYPE_CHECKING:
    from apscheduler.triggers.cron import CronTrigger

# index = standard cron number (0 = Sunday)
CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_DAY_LABELS = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
               "sat": "Saturday", "sun": "Sunday"}
_WEEK_ORDER = (1, 2, 3, 4, 5, 6, 0)  # Monday first, as APScheduler and people in most markets count
_MACROS = {"@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@weekly": "0 0 * * sun", "@monthly": "0 0 1 * *",
           "@hourly": "0 * * * *"}
MAX_COUNTED_FIRES = 10_000
CRON_EXAMPLE = "five fields 'minute hour day-of-month month day-of-week', e.g. '0 9 * * MON' or '30 8 * * 1-5'"


def parse_timezone(name: str | None, *, field: str = "tz") -> ZoneInfo:
    """An IANA zone (Europe/Paris, America/New_York, UTC) or an InputError naming the field."""
    text = (name or "").strip()
    if not text or text.startswith(("/", ".")) or ".." in text:
        raise InputError(f"{field} {name!r} is not a time zone: expected an IANA name such as Europe/Paris or UTC.",
                         field=field)
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"{field} {name!r} is not a known time zone: expected an IANA name such as Europe/Paris, "
                         "America/New_York or UTC.", field=field) from None


def _day_value(token: str, expr: str) -> int:
    token = token.strip().lower()
    if token.isdigit():
        value = int(token)
        if 0 <= value <= 7:
            return value % 7
    elif token[:3] in CRON_DAYS and (len(token) == 3 or _DAY_LABELS[token[:3]].lower().startswith(token)):
        return CRON_DAYS.index(token[:3])
    raise InputError(f"cron {expr!r}: day of week {token!r} is not 0-7 or a day name (mon, tue, ...).", field="cron")


def _day_set(field_text: str, expr: str) -> set[int]:
    days: set[int] = set()
    for part in field_text.split(","):
        part, _, step_text = part.partition("/")
        step = 1
        if step_text:
            if not step_text.isdigit() or int(step_text) < 1:
                raise InputError(f"cron {expr!r}: step {step_text!r} in the day of week must be a positive number.",
                                 field="cron")
            step = int(step_text)
        if part in ("*", "?"):
            first, last = 0, 6
        elif "-" in part:
            left, _, right = part.partition("-")
            first, last = _day_value(left, expr), _day_value(right, expr)
            if right.strip() == "7":
                last = 7
            if last < first:  # a range across the weekend (fri-mon)
                last += 7
        else:
            first = _day_value(part, expr)
            last = 6 if step_text else first
        days.update(d % 7 for d in range(first, last + 1, step))
    return days


def day_field(days: set[int]) -> str:
    """Day names in Monday-first order, consecutive runs as ranges (mon-fri), '*' for all seven."""
    if len(days) == 7:
        return "*"
    ordered = [d for d in _WEEK_ORDER if d in days]
    runs: list[list[int]] = []
    for d in ordered:
        if runs and _WEEK_ORDER.index(d) == _WEEK_ORDER.index(runs[-1][-1]) + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{CRON_DAYS[run[0]]}-{CRON_DAYS[run[-1]]}")
        else:
            parts.extend(CRON_DAYS[d] for d in run)
    return ",".join(parts)


def normalise_cron(expr: str | None) -> str:
    """Validate a five-field cron and return it with the day of week spelled as names ('0 9 * * mon-fri')."""
    text = " ".join((expr or "").split())
    text = _MACROS.get(text.lower(), text)
    fields = text.split(" ")
    if len(fields) != 5:
        raise InputError(f"cron {expr!r} has {len(fields) if text else 0} fields: expected {CRON_EXAMPLE}.",
                         field="cron")
    minute, hour, dom, month, dow = fields
    days = _day_set(dow, expr or "")
    if not days:
        raise InputError(f"cron {expr!r}: the day of week selects no day.", field="cron")
    dow_field = day_field(days)
    if dom not in ("*", "?") and dow_field != "*":
        raise InputError(f"cron {expr!r} restricts both the day of month and the day of week; cron would run on "
                         "either, which is rarely meant. Restrict one of them.", field="cron")
    normalised = " ".join((minute, hour, "*" if dom == "?" else dom, month.lower(), dow_field))
    build_trigger(normalised, UTC)  # validates minute/hour/day/month through APScheduler
    return normalised


@lru_cache(maxsize=1024)
def _trigger(cron: str, tz_name: str) -> CronTrigger:
    from apscheduler.triggers.cron import CronTrigger

    minute, hour, dom, month, dow = cron.split(" ")
    try:
        return CronTrigger(minute=minute, hour=hour, day=dom, month=month, day_of_week=dow,
                           timezone=ZoneInfo(tz_name) if tz_name != "UTC" else UTC)
    except ValueError as exc:
        raise InputError(f"cron {cron!r} is not valid ({exc}): expected {CRON_EXAMPLE}.", field="cron") from None


def build_trigger(cron: str, tz: ZoneInfo | type[UTC] | object) -> CronTrigger:
    return _trigger(cron, _tz_name(tz))


def _tz_name(tz: object) -> str:
    return "UTC" if tz is UTC else str(getattr(tz, "key", tz))


def next_fire(cron: str, tz: ZoneInfo, after: datetime) -> datetime | None:
    """The first fire time strictly after `after` (UTC). A wall time repeated when clocks go back fires once."""
    trigger = build_trigger(cron, tz)
    start = after + timedelta(microseconds=1)
    for _ in range(4):
        found = trigger.get_next_fire_time(None, start)
        if found is None:
            return None
        wall = found.replace(tzinfo=None)
        first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
        if first < found.astimezone(UTC):  # the second pass through an hour the clocks repeated: already fired
            start = _end_of_repeat(wall, tz)
            continue
        return found.astimezone(UTC)
    return None


def _end_of_repeat(wall: datetime, tz: object) -> datetime:
    """The first instant after a repeated (clocks-back) stretch of wall time, in UTC."""
    step = wall.replace(second=0, microsecond=0)
    for _ in range(24 * 60):
        step += timedelta(minutes=1)
        earlier = step.replace(tzinfo=tz, fold=0).astimezone(UTC)  # type: ignore[arg-type]
        if earlier == step.replace(tzinfo=tz, fold=1).astimezone(UTC):  # type: ignore[arg-type]
            return earlier
    return wall.replace(tzinfo=tz).astimezone(UTC) + timedelta(hours=24)  # type: ignore[arg-type]


def fires_between(cron: str, tz: ZoneInfo, start: datetime, end: datetime,
                  cap: int = MAX_COUNTED_FIRES) -> tuple[int, datetime | None]:
    """How many fire times fall in [start, end] (counting stops at `cap`) and the latest of them."""
    count, latest = 0, None
    cursor = start - timedelta(microseconds=1)
    while True:
        fire = next_fire(cron, tz, cursor)
        if fire is None or fire > end:
            break
        count += 1
        latest = fire
        if count >= cap:  # a very dense cron after a long outage: find the latest without counting every one
            latest = _latest_before(cron, tz, fire, end)
            break
        cursor = fire
    return count, latest


def _latest_before(cron: str, tz: ZoneInfo, known: datetime, end: datetime) -> datetime:
    """The latest fire time ≤ `end`, stepping back from `end` in growing windows (no full enumeration)."""
    window = timedelta(hours=1)
    while True:
        start = max(known, end - window)
        latest, cursor = None, start - timedelta(microseconds=1)
        while (fire := next_fire(cron, tz, cursor)) is not None and fire <= end:
            latest, cursor = fire, fire
        if latest is not None:
            return latest
        window *= 4


_SIMPLE_TIME = re.compile(r"^\d{1,2}$")


def describe(cron: str, tz: str) -> str:
    """'every Monday at 09:00 (Europe/Paris)' for simple schedules, else 'cron 0 9 1 * * (UTC)'."""
    minute, hour, dom, month, dow = cron.split(" ")
    if not (_SIMPLE_TIME.match(minute) and _SIMPLE_TIME.match(hour) and dom == "*" and month == "*"):
        return f"cron {cron} ({tz})"
    at = f"{int(hour):02d}:{int(minute):02d}"
    if dow == "*":
        when = "every day"
    elif dow == "mon-fri":
        when = "every weekday"
    elif dow in ("sat,sun", "sat-sun"):
        when = "every Saturday and Sunday"
    else:
        names = []
        for part in dow.split(","):
            if "-" in part:
                left, right = part.split("-")
                names.append(f"{_DAY_LABELS[left]} to {_DAY_LABELS[right]}")
            else:
                names.append(_DAY_LABELS[part])
        when = "every " + (" and ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + " and " + names[-1])
    return f"{when} at {at} ({tz})"
