"""The period grammar planners emit, and its resolution to the CLI's period strings.

Why a grammar of its own: a planner must not need the database ("October" needs to know which year the data is
in), so plans carry symbolic tokens and the tool resolves them against the workspace's "today" (the latest day in
its data) at run time. Tokens:

- CLI forms, passed through unchanged: `last-week`, `last-7-days`, `last-30-days`, `this-month`,
  `YYYY-MM-DD..YYYY-MM-DD`
- resolved here to an explicit range: `yesterday`, `today`, `this-week`, `last-month`, `last-N-days`,
  `last-N-weeks`, `YYYY-MM`, a month name (`october`: the latest October on or before today)
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
_PASS_THROUGH = {"last-week", "last-7-days", "last-30-days", "this-month"}
_NAMED = {"yesterday", "today", "this-week", "last-month"}
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")
_LAST_N = re.compile(r"^last-(\d{1,3})-(days|weeks)$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")

PERIOD_HELP = (
    "one of last-week, this-week, last-month, this-month, yesterday, today, last-N-days, last-N-weeks, "
    "a month name (october), YYYY-MM, or YYYY-MM-DD..YYYY-MM-DD"
)


def is_period(token: str) -> bool:
    """True when `token` belongs to the grammar above."""
    token = token.strip().lower()
    if token in _PASS_THROUGH or token in _NAMED or token in MONTHS:
        return True
    if match := _RANGE.match(token):
        try:
            return date.fromisoformat(match.group(1)) <= date.fromisoformat(match.group(2))
        except ValueError:
            return False
    if match := _LAST_N.match(token):
        return 1 <= int(match.group(1)) <= 366
    if match := _YEAR_MONTH.match(token):
        return 1 <= int(match.group(2)) <= 12
    return False


def validate_period(token: str) -> str:
    """Normalise and check a token; raises ValueError with the accepted forms (pydantic turns it into a field error)."""
    normalised = token.strip().lower().replace(" ", "-")
    if not is_period(normalised):
        raise ValueError(f"period {token!r} is not understood: use {PERIOD_HELP}")
    return normalised


def _span(start: date, end: date) -> str:
    return f"{start.isoformat()}..{end.isoformat()}"


def _month_span(year: int, month: int, today: date) -> str:
    last_day = calendar.monthrange(year, month)[1]
    return _span(date(year, month, 1), min(date(year, month, last_day), today))


def resolve_period(token: str, today: date) -> str:
    """The CLI period string for `token`, with relative tokens anchored at `today`."""
    token = validate_period(token)
    if token in _PASS_THROUGH or _RANGE.match(token):
        return token
    if token == "today":
        return _span(today, today)
    if token == "yesterday":
        return _span(today - timedelta(days=1), today - timedelta(days=1))
    if token == "this-week":
        return _span(today - timedelta(days=today.weekday()), today)
    if token == "last-month":
        first_this_month = today.replace(day=1)
        last_month_end = first_this_month - timedelta(days=1)
        return _span(last_month_end.replace(day=1), last_month_end)
    if match := _LAST_N.match(token):
        days = int(match.group(1)) * (7 if match.group(2) == "weeks" else 1)
        if days in (7, 30):
            return f"last-{days}-days"
        return _span(today - timedelta(days=days - 1), today)
    if match := _YEAR_MONTH.match(token):
        return _month_span(int(match.group(1)), int(match.group(2)), date.max)
    month = MONTHS[token]
    year = today.year if month <= today.month else today.year - 1
    return _month_span(year, month, today)
