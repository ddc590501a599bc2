"""Period expressions resolve to the documented inclusive day ranges; bad input names the accepted forms."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tools.core.errors import InputError
from tools.core.periods import (
    checkin_period,
    parse_day,
    pin_period,
    previous_period,
    resolve_period,
    validate_period,
)


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


# -- one grammar for every caller (tools/core/periods.py) -----------------------------------------------------------

@pytest.mark.parametrize("junk", ["", "   ", "../../etc", "..", "2024-10-01..", "a..b", "31-nov", "last-week; rm -rf"])
def test_empty_and_junk_periods_are_input_errors_listing_the_forms(junk: str) -> None:
    with pytest.raises(InputError, match=r"Accepted forms: last-week.*YYYY-MM-DD\.\.YYYY-MM-DD") as info:
        resolve_period(junk, date(2024, 10, 13))
    assert info.value.field is not None and "period" in info.value.field


def test_no_period_at_all_means_last_week() -> None:
    assert span(None, date(2024, 10, 16)) == (date(2024, 10, 7), date(2024, 10, 13))  # type: ignore[arg-type]


def test_explicit_days_are_never_widened_clipped_or_re_anchored() -> None:
    # the running month ends today, but a range someone wrote out keeps every day they asked for
    assert span("2024-11-01..2024-11-15", date(2024, 11, 22)) == (date(2024, 11, 1), date(2024, 11, 15))
    assert span("2024-11-01..2024-11-30", date(2024, 11, 22)) == (date(2024, 11, 1), date(2024, 11, 30))
    assert span("2023-11-01..2023-11-15", date(2024, 11, 22)) == (date(2023, 11, 1), date(2023, 11, 15))


def test_days_without_a_year_are_the_latest_such_days() -> None:
    today = date(2024, 11, 22)
    assert span("1-nov..15-nov", today) == (date(2024, 11, 1), date(2024, 11, 15))
    assert span("nov 1..nov 15", today) == (date(2024, 11, 1), date(2024, 11, 15))
    assert span("1-dec..15-dec", today) == (date(2023, 12, 1), date(2023, 12, 15))  # December 2024 is ahead
    assert span("30-dec..5-jan", today) == (date(2023, 12, 30), date(2024, 1, 5))  # across new year
    assert span("30-dec..5-jan-2025", today) == (date(2024, 12, 30), date(2025, 1, 5))
    assert span("1-dec-2023..15-jan", today) == (date(2023, 12, 1), date(2024, 1, 15))
    assert span("3-nov", today) == (date(2024, 11, 3), date(2024, 11, 3))
    assert span("29-feb", today) == (date(2024, 2, 29), date(2024, 2, 29))
    assert span("29-feb", date(2026, 1, 1)) == (date(2024, 2, 29), date(2024, 2, 29))


def test_weeks_and_all() -> None:
    today = date(2024, 10, 13)
    assert span("last-2-weeks", today) == (date(2024, 9, 30), today)
    assert span("last-3-weeks", today) == span("last-21-days", today)
    first = date(2010, 1, 1)  # `all` is the whole history, however long
    assert resolve_period("all", today, first_day=first).start == first
    with pytest.raises(InputError, match="first day"):
        resolve_period("all", today)


def test_a_planner_token_pinned_by_the_agent_means_the_same_days_as_on_the_cli() -> None:
    """The drift this module removed: the agent's copy of the grammar resolved some tokens differently."""
    today = date(2024, 11, 22)
    for token in ("last-week", "this-week", "yesterday", "today", "this-month", "last-month", "last-14-days",
                  "last-3-weeks", "october", "oct-2023", "2024-11", "2024-11-03", "1-nov..15-nov",
                  "2024-10-01..2024-10-31", "3-nov"):
        pinned = pin_period(token, today)
        assert span(pinned, today) == span(token, today), token
    # a running YYYY-MM ends today on both paths (the agent's copy used to run to the 30th)
    assert pin_period("2024-11", today) == "2024-11-01..2024-11-22"
    assert pin_period("1 Nov..15 Nov", today) == "2024-11-01..2024-11-15"
    assert pin_period("all", today) == "all" and pin_period("2024-10-01..2024-10-31", today) == "2024-10-01..2024-10-31"


def test_validate_period_is_a_pydantic_validator() -> None:
    from pydantic import ValidationError

    from tools.performance.agent_tools import FindWinnersArgs

    assert validate_period("October") == "october" and validate_period("past 7 days") == "last-7-days"
    assert FindWinnersArgs(period="1 Nov..15 Nov").period == "1-nov..15-nov"
    for junk in ("", "../../etc", "next-week", "2024-11-15..2024-11-01"):
        with pytest.raises(ValidationError, match="Accepted forms"):
            FindWinnersArgs(period=junk)


def test_checkin_periods_follow_the_schedule_time_zone() -> None:
    # Monday 00:30 in Paris is still Sunday in UTC: Paris's week just ended, UTC's has a day to go
    at = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
    paris = checkin_period("weekly-report", at, ZoneInfo("Europe/Paris"))
    assert (paris.key, paris.reference_day) == ("2026-11-16..2026-11-22", date(2026, 11, 22))
    utc = checkin_period("weekly-report", at, ZoneInfo("UTC"))
    assert (utc.start, utc.end) == (date(2026, 11, 9), date(2026, 11, 15))
    alert = checkin_period("fatigue-alerts", at, ZoneInfo("Europe/Paris"))
    assert (alert.key, alert.start, alert.end) == ("2026-11-22", date(2026, 11, 16), date(2026, 11, 22))


def test_one_period_definition_in_the_repository() -> None:
    root = Path(__file__).resolve().parents[2]
    sources = [p for folder in ("tools", "agent", "integrations", "tests", "bench")
               for p in (root / folder).rglob("*.py")]
    assert [p.relative_to(root).as_posix() for p in sources if p.name == "periods.py"] == ["tools/core/periods.py"]
    definition = re.compile(r"^\s*def\s+resolve_period\b", re.M)
    defining = [p for p in sources if definition.search(p.read_text(encoding="utf-8"))]
    assert [p.relative_to(root).as_posix() for p in defining] == ["tools/core/periods.py"]
