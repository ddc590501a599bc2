"""Period expressions (`last-week`, `2024-10-01..2024-10-31`, `october`, ...) resolved against a reference day.

Why one parser: the CLI, Slack, check-ins and the agent all speak in these words, and "last week" must mean the same
days everywhere. `today` is the last day that counts (inclusive): by default the latest day in the workspace's data,
because exports usually stop at yesterday and a report on Monday should cover the week that just ended.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from tools.core.domain.performance import PeriodRange
from tools.core.errors import InputError

ACCEPTED_FORMS = (
    "last-week (previous Monday–Sunday), this-week, last-7-days, last-14-days, last-30-days, last-N-days, "
    "yesterday, today, this-month, last-month, a month name such as 'october' or 'october-2024', YYYY-MM, "
    "YYYY-MM-DD (one day) or YYYY-MM-DD..YYYY-MM-DD (inclusive)"
)

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_LAST_N_DAYS = re.compile(r"^(?:last|past)[-_ ]?(\d{1,4})[-_ ]?days?$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTH_NAME = re.compile(r"^([a-z]+)(?:[-_ ](\d{4}))?$")
_MAX_DAYS = 3660


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


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _clip_to_today(start: date, end: date, today: date) -> date:
    """A calendar unit that is still running ends today (there is no data after today)."""
    return min(end, today) if start <= today else end


def resolve_period(spec: str | None, today: date) -> PeriodRange:
    """Turn a period expression into an inclusive `PeriodRange`; InputError (naming the accepted forms) otherwise."""
    raw = (spec or "last-week").strip()
    text = raw.lower().replace(" ", "-")
    start: date
    end: date
    if text in ("last-week", "lastweek", "previous-week"):
        # the latest Monday–Sunday week that ends on or before `today` (today counts as a complete day)
        end = today - timedelta(days=(today.weekday() + 1) % 7)
        start = end - timedelta(days=6)
    elif text == "this-week":
        start, end = today - timedelta(days=today.weekday()), today
    elif text == "yesterday":
        start = end = today - timedelta(days=1)
    elif text == "today":
        start = end = today
    elif text == "this-month":
        start, end = today.replace(day=1), today
    elif text in ("last-month", "previous-month"):
        first = today.replace(day=1) - timedelta(days=1)
        start, end = _month_range(first.year, first.month)
    elif match := _LAST_N_DAYS.match(text):
        n = int(match.group(1))
        if not 1 <= n <= _MAX_DAYS:
            raise InputError(f"period {raw!r}: N in last-N-days must be between 1 and {_MAX_DAYS}.", field="period")
        start, end = today - timedelta(days=n - 1), today
    elif ".." in text:
        left, _, right = raw.partition("..")
        start, end = parse_day(left, field="period start"), parse_day(right, field="period end")
        if start > end:
            raise InputError(
                f"period {raw!r} starts after it ends: expected START..END with START on or before END.",
                field="period",
            )
    elif _ISO_DAY.match(text):
        start = end = parse_day(text, field="period")
    elif match := _ISO_MONTH.match(text):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise InputError(f"period {raw!r}: month must be 01–12 in YYYY-MM.", field="period")
        start, end = _month_range(year, month)
        end = _clip_to_today(start, end, today)
    elif (match := _MONTH_NAME.match(text)) and match.group(1) in _MONTHS:
        month = _MONTHS[match.group(1)]
        # the most recent such month on or before today, unless a year is given
        year = int(match.group(2)) if match.group(2) else (today.year if month <= today.month else today.year - 1)
        start, end = _month_range(year, month)
        end = _clip_to_today(start, end, today)
    else:
        raise InputError(f"period {raw!r} is not understood. Accepted forms: {ACCEPTED_FORMS}.", field="period")
    if (end - start).days + 1 > _MAX_DAYS:
        raise InputError(f"period {raw!r} is longer than {_MAX_DAYS} days.", field="period")
    return PeriodRange(start=start, end=end, label=raw)


def previous_period(period: PeriodRange) -> PeriodRange:
    """The period of equal length that ends the day before `period` starts (for "vs the previous week")."""
    end = period.start - timedelta(days=1)
    return PeriodRange(start=end - timedelta(days=period.days - 1), end=end, label=f"before {period.label}".strip())
