"""Colour helpers: parse hex, contrast (WCAG) and pick readable text colours for a background."""

from __future__ import annotations

import re

_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def parse_hex(value: str) -> str:
    """Normalise `#abc`/`abc`/`#AABBCC` to `#AABBCC`; raise ValueError naming the bad value."""
    match = _HEX.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a hex colour like #1A2B3C")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits.upper()


def to_rgb(value: str) -> tuple[int, int, int]:
    digits = parse_hex(value)[1:]
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def relative_luminance(value: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = to_rgb(value)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(background: str, candidates: list[str]) -> str:
    """The candidate with the best contrast on `background` (white/near-black added as last resort)."""
    pool = [*candidates, "#FFFFFF", "#111111"]
    return max(pool, key=lambda c: contrast_ratio(background, c))


def mix(a: str, b: str, t: float) -> str:
    ra, ga, ba = to_rgb(a)
    rb, gb, bb = to_rgb(b)
    return f"#{round(ra + (rb - ra) * t):02X}{round(ga + (gb - ga) * t):02X}{round(ba + (bb - ba) * t):02X}"
