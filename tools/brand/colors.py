"""Colour parsing shared by the profile and the compliance check: hex normalisation and RGB distance."""

from __future__ import annotations

import math
import re

_HEX = re.compile(r"^#?([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$")
HEX_IN_TEXT = re.compile(r"(?<![0-9A-Za-z&])#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})(?![0-9A-Za-z])")


def normalise_hex(value: str) -> str | None:
    """`#abc`, `abc`, `#AaBbCc` → `#AABBCC`; None when `value` is not a hex colour."""
    match = _HEX.match(value.strip())
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits.upper()


def parse_color(value: str | tuple[int, int, int] | list[int]) -> str | None:
    """A colour given as hex text, `rgb(r, g, b)` or an (r, g, b) tuple, as `#RRGGBB`; None when unparseable."""
    if isinstance(value, tuple | list):
        if len(value) >= 3 and all(isinstance(v, int) and 0 <= v <= 255 for v in value[:3]):
            return "#{:02X}{:02X}{:02X}".format(*value[:3])
        return None
    text = str(value).strip()
    rgb = re.match(r"^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})", text, re.IGNORECASE)
    if rgb:
        channels = [int(c) for c in rgb.groups()]
        return parse_color(tuple(channels)) if all(c <= 255 for c in channels) else None
    return normalise_hex(text)


def rgb(hex_color: str) -> tuple[int, int, int]:
    return int(hex_color[1:3], 16), int(hex_color[3:5], 16), int(hex_color[5:7], 16)


def distance(a: str, b: str) -> float:
    """Euclidean distance in RGB (0 … 441.7)."""
    return math.dist(rgb(a), rgb(b))
