"""Periods for the analyst: the performance area's single definition, plus `all` (the whole history)."""

from __future__ import annotations

from datetime import date

from tools.performance.periods import resolve_period as _resolve


def resolve_period(period: str, today: date, first_day: date | None = None) -> tuple[date, date]:
    """Inclusive (start, end); `all` spans the data from its first day."""
    if period.strip().lower() == "all":
        return first_day or today, today
    resolved = _resolve(period, today)
    return resolved.start, resolved.end
