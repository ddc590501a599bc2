"""Period expressions resolve to the documented inclusive day ranges; bad input names the accepted forms."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tools.core.errors import InputError
from tools.performance.periods import parse_day, previous_period, resolve_period


def span(spec: str, today: date) -> tuple[date, date]:
    p = resolve_period(spec, today)
    return p.start, p.end


@pytest.mark.parametrize("offset", range(6))  # Monday 2024-10-14 … Saturday 2024-10-19
def test_last_week_is_the_previous_monday_to_sunday(offset: int) -> None:
    today = date(2024, 10, 14) + timedelta(days=offset)
    assert span("last-week", today) == (date(2024, 10, 7), date(2024, 10, 13))


def test_last_week_on_a_sunday_is_the_week_ending_that_day() -> None:
    # "today" is the last complete day of data: on Sunday the week that ends today is complete
    assert span("last-week", date(2024, 10, 20)) == (date(2024, 10, 14), date(2024, 10, 20))
    assert span("last-week", date(2024, 10, 13)) == (date(2024, 10, 7), date(2024, 10, 13))


def test_last_week_across_a_year_boundary() -> None:
    assert span("last-week", date(2025, 1, 2)) == (date(2024, 12, 23), date(2024, 12, 29))


def test_rolling_day_windows_include_today() -> None:
    today = date(2024, 10, 13)
    assert span("last-7-days", today) == (date(2024, 10, 7), today)
    assert span("last-14-days", today) == (date(2024, 9, 30), today)
    assert span("last-30-days", today) == (date(2024, 9, 14), today)
    assert span("last-90-days", today) == (today - timedelta(days=89), today)
    assert span("yesterday", today) == (date(2024, 10, 12), date(2024, 10, 12))
    assert span("Last 7 days", today) == (date(2024, 10, 7), today)


def test_month_forms_and_boundaries() -> None:
    assert span("this-month", date(2024, 3, 1)) == (date(2024, 3, 1), date(2024, 3, 1))
    assert span("this-month", date(2024, 3, 31)) == (date(2024, 3, 1), date(2024, 3, 31))
    assert span("last-month", date(2024, 3, 15)) == (date(2024, 2, 1), date(2024, 2, 29))  # leap year
    assert span("last-month", date(2024, 1, 10)) == (date(2023, 12, 1), date(2023, 12, 31))
    assert span("2023-02", date(2024, 10, 13)) == (date(2023, 2, 1), date(2023, 2, 28))


def test_month_name_is_the_most_recent_such_month() -> None:
    assert span("october", date(2024, 11, 2)) == (date(2024, 10, 1), date(2024, 10, 31))
    assert span("October", date(2024, 10, 13)) == (date(2024, 10, 1), date(2024, 10, 13))  # running: ends today
    assert span("october", date(2024, 9, 30)) == (date(2023, 10, 1), date(2023, 10, 31))
    assert span("oct", date(2024, 11, 2)) == (date(2024, 10, 1), date(2024, 10, 31))
    assert span("february 2023", date(2024, 11, 2)) == (date(2023, 2, 1), date(2023, 2, 28))


def test_explicit_range_is_inclusive() -> None:
    p = resolve_period("2024-10-01..2024-10-31", date(2024, 10, 13))
    assert (p.start, p.end, p.days) == (date(2024, 10, 1), date(2024, 10, 31), 31)
    assert span("2024-10-05", date(2024, 10, 13)) == (date(2024, 10, 5), date(2024, 10, 5))
    assert span("2024-10-05..2024-10-05", date(2024, 10, 13)) == (date(2024, 10, 5), date(2024, 10, 5))


@pytest.mark.parametrize("bad", [
    "lastweek2", "next-week", "2024-10-31..2024-10-01", "2024-13-01..2024-10-01", "2024-02-30", "2024-13",
    "last-0-days", "week", "10/01/2024",
])
def test_bad_periods_are_input_errors_naming_the_forms(bad: str) -> None:
    with pytest.raises(InputError) as info:
        resolve_period(bad, date(2024, 10, 13))
    assert info.value.field is not None and "period" in info.value.field
    message = str(info.value)
    assert bad.split("..")[0] in message or "period" in message


def test_unknown_period_lists_accepted_forms() -> None:
    with pytest.raises(InputError, match=r"last-week.*last-30-days.*YYYY-MM-DD\.\.YYYY-MM-DD"):
        resolve_period("fortnight", date(2024, 10, 13))


def test_previous_period_has_equal_length_and_ends_the_day_before() -> None:
    week = resolve_period("last-week", date(2024, 10, 16))
    before = previous_period(week)
    assert (before.start, before.end) == (date(2024, 9, 30), date(2024, 10, 6))
    month = resolve_period("2024-10-01..2024-10-31", date(2024, 10, 31))
    assert (previous_period(month).start, previous_period(month).end) == (date(2024, 8, 31), date(2024, 9, 30))


def test_parse_day_names_the_field() -> None:
    assert parse_day("2024-10-13") == date(2024, 10, 13)
    with pytest.raises(InputError, match="today") as info:
        parse_day("13/10/2024")
    assert info.value.field == "today"
