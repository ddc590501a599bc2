"""The compliance check the creator runs on every variant: banned words/claims and off-palette colours.

Pure and fast: patterns are compiled once per term (process cache) and the check does no I/O.
Matching rules, chosen to catch what a reviewer would and nothing else:
- whole words only, case-insensitive: "cure" flags "Cures" but never "secure" or "curious";
- simple English inflections of each word: -s/-es, -ed/-d, -ing, y→ies/ied, a doubled final consonant
  ("ban" → "banned"), and the base of a plural/3rd-person term ("boosts" also catches "boost") — only for
  alphabetic ASCII words of three or more letters; other terms match exactly;
- a claim's words may be separated by any run of spaces or hyphens ("clinically-proven");
- colours: exact `#RRGGBB` match with the palette, or within the profile's `color_tolerance` (RGB distance);
  no palette means no colour rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from tools.core.colours import distance, parse_color
from tools.core.domain.brand import BrandProfile, ComplianceReport, ComplianceViolation
from tools.core.errors import InputError

_VOWELS = set("aeiou")
_SEPARATOR = r"[\s\-‐‑–—]+"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


def _bases(lower: str) -> list[str]:
    """The word and, for a plural/3rd-person form (≥ 5 letters), its base: "boosts" → "boost", "remedies" →
    "remedy", "detoxes" → "detox", so a claim written "boosts immunity" also catches "boost immunity"."""
    bases = [lower]
    if len(lower) >= 5 and lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        if lower.endswith("ies"):
            bases.append(lower[:-3] + "y")
        elif lower.endswith(("ches", "shes", "xes", "zes", "sses")):
            bases.append(lower[:-2])
        else:
            bases.append(lower[:-1])
    return bases


def _inflections(lower: str) -> set[str]:
    forms = {lower, lower + "s", lower + "es", lower + "ed", lower + "ing"}
    if lower.endswith("e"):
        forms |= {lower + "d", lower[:-1] + "ing"}
    if lower.endswith("y") and lower[-2] not in _VOWELS:
        forms |= {lower[:-1] + "ies", lower[:-1] + "ied"}
    if lower.endswith("ie"):
        forms.add(lower[:-2] + "ying")
    if (lower[-1] not in _VOWELS | {"w", "x", "y"} and lower[-2] in _VOWELS and lower[-3] not in _VOWELS):
        forms |= {lower + lower[-1] + "ed", lower + lower[-1] + "ing"}  # ban → banned, slim → slimming
    return forms


def _word_forms(word: str) -> str:
    """A regex alternation for `word` and its simple inflections."""
    lower = word.lower()
    if not (lower.isascii() and lower.isalpha() and len(lower) >= 3):
        return re.escape(word)
    forms: set[str] = set()
    for base in _bases(lower):
        forms |= _inflections(base)
    return "(?:" + "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True)) + ")"


@lru_cache(maxsize=4096)
def term_pattern(term: str) -> re.Pattern[str]:
    """Compiled pattern for a banned word or claim (cached for the process)."""
    words = term.translate(_APOSTROPHES).split()
    body = _SEPARATOR.join(_word_forms(word) for word in words)
    return re.compile(rf"(?<![\w]){body}(?![\w])", re.IGNORECASE)


def check_compliance(profile: BrandProfile, texts: Sequence[str] | str,
                     colors: Iterable[str | tuple[int, int, int]] = ()) -> ComplianceReport:
    """Every banned word/claim found in `texts` and every colour not in the palette, with the rule broken."""
    if isinstance(texts, str):
        texts = [texts]
    violations: list[ComplianceViolation] = []
    terms = [("banned_claim", term) for term in profile.banned_claims] + [
        ("banned_word", term) for term in profile.banned_words
    ]
    for index, text in enumerate(texts):
        if not text:
            continue
        normalised = text.translate(_APOSTROPHES)  # same length: offsets stay valid for `text`
        for rule, term in terms:
            if not term.strip():
                continue
            for match in term_pattern(term).finditer(normalised):
                found = text[match.start():match.end()]
                label = "banned claim" if rule == "banned_claim" else "banned word"
                violations.append(ComplianceViolation(
                    rule=rule, term=term, match=found, text_index=index, start=match.start(), end=match.end(),
                    message=f"text {index}: {label} {term!r} (found {found!r} at {match.start()})",
                ))
    violations.sort(key=lambda v: (v.text_index or 0, v.start or 0, v.rule))
    color_list = list(colors)
    palette = profile.palette_hex
    if palette:
        for index, raw in enumerate(color_list):
            hex_value = parse_color(raw)
            if hex_value is None:
                raise InputError(f"Colour {raw!r} (colour {index}) is not a colour: expected '#RRGGBB', '#RGB', "
                                 "'rgb(r, g, b)' or an (r, g, b) tuple.", field="colors")
            nearest = min(palette, key=lambda p, h=hex_value: distance(h, p))
            gap = distance(hex_value, nearest)
            if gap > profile.color_tolerance:
                violations.append(ComplianceViolation(
                    rule="off_palette", term=hex_value, match=str(raw), color_index=index, nearest=nearest,
                    message=f"colour {index}: {hex_value} is not in the brand palette (nearest {nearest}, "
                            f"distance {gap:.0f} > tolerance {profile.color_tolerance:g})",
                ))
    return ComplianceReport(ok=not violations, violations=violations, checked_texts=len(texts),
                            checked_colors=len(color_list), palette_checked=bool(palette))
