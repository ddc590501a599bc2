"""Slot extraction from normalised text: counts, periods, metrics, languages, formats, schedules, ids.

Each extractor consumes the span it reads (replacing it with a marker) so that, for example, the 30 of "last 30
days" or the 9 of "at 9" is never mistaken for a number of variants. Order matters and is fixed in `extract`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.planning.dates import date_phrase
from tools.core.periods import MONTH_NAMES, MONTHS

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_PHRASES = [
    (r"\bhalf a dozen\b", "6"), (r"\ba dozen\b", "12"), (r"\bdozen\b", "12"), (r"\ba couple(?: of)?\b", "2"),
    (r"\ba few\b", "3"), (r"\ba handful(?: of)?\b", "5"), (r"\ba hundred\b", "100"), (r"\bone hundred\b", "100"),
    (r"\ba pair of\b", "2"), (r"\bsingle\b", "1"),
]
_NUMBER_WORD = re.compile(
    r"\b(?:(" + "|".join(_TENS) + r")(?:[\s-](" + "|".join(k for k in _UNITS if k not in ("zero",)) + r"))?|("
    + "|".join(_UNITS) + r"))\b"
)
_COUNT_NOUNS = (r"(?:variants?|variations?|versions?|iterations?|alternatives?|alts|remixes|remix|spin-?offs?|"
                r"mutations?|riffs?|takes?|options?|concepts?|ideas?|hooks?|headlines?|copies|copy|creatives?|ads?|"
                r"images?|videos?|assets?|edits?|cuts?|drafts?|spins?|ones?|more)")
_COUNT_ADJ = r"(?:(?:_|more|new|fresh|different|other|extra|additional|quick|similar|alternative|unique|bold|short|" \
             r"punchy|spanish|french|german|italian|portuguese|dutch|ugc|static|video|square|vertical|on-brand|" \
             r"brand|ad|creative|copy|headline)\s+){0,3}"

METRICS: list[tuple[str, str]] = [
    (r"\bhook[\s-]?rates?\b|\bthumb[\s-]?stop\w*|\bscroll[\s-]?stop\w*|\bstops? the scroll\b|\b3[\s-]?s(?:ec(?:ond)?)?"
     r" (?:plays?|views?)\b|\bhook strength\b", "hook_rate"),
    (r"\bhold[\s-]?rates?\b|\bwatch[\s-]?time\b|\bretention\b|\bthruplays?\b|\bcompletion rate\b", "hold_rate"),
    (r"\broas\b|\breturn on (?:ad )?spend\b|\bmost revenue\b|\brevenue\b|\bmost profitable\b|\bprofitab\w+|"
     r"\breturns?\b", "roas"),
    (r"\bcpa\b|\bcost per (?:acquisition|purchase|conversion|result|sale|lead|order|signup|install)s?\b|\bcheapest\b"
     r"|\blowest cost\b|\bmost efficient\b|\bcost per\b", "cpa"),
    (r"\bctr(?:[\s_]link)?\b|\bclick[\s-]?through(?: rates?)?\b|\bclicks?\b|\bclicky\b", "ctr_link"),
    (r"\bcpm\b|\bcost per (?:mille|thousand)\b", "cpm"),
    (r"\bcpc\b|\bcost per click\b", "cpc_link"),
]
WINNER_METRICS = {"roas", "cpa", "ctr_link", "hook_rate"}

LANGUAGES = {
    "english": "en", "spanish": "es", "español": "es", "castilian": "es", "french": "fr", "german": "de",
    "italian": "it", "portuguese": "pt", "brazilian portuguese": "pt-BR", "dutch": "nl", "polish": "pl",
    "swedish": "sv", "danish": "da", "norwegian": "no", "finnish": "fi", "japanese": "ja", "chinese": "zh",
    "mandarin": "zh", "korean": "ko", "arabic": "ar", "hindi": "hi", "turkish": "tr", "russian": "ru",
    "indonesian": "id", "greek": "el", "czech": "cs", "romanian": "ro", "hebrew": "he", "thai": "th",
    "vietnamese": "vi", "ukrainian": "uk",
}
_LANGUAGE = re.compile(r"\b(" + "|".join(sorted(LANGUAGES, key=len, reverse=True)) + r")\b")

_FORMATS = [
    (r"\b1\s*[x:]\s*1\b|\bsquare\b", "1x1"),
    (r"\b4\s*[x:]\s*5\b|\bportrait\b|\bfeed\b", "4x5"),
    (r"\b9\s*[x:]\s*16\b|\bstor(?:y|ies)\b|\breels?\b|\bvertical\b|\bfull[\s-]?screen\b", "9x16"),
]
_VIDEO = re.compile(r"\bvideo (?:variants?|versions?|variations?|ads|cuts|edits|too|as well)\b|\bas videos?\b|"
                    r"\brender(?:ed)? (?:as |into )?videos?\b|\bwith video\b|\banimated\b|\bmotion\b|\bmp4s?\b|"
                    r"\bvideos? too\b|\band videos?\b|\bplus videos?\b|\binclud\w* videos?\b")

DAYS = {"monday": "monday", "mon": "monday", "tuesday": "tuesday", "tue": "tuesday", "tues": "tuesday",
        "wednesday": "wednesday", "wed": "wednesday", "thursday": "thursday", "thu": "thursday",
        "thurs": "thursday", "friday": "friday", "fri": "friday", "saturday": "saturday", "sat": "saturday",
        "sunday": "sunday", "sun": "sunday"}
_DAY_NAMES = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs)?|fri|sat|sun)"
_DAY_WORD = _DAY_NAMES + "s?"
_CRON_NUM = r"(?:\*|\d{1,2})(?:[-,/](?:\*|\d{1,2}))*"
_CRON_NAME = r"(?:\*|\?|\d{1,2}|[a-z]{3})(?:[-,/#](?:\*|\d{1,2}|[a-z]{3}))*"
CRON = re.compile(
    rf"(?<![\w:*/,-])({_CRON_NUM}\s+{_CRON_NUM}\s+{_CRON_NUM}\s+{_CRON_NAME}\s+{_CRON_NAME})(?![\w:*/,-])", re.I)
_TIME = re.compile(
    r"\b(?:at\s+|@\s*|around\s+|by\s+)?(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|oclock|h)\b"
    r"|\b(?:at|@|around)\s+(\d{1,2})(?:[:.h](\d{2}))?\b(?!\s*(?:variants?|versions?|days?|weeks?|months?|ads?))"
    r"|\b(\d{1,2})[:](\d{2})\b"
    r"|\b(noon|midday|midnight)\b"
)
_TZ = re.compile(r"\b([A-Z][a-z]+/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?)\b|\b(UTC|GMT)\b", re.I)

JOBS = [
    (r"\bbriefs?\b|\bwhat to make next\b", "briefs-digest"),
    (r"\bfatigu\w*|\btired\b|\bwearing out\b|\bworn out\b|\bburn(?:ing|t|ed)? out\b|\bdecay\w*", "fatigue-alerts"),
    (r"\bvelocity\b|\bnew creatives? (?:count|launched)\b|\bhow many new\b|\bcreative output\b|\blaunch count\b",
     "velocity-check"),
    (r"\bwinners?\b|\btop (?:ads|performers|creatives)\b|\bbest (?:ads|performers|creatives)\b|\bdigest\b",
     "winners-digest"),
    (r"\breports?\b|\brecap\b|\bsummary\b|\bkpis?\b|\bnumbers\b|\bperformance\b|\bstats\b|\bresults\b|\bupdate\b",
     "weekly-report"),
]
_AD_IDS = re.compile(r"\bads?(?:[\s_]?ids?)?\s*[:#]?\s*((?:[a-z0-9_\-]*\d[a-z0-9_\-]*)(?:(?:\s*,\s*|\s+and\s+|\s+)"
                     r"(?:ad\s*[:#]?\s*)?[a-z0-9_\-]*\d[a-z0-9_\-]*)*)")
_CHECKIN_ID = re.compile(r"\b(?:check-?ins?|schedules?|jobs?|reminders?|id|automations?)\s*(?:id\s*)?[:#]?\s*"
                         r"([a-z]{0,6}[_\-]?\d[a-z0-9_\-]*|[0-9a-f]{8,})\b|\b((?:sch|chk|job|ci)[_\-][a-z0-9_\-]+)\b")
_PLATFORM = [(r"\b(?:meta|facebook|fb|instagram|ig)\b", "meta"), (r"\btik\s?tok\b", "tiktok"),
             (r"\bgeneric\b", "generic")]
_BRAND_KINDS = [
    (r"\bbanned\b|\bnever (?:use|say|mention|write|call|describe|refer to|promise|claim)\b|\bdo not (?:use|say|"
     r"mention|write|call|describe|promise|claim)\b|\bforbidden\b|"
     r"\bnot allowed\b|\bavoid\b|\bban\b", "banned"),
    (r"\bpalette\b|\bcolou?rs?\b|\bhex\b|#[0-9a-f]{6}\b", "palette"),
    (r"\bvalue props?\b|\bvalue propositions?\b|\busps?\b|\bbenefits?\b|\bwhy (?:people|customers) buy\b",
     "value_prop"),
    (r"\bscripts?\b", "script"),
    (r"\bvoice\b|\btone\b|\bpersonality\b|\bhow we (?:sound|talk|speak|write)\b", "voice"),
    (r"\bguidelines?\b|\brules?\b|\bstyle guide\b|\bbrand book\b|\btagline\b|\bslogan\b", "guideline"),
]


# Days written with a month name: "1 nov to 15 nov", "nov 1 - nov 15, 2024", "1-15 november", "nov 1 to 15",
# "on 3 nov". They become explicit days ('1-nov..15-nov'), never the whole month.
MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
_FROM = r"\b(?:(?:from|between)\s+)?"
_TO = r"\s*(?:-|to|through|thru|until|till|and)\s*"
_TO_DAY = r"\s*(?:-|to|through|thru|until|till)\s*"  # before a bare day ("nov 1 and 20 variants": 20 is a count)


def _d(n: str) -> str:
    return rf"(?:the\s+)?(?P<d{n}>\d{{1,2}})(?:st|nd|rd|th)?\b"


def _dm(n: str) -> str:
    return rf"(?:the\s+)?(?P<d{n}>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m{n}>{MONTH_WORDS})\b\.?"


def _md(n: str) -> str:
    return rf"(?P<m{n}>{MONTH_WORDS})\.?\s+{_d(n)}"


def _y(n: str) -> str:
    return rf"(?:\s*,?\s+(?P<y{n}>\d{{4}})\b)?"


_DAY_RANGES = [re.compile(_FROM + pattern) for pattern in (
    _dm("1") + _y("1") + _TO + _dm("2") + _y("2"),  # 1 nov to 15 nov
    _md("1") + _y("1") + _TO + _md("2") + _y("2"),  # nov 1 to nov 15
    _d("1") + _TO + _dm("2") + _y("2"),  # 1 to 15 nov, 1-15 nov, the 1st and the 15th of nov
    _md("1") + _TO_DAY + _d("2") + _y("2"),  # nov 1 to 15, nov 1-15
)]
_ONE_DAY = [re.compile(r"\b(?:on|for)\s+" + day + _y("1")) for day in (_dm("1"), _md("1"))]


@dataclass
class Slots:
    period: str | None = None
    count: int | None = None  # variants
    top: int | None = None  # winners / search results
    numbers: list[int] = field(default_factory=list)  # bare numbers nothing else claimed
    metric: str | None = None
    language: str | None = None
    formats: list[str] | None = None
    video: bool = False
    ad_ids: list[str] = field(default_factory=list)
    every: str | None = None
    cron: str | None = None
    has_recurrence: bool = False  # "every", "daily", "weekly", ...
    tz: str | None = None
    job: str | None = None
    checkin_id: str | None = None
    platform: str | None = None
    brand_kind: str | None = None
    all_ads: bool = False
    singular_winner: bool = False


def words_to_numbers(text: str) -> str:
    """'twenty-five' -> '25', 'a dozen' -> '12'; 'one' only where it counts something ('one more variant')."""
    for pattern, value in _PHRASES:
        text = re.sub(pattern, value, text)

    def replace(match: re.Match[str]) -> str:
        if match.group(1):
            return str(_TENS[match.group(1)] + (_UNITS[match.group(2)] if match.group(2) else 0))
        word = match.group(3)
        if word == "one":
            tail = text[match.end():match.end() + 40]
            if not re.match(r"\s+" + _COUNT_ADJ + _COUNT_NOUNS, tail):
                return word
        return str(_UNITS[word])

    return _NUMBER_WORD.sub(replace, text)


def _consume(text: str, match: re.Match[str], marker: str = " _ ") -> str:
    return text[: match.start()] + marker + text[match.end():]


def _period(text: str) -> tuple[str | None, str]:
    rules: list[tuple[str, object]] = [
        (r"\b(?:from |between )?(\d{4}-\d{2}-\d{2})\s*(?:\.\.|to|through|thru|until|till|and|-)\s*"
         r"(\d{4}-\d{2}-\d{2})\b",
         lambda m: f"{m.group(1)}..{m.group(2)}"),
        (r"\b(?:in |for |during |of )?(\d{4})-(0[1-9]|1[0-2])\b(?!-\d)", lambda m: f"{m.group(1)}-{m.group(2)}"),
        (r"(?<!since )(?<!from )(?<!after )\b(?:on |for |in )?(\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))\b"
         r"(?!\s*(?:\.\.|to\b|through|thru|until|till|and\b|-))", lambda m: m.group(1)),
        (r"\b(?:in |over |for |during )?(?:the )?(?:last|past|previous|prior|trailing)\s+(\d{1,3})\s+(days?|weeks?)\b",
         lambda m: f"last-{m.group(1)}-{'weeks' if m.group(2).startswith('week') else 'days'}"),
        (r"\b(?:the )?(?:last|past) fortnight\b|\b(?:the )?last two weeks\b", lambda m: "last-14-days"),
        (r"\b(?:the )?(?:past|trailing) week\b|\blast seven days\b", lambda m: "last-7-days"),
        (r"\b(?:the )?(?:past|last|trailing) (?:30 days|month of data|4 weeks)\b", lambda m: "last-30-days"),
        (r"\b(?:last|previous|prior) week\b|\bthe week before\b|\bweek before\b", lambda m: "last-week"),
        (r"\bq([1-4])(?:\s*(?:of\s+)?(\d{4}))?\b", _quarter),
        (r"\bsince (?:last )?monday\b|\bsince the start of (?:the|this) week\b", lambda m: "this-week"),
        (r"\bsince the (?:1st|first|start|beginning) of (?:the|this) month\b", lambda m: "this-month"),
        (r"\bthis week\b|\bweek to date\b|\bwtd\b|\bso far this week\b", lambda m: "this-week"),
        (r"\b(?:last|previous|prior) month\b", lambda m: "last-month"),
        (r"\bthis month\b|\bmonth to date\b|\bmtd\b|\bso far this month\b", lambda m: "this-month"),
        (r"\b(?:the )?past month\b", lambda m: "last-30-days"),
        (r"\byesterday\b|\byday\b", lambda m: "yesterday"),
        (r"\btoday\b", lambda m: "today"),
    ]
    for pattern, build in rules:
        match = re.search(pattern, text)
        if match:
            return build(match), _consume(text, match)  # type: ignore[operator]
    for pattern in _DAY_RANGES:
        match = pattern.search(text)
        if match:
            start, end = _day_token(match, "1"), _day_token(match, "2")
            return f"{start}..{end}" if start != end else start, _consume(text, match)
    for pattern in _ONE_DAY:
        match = pattern.search(text)
        if match:
            return _day_token(match, "1"), _consume(text, match)
    match = re.search(rf"\bsince\s+(?:the\s+(?:start|beginning)\s+of\s+)?({MONTH_WORDS})\b\.?(?:\s+(\d{{4}}))?"
                      r"(?!\s*\d)", text)
    if match:  # after "since", "may" and "mar" are months
        month = MONTH_NAMES[MONTHS[match.group(1)] - 1]
        start = f"{match.group(2)}-{MONTHS[match.group(1)]:02d}-01" if match.group(2) else f"1-{month[:3]}"
        return f"{start}..today", _consume(text, match)
    if re.search(r"\d", text):
        token, span = date_phrase(text)
        if token and span:
            return token, text[: span[0]] + " _ " + text[span[1]:]
    match = re.search(rf"\b(?:(in|for|during|of|from|since|over)\s+)?({MONTH_WORDS})\b\.?(?:\s+(\d{{4}}))?", text)
    while match:
        word = match.group(2)
        # "may" and "mar" are also words: accept them only with a preposition or a year
        if word not in ("may", "mar", "jan", "sat") or match.group(1) or match.group(3):
            month = MONTHS[word]
            token = f"{match.group(3)}-{month:02d}" if match.group(3) else MONTH_NAMES[month - 1]
            return token, _consume(text, match)
        match = re.search(rf"\b(?:(in|for|during|of|from|since|over)\s+)?({MONTH_WORDS})\b\.?(?:\s+(\d{{4}}))?",
                          text[match.end():])
        if match is None:
            break
    return None, text


def _quarter(match: re.Match[str]) -> str:
    """'q3' → '1-jul..30-sep' (the latest such quarter); 'q3 2025' → ISO days."""
    quarter, year = int(match.group(1)), match.group(2)
    first, last = 3 * quarter - 2, 3 * quarter
    end_day = (31, 30, 30, 31)[quarter - 1]
    if year:
        return f"{year}-{first:02d}-01..{year}-{last:02d}-{end_day}"
    return f"1-{MONTH_NAMES[first - 1][:3]}..{end_day}-{MONTH_NAMES[last - 1][:3]}"


_COMPARE = re.compile(r"\b(?:compared? (?:to|with)|vs\.?|versus|against|relative to|than|with|over)\b")


_UNIT_BEFORE = {("this-week", "last-week"), ("today", "yesterday")}


def period_and_compare(text: str) -> tuple[str | None, str | None]:
    """(period, compare) when the text names two periods around a comparison word ("this month with last month",
    "october compared to september"); else (None, None)."""
    for match in _COMPARE.finditer(text):
        left, _ = _period(words_to_numbers(text[: match.start()]))
        right, _ = _period(words_to_numbers(text[match.end():]))
        if left and right and left != right:
            # "this week vs last week" means the week before this one: with data ending on a Sunday the grammar's
            # last-week is this very week, so say "previous"
            return left, "previous" if (left, right) in _UNIT_BEFORE else right
    return None, None


def _day_token(match: re.Match[str], side: str) -> str:
    """'1-nov' or '1-nov-2024' for one side ("1"/"2") of a matched day or range; a side without a month takes the
    other's ("1-15 nov"). A missing year stays missing: the grammar picks the latest such day (a start: on or before
    the end, so "30 dec to 5 jan 2025" starts in 2024)."""
    groups = {key: value for key, value in match.groupdict().items() if value}
    other = "2" if side == "1" else "1"
    day = groups.get(f"d{side}") or groups[f"d{other}"]
    month = MONTHS[groups.get(f"m{side}") or groups[f"m{other}"]]
    year = groups.get(f"y{side}")
    return f"{int(day)}-{MONTH_NAMES[month - 1][:3]}" + (f"-{year}" if year else "")


def _schedule(text: str, slots: Slots) -> str:
    match = CRON.search(text)
    if match and ("*" in match.group(1) or re.search(r"\bcron\s*(?:expression\s*)?:?\s*$", text[:match.start()])):
        slots.cron = match.group(1).upper().replace("?", "*")
        text = _consume(text, match)
    day = None
    recurrence = [
        (r"\b(?:every|each|on)\s+(?:single\s+)?(?:week\s?days?|work\s?days?|business days?)\b|\bweekdays\b|"
         r"\bmonday (?:to|through|-) friday\b|\bmon-fri\b", "weekday"),
        (r"\b(?:every|each)\s+" + _DAY_WORD + r"\b|\bon\s+" + _DAY_WORD + r"\b|\b" + _DAY_NAMES
         + r"s\b|\bweekly on\s+" + _DAY_WORD + r"\b", "day-of-week"),
        (r"\bdaily\b(?!\s+(?:spend|roas|cpa|ctr|cpm|revenue|trend|breakdown|sales|leads|purchases|hook|hold|"
         r"frequency|reach|impressions|clicks))|\bevery\s+(?:single\s+)?(?:day|morning|evening|night)\b|\beach\s+(?:day|morning)\b|"
         r"\bnightly\b|\bevery 24 hours\b|\bonce a day\b", "day"),
        (r"\bweekly\b(?!\s+(?:report|recap|summary|numbers|update|performance|kpis?|review|digest|spend|roas|cpa|"
         r"ctr|cpm|revenue|trend|breakdown|sales|leads|purchases|hook|hold|frequency|reach|impressions|clicks))|"
         r"\bevery week\b|\beach week\b|\bonce a week\b|\bstart of (?:the|each|every) week\b", "monday"),
    ]
    for pattern, kind in recurrence:
        match = re.search(pattern, text)
        if match:
            slots.has_recurrence = True
            if kind == "day-of-week":
                name = next(g for g in match.groups() if g)
                day = DAYS[name.rstrip("s") if name.rstrip("s") in DAYS else name]
            else:
                day = kind
            text = _consume(text, match)
            break
    hour, minute = None, 0
    match = _TIME.search(text)
    if match:
        groups = match.groups()
        if groups[0] is not None:
            hour, minute = int(groups[0]), int(groups[1] or 0)
            suffix = groups[2].replace(".", "")
            if suffix == "pm" and hour < 12:
                hour += 12
            if suffix == "am" and hour == 12:
                hour = 0
        elif groups[3] is not None:
            hour, minute = int(groups[3]), int(groups[4] or 0)
        elif groups[5] is not None:
            hour, minute = int(groups[5]), int(groups[6])
        else:
            hour = 0 if groups[7] == "midnight" else 12
        if hour > 23 or minute > 59:
            hour = None
        else:
            text = _consume(text, match)
    if hour is None:
        if re.search(r"\bmorning\b", text):
            hour = 9
        elif re.search(r"\bevening\b|\bend of (?:the )?day\b|\beod\b", text):
            hour = 17
    if day is not None and not slots.cron:
        slots.every = f"{day} {hour if hour is not None else 9}:{minute:02d}"
    elif hour is not None and not slots.cron and re.search(r"\b(?:schedule|post|send|share|remind|every)\b", text):
        slots.every = f"day {hour}:{minute:02d}"
    tz = _TZ.search(text)
    if tz:
        slots.tz = "UTC" if tz.group(2) else tz.group(1)
        text = _consume(text, tz)
    return text


def _counts(text: str, slots: Slots) -> str:
    match = re.search(r"\b(?:top|best|first)\s+(\d{1,6})\b|\b(\d{1,6})\s+(?:best|top|strongest|highest|winning|"
                      r"leading)\b|\b(\d{1,3})\s+(?:results|passages|snippets|matches)\b", text)
    if match:
        slots.top = int(next(g for g in match.groups() if g))
        text = _consume(text, match)
    # any size and sign is read as written: "100000" or "-5" must reach validation (which asks), never become 20 or 5
    match = re.search(r"(?<![\w.-])(-?\d+)\s+" + _COUNT_ADJ + _COUNT_NOUNS + r"\b", text) or re.search(
        r"(?<![\w.-])(-?\d+) of (?:them|those|these|each)\b", text) or re.search(
        r"\b(?:make|create|generate|produce|write|draft|give me|get me|need|want|do|another|render|spin up|"
        r"crank out|churn out|whip up|come up with)\s+(?:me\s+|us\s+|another\s+|an extra\s+)?(-?\d+)\b", text)
    if match:
        slots.count = int(match.group(1))
        text = _consume(text, match, " _count_ ")
    slots.numbers = [int(n) for n in re.findall(r"(?<![\w.:/-])(\d{1,4})(?![\w.:/-])", text)]
    return text


def extract(text: str) -> tuple[Slots, str]:
    """Read every slot from normalised `text`; returns the slots and the text with consumed spans marked."""
    slots = Slots()
    text = words_to_numbers(text)
    text = _schedule(text, slots)
    slots.period, text = _period(text)
    for pattern, name in _FORMATS:
        if re.search(pattern, text):
            slots.formats = [*(slots.formats or []), name]
    slots.video = bool(_VIDEO.search(text))
    match = _CHECKIN_ID.search(text)
    if match:
        slots.checkin_id = match.group(1) or match.group(2)
        text = _consume(text, match, " _id_ ")
    match = _AD_IDS.search(text)
    if match:
        slots.ad_ids = [i for i in re.split(r"[\s,]+|\band\b|\bad\s*[:#]?", match.group(1)) if i and
                        any(c.isdigit() for c in i)]
        text = _consume(text, match, " _ads_ ")
    match = _LANGUAGE.search(text)
    if match:
        slots.language = LANGUAGES[match.group(1)]
        text = _consume(text, match)
    for pattern, name in METRICS:
        match = re.search(pattern, text)
        if match:
            slots.metric = name
            text = _consume(text, match)
            break
    for pattern, name in JOBS:
        if re.search(pattern, text):
            slots.job = name
            break
    for pattern, name in _PLATFORM:
        if re.search(pattern, text):
            slots.platform = name
            break
    for pattern, name in _BRAND_KINDS:
        if re.search(pattern, text):
            slots.brand_kind = name
            break
    slots.all_ads = bool(re.search(r"\b(?:all|every|each)\s+(?:of\s+)?(?:our\s+|the\s+|my\s+)?(?:live\s+|active\s+|"
                                   r"current\s+|running\s+)?(?:ads|creatives|ad)\b|\beverything\b", text))
    singular = re.search(r"\b(?:the|our|a|which|what|single)\s+(?:\w+\s+){0,2}(?:winner|best|top|strongest|won|"
                         r"wins)\b(?!\s+\d)(?!\s+(?:ads|creatives|performers|ones))", text)
    slots.singular_winner = bool(singular and not re.search(r"\bwinners\b|\bads\b|\bones\b|\bperformers\b", text))
    text = _counts(text, slots)
    return slots, text
