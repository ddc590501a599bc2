"""Which platform wrote a file, judged from its headers alone (cheap: no data is read)."""

from __future__ import annotations

from collections.abc import Iterable

from tools.ingest.platforms.generic import GENERIC, GENERIC_ALIASES
from tools.ingest.platforms.headers import normalize_header, split_currency
from tools.ingest.platforms.meta import META, META_ALIASES
from tools.ingest.platforms.platforms import Platform
from tools.ingest.platforms.tiktok import TIKTOK

PLATFORMS: dict[str, Platform] = {p.name: p for p in (META, TIKTOK, GENERIC)}
SOURCES: tuple[str, ...] = ("auto", *PLATFORMS)

_META_STRONG = (
    "Amount spent", "Reporting starts", "Reporting ends", "Ad set name", "Ad set ID", "Link clicks", "Clicks (all)",
    "3-second video plays", "ThruPlays", "Video plays at 25%", "Purchases conversion value", "Result indicator",
    "Attribution setting", "Results", "Cost per result", "Frequency", "CTR (link click-through rate)",
)
_TIKTOK_STRONG = (
    "By Day", "Stat time day", "Ad group name", "Ad group ID", "Cost", "Clicks (destination)",
    "2-second video views", "6-second video views", "Video views at 25%", "Video views at 50%", "Complete payment",
    "Total complete payment value", "Complete payment value", "Advertiser name", "Advertiser ID",
    "CTR (destination)", "CPC (destination)",
)


def _names(tables: Iterable[dict[str, tuple[str, ...]]]) -> set[str]:
    return {normalize_header(a) for table in tables for aliases in table.values() for a in aliases}


_GENERIC_OWN = _names([GENERIC_ALIASES])
# Localised Meta names are unmistakable; English ones count only when listed as strong markers.
MARKERS: dict[str, frozenset[str]] = {
    "meta": frozenset(
        (_names([META_ALIASES]) - _GENERIC_OWN - {"date", "day"}) | {normalize_header(m) for m in _META_STRONG}
    ),
    "tiktok": frozenset(normalize_header(m) for m in _TIKTOK_STRONG),
}


def detect_source(headers: Iterable[str]) -> str:
    """'meta', 'tiktok' or 'generic': a platform needs two of its marker headers and more than the other one."""
    normalized = {normalize_header(split_currency(h)[0]) for h in headers}
    scores = {name: len(normalized & markers) for name, markers in MARKERS.items()}
    best = max(scores, key=lambda name: scores[name])
    others = [score for name, score in scores.items() if name != best]
    if scores[best] >= 2 and all(scores[best] > other for other in others):
        return best
    return "generic"


def get_platform(source: str) -> Platform:
    return PLATFORMS[source]
