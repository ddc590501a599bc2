"""A platform profile: how one ad platform names the canonical fields, and which columns it adds that we skip.

Aliases are listed per field in priority order. Resolution runs rank by rank across all fields, so a field's
primary name always beats another field's fallback (TikTok 'Clicks' is link clicks unless 'Clicks (destination)'
is also present, in which case it is clicks (all)).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from tools.ingest.platforms.headers import normalize_header


@dataclass(frozen=True)
class Platform:
    name: str  # meta | tiktok | generic
    title: str  # for messages: "Meta Ads Manager"
    aliases: Mapping[str, tuple[str, ...]]  # field -> names as the platform writes them
    ignored: tuple[str, ...] = ()  # metadata columns skipped silently (delivery status, attribution setting, ...)
    export_hint: str = ""  # how to export a daily, ad-level report from this platform
    extra_markers: tuple[str, ...] = field(default=())  # headers that identify the platform but map to nothing

    @cached_property
    def normalized_aliases(self) -> dict[str, tuple[str, ...]]:
        return {name: _unique(normalize_header(a) for a in names) for name, names in self.aliases.items()}

    @cached_property
    def normalized_ignored(self) -> frozenset[str]:
        return frozenset(normalize_header(a) for a in self.ignored)

    @cached_property
    def all_names(self) -> frozenset[str]:
        names = {a for aliases in self.normalized_aliases.values() for a in aliases}
        return frozenset(names | {normalize_header(m) for m in self.extra_markers})


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def merge_aliases(*tables: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    """Concatenate alias tables field by field, earlier tables first (higher priority)."""
    merged: dict[str, list[str]] = {}
    for table in tables:
        for name, aliases in table.items():
            merged.setdefault(name, []).extend(aliases)
    return {name: _unique(aliases) for name, aliases in merged.items()}
