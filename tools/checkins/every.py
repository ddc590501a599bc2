"""Plain-language schedules ('monday 9:00', 'every Monday at 9', 'daily at 8:30am', 'weekdays at 9') → cron.

Why a small grammar instead of a date-parsing library: check-ins run at a time of day on chosen days of the week,
and the phrase is stored next to the cron it became, so what people typed and what runs can always be compared.
Anything the grammar does not understand is an InputError that names the word it stumbled on.
"""

from __future__ import annotations

import re

from tools.checkins.cron import day_field
from tools.core.errors import InputError

EVERY_FORMS = ("'monday 9:00', 'day 8:30', 'weekday 9:00', or plain phrases such as 'every Monday at 9', "
               "'daily at 8:30am', 'weekdays at 9', 'every Tuesday and Thursday at 17:00', 'weekends at 10'")

_DAY_WORDS = {
    "monday": 1, "mon": 1, "mondays": 1, "mons": 1,
    "tuesday": 2, "tue": 2, "tues": 2, "tuesdays": 2,
    "wednesday": 3, "wed": 3, "weds": 3, "wednesdays": 3,
    "thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "thursdays": 4,
    "friday": 5, "fri": 5, "fridays": 5,
    "saturday": 6, "sat": 6, "saturdays": 6,
    "sunday": 0, "sun": 0, "sundays": 0,
}
_ALL_DAYS = {"day", "days", "daily", "everyday"}
_WEEKDAYS = {"weekday", "weekdays", "workday", "workdays"}
_WEEKENDS = {"weekend", "weekends"}
_WEEKLY = {"week", "weekly"}
_PART_OF_DAY = {"morning", "mornings", "evening", "evenings", "night", "nights", "afternoon", "afternoons"}
_FILLER = {"every", "each", "on", "at", "the", "and", "of", "in", "a", "please", "around", "by", "from", "o'clock",
           "oclock", "local", "time", "single"}
_RANGE_WORDS = {"to", "through", "thru", "till", "until"}
_UNSUPPORTED = {"hour", "hours", "hourly", "minute", "minutes", "month", "months", "monthly", "year", "yearly",
                "fortnight", "fortnightly", "other", "second", "biweekly", "weeks"}

_TIME = re.compile(
    r"(?<![\w:.])(?:(?P<h>\d{1,2})(?:(?:[:.]|h)(?P<m>\d{2})|h)?\s*(?P<ampm>[ap]\.?m\.?)?|(?P<word>noon|midday|midnight))"
    r"(?![\w:])"
)
_PHRASES = [
    (re.compile(r"\b(?:business|work|working|week)[\s-]?days?\b"), " weekdays "),
    (re.compile(r"\bmon(?:day)?s?\s*(?:-|to|through|thru)\s*fri(?:day)?s?\b"), " weekdays "),
    (re.compile(r"\bevery\s*day\b|\beach\s*day\b|\bevery\s*single\s*day\b|\bonce a day\b"), " daily "),
    (re.compile(r"\bonce a week\b|\bevery week\b|\beach week\b"), " weekly "),
    (re.compile(r"\bo['’]?\s?clock\b"), " "),
]


def _time_of_day(match: re.Match[str], phrase: str) -> tuple[int, int]:
    if match.group("word"):
        return (12, 0) if match.group("word") in ("noon", "midday") else (0, 0)
    hour, minute = int(match.group("h")), int(match.group("m") or 0)
    ampm = (match.group("ampm") or "").replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise InputError(f"every {phrase!r}: {match.group(0).strip()!r} is not a time (with am/pm the hour is "
                             "1-12).", field="every")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        raise InputError(f"every {phrase!r}: {match.group(0).strip()!r} is not a time of day (expected 0:00-23:59).",
                         field="every")
    return hour, minute


def _days(words: list[str], phrase: str) -> set[int] | None:
    """The days of the week the words name; None when they name none (a bare 'every morning')."""
    days: set[int] = set()
    weekly = False
    pending_range_from: int | None = None
    previous_day: int | None = None
    for word in words:
        if word in _DAY_WORDS:
            day = _DAY_WORDS[word]
            if pending_range_from is not None:
                first, last = pending_range_from, day if day >= pending_range_from else day + 7
                days.update(d % 7 for d in range(first, last + 1))
                pending_range_from = None
            else:
                days.add(day)
            previous_day = day
        elif word in _RANGE_WORDS and previous_day is not None:
            pending_range_from = previous_day
        elif word in _ALL_DAYS:
            days.update(range(7))
        elif word in _WEEKDAYS:
            days.update(range(1, 6))
        elif word in _WEEKENDS:
            days.update((6, 0))
        elif word in _WEEKLY:
            weekly = True
        elif word in _UNSUPPORTED:
            raise InputError(f"every {phrase!r}: check-ins run on days of the week at a time of day, so {word!r} "
                             f"cannot be scheduled here; use --cron for other rhythms. Expected {EVERY_FORMS}.",
                             field="every")
        elif word in _FILLER or word in _PART_OF_DAY or word in _RANGE_WORDS:
            continue
        else:
            raise InputError(f"every {phrase!r}: {word!r} is not understood. Expected {EVERY_FORMS}.", field="every")
    if pending_range_from is not None:
        raise InputError(f"every {phrase!r}: a range of days needs an end, e.g. 'monday to friday'.", field="every")
    if not days and weekly:
        days.add(1)  # 'weekly at 9': the start of the week
    return days or None


def parse_every(phrase: str | None) -> str:
    """Turn a plain-language schedule into a cron expression ('minute hour * * days'), or raise InputError."""
    raw = (phrase or "").strip()
    if not raw:
        raise InputError(f"every is empty: expected {EVERY_FORMS}.", field="every")
    text = raw.lower().replace("’", "'")
    if len(text.split()) == 5 and re.fullmatch(r"[\d*/,\-a-z?]+( [\d*/,\-a-z?]+){4}", text) and \
            re.search(r"\d", text.split()[0]) and not re.search(r"[ap]\.?m", text):
        raise InputError(f"every {raw!r} looks like a cron expression: pass it as --cron instead.", field="every")
    rhythm = re.search(r"\bevery\s+(?:other|\d+)\s+(\w+)|\b(hourly|monthly|fortnightly|biweekly|yearly)\b|"
                       r"\bevery\s+(hour|minute|month|year|fortnight)\b", text)
    if rhythm:
        raise InputError(f"every {raw!r}: check-ins run on days of the week at one time of day, so "
                         f"{rhythm.group(0)!r} cannot be scheduled here; use --cron for other rhythms. Expected "
                         f"{EVERY_FORMS}.", field="every")
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    times = list(_TIME.finditer(text))
    if not times:
        raise InputError(f"every {raw!r} has no time of day: say when, e.g. 'monday 9:00' or 'daily at 8:30am'.",
                         field="every")
    if len(times) > 1:
        raise InputError(f"every {raw!r} names {len(times)} times of day; one schedule runs at one time (create one "
                         "schedule per time).", field="every")
    hour, minute = _time_of_day(times[0], raw)
    rest = text[: times[0].start()] + " " + text[times[0].end():]
    rest = re.sub(r"(?<=[a-z])\s*-\s*(?=[a-z])", " to ", rest)
    expanded = [w.strip(".!?") for w in re.split(r"[\s,/&+;]+", rest) if w.strip(".!?")]
    days = _days(expanded, raw)
    if days is None:
        if not any(w in ("every", "each", "daily") or w in _PART_OF_DAY for w in expanded):
            raise InputError(f"every {raw!r} does not say on which days: expected {EVERY_FORMS}.", field="every")
        days = set(range(7))  # 'every morning at 8'
    return f"{minute} {hour} * * {day_field(days)}"


__all__ = ["EVERY_FORMS", "parse_every"]
