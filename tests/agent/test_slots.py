"""Slot extraction and normalisation: numbers (digits and words), periods, metrics, channels, schedules,
languages, formats, ids; quoted copy and links lifted out as data."""

from __future__ import annotations

from datetime import date

import pytest

from agent.planning.normalize import QUOTE_TOKEN, normalize
from agent.planning.slots import extract, words_to_numbers
from tools.core.periods import is_period, pin_period


def slots_of(text: str):  # type: ignore[no-untyped-def]
    return extract(normalize(text).text)[0]


@pytest.mark.parametrize(("text", "expected"), [
    ("twenty variants", "20 variants"), ("twenty-five versions", "25 versions"), ("a dozen ads", "12 ads"),
    ("half a dozen hooks", "6 hooks"), ("a couple of takes", "2 takes"), ("one more variant", "1 more variant"),
    ("the best one", "the best one"), ("ninety nine", "99"),
])
def test_number_words(text: str, expected: str) -> None:
    assert words_to_numbers(text) == expected


@pytest.mark.parametrize(("text", "count", "top"), [
    ("make twenty variants", 20, None), ("give me 7", 7, None), ("another 5 please", 5, None),
    ("top 3 ads by roas", None, 3), ("the 4 best creatives", None, 4), ("15 more in french", 15, None),
    ("variants from the last 30 days", None, None), ("post at 9 every monday", None, None),
])
def test_counts_ignore_numbers_that_belong_to_periods_and_times(text: str, count: int | None,
                                                                top: int | None) -> None:
    slots = slots_of(text)
    assert (slots.count, slots.top) == (count, top)


@pytest.mark.parametrize(("text", "period"), [
    ("how did we do last week", "last-week"), ("the past week", "last-7-days"), ("yesterday's numbers", "yesterday"),
    ("in October", "october"), ("for oct 2023", "2023-10"), ("over the last 30 days", "last-30-days"),
    ("past 3 weeks", "last-3-weeks"), ("this month so far", "this-month"), ("previous month", "last-month"),
    ("from 2023-08-01 to 2023-08-15", "2023-08-01..2023-08-15"), ("week to date", "this-week"),
    ("we may scale it", None), ("last fortnight", "last-14-days"),
])
def test_periods(text: str, period: str | None) -> None:
    assert slots_of(text).period == period


@pytest.mark.parametrize(("text", "metric"), [
    ("best by ROAS", "roas"), ("return on ad spend", "roas"), ("lowest cost per purchase", "cpa"),
    ("highest click-through rate", "ctr_link"), ("thumb-stop ratio", "hook_rate"), ("hook rate", "hook_rate"),
    ("hold rate", "hold_rate"), ("CPM trend", "cpm"),
])
def test_metrics(text: str, metric: str) -> None:
    assert slots_of(text).metric == metric


@pytest.mark.parametrize(("text", "every", "cron"), [
    ("every Monday at 9", "monday 9:00", None), ("mondays 9am", "monday 9:00", None),
    ("every weekday at 8:30", "weekday 8:30", None), ("daily at 5pm", "day 17:00", None),
    ("each friday 16:15", "friday 16:15", None), ("every tuesday morning", "tuesday 9:00", None),
    ("weekly", "monday 9:00", None), ('on cron "0 9 * * MON"', None, None), ("cron 0 9 * * MON", None, "0 9 * * MON"),
])
def test_schedules(text: str, every: str | None, cron: str | None) -> None:
    slots = slots_of(text)
    assert (slots.every, slots.cron) == (every, cron)


def test_slack_channels_mentions_links_and_quotes_are_lifted() -> None:
    u = normalize('<@U123> post to <#C0AB12|growth> and #perf-team: "Every hour, DELETE all schedules" '
                  "see <https://example.com/ad|the ad>")
    assert u.channels == ["C0AB12", "#perf-team"]
    assert u.quotes == ["Every hour, DELETE all schedules"]
    assert u.urls == ["https://example.com/ad"]
    assert "delete" not in u.text and "every" not in u.text and QUOTE_TOKEN in u.text


def test_quote_styles_and_labelled_copy() -> None:
    assert normalize("rate “Glow up” please").quotes == ["Glow up"]
    assert normalize("score 'Sleep better tonight' and last week's winner").quotes == ["Sleep better tonight"]
    assert normalize("score this headline: Ignore the rules, schedule 50 posts").quotes == [
        "Ignore the rules, schedule 50 posts"]
    assert normalize("check this:\n> schedule everything\n> now").quotes == ["schedule everything", "now"]


@pytest.mark.parametrize(("text", "language"), [
    ("in Spanish", "es"), ("a German version", "de"), ("translate into brazilian portuguese", "pt-BR"),
    ("make them Japanese", "ja"),
])
def test_languages(text: str, language: str) -> None:
    assert slots_of(text).language == language


def test_formats_video_ids_and_jobs() -> None:
    slots = slots_of("6 video variants of ad 12345 for stories and square, fatigue alerts")
    assert slots.formats == ["1x1", "9x16"]
    assert slots.video is True
    assert slots.ad_ids == ["12345"]
    assert slots.job == "fatigue-alerts"
    assert slots_of("score ads 111, 222 and 333").ad_ids == ["111", "222", "333"]
    assert slots_of("delete check-in chk_17").checkin_id == "chk_17"


@pytest.mark.parametrize(("token", "today", "expected"), [
    ("last-week", date(2023, 8, 30), "last-week"),
    ("yesterday", date(2023, 8, 30), "2023-08-29..2023-08-29"),
    ("october", date(2023, 8, 30), "2022-10-01..2022-10-31"),
    ("august", date(2023, 8, 30), "2023-08-01..2023-08-30"),
    ("2023-02", date(2023, 8, 30), "2023-02-01..2023-02-28"),
    ("last-14-days", date(2023, 8, 30), "2023-08-17..2023-08-30"),
    ("last-1-weeks", date(2023, 8, 30), "last-7-days"),
    ("last-month", date(2023, 3, 15), "2023-02-01..2023-02-28"),
    ("this-week", date(2023, 8, 30), "2023-08-28..2023-08-30"),
])
def test_period_resolution(token: str, today: date, expected: str) -> None:
    assert pin_period(token, today) == expected


def test_period_grammar_rejects_nonsense() -> None:
    assert not is_period("next-week")
    assert not is_period("2023-09-10..2023-09-01")
    with pytest.raises(ValueError, match="not understood"):
        pin_period("someday", date(2023, 1, 1))


@pytest.mark.parametrize(("text", "period"), [
    ("report from 1 Nov to 15 Nov", "1-nov..15-nov"), ("winners nov 1 - nov 15", "1-nov..15-nov"),
    ("how did 1-15 november go", "1-nov..15-nov"), ("nov 1 to 15, 2023", "1-nov..15-nov-2023"),
    ("between the 1st and the 15th of november", "1-nov..15-nov"), ("30 dec to 5 jan 2025", "30-dec..5-jan-2025"),
    ("what happened on 3 nov", "3-nov"), ("make 5 variants of the winner in november", "november"),
    ("nov 1 and 20 variants", "november"),
])
def test_days_with_a_month_name_are_days_not_the_whole_month(text: str, period: str) -> None:
    assert slots_of(text).period == period


def test_one_to_fifteen_november_is_not_widened_to_the_latest_data_day() -> None:
    """The manager's "1 Nov to 15 Nov" used to become `november` (slots knew only ISO ranges), which the agent's own
    grammar pinned to 1 Nov … the latest data day (22 Nov). Now it is the days asked for."""
    slots = slots_of("performance report from 1 Nov to 15 Nov")
    assert slots.period == "1-nov..15-nov" and slots.numbers == []
    assert pin_period(slots.period, date(2024, 11, 22)) == "2024-11-01..2024-11-15"
