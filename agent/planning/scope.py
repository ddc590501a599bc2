"""Scope of a performance question, read from plain words: filters (`where`), grouping (`by`), trend, comparison and
the KPIs named — matched against the workspace's own names and values.

Why fuzzy and workspace-driven: marketers name things the way they see them ("testimonial ads", "UGC", "the
retargeting campaign", "25-34 year olds", "ugc testimonial cream v1"), never as `hook_type=Testimonial`. A pattern
list cannot know a workspace's ad names or attribute values; rapidfuzz against the `Vocabulary` (loaded lazily from
the workspace and cached, see `tools/catalog/vocabulary.py`) can. Only words the user wrote are matched; quoted copy
has already been lifted out by `normalize`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process


def _words(text: str) -> frozenset[str]:
    """A word list written as one block of text."""
    return frozenset(text.split())

# words of a request that name a KPI of `performance_query` (first match wins per span; order = longest first)
QUERY_METRICS: list[tuple[str, str]] = [
    (r"\bcost per lead\b|\bcpl\b", "cost_per_lead"),
    (r"\bhook[\s-]?rates?\b|\bthumb[\s-]?stop\w*|\bscroll[\s-]?stop\w*", "hook_rate"),
    (r"\bhold[\s-]?rates?\b|\bthruplays?\b|\bretention\b", "hold_rate"),
    (r"\broas\b|\breturn on (?:ad )?spend\b", "roas"),
    (r"\bcpa\b|\bcost per (?:acquisition|purchase|conversion|result|sale|order)s?\b|\bcheapest acquisitions?\b",
     "cpa"),
    (r"\bctr\b|\bclick[\s-]?through(?: rates?)?\b", "ctr_link"),
    (r"\bcpm\b|\bcost per (?:mille|thousand)\b", "cpm"),
    (r"\bcpc\b|\bcost per click\b", "cpc_link"),
    (r"\bfrequency\b", "frequency"),
    (r"\breach\b", "reach"),
    (r"\bimpressions?\b", "impressions"),
    (r"\bleads?\b", "leads"),
    (r"\bpurchases?\b|\bsales\b|\borders\b|\bconversions\b", "purchases"),
    (r"\brevenue\b|\bpurchase value\b", "revenue"),
    (r"\bspend\b|\bspent\b|\bspending\b|\bcost\b|\bhow much did we (?:spend|pay)\b", "spend"),
    (r"\bclicks\b", "link_clicks"),
]
_COMPILED_METRICS = [(re.compile(p), m) for p, m in QUERY_METRICS]

# field words a user may write after "by"/"per" or before "vs": canonical field names of performance_query
FIELD_WORDS: dict[str, str] = {
    "age": "age", "age group": "age", "age groups": "age", "age bracket": "age", "age brackets": "age",
    "age band": "age", "ages": "age", "gender": "gender", "genders": "gender", "sex": "gender",
    "placement": "placement", "placements": "placement", "country": "country", "countries": "country",
    "campaign": "campaign", "campaigns": "campaign", "ad set": "adset", "ad sets": "adset", "adset": "adset",
    "adsets": "adset", "ad": "ad", "ads": "ad", "creative": "ad", "creatives": "ad", "format": "format",
    "formats": "format", "hook type": "hook_type", "hook types": "hook_type", "hook": "hook_type",
    "hooks": "hook_type", "offer": "offer", "offers": "offer", "colour": "colour", "colours": "colour",
    "color": "colour", "colors": "colour", "background": "background", "backgrounds": "background",
    "interest": "interest", "interests": "interest", "kind": "kind", "device": "device",
}
_FIELD_ALT = "|".join(sorted((re.escape(w) for w in FIELD_WORDS), key=len, reverse=True))
_BY = re.compile(rf"\b(?:by|per|across|split by|broken down by|for each|each|which|what)\s+(?:the\s+)?({_FIELD_ALT})\b"
                 rf"(?!\s*(?:=|rates?\b|strength\b))")
_TOP_FIELD = re.compile(r"\b(?:top|best|worst|bottom|highest|lowest)\s+(?:\d+\s+)?(campaigns|ad sets|adsets|placements|"
                        r"countries|formats|hook types|offers|age groups|colou?rs|backgrounds)\b")
_NAMED_CONTAINER = re.compile(r"\b(?:the|our|my|a)\s+([a-z0-9%][\w%\-]*(?:\s+[a-z0-9%][\w%\-]*){0,3})\s+"
                              r"(campaigns?|ad ?sets?)\b")
_GENERIC = frozenset({"best", "top", "worst", "new", "main", "current", "active", "live", "old", "whole", "biggest",
                      "other", "same", "first", "last", "that", "this", "each", "every", "one", "paused", "winning"})
# fields whose values are everyday words ("video", "stories"): matched only when the field is named next to them
_GENERIC_FIELDS = frozenset({"kind", "placement"})
_GENDER_VS = re.compile(r"\b(?:women|female|females)\b.*\b(?:vs\.?|versus|or|and|compared to)\b.*\b(?:men|male|males)"
                        r"\b|\b(?:men|male|males)\b.*\b(?:vs\.?|versus|or|and|compared to)\b.*\b(?:women|female|"
                        r"females)\b")
GRANULARITY = [(re.compile(r"\bdaily\b|\bday by day\b|\bper day\b|\beach day\b|\bby day\b|\bday over day\b"), "day"),
               (re.compile(r"\bweekly\b|\bweek by week\b|\bper week\b|\bby week\b|\bweek over week\b|\bwow\b"),
                "week"),
               (re.compile(r"\bmonthly\b|\bmonth by month\b|\bper month\b|\bby month\b|\bmonth over month\b|\bmom\b"),
                "month")]
_TREND = re.compile(r"\btrend\w*\b|\bover time\b|\btimeline\b|\btrajectory\b")
_VS = re.compile(r"\bvs\.?\b|\bversus\b|\bcompared? (?:to|with)\b|\bagainst\b|\bhead to head\b")
# words that never name a scope value on their own, however close they look to one
_STOP = _words("""a an the our my we us me i you it its of for in on at to by per with from and or vs versus how what
which who why did do does is are was were be been much many show give tell get pull me ad ads creative creatives
campaign campaigns last this past week weeks month months day days year today yesterday top best worst spend spent
revenue roas cpa ctr cpm cpc rate hook hold frequency reach leads lead purchases sales number numbers doing going
trend compare compared against than same about more less all any some each every only just please now then up
down run running set sets group groups""")


COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "us": ("usa", "united states", "america", "the states"), "ca": ("canada",),
    "gb": ("uk", "united kingdom", "britain", "great britain", "england"), "ie": ("ireland",),
    "au": ("australia",), "nz": ("new zealand",), "de": ("germany",), "fr": ("france",), "es": ("spain",),
    "it": ("italy",), "nl": ("netherlands", "holland"), "be": ("belgium",), "ch": ("switzerland",),
    "at": ("austria",), "se": ("sweden",), "no": ("norway",), "dk": ("denmark",), "fi": ("finland",),
    "pl": ("poland",), "pt": ("portugal",), "br": ("brazil",), "mx": ("mexico",), "in": ("india",),
    "jp": ("japan",), "sg": ("singapore",), "ae": ("uae", "united arab emirates"), "za": ("south africa",),
}
# how people say a value the data spells otherwise: audience exports say "female" and "CA"; managers say "women" and
# "Canada". Used only for values the workspace has.
ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("gender", "female"): ("women", "woman", "females", "ladies", "female audience"),
    ("gender", "male"): ("men", "males", "guys", "male audience"),
    # country names only: adjectives ("spanish", "french") name languages far more often than audiences
    **{("country", code): names for code, names in COUNTRY_NAMES.items()},
}


@dataclass(frozen=True)
class Vocabulary:
    """A workspace's names and values per field (`ad`, `campaign`, `adset`, attributes, audience dimensions)."""

    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, values: dict[str, list[str]] | dict[str, tuple[str, ...]] | None) -> Vocabulary:
        return cls({k: tuple(v) for k, v in (values or {}).items() if v})

    def __hash__(self) -> int:
        return hash(tuple(sorted((k, v) for k, v in self.fields.items())))


@dataclass
class Scope:
    where: list[str] = field(default_factory=list)  # 'field=Value'
    by: str | None = None
    granularity: str | None = None
    metrics: list[str] = field(default_factory=list)
    versus: bool = False
    labels: list[str] = field(default_factory=list)  # what each filter was read from, for the "Understood" line
    unknown: list[tuple[str, str]] = field(default_factory=list)  # (field, words) named but matching no value

    @property
    def narrows(self) -> bool:
        return bool(self.where or self.by or self.granularity)


def query_metrics(text: str) -> list[str]:
    """KPIs named in `text`, in the order written, each once."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern, metric in _COMPILED_METRICS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append(match.span())
            found.append((match.start(), metric))
    seen: list[str] = []
    for _, metric in sorted(found):
        if metric not in seen:
            seen.append(metric)
    return seen


@lru_cache(maxsize=64)
def _choices(vocabulary: Vocabulary) -> tuple[list[str], list[tuple[str, str]]]:
    """Match keys (lower-cased, punctuation as spaces) and their (field, value)."""
    keys: list[str] = []
    owners: list[tuple[str, str]] = []
    for name, values in vocabulary.fields.items():
        for value in values:
            if value.strip().lower() in ("none", "", "(not set)"):
                continue
            for key in _keys(name, value):
                keys.append(key)
                owners.append((name, value))
    return keys, owners


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[_|/\-]+", " ", text.lower()).split())


def _keys(name: str, value: str) -> list[str]:
    plain = _plain(value)
    keys = [plain]
    if name == "campaign" or name == "adset":
        # "Mossbrew | Prospecting | Lookalikes": each part after the first names it too ("lookalike campaign")
        parts = [_plain(p) for p in re.split(r"\|", value) if p.strip()]
        keys.extend(" ".join(parts[i:]) for i in range(1, len(parts)))
        keys.extend(p for p in parts[1:] if p not in _STOP)
        # "LAL 1% | Subscribers 180d" is also "subscribers"; "RT | Site visitors 14d" also "site visitors"
        keys.extend(w for w in (re.sub(r"(?:\s+\d+\w*%?)+$", "", p).strip() for p in parts) if w and w not in _STOP)
    if name == "ad":
        # ad names of a naming convention: "mb_ugc-video_testimonial_cream_v1" → also without the brand prefix
        tokens = plain.split()
        if len(tokens) > 2:
            keys.append(" ".join(tokens[1:]))
    if name == "format":
        keys.extend(t for t in plain.split() if t not in ("video", "image") and t not in _STOP)
    keys.extend(ALIASES.get((name, plain), ()))
    return [k for k in dict.fromkeys(keys) if k]


def _ngrams(words: list[str], most: int, exact: set[str]) -> list[tuple[int, int, str]]:
    """Word n-grams, longest first; one that starts or ends with a stop word only when it is a value as written."""
    grams = []
    for size in range(most, 0, -1):
        for i in range(len(words) - size + 1):
            chunk = words[i:i + size]
            if (chunk[0] in _STOP or chunk[-1] in _STOP) and " ".join(chunk) not in exact:
                continue
            grams.append((i, i + size, " ".join(chunk)))
    return grams


def _age_span(text: str) -> tuple[str, tuple[int, int]] | None:
    match = re.search(r"\b(1[3-9]|[2-6]\d)\s*(?:-|to|–)\s*(1[3-9]|[2-6]\d|65)\b"
                      r"(?!\s*(?:nov|oct|sep|dec|jan|feb|mar|apr|"
                      r"may|jun|jul|aug|days?|weeks?))|\b(65)\s*\+", text)
    if not match:
        return None
    value = f"{match.group(1)}-{match.group(2)}" if match.group(1) else "65+"
    return value, match.span()


def read_scope(text: str, vocabulary: Vocabulary | None, *, metrics_text: str | None = None) -> Scope:
    """Filters, grouping, trend and KPIs of a performance question (normalised text; KPIs are read from
    `metrics_text` when given: the text before other slots consumed their spans)."""
    full = metrics_text if metrics_text is not None else text
    scope = Scope(metrics=query_metrics(full))
    match = _BY.search(full)
    top_field = _TOP_FIELD.search(full)
    if match and not (FIELD_WORDS[match.group(1)] == "ad" and match.group(0).startswith(("which", "what", "each"))):
        scope.by = FIELD_WORDS[match.group(1)]
    elif top_field:
        scope.by = FIELD_WORDS.get(top_field.group(1)) or FIELD_WORDS.get(top_field.group(1).rstrip("s"))
    elif _GENDER_VS.search(full):
        scope.by = "gender"
    timed = bool(_TREND.search(text) or scope.metrics)
    for pattern, value in GRANULARITY:
        if timed and pattern.search(text):
            scope.granularity = value
            break
    if scope.granularity is None and _TREND.search(text):
        scope.granularity = "day"
    scope.versus = bool(_VS.search(text))
    if vocabulary is None or not vocabulary.fields:
        return scope
    age = _age_span(text)
    used: list[tuple[int, int]] = []
    hits: list[tuple[str, str, str]] = []
    if age and "age" in vocabulary.fields:
        hits.append(("age", age[0], age[0]))
        text = text[: age[1][0]] + " _ " + text[age[1][1]:]
    words = [w for w in re.sub(r"[^\w%+\- ]", " ", text).split()]
    words = [re.sub(r"[_\-]+", " ", w).strip() or w for w in words]
    flat = " ".join(words).split()
    keys, owners = _choices(vocabulary)
    exact = set(keys)
    for start, end, gram in _ngrams(flat, 6, exact):
        if any(s < end and start < e for s, e in used) or len(gram) < 3:
            continue
        best = process.extractOne(gram, keys, scorer=fuzz.ratio, score_cutoff=86)
        if best is None:
            continue
        name, value = owners[best[2]]
        if name in _GENERIC_FIELDS and not re.search(rf"\b{name}s?\b", text) and not (
                name == "placement" and re.search(rf"\b(?:on|in|via|through)\s+(?:the\s+)?{re.escape(gram)}\b", text)):
            continue  # "reels" alone may be a word; "on reels" or "reels placement" names the placement
        if name == "ad" and end - start < 2:
            continue  # a single word never names one ad
        used.append((start, end))
        hits.append((name, value, gram))
    if re.search(r"\bad ?sets?\b", text) and any(h[0] == "adset" for h in hits):
        hits = [h for h in hits if h[0] != "campaign"]  # "the subscribers lookalike ad set" names an ad set
    elif re.search(r"\bcampaigns?\b", text) and any(h[0] == "campaign" for h in hits):
        hits = [h for h in hits if h[0] != "adset"]
    by_field: dict[str, list[str]] = {}
    for name, value, gram in hits:
        if value not in by_field.setdefault(name, []):
            by_field[name].append(value)
            scope.labels.append(gram)
    for match in _NAMED_CONTAINER.finditer(text):
        name = "adset" if match.group(2).startswith("ad") else "campaign"
        words = match.group(1).strip()
        if name not in by_field and name in vocabulary.fields and not set(words.split()) <= _STOP | _GENERIC:
            scope.unknown.append((name, words))  # "the zebra campaign": named, but this workspace has none such
    if "country" in vocabulary.fields and "country" not in by_field:
        have = {value.lower() for value in vocabulary.fields["country"]}
        named = next((n for code, names in COUNTRY_NAMES.items() if code not in have for n in names
                      if re.search(rf"\b{re.escape(n)}\b", text)), None)
        if named:
            scope.unknown.append(("country", named))  # "in Germany" where the data has no German rows: ask
    for name, values in by_field.items():
        if scope.versus and len(values) > 1 and scope.by is None:
            scope.by = name  # "UGC vs studio video": compare the values side by side
        scope.where.extend(f"{name}={value}" for value in values)
    return scope
