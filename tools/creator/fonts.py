"""Font resolution: brand fonts by family name or file, with a bundled fallback that always exists.

Why: a brand names fonts ("Inter", "Playfair Display"); the renderer needs files. We look in the usual font folders
and fall back to DejaVu (shipped with matplotlib, so present on every install) instead of failing a render.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from PIL import ImageFont

_FONT_SUFFIXES = (".ttf", ".otf", ".ttc")


def _font_dirs() -> list[Path]:
    dirs = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts",
            Path.home() / ".local/share/fonts", Path("/Library/Fonts"), Path("C:/Windows/Fonts")]
    extra = os.environ.get("HOOKLINE_FONT_DIRS")
    if extra:
        dirs[:0] = [Path(p) for p in extra.split(os.pathsep) if p]
    return [d for d in dirs if d.is_dir()]


@cache
def _bundled_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@cache
def _index() -> dict[str, Path]:
    """Lower-cased file stem → path, over all font folders (scanned once per process)."""
    found: dict[str, Path] = {}
    for folder in [*_font_dirs(), _bundled_dir()]:
        for path in folder.rglob("*"):
            if path.suffix.lower() in _FONT_SUFFIXES:
                found.setdefault(path.stem.lower().replace(" ", ""), path)
    return found


def _squash(name: str) -> str:
    return name.lower().replace(" ", "").replace("_", "").replace("-", "")


@cache
def resolve_font(spec: str | None, bold: bool = False) -> Path:
    """A font file for `spec` (a path or a family name); bold variant when asked; DejaVu Sans when not found."""
    if spec:
        candidate = Path(spec).expanduser()
        if candidate.suffix.lower() in _FONT_SUFFIXES and candidate.is_file():
            return candidate
        family = _squash(spec)
        wanted = ["bold", "semibold", "extrabold", "black"] if bold else ["regular", "book", "", "medium"]
        index = {_squash(stem): path for stem, path in _index().items()}
        for style in wanted:
            path = index.get(family + style)
            if path is not None:
                return path
        for stem, path in index.items():
            if stem.startswith(family) and (("bold" in stem) == bold) and "italic" not in stem:
                return path
    return _bundled_dir() / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")


@cache
def load_font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    """FreeType faces are costly to open; cache per (file, size)."""
    return ImageFont.truetype(str(path), size=size)
