"""Plain-language schedules and cron: what people type becomes the cron they meant, in their time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tools.checkins.cron import describe, fires_between, next_fire, normalise_cron, parse_timezone
from tools.checkins.every import parse_every
from tools.core.errors import InputError

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(("phrase", "cron"), [
    # the CLI contract's forms
    ("monday 9:00", "0 9 * * mon"),
    ("day 8:30", "30 8 * * *"),
    ("weekday 9:00", "0 9 * * mon-fri"),
    # what the agent passes from Slack
    ("every Monday at 9", "0 9 * * mon"),
    ("daily at 8:30am", "30 8 * * *"),
    ("weekdays at 9", "0 9 * * mon-fri"),
    ("every day at 8:30", "30 8 * * *"),
    ("every weekday at 9am", "0 9 * * mon-fri"),
    ("Mondays 9am", "0 9 * * mon"),
    ("every Tuesday and Thursday at 17:00", "0 17 * * tue,thu"),
    ("tue-thu 7:15", "15 7 * * tue-thu"),
    ("monday to friday at 6pm", "0 18 * * mon-fri"),
    ("friday to monday at 6pm", "0 18 * * mon,fri-sun"),
    ("weekends at 10", "0 10 * * sat,sun"),
    ("every morning at 8", "0 8 * * *"),
    ("at noon every day", "0 12 * * *"),
    ("weekly at 9", "0 9 * * mon"),
    ("every business day at 12am", "0 0 * * mon-fri"),
    ("mon-fri 9h30", "30 9 * * mon-fri"),
    ("every Monday at 9 o'clock", "0 9 * * mon"),
    ("sunday 21:45", "45 21 * * sun"),
])
def test_phrases_become_the_cron_they_mean(phrase: str, cron: str) -> None:
    assert parse_every(phrase) == cron
    assert normalise_cron(parse_every(phrase)) == cron


@pytest.mark.parametrize(("phrase", "says"), [
    ("monday", "no time of day"),
    ("at 9", "on which days"),
    ("every 2 weeks at 9", "'every 2 weeks'"),
    ("every hour", "'every hour'"),
    ("monthly at 9", "'monthly'"),
    ("13pm monday", "'13pm' is not a time"),
    ("monday 25:00", "not a time of day"),
    ("monday 9:00 and 17:00", "2 times of day"),
    ("funday 9:00", "'funday' is not understood"),
    ("0 9 * * MON", "--cron"),
    ("", "empty"),
])
def test_phrases_it_cannot_schedule_say_why(phrase: str, says: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_every(phrase)
    assert says in str(caught.value)
    assert caught.value.field == "every"


@pytest.mark.parametrize(("cron", "normalised"), [
    ("0 9 * * MON", "0 9 * * mon"),
    ("0 9 * * 1", "0 9 * * mon"),  # standard cron: 1 = Monday (APScheduler alone would read Tuesday)
    ("30 8 * * 1-5", "30 8 * * mon-fri"),
    ("0 9 * * 0", "0 9 * * sun"),
    ("0 9 * * 7", "0 9 * * sun"),
    ("0 9 * * */2", "0 9 * * tue,thu,sat,sun"),  # 0,2,4,6 = Sun, Tue, Thu, Sat
    ("0 9 * * 5-1", "0 9 * * mon,fri-sun"),
    ("0 9 * * 1,3,5", "0 9 * * mon,wed,fri"),
    ("0  9 1 * *", "0 9 1 * *"),
    ("@weekly", "0 0 * * sun"),
    ("*/15 * * * *", "*/15 * * * *"),
])
def test_cron_day_of_week_follows_standard_cron(cron: str, normalised: str) -> None:
    assert normalise_cron(cron) == normalised


def test_monday_means_monday_when_fired() -> None:
    after = datetime(2026, 11, 24, 12, tzinfo=UTC)  # a Tuesday
    fire = next_fire(normalise_cron("0 9 * * 1"), PARIS, after)
    assert fire == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # Monday 09:00 CET
    assert fire.astimezone(PARIS).strftime("%A %H:%M") == "Monday 09:00"


@pytest.mark.parametrize(("cron", "says"), [
    ("0 9 * *", "has 4 fields"),
    ("61 9 * * *", "is not valid"),
    ("0 9 * * 8", "not 0-7"),
    ("0 9 1 * 1", "restricts both"),
    ("", "has 0 fields"),
])
def test_bad_cron_is_an_input_error(cron: str, says: str) -> None:
    with pytest.raises(InputError) as caught:
        normalise_cron(cron)
    assert says in str(caught.value) and caught.value.field == "cron"


def test_fire_times_follow_the_zone_across_daylight_saving() -> None:
    cron = "0 9 * * mon"
    winter = next_fire(cron, PARIS, datetime(2026, 11, 24, tzinfo=UTC))
    summer = next_fire(cron, PARIS, datetime(2026, 6, 2, tzinfo=UTC))
    assert winter == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # UTC+1
    assert summer == datetime(2026, 6, 8, 7, 0, tzinfo=UTC)  # UTC+2
    new_york = next_fire(cron, ZoneInfo("America/New_York"), datetime(2026, 11, 24, tzinfo=UTC))
    assert new_york == datetime(2026, 11, 30, 14, 0, tzinfo=UTC)


def test_a_repeated_wall_time_fires_once_and_a_skipped_one_still_fires() -> None:
    cron = "30 2 * * *"
    # 25 October 2026: clocks go back at 03:00 CEST, so 02:30 happens twice (00:30 and 01:30 UTC)
    fires = []
    cursor = datetime(2026, 10, 24, 12, tzinfo=UTC)
    for _ in range(3):
        cursor = next_fire(cron, PARIS, cursor)
        fires.append(cursor)
    assert fires == [datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 26, 1, 30, tzinfo=UTC),
                     datetime(2026, 10, 27, 1, 30, tzinfo=UTC)]
    # 29 March 2026: 02:30 does not exist in Paris; the day still gets its one fire
    spring = next_fire(cron, PARIS, datetime(2026, 3, 28, 12, tzinfo=UTC))
    assert spring.date() == datetime(2026, 3, 29).date()
    assert next_fire(cron, PARIS, spring).date() == datetime(2026, 3, 30).date()


def test_fires_between_counts_missed_runs_and_finds_the_latest() -> None:
    cron = "0 9 * * mon"
    start = datetime(2026, 11, 2, 8, tzinfo=UTC)  # Monday 09:00 Paris, the first missed fire
    count, latest = fires_between(cron, PARIS, start, datetime(2026, 11, 23, 10, tzinfo=UTC))
    assert count == 4 and latest == datetime(2026, 11, 23, 8, tzinfo=UTC)
    count, latest = fires_between(cron, PARIS, start, datetime(2026, 11, 2, 7, 59, tzinfo=UTC))
    assert count == 0 and latest is None
    # a dense cron after a long outage: counting stops at the cap, the latest is still exact
    count, latest = fires_between("* * * * *", PARIS, datetime(2026, 1, 1, tzinfo=UTC),
                                  datetime(2026, 3, 1, 12, 34, 56, tzinfo=UTC), cap=500)
    assert count == 500 and latest == datetime(2026, 3, 1, 12, 34, tzinfo=UTC)


def test_descriptions_read_like_the_schedule() -> None:
    assert describe("0 9 * * mon", "Europe/Paris") == "every Monday at 09:00 (Europe/Paris)"
    assert describe("30 8 * * *", "UTC") == "every day at 08:30 (UTC)"
    assert describe("0 9 * * mon-fri", "UTC") == "every weekday at 09:00 (UTC)"
    assert describe("0 17 * * tue,thu", "UTC") == "every Tuesday and Thursday at 17:00 (UTC)"
    assert describe("0 9 1 * *", "UTC") == "cron 0 9 1 * * (UTC)"


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "../etc/passwd", "Europe/"])
def test_unknown_time_zones_are_refused(name: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_timezone(name)
    assert caught.value.field == "tz"
