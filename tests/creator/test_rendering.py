"""Rendering: right sizes, every element inside the placement's safe zone, long copy refused, atomic writes."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from PIL import Image

from tools.core.colours import contrast_ratio, parse_hex
from tools.core.domain.variant import AdCopy, BrandStyle, VisualWrapper
from tools.core.errors import InputError
from tools.creator.compositor import CopyDoesNotFit, render_variant, save_image
from tools.creator.contact_sheet import build_contact_sheet
from tools.creator.fonts import resolve_font
from tools.creator.placements import PLACEMENTS, parse_formats
from tools.creator.textfit import fit_text

COPY = AdCopy(
    hook="Still hiding your skin under three layers of concealer?",
    headline="Calm, clear skin in 14 days — without the harsh stuff",
    body="Our barrier serum with 5% niacinamide soothes redness overnight. Dermatologist tested.",
    cta="Shop now",
)


@pytest.fixture
def style(tmp_path: Path) -> BrandStyle:
    logo = Image.new("RGBA", (400, 120), (255, 255, 255, 0))
    logo.paste((240, 120, 90, 255), (0, 0, 120, 120))
    logo.save(tmp_path / "logo.png")
    product = Image.new("RGBA", (600, 900), (0, 0, 0, 0))
    product.paste((250, 240, 230, 255), (150, 100, 450, 880))
    product.save(tmp_path / "product.png")
    return BrandStyle(palette=["#1B2A41", "#F4EDE4", "#E07A5F"], brand_name="Lumen Skin",
                      logo_path=tmp_path / "logo.png", product_image_path=tmp_path / "product.png")


def test_safe_zones_follow_platform_guidance() -> None:
    reels = PLACEMENTS["9x16"].safe_zone
    assert (reels.top, reels.bottom) == (round(1920 * 0.14), 1920 - round(1920 * 0.35))
    assert PLACEMENTS["1x1"].width == PLACEMENTS["1x1"].height == 1080
    assert (PLACEMENTS["4x5"].width, PLACEMENTS["4x5"].height) == (1080, 1350)
    assert [p.id for p in parse_formats("9:16, 1x1")] == ["9x16", "1x1"]
    with pytest.raises(InputError, match="2x3"):
        parse_formats("1x1,2x3")


@pytest.mark.parametrize("layout", ["stacked", "bold", "quote", "split", "hero", "lifestyle", "testimonial", "offer"])
@pytest.mark.parametrize("background", ["gradient", "solid", "split"])
def test_every_layout_renders_inside_safe_zone(layout: str, background: str, style: BrandStyle) -> None:
    wrapper = VisualWrapper(layout=layout, background=background, background_colour="#1B2A41",
                            accent_colour="#E07A5F", text_colour="#F4EDE4")
    for placement in PLACEMENTS.values():
        rendered = render_variant(COPY, wrapper, style, placement, offer="Dermatologist tested")
        assert rendered.image.size == (placement.width, placement.height)
        assert {"hook", "headline", "body", "cta", "logo"} <= set(rendered.boxes)
        assert all(rendered.contrast[k] >= rendered.minimums[k] for k in rendered.boxes), rendered.contrast
        for name, box in rendered.boxes.items():
            assert box.inside(rendered.safe_zone), f"{name} {box} outside {rendered.safe_zone} ({placement.id})"
        # text boxes never overlap each other
        texts = [rendered.boxes[k] for k in ("hook", "headline", "body", "cta")]
        for upper, lower in pairwise(texts):
            assert upper.bottom <= lower.top


def test_text_stays_in_the_safe_zone_and_the_product_fills_the_lower_9x16(style: BrandStyle) -> None:
    wrapper = VisualWrapper(layout="stacked", background="solid", background_colour="#1B2A41",
                            accent_colour="#E07A5F", text_colour="#F4EDE4")
    bare = style.model_copy(update={"product_image_path": None})
    rendered = render_variant(COPY, wrapper, bare, PLACEMENTS["9x16"])
    bottom_band = rendered.image.crop((0, rendered.safe_zone.bottom + 2, 1080, 1920))
    assert bottom_band.getcolors() == [(1080 * (1920 - rendered.safe_zone.bottom - 2), (0x1B, 0x2A, 0x41))]
    # with a product, the lower 35 % (under the platform's caption) shows it instead of bare colour
    rendered = render_variant(COPY, wrapper, style, PLACEMENTS["9x16"])
    lower = rendered.image.crop((0, round(1920 * 0.6), 1080, 1920))
    product_pixels = sum(n for n, colour in lower.getcolors(1 << 20) if colour == (250, 240, 230))
    assert product_pixels > 0.08 * lower.width * lower.height
    assert all(box.inside(rendered.safe_zone) for box in rendered.boxes.values())


def test_copy_too_long_for_placement_is_refused(style: BrandStyle) -> None:
    essay = AdCopy(hook=COPY.hook, headline=" ".join(["Incredibly long headline"] * 30), body=COPY.body, cta="Buy")
    with pytest.raises(CopyDoesNotFit) as caught:
        render_variant(essay, VisualWrapper(), style, PLACEMENTS["1x1"])
    assert caught.value.element == "headline"


def test_fit_text_picks_largest_size_that_fits() -> None:
    font = resolve_font(None, bold=True)
    fitted = fit_text("Calm, clear skin in 14 days", font, 600, 300, max_size=200, min_size=10, max_lines=3)
    assert fitted is not None and fitted.width <= 600 and fitted.height <= 300
    bigger = fit_text("Calm, clear skin in 14 days", font, 600, 300, max_size=fitted.size + 1,
                      min_size=fitted.size + 1, max_lines=3)
    assert bigger is None
    assert fit_text("Unbreakablewordthatistoowide", font, 50, 300, max_size=40, min_size=30) is None


def test_text_is_readable_on_its_background(style: BrandStyle) -> None:
    wrapper = VisualWrapper(background="solid", background_colour="#F4EDE4", accent_colour="#E07A5F",
                            text_colour="#F4EDE4")  # same as background: renderer must pick a readable colour
    rendered = render_variant(COPY, wrapper, style, PLACEMENTS["1x1"])
    box = rendered.boxes["headline"]
    colours = rendered.image.crop((box.left, box.top, box.right, box.bottom)).getcolors(1_000_000)
    darkest = min(colours, key=lambda c: sum(c[1]))[1]
    assert contrast_ratio("#{:02X}{:02X}{:02X}".format(*darkest), "#F4EDE4") >= 4.5


def test_save_is_atomic_and_contact_sheet_lists_all(tmp_path: Path, style: BrandStyle) -> None:
    items = []
    for i, layout in enumerate(["stacked", "bold", "quote"]):
        rendered = render_variant(COPY, VisualWrapper(layout=layout), style, PLACEMENTS["4x5"])
        path = save_image(rendered.image, tmp_path / f"v{i}.jpg")
        items.append((path, f"#{i + 1} score {90 - i} — {layout}"))
    assert not list(tmp_path.glob(".tmp-*"))
    sheet = build_contact_sheet(items, tmp_path / "sheet.png", columns=3)
    with Image.open(sheet) as image:
        assert image.format == "PNG"
        assert image.width == 16 + 3 * (270 + 16)


def test_hex_parsing() -> None:
    assert parse_hex("#abc") == "#AABBCC"
    with pytest.raises(ValueError, match="hex colour"):
        parse_hex("blue")
