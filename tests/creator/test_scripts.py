"""Every script renders: emoji, CJK and right-to-left copy get fonts with their glyphs (never empty boxes), and copy
no installed font can draw flags its variant."""

from __future__ import annotations

import pytest
from PIL import Image, ImageChops, ImageDraw

from tools.core.domain.variant import AdCopy, BrandStyle, VisualWrapper
from tools.creator.compositor import render_variant
from tools.creator.fonts import resolve_font
from tools.creator.fontstack import draw_line, face_for, font_for, missing_glyphs
from tools.creator.placements import PLACEMENTS

SAMPLES = {
    "emoji": "Wake up ☕🚀🔥",
    "cjk": "朝のコーヒー 早上好 좋은 아침",
    "arabic": "قهوة الصباح الطازجة",
    "hebrew": "קפה של בוקר",
    "devanagari": "सुबह की कॉफी",
    "thai": "กาแฟยามเช้า",
    "mixed": "Mossbrew ☕ 日本 مرحبا",
}
NOTDEF = "\U000F0000"  # a private-use code point no font draws: its rendering is the empty box


def _ink(text: str, size: int = 48) -> Image.Image:
    face = face_for(text, resolve_font(None), size)
    image = Image.new("L", (1400, 120), 0)
    draw_line(ImageDraw.Draw(image), (10, 20), text, face, 255)
    return image


@pytest.mark.parametrize("script", list(SAMPLES))
def test_each_script_has_a_font_with_every_glyph(script: str) -> None:
    assert missing_glyphs([SAMPLES[script]], resolve_font(None)) == ""


@pytest.mark.parametrize("script", list(SAMPLES))
def test_no_character_is_drawn_as_the_empty_box(script: str) -> None:
    """Each character drawn with the font chosen for it differs from that font's missing-glyph box."""
    for ch in {c for c in SAMPLES[script] if not c.isspace()}:
        path, missing = font_for(ch, resolve_font(None))
        assert missing == ""
        drawn = _ink(ch)
        assert drawn.getbbox() is not None, ch  # something was drawn
        face = face_for(ch, path, 48)
        box = Image.new("L", drawn.size, 0)
        draw_line(ImageDraw.Draw(box), (10, 20), NOTDEF, face, 255)
        assert ImageChops.difference(drawn, box).getbbox() is not None, f"{ch!r} drew as an empty box"


def test_right_to_left_text_is_ordered_right_to_left() -> None:
    """Raqm lays Hebrew out right to left: the first letter (alef) ends up at the right end of the line."""
    face = face_for("אב", resolve_font(None), 64)
    alef, bet = Image.new("L", (300, 120), 0), Image.new("L", (300, 120), 0)
    draw_line(ImageDraw.Draw(alef), (10, 10), "א", face, 255)
    draw_line(ImageDraw.Draw(bet), (10, 10), "ב", face, 255)
    both = Image.new("L", (300, 120), 0)
    draw_line(ImageDraw.Draw(both), (10, 10), "אב", face, 255)
    left_part = both.crop((0, 0, 10 + round(face.getlength("ב")), 120))
    assert ImageChops.difference(left_part, bet.crop((0, 0, left_part.width, 120))).getbbox() is None


def test_a_variant_with_every_script_renders_inside_its_safe_zone() -> None:
    copy = AdCopy(hook="早上好 ☕ Wake up 🚀", headline="קפה של בוקר · قهوة الصباح", body="सुबह की कॉफी, กาแฟ",
                  cta="Shop ☕")
    wrapper = VisualWrapper(layout="stacked", background="solid", background_colour="#1B2A41",
                            accent_colour="#E07A5F", text_colour="#F4EDE4")
    style = BrandStyle(palette=["#1B2A41"], brand_name="モスブリュー")
    for placement in PLACEMENTS.values():
        rendered = render_variant(copy, wrapper, style, placement)
        for name, box in rendered.boxes.items():
            assert box.inside(rendered.safe_zone), (name, placement.id)


def test_copy_no_font_can_draw_is_reported() -> None:
    assert missing_glyphs(["Brew " + NOTDEF], resolve_font(None)) == NOTDEF
