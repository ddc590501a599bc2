"""Periods: the one grammar for "which days?" (`last-week`, `october`, `1-nov..15-nov`, ...), resolved against a day.

Why one module: the CLI, Slack, check-ins, the analyst and the agent's planners all speak these words, and "last week"
must mean the same days everywhere. Earlier copies drifted (the agent kept its own grammar and turned "1 Nov to
15 Nov" into the whole of November up to the latest data day). One grammar, two anchors for `today`:

- data-relative (reports, winners, decisions, the agent): `today` is the latest day in the workspace's data, because
  exports usually stop at yesterday and a report on Monday should cover the week that just ended;
- calendar (scheduled check-ins, `checkin_period`): `today` is yesterday in the schedule's time zone at the moment
  it runs, so the Monday 09:00 report covers the week that just ended even when the export is late.

`today` is the last day that counts (inclusive). Only relative forms and dates written without a year depend on it:
an explicit range is never widened, clipped or re-anchored.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta, tzinfo

from tools.core.domain.checkins import CheckinPeriod
from tools.core.domain.performance import PeriodRange
from tools.core.errors import InputError

PERIOD_HELP = (
    "last-week (the latest Monday–Sunday), this-week, yesterday, today, last-7-days, last-30-days, last-N-days, "
    "last-N-weeks, this-month, last-month, a month name ('october', 'oct-2024'), YYYY-MM, YYYY-MM-DD, a day "
    "without a year ('1-nov': the latest one), START..END inclusive (YYYY-MM-DD..YYYY-MM-DD or 1-nov..15-nov), "
    "START..today (since a day), or all (since the data's first day)"
)

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")
# every word that names a month: full names, three-letter abbreviations and "sept"
MONTHS: dict[str, int] = ({name: i for i, name in enumerate(MONTH_NAMES, 1)}
                          | {name[:3]: i for i, name in enumerate(MONTH_NAMES, 1)} | {"sept": 9})

DAILY_JOBS = frozenset({"fatigue-alerts"})  # check-ins keyed by day; the others by Monday–Sunday week
FATIGUE_WINDOW_DAYS = 7

_MAX_DAYS = 3660
_ALIASES = {"lastweek": "last-week", "previous-week": "last-week", "previous-month": "last-month"}
# forms the reports have always labelled by name: the agent passes them on instead of pinning them to dates
_KEPT_BY_NAME = frozenset({"last-week", "last-7-days", "last-30-days", "this-month", "all"})
_LAST_N = re.compile(r"^(?:last|past)-?(\d{1,4})-?(day|week)s?$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTH = re.compile(r"^([a-z]+)(?:-(\d{4}))?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?-(?:of-)?([a-z]+)(?:-(\d{4}))?$")
_MONTH_DAY = re.compile(r"^([a-z]+)-(\d{1,2})(?:st|nd|rd|th)?(?:-(\d{4}))?$")
_VALIDATION_DAY = date(2000, 12, 31)  # any day will do: whether a form is valid never depends on it


def parse_day(text: str, *, field: str = "today") -> date:
    """A YYYY-MM-DD date, or an InputError naming the field."""
    try:
        if not _ISO_DAY.match(text.strip()):
            raise ValueError(text)
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"{field} {text!r} is not a date: expected YYYY-MM-DD, e.g. 2024-10-07.", field=field
        ) from None


def _normalise(spec: str) -> str:
    """Lower case, blanks and underscores as '-', each side of '..' trimmed: 'Last 7 days' → 'last-7-days'."""
    return "..".join(re.sub(r"[\s_]+", "-", side.strip().lower()).strip("-") for side in spec.split(".."))


def _error(raw: str, why: str, field: str = "period") -> InputError:
    return InputError(f"period {raw!r} {why}. Accepted forms: {PERIOD_HELP}.", field=field)


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _clip_to_today(start: date, end: date, today: date) -> date:
    """A calendar unit that is still running ends today (there is no data after today)."""
    return min(end, today) if start <= today else end


def _nearest(month: int, day: int, bound: date, *, before: bool) -> date:
    """The latest (`before`) or earliest such day on the right side of `bound`; 29-feb looks up to 8 years away."""
    step = -1 if before else 1
    for year in range(bound.year, bound.year + 9 * step, step):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if (candidate <= bound) if before else (candidate >= bound):
            return candidate
    raise ValueError(f"{day}-{month}")


def _day_parts(text: str) -> tuple[int, int, int | None] | None:
    """(month, day, year or None) of '1-nov', 'nov-1', '1st-of-november-2024'; None when `text` is not such a day."""
    if match := _DAY_MONTH.match(text):
        day, word, year = match.groups()
    elif match := _MONTH_DAY.match(text):
        word, day, year = match.groups()
    else:
        return None
    if word not in MONTHS:
        return None
    return MONTHS[word], int(day), int(year) if year else None


def _day(raw: str, text: str, field: str, bound: date, *, before: bool = True) -> date:
    """One day of the grammar: YYYY-MM-DD, or a day-month with or without a year (then the nearest such day)."""
    try:
        if _ISO_DAY.match(text):
            return date.fromisoformat(text)
        parts = _day_parts(text)
        if parts is None:
            raise _error(raw, f"is not understood: {text!r} is not a day (YYYY-MM-DD or 1-nov)", field)
        month, day, year = parts
        date(2000 if year is None else year, month, day)  # a day that exists (2000 was a leap year)
        return date(year, month, day) if year is not None else _nearest(month, day, bound, before=before)
    except ValueError:
        raise _error(raw, f"is not understood: {text!r} is not a date", field) from None


def _range(raw: str, text: str, today: date) -> tuple[date, date]:
    """START..END; a side without a year is the nearest such day that keeps the range ending on or before today."""
    left, _, right = text.partition("..")
    if not left or not right or ".." in right:
        raise _error(raw, "is not understood")
    if right in ("today", "yesterday"):  # "since 3 nov": an open range up to the latest data day (or the one before)
        end = today if right == "today" else today - timedelta(days=1)
        start = _day(raw, left, "period start", end)
        if start > end:
            raise _error(raw, "starts after it ends: expected START..END with START on or before END")
        return start, end
    start_parts = None if _ISO_DAY.match(left) else _day_parts(left)
    start_has_year = start_parts is None or start_parts[2] is not None
    end_parts = None if _ISO_DAY.match(right) else _day_parts(right)
    if start_has_year and end_parts is not None and end_parts[2] is None:
        # "1-dec-2023..15-jan": the end is the first such day after the start
        start = _day(raw, left, "period start", today)
        end = _day(raw, right, "period end", start, before=False)
    else:
        end = _day(raw, right, "period end", today)
        start = _day(raw, left, "period start", end)
    if start > end:
        raise _error(raw, "starts after it ends: expected START..END with START on or before END")
    return start, end


def _single(raw: str, text: str, today: date, first_day: date | None) -> tuple[date, date]:
    text = _ALIASES.get(text, text)
    if text == "last-week":
        # the latest Monday–Sunday week that ends on or before `today` (today counts as a complete day)
        end = today - timedelta(days=(today.weekday() + 1) % 7)
        return end - timedelta(days=6), end
    if text == "this-week":
        return today - timedelta(days=today.weekday()), today
    if text == "yesterday":
        return today - timedelta(days=1), today - timedelta(days=1)
    if text == "today":
        return today, today
    if text == "this-month":
        return today.replace(day=1), today
    if text == "last-month":
        last = today.replace(day=1) - timedelta(days=1)
        return _month_range(last.year, last.month)
    if text == "all":
        if first_day is None:
            raise _error(raw, "needs the data's first day, which is unknown here")
        return first_day, today
    if match := _LAST_N.match(text):
        days = int(match.group(1)) * (7 if match.group(2) == "week" else 1)
        if not 1 <= days <= _MAX_DAYS:
            raise _error(raw, f"must span between 1 and {_MAX_DAYS} days (last-N-days, last-N-weeks)")
        return today - timedelta(days=days - 1), today
    if _ISO_DAY.match(text):
        day = _day(raw, text, "period", today)
        return day, day
    if match := _ISO_MONTH.match(text):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise _error(raw, "is not understood: the month must be 01–12 in YYYY-MM")
        start, end = _month_range(year, month)
        return start, _clip_to_today(start, end, today)
    if (match := _MONTH.match(text)) and match.group(1) in MONTHS:
        month = MONTHS[match.group(1)]
        # the most recent such month on or before today, unless a year is given
        year = int(match.group(2)) if match.group(2) else (today.year if month <= today.month else today.year - 1)
        start, end = _month_range(year, month)
        return start, _clip_to_today(start, end, today)
    if _day_parts(text) is not None:
        day = _day(raw, text, "period", today)
        return day, day
    raise _error(raw, "is not understood")


def resolve_period(spec: str | None, today: date, *, first_day: date | None = None) -> PeriodRange:
    """The inclusive days of a period expression (None: `last-week`); `first_day` (the data's) anchors `all`.

    Raises InputError, naming the accepted forms, for anything outside the grammar (an empty string included)."""
    raw = "last-week" if spec is None else spec.strip()
    text = _normalise(raw)
    if not text:
        raise _error(raw, "is empty")
    start, end = _range(raw, text, today) if ".." in text else _single(raw, text, today, first_day)
    if text != "all" and (end - start).days + 1 > _MAX_DAYS:
        raise _error(raw, f"is longer than {_MAX_DAYS} days")
    return PeriodRange(start=start, end=end, label=raw)


def previous_period(period: PeriodRange) -> PeriodRange:
    """The period of equal length that ends the day before `period` starts (for "vs the previous week")."""
    end = period.start - timedelta(days=1)
    return PeriodRange(start=end - timedelta(days=period.days - 1), end=end, label=f"before {period.label}".strip())


def _canonical(text: str) -> str:
    text = _ALIASES.get(text, text)
    if match := _LAST_N.match(text):
        return f"last-{int(match.group(1))}-{match.group(2)}s"
    return text


def validate_period(token: str) -> str:
    """The normalised token (`October` → `october`), or ValueError naming the accepted forms.

    Why ValueError: this is the pydantic validator of the agent's tool arguments, where it becomes a field error the
    planner can read; it needs no data, so a plan can be checked before anything runs."""
    try:
        text = _normalise(token)
        if text.endswith(("..today", "..yesterday")) and text.count("..") == 1:
            # an open range's start is any day of the grammar; whether it precedes the data's today is a run-time fact
            _day(token, text.partition("..")[0], "period start", _VALIDATION_DAY)
        else:
            resolve_period(token, _VALIDATION_DAY, first_day=_VALIDATION_DAY)
    except InputError as exc:
        raise ValueError(str(exc)) from None
    return _canonical(_normalise(token))


def is_period(token: str) -> bool:
    """True when `token` belongs to the grammar."""
    try:
        validate_period(token)
    except ValueError:
        return False
    return True


def pin_period(token: str, today: date) -> str:
    """The period string a tool passes on for a planner's `token`: pinned to START..END at `today`.

    Why pin: the planner does not know the data's year ("october", "1-nov..15-nov"), the tool does. Days that do not
    depend on `today` (YYYY-MM-DD, YYYY-MM-DD..YYYY-MM-DD) and the forms reports label by name (last-week,
    last-7-days, last-30-days, this-month, all) pass through unchanged; the capability resolves those itself."""
    token = validate_period(token)
    if match := _LAST_N.match(token):
        token = f"last-{int(match.group(1)) * (7 if match.group(2) == 'week' else 1)}-days"
    if token in _KEPT_BY_NAME or all(_ISO_DAY.match(side) for side in token.split("..")):
        return token
    period = resolve_period(token, today)
    return f"{period.start.isoformat()}..{period.end.isoformat()}"


def reference_day(at: datetime, tz: tzinfo) -> date:
    """The calendar anchor of a check-in: the last complete day at `at` in `tz` (yesterday, locally)."""
    return at.astimezone(tz).date() - timedelta(days=1)


def checkin_period(job: str, at: datetime, tz: tzinfo, today: date | None = None) -> CheckinPeriod:
    """Which days a check-in covers, from the moment it runs: weekly jobs the latest complete Monday–Sunday week
    (`last-week`), `fatigue-alerts` the 7 days up to the reference day, keyed by that day. `today` overrides the
    reference day. The key makes a post unique: one weekly report per channel and week, one alert per day."""
    ref = today or reference_day(at, tz)
    if job in DAILY_JOBS:
        window = resolve_period(f"last-{FATIGUE_WINDOW_DAYS}-days", ref)
        return CheckinPeriod(key=ref.isoformat(), start=window.start, end=window.end, reference_day=ref)
    week = resolve_period("last-week", ref)
    return CheckinPeriod(key=f"{week.start}..{week.end}", start=week.start, end=week.end, reference_day=ref)
