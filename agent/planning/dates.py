"""Date phrases the period patterns do not cover, read with a real date library (dateparser): "since 3 November",
"since Nov 3rd", "from 10/1 to 10/15", "between 1.10.2025 and 15.10.2025".

Why a library: numeric dates, ordinals and month spellings come in too many shapes to keep as patterns. Only spans
that look like a day (a number with a month, or a numeric date) are handed to it, never relative words: those are
resolved against the workspace's latest data day by the period grammar. The result is a token of that grammar
(`3-nov`, `2025-10-01`, `3-nov..today`), so the "Understood" line shows the user how the date was read.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from tools.core.periods import MONTH_NAMES

_DAY = (r"(?:\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+[a-z]{3,9}\.?(?:,?\s+\d{4})?|[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?"
        r"(?:,?\s+\d{4})?|\d{4}[/.-]\d{1,2}[/.-]\d{1,2}|\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?)")
_SINCE = re.compile(rf"\b(?:since|from)\s+(?:the\s+)?({_DAY})(?!\s*(?:-|to|through|thru|until|till|and)\s*\S)")
_RANGE = re.compile(rf"\b(?:from\s+|between\s+)?(?:the\s+)?({_DAY})\s*(?:-|to|through|thru|until|till|and)\s*"
                    rf"(?:the\s+)?({_DAY})")
_YEAR = re.compile(r"\b\d{4}\b|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")


@lru_cache(maxsize=512)
def _parse(expression: str) -> datetime | None:
    import dateparser

    # 10/15 is month/day (US exports and Slack locales); 15.10.2025 is day.month.year (European)
    order = "DMY" if re.fullmatch(r"\d{1,2}\.\d{1,2}(?:\.\d{2,4})?", expression) else "MDY"
    return dateparser.parse(expression, languages=["en"], settings={
        "REQUIRE_PARTS": ["day", "month"], "DATE_ORDER": order, "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False})


def _token(expression: str) -> str | None:
    parsed = _parse(re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", expression).strip())
    if parsed is None:
        return None
    if _YEAR.search(expression):
        return parsed.date().isoformat()
    return f"{parsed.day}-{MONTH_NAMES[parsed.month - 1][:3]}"


def date_phrase(text: str) -> tuple[str | None, tuple[int, int] | None]:
    """(period token, span) for a date range or "since DAY" in `text`; (None, None) when there is none."""
    for pattern, since in ((_RANGE, False), (_SINCE, True)):
        for match in pattern.finditer(text):
            if since:
                start = _token(match.group(1))
                if start:
                    return f"{start}..today", match.span()
                continue
            start, end = _token(match.group(1)), _token(match.group(2))
            if start and end:
                return (f"{start}..{end}" if start != end else start), match.span()
    return None, None
