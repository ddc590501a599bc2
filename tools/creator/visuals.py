"""Visual wrappers from the brand palette: colour schemes that pass contrast, crossed with layouts and backgrounds.

Why only palette colours: the compliance check flags off-palette colours, and a scheme whose text fails WCAG AA
contrast (4.5:1) would be unreadable in the feed — so both are ruled out here, before anything is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

from tools.core.colours import contrast_ratio, mix, parse_hex

LAYOUTS = ("stacked", "bold", "quote", "split")
BACKGROUNDS = ("gradient", "solid", "split")
_ARCHETYPE_LAYOUTS = {"testimonial": ("quote", "stacked", "split", "bold"),
                      "listicle": ("stacked", "split", "bold", "quote")}


@dataclass(frozen=True)
class ColourScheme:
    background: str
    text: str
    accent: str

    def describe(self) -> str:
        return f"{self.text} on {self.background}, accent {self.accent}"


def colour_schemes(palette: list[str]) -> list[ColourScheme]:
    """Every (background, text, accent) triple of distinct palette colours that reads well, best contrast first."""
    colours = list(dict.fromkeys(parse_hex(c) for c in palette))
    if len(colours) < 2:
        colours += [c for c in ("#101828", "#FFFFFF") if c not in colours]
    schemes: list[tuple[float, ColourScheme]] = []
    for background, text in permutations(colours, 2):
        ratio = contrast_ratio(background, text)
        if ratio < 4.5:
            continue
        accents = [a for a in colours if a not in (background, text)] or [text]
        for accent in accents:
            label_ok = max(contrast_ratio(accent, text), contrast_ratio(accent, background)) >= 4.5
            visible = contrast_ratio(accent, background) >= 1.4
            if label_ok and visible:
                schemes.append((ratio, ColourScheme(background, text, accent)))
    schemes.sort(key=lambda item: -item[0])
    return [scheme for _, scheme in schemes]


def gradient_allowed(scheme: ColourScheme) -> bool:
    """A gradient towards the accent must keep the text readable at its far end too."""
    return contrast_ratio(scheme.text, mix(scheme.background, scheme.accent, 0.45)) >= 4.5


def layouts_for(archetype: str) -> tuple[str, ...]:
    """Layouts in order of fit for the archetype (a testimonial reads best as a quote card)."""
    return _ARCHETYPE_LAYOUTS.get(archetype, LAYOUTS)
