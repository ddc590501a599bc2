"""Colours: the one definition the brand profile, the compliance check, the creator and the extractor share.

Why one module: the palette a brand book states, the colours the compliance check compares and the colours the
creator renders must agree on what a colour is (`#RRGGBB`, upper case) and on how readable two colours are together
(WCAG 2.x contrast), or a scheme the creator accepts could be flagged by the check, or the other way round.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

_HEX = re.compile(r"^#?([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$")
_RGB_FUNCTION = re.compile(r"^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})", re.IGNORECASE)
HEX_IN_TEXT = re.compile(r"(?<![0-9A-Za-z&])#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})(?![0-9A-Za-z])")
"""A `#abc` / `#AABBCC` code inside prose; not an HTML entity (`&#123;`) nor part of a longer word."""


def normalise_hex(value: str) -> str | None:
    """`#abc`, `abc`, `#AaBbCc` → `#AABBCC`; None when `value` is not a hex colour (for parsers of free text)."""
    match = _HEX.match(value.strip())
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits.upper()


def parse_hex(value: str) -> str:
    """Like `normalise_hex`, but a bad value is an error naming it (for palettes that must already be valid)."""
    normalised = normalise_hex(value)
    if normalised is None:
        raise ValueError(f"{value!r} is not a hex colour like #1A2B3C")
    return normalised


def to_hex(rgb: Sequence[int]) -> str:
    """(r, g, b) with channels 0–255 → `#RRGGBB`."""
    r, g, b = (int(c) for c in rgb[:3])
    return f"#{r:02X}{g:02X}{b:02X}"


def parse_color(value: str | tuple[int, int, int] | list[int]) -> str | None:
    """A colour given as hex text, `rgb(r, g, b)` or an (r, g, b) tuple, as `#RRGGBB`; None when unparseable."""
    if isinstance(value, tuple | list):
        if len(value) >= 3 and all(isinstance(v, int) and 0 <= v <= 255 for v in value[:3]):
            return to_hex(value)
        return None
    text = str(value).strip()
    function = _RGB_FUNCTION.match(text)
    if function:
        channels = [int(c) for c in function.groups()]
        return to_hex(channels) if all(c <= 255 for c in channels) else None
    return normalise_hex(text)


def to_rgb(value: str) -> tuple[int, int, int]:
    """Any hex form → (r, g, b); ValueError naming the value when it is not a hex colour."""
    digits = parse_hex(value)[1:]
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def distance(a: str, b: str) -> float:
    """Euclidean distance in RGB (0 … 441.7): how far a used colour may stray from the palette."""
    return math.dist(to_rgb(a), to_rgb(b))


def _linear(channel: int) -> float:
    # WCAG 2.x relative luminance uses the sRGB transfer function; its threshold is 0.04045 (WCAG 2.0 printed
    # 0.03928, an older draft's value; no 8-bit channel lies between the two, so results are identical).
    s = channel / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def relative_luminance(value: str) -> float:
    """WCAG 2.x relative luminance, 0 (black) … 1 (white)."""
    r, g, b = to_rgb(value)
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio, 1 … 21; AA asks ≥ 4.5 for body text and ≥ 3 for large text."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(background: str, candidates: Sequence[str]) -> str:
    """The candidate with the best contrast on `background` (white/near-black added as last resort)."""
    pool = [*candidates, "#FFFFFF", "#111111"]
    return max(pool, key=lambda c: contrast_ratio(background, c))


def mix(a: str, b: str, t: float) -> str:
    """The colour `t` of the way from `a` to `b` (0 → a, 1 → b), in RGB."""
    ra, ga, ba = to_rgb(a)
    rb, gb, bb = to_rgb(b)
    return to_hex((round(ra + (rb - ra) * t), round(ga + (gb - ga) * t), round(ba + (bb - ba) * t)))
