"""Infer a chunk's kind (voice, guideline, value_prop, banned, palette, script, audience) from its headings.

Why headings first: a brand book says what a section is in its title ("Claims we never make", "Colour palette");
the deepest heading is the most specific. Content cues are the fallback for pasted text without headings.
"""

from __future__ import annotations

import re

from tools.core.colours import HEX_IN_TEXT
from tools.core.domain.brand import BRAND_KINDS

# Order matters: the first rule whose pattern matches a heading wins.
_HEADING_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("banned", re.compile(
        r"\b(banned|ban|never (say|use|make|write|claim)|do not (say|use)|don'?t (say|use)|prohibited|forbidden|"
        r"restricted|off[- ]limits|words? (we|to) avoid|claims? (we|to) avoid|claims we never|no[- ]go)\b")),
    ("script", re.compile(r"\b(scripts?|winning|winners?|ad copy|example ads?|past ads?|top ads?|hooks?)\b")),
    ("palette", re.compile(r"\b(palette|colou?rs?|swatch(es)?)\b")),
    ("value_prop", re.compile(
        r"\b(value prop(osition)?s?|benefits?|usps?|why (us|buy|choose)|promises?|key messages?|"
        r"messaging pillars?|reasons to believe|proof points?)\b")),
    ("voice", re.compile(r"\b(voice|tone|personality|how we (sound|speak|write)|writing style)\b")),
    ("audience", re.compile(r"\b(audiences?|personas?|customers?|who we (talk|speak|write|sell)|target market|icp)\b")),
    ("guideline", re.compile(
        r"\b(typography|fonts?|typefaces?|logos?|calls? to action|ctas?|languages?|locali[sz]ation|formatting|"
        r"layout|imagery|photography|legal|style)\b")),
]



def infer_kind(heading: str, body: str) -> str:
    """The kind of one chunk; `guideline` when nothing more specific applies."""
    parts = [part.strip().lower() for part in heading.split(">") if part.strip()]
    for part in reversed(parts):  # deepest heading first
        for kind, pattern in _HEADING_RULES:
            if pattern.search(part):
                return kind
    return _infer_from_body(body)


def _infer_from_body(body: str) -> str:
    lowered = body.lower()
    if len(HEX_IN_TEXT.findall(body)) >= 2:
        return "palette"
    if re.search(r"\b(banned|never (say|claim)|do not (say|claim)|don'?t (say|claim))\b", lowered):
        return "banned"
    if re.search(r"^\s*hook\s*:", lowered, re.MULTILINE) and re.search(r"^\s*(cta|body)\s*:", lowered, re.MULTILINE):
        return "script"
    if re.match(r"\s*(tone|voice)\s*:", lowered):
        return "voice"
    return "guideline"


def validate_kind(kind: str | None) -> str | None:
    if kind is None:
        return None
    normalised = kind.strip().lower().replace("-", "_")
    if normalised not in BRAND_KINDS:
        from tools.core.errors import InputError

        raise InputError(f"Unknown kind {kind!r}: expected one of {', '.join(BRAND_KINDS)}.", field="kind")
    return normalised
