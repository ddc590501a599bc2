"""Placement sizes and their safe zones.

Why: text and logos under a platform's UI (Stories/Reels profile bar at the top, caption and CTA at the bottom) get
covered; every element we draw must fit inside the placement's safe zone. Margins follow Meta's guidance for
Stories/Reels (top 14 %, bottom 35 %, sides 6 %) and a 6 % frame on feed formats.
"""

from __future__ import annotations

from dataclasses import dataclass

from tools.core.domain.variant import Box, FormatId
from tools.core.errors import InputError


@dataclass(frozen=True)
class Placement:
    id: FormatId
    width: int
    height: int
    top: float
    bottom: float
    sides: float
    label: str

    @property
    def safe_zone(self) -> Box:
        return Box(
            left=round(self.width * self.sides),
            top=round(self.height * self.top),
            right=self.width - round(self.width * self.sides),
            bottom=self.height - round(self.height * self.bottom),
        )


PLACEMENTS: dict[str, Placement] = {
    "1x1": Placement("1x1", 1080, 1080, 0.06, 0.06, 0.06, "Feed square 1:1"),
    "4x5": Placement("4x5", 1080, 1350, 0.06, 0.06, 0.06, "Feed portrait 4:5"),
    "9x16": Placement("9x16", 1080, 1920, 0.14, 0.35, 0.06, "Stories/Reels 9:16"),
}


def parse_formats(value: str | list[str] | tuple[str, ...]) -> list[Placement]:
    """`"1x1,4x5,9x16"` (also `1:1`, `9/16`) → placements, in the given order; unknown ids are an input error."""

    items = value.split(",") if isinstance(value, str) else list(value)
    placements: list[Placement] = []
    for raw in items:
        key = raw.strip().lower().replace(":", "x").replace("/", "x")
        if not key:
            continue
        if key not in PLACEMENTS:
            raise InputError(
                f"Unknown format {raw.strip()!r}: expected any of {', '.join(PLACEMENTS)} (comma-separated).",
                field="formats",
            )
        if PLACEMENTS[key] not in placements:
            placements.append(PLACEMENTS[key])
    if not placements:
        raise InputError("No formats given: expected e.g. 1x1,4x5,9x16.", field="formats")
    return placements
