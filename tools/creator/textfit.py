"""Fit a piece of copy into a box: the largest font size whose word-wrapped lines fit width, height and line cap.

Why: copy length varies per variant and placement; shrinking type until it fits (and refusing when even the minimum
size would overflow) is what keeps every word inside the safe zone instead of clipped by the platform UI.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont

from tools.core.errors import HooklineError
from tools.creator.fontstack import StackFace, face_for


class CopyDoesNotFit(HooklineError):
    """A piece of copy is too long for its slot in a placement, even at the minimum readable size."""

    def __init__(self, element: str, placement: str, text: str) -> None:
        super().__init__(f"The {element} ({len(text)} characters) does not fit the {placement} placement.")
        self.element = element
        self.placement = placement


@dataclass(frozen=True)
class FittedText:
    lines: list[str]
    font: ImageFont.FreeTypeFont | StackFace
    size: int
    line_height: int
    width: int
    height: int


def wrap(text: str, font: ImageFont.FreeTypeFont | StackFace, max_width: float) -> list[str] | None:
    """Greedy word wrap; None if a single word is wider than the box."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            trial = f"{current} {word}".strip()
            if font.getlength(trial) <= max_width:
                current = trial
                continue
            if not current or font.getlength(word) > max_width:
                return None
            lines.append(current)
            current = word
        if current:
            lines.append(current)
    return lines


def _measure(text: str, font_path: Path, size: int, width: int, height: int, max_lines: int,
             leading: float) -> FittedText | None:
    font = face_for(text, font_path, size)  # a fallback stack when the font lacks glyphs (emoji, CJK, RTL)
    lines = wrap(text, font, width)
    if lines is None or len(lines) > max_lines:
        return None
    ascent, descent = font.getmetrics()
    line_height = round((ascent + descent) * leading)
    total = line_height * (len(lines) - 1) + ascent + descent
    if total > height:
        return None
    widest = max((round(font.getlength(line)) for line in lines), default=0)
    return FittedText(lines, font, size, line_height, widest, total)


def fit_text(text: str, font_path: Path, width: int, height: int, *, max_size: int, min_size: int,
             max_lines: int = 4, leading: float = 1.12) -> FittedText | None:
    """Largest size in [min_size, max_size] that fits; None when the copy cannot fit even at `min_size`."""
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    if not text:
        return None
    best: FittedText | None = None
    lo, hi = min_size, max_size
    while lo <= hi:
        mid = (lo + hi) // 2
        fitted = _measure(text, font_path, mid, width, height, max_lines, leading)
        if fitted is None:
            hi = mid - 1
        else:
            best = fitted
            lo = mid + 1
    return best
