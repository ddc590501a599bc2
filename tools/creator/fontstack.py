"""Every script renders: pick, for each piece of copy, a font that has glyphs for all of its characters.

Why: a brand font (or DejaVu) has no glyphs for CJK, most emoji or some right-to-left scripts, and Pillow draws
missing glyphs as empty boxes ("tofu") without a word. The stack tries the brand's font first, then DejaVu, then the
Noto families shipped as Python packages (`manimgx-fonts`: Noto Sans, Symbols, Emoji, Arabic, Hebrew and the Indic
and South-East Asian scripts; `manimgx-fonts-cjk`: Noto Sans CJK), so it works offline on every install. Right-to-left
text is shaped and ordered by Pillow's Raqm layout. What no font covers is returned so the variant is flagged rather
than shipped with boxes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from tools.creator.fonts import resolve_font

# characters that are not drawn as glyphs of their own (joiners, variation selectors, direction marks)
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"}
_VARIATION_SELECTORS = range(0xFE00, 0xFE10)


@cache
def _package_fonts() -> tuple[Path, ...]:
    """The Noto files of the font packages, in fallback order (Latin/Greek/Cyrillic first, CJK last)."""
    found: list[Path] = []
    try:
        import manimgx_fonts

        folder = Path(manimgx_fonts.__file__).parent
        first = ["NotoSans[wght].ttf", "NotoSansSymbols[wght].ttf", "NotoEmoji[wght].ttf"]
        found += [folder / name for name in first if (folder / name).is_file()]
        found += sorted(p for p in folder.glob("NotoSans*.ttf") if p.name not in first and "Italic" not in p.name)
    except ImportError:  # pragma: no cover - the packages are dependencies; tolerate a trimmed install
        pass
    try:
        import manimgx_fonts_cjk

        found += sorted(Path(manimgx_fonts_cjk.__file__).parent.glob("*.tt[cf]"))
        found += sorted(Path(manimgx_fonts_cjk.__file__).parent.glob("*.otf"))
    except ImportError:  # pragma: no cover
        pass
    return tuple(found)


@cache
def coverage(path: Path) -> frozenset[int]:
    """The code points a font file maps to glyphs (first face of a collection)."""
    from fontTools.ttLib import TTCollection, TTFont

    if path.suffix.lower() == ".ttc" or path.name.endswith(".ttc"):
        collection = TTCollection(str(path), lazy=True)
        font = collection.fonts[0]
    else:
        font = TTFont(str(path), lazy=True, fontNumber=0)
    cmap = font.getBestCmap() or {}
    return frozenset(cmap)


def drawn(text: str) -> set[int]:
    """Code points of `text` that need a glyph."""
    return {ord(ch) for ch in text if unicodedata.category(ch) not in _INVISIBLE_CATEGORIES
            and ord(ch) not in _VARIATION_SELECTORS and ch != "\u200d"}


def stack(preferred: Path, bold: bool = False) -> list[Path]:
    """The fallback order for copy whose preferred font is `preferred`."""
    return list(dict.fromkeys([preferred, resolve_font(None, bold), *_package_fonts()]))


def font_for(text: str, preferred: Path, bold: bool = False) -> tuple[Path, str]:
    """The first font of the stack with a glyph for every character of `text`, and the characters none has.

    When no single font covers everything, the one missing the fewest characters is returned with them."""
    needed = drawn(text)
    if not needed:
        return preferred, ""
    best, best_missing = preferred, needed
    for path in stack(preferred, bold):
        missing = needed - coverage(path)
        if not missing:
            return path, ""
        if len(missing) < len(best_missing):
            best, best_missing = path, missing
    return best, "".join(sorted(chr(c) for c in best_missing))


def missing_glyphs(texts: Iterable[str], preferred: Path) -> str:
    """Characters of any of `texts` that no font of the stack can draw (empty when every script renders)."""
    needed = set().union(*(drawn(text) for text in texts))
    for path in stack(preferred):
        needed -= coverage(path)
        if not needed:
            return ""
    return "".join(sorted(chr(c) for c in needed))


@lru_cache(maxsize=8192)
def _runs(text: str, fonts: tuple[Path, ...]) -> tuple[tuple[Path, str], ...]:
    """`text` cut into runs, each drawn with the first font of `fonts` that has its characters (spaces and joiners
    stay with the run they sit in)."""
    runs: list[tuple[Path, str]] = []
    for ch in text:
        code = ord(ch)
        if code not in drawn(ch):
            font = runs[-1][0] if runs else fonts[0]
        else:
            font = next((f for f in fonts if code in coverage(f)), fonts[0])
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return tuple(runs)


class StackFace:
    """A font stack at one size that measures and draws like one font (the subset of FreeTypeFont the renderer
    uses: `getlength`, `getmetrics`, `size`), each run with the font that has its glyphs, on one shared baseline."""

    def __init__(self, fonts: list[Path], size: int) -> None:
        from tools.creator.fonts import load_font

        self.paths = tuple(fonts)
        self.size = size
        self._load = load_font
        primary = load_font(fonts[0], size)
        ascent, descent = primary.getmetrics()
        self._metrics = (ascent, descent)

    def getmetrics(self) -> tuple[int, int]:
        return self._metrics

    def getlength(self, text: str) -> float:
        return _stack_length(text, self.paths, self.size)

    def draw(self, draw, xy: tuple[float, float], text: str, fill, anchor: str | None = None) -> None:  # type: ignore[no-untyped-def]
        """Draw like `ImageDraw.text` with anchors l/m (horizontal) and a/m (vertical)."""
        x, y = xy
        anchor = anchor or "la"
        ascent, descent = self._metrics
        if anchor[0] == "m":
            x -= self.getlength(text) / 2
        baseline = y + ascent if anchor[1] == "a" else y + (ascent - descent) / 2 if anchor[1] == "m" else y
        for path, run in _runs(text, self.paths):
            font = self._load(path, self.size)
            draw.text((x, baseline), run, font=font, fill=fill, anchor="ls")
            x += font.getlength(run)


@lru_cache(maxsize=16384)
def _stack_length(text: str, fonts: tuple[Path, ...], size: int) -> float:
    from tools.creator.fonts import load_font

    return sum(load_font(path, size).getlength(run) for path, run in _runs(text, fonts))


def face_for(text: str, preferred: Path, size: int):  # type: ignore[no-untyped-def]
    """The plain font when it draws all of `text` (the common case, unchanged), else a StackFace over the fallbacks;
    right-to-left text a single fallback fully covers is drawn by that one font, so Raqm orders and shapes it."""
    from tools.creator.fonts import load_font

    needed = drawn(text)
    if needed <= coverage(preferred):
        return load_font(preferred, size)
    path, missing = font_for(text, preferred)
    if not missing:
        return load_font(path, size)
    return StackFace(stack(preferred), size)


def draw_line(draw, xy: tuple[float, float], text: str, font, fill, anchor: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """`ImageDraw.text` for a plain font or a StackFace."""
    if isinstance(font, StackFace):
        font.draw(draw, xy, text, fill, anchor)
    else:
        draw.text(xy, text, font=font, fill=fill, anchor=anchor)
