"""Reporting periods as CLI.md defines them; "today" is the latest day in the data unless given."""

from __future__ import annotations

import re
from datetime import date, timedelta

from integrations.errors import InputError

_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")
PERIODS = ("last-week", "last-7-days", "last-14-days", "last-30-days", "this-month", "all")


def resolve_period(period: str, today: date, first_day: date | None = None) -> tuple[date, date]:
    """Inclusive (start, end) of a named period or a `YYYY-MM-DD..YYYY-MM-DD` range."""
    text = period.strip().lower()
    if text == "last-week":
        this_monday = today - timedelta(days=today.weekday())
        return this_monday - timedelta(days=7), this_monday - timedelta(days=1)
    match = re.fullmatch(r"last-(\d+)-days", text)
    if match:
        n = int(match.group(1))
        if n < 1:
            raise InputError(f"Period {period!r}: the number of days must be at least 1.", field="period")
        return today - timedelta(days=n - 1), today
    if text == "this-month":
        return today.replace(day=1), today
    if text == "all":
        return first_day or today, today
    match = _RANGE.match(text)
    if match:
        try:
            start, end = date.fromisoformat(match.group(1)), date.fromisoformat(match.group(2))
        except ValueError as exc:
            raise InputError(f"Period {period!r}: {exc}.", field="period") from exc
        if start > end:
            raise InputError(f"Period {period!r}: the start is after the end.", field="period")
        return start, end
    raise InputError(f"Unknown period {period!r}; expected one of {', '.join(PERIODS)}, last-N-days or "
                     "YYYY-MM-DD..YYYY-MM-DD.", field="period")
