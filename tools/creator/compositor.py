"""The Pillow compositor: lays a variant's copy, logo, product (or the ad's own picture) and CTA per placement.

Every text element is fitted into a slot inside the placement's safe zone; if copy cannot fit even at the minimum
readable size, `CopyDoesNotFit` is raised so the creator rewrites the copy (or takes a text-first layout) instead of
shipping clipped text. Picture layouts live in `layouts.py`; the text-first ones (stacked, bold, quote) here.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw

from tools.core.colours import contrast_ratio, mix, readable_on, to_rgb
from tools.core.domain.variant import AdCopy, Box, BrandStyle, VisualWrapper
from tools.creator.drawing import (
    Canvas,
    button,
    cover,
    draw_cutout,
    draw_framed,
    draw_logo,
    draw_text,
    open_picture,
)
from tools.creator.fonts import load_font, resolve_font
from tools.creator.layouts import PICTURE_LAYOUTS, render_picture_layout
from tools.creator.placements import Placement
from tools.creator.textfit import CopyDoesNotFit, FittedText, fit_text

__all__ = ["CopyDoesNotFit", "Rendered", "render_variant", "save_image", "vertical_gradient"]


@dataclass
class Rendered:
    image: Image.Image
    boxes: dict[str, Box]  # text, logo, CTA and badge boxes: always inside the safe zone
    safe_zone: Box
    contrast: dict[str, float] = field(default_factory=dict)  # measured on the output pixels, per box
    minimums: dict[str, float] = field(default_factory=dict)  # what each box had to reach
    panels: dict[str, str] = field(default_factory=dict)  # boxes that needed a scrim / panel / plate
    pictures: dict[str, Box] = field(default_factory=dict)  # product / photo boxes (may bleed past the safe zone)
    layout: str = ""


@dataclass(frozen=True)
class _TextSpec:
    element: str
    share: float  # of the safe zone's height available to this slot
    max_size: float  # of the safe zone's width
    min_size: float
    max_lines: int
    bold: bool


# Vertical recipes per layout: which text goes where, how big it may get. Sizes are fractions of the safe width.
_RECIPES: dict[str, list[_TextSpec]] = {
    "stacked": [
        _TextSpec("hook", 0.12, 0.060, 0.034, 2, True),
        _TextSpec("headline", 0.30, 0.110, 0.055, 4, True),
        _TextSpec("body", 0.15, 0.046, 0.030, 3, False),
    ],
    "bold": [
        _TextSpec("hook", 0.10, 0.050, 0.032, 2, False),
        _TextSpec("headline", 0.46, 0.160, 0.070, 5, True),
        _TextSpec("body", 0.12, 0.044, 0.030, 3, False),
    ],
    "quote": [
        _TextSpec("hook", 0.40, 0.085, 0.045, 6, True),
        _TextSpec("headline", 0.12, 0.050, 0.032, 2, False),
        _TextSpec("body", 0.12, 0.040, 0.028, 3, False),
    ],
}


@cache
def _gradient_mask(size: tuple[int, int]) -> Image.Image:
    return Image.linear_gradient("L").resize(size, Image.Resampling.BILINEAR)


def vertical_gradient(size: tuple[int, int], top: str, bottom: str) -> Image.Image:
    mask = _gradient_mask(size)
    return Image.composite(Image.new("RGB", size, to_rgb(bottom)), Image.new("RGB", size, to_rgb(top)), mask)


def _background(wrapper: VisualWrapper, placement: Placement, scene: Image.Image | None) -> tuple[Image.Image, str]:
    """Draw the background; return it with the colour text will mostly sit on (for contrast decisions)."""
    size = (placement.width, placement.height)
    base, accent = wrapper.background_colour, wrapper.accent_colour
    if scene is not None and wrapper.background in ("diffusion", "photo"):
        image = cover(scene.convert("RGB"), *size)
        scrim = vertical_gradient(size, "#000000", "#000000").convert("RGBA")
        alpha = Image.linear_gradient("L").resize(size).point(lambda v: 60 + v * 120 // 255)
        scrim.putalpha(alpha)
        image = Image.alpha_composite(image.convert("RGBA"), scrim).convert("RGB")
        return image, "#202020"
    if wrapper.background == "gradient":
        end = mix(base, accent, 0.45)
        return vertical_gradient(size, base, end), mix(base, end, 0.5)
    image = Image.new("RGB", size, to_rgb(base))
    if wrapper.background == "split" and wrapper.layout not in PICTURE_LAYOUTS:
        draw = ImageDraw.Draw(image)
        draw.polygon([(0, round(size[1] * 0.72)), (size[0], round(size[1] * 0.55)), size, (0, size[1])],
                     fill=to_rgb(mix(base, accent, 0.35)))
    return image, base


def _text_colour(wrapper: VisualWrapper, behind: str) -> str:
    if contrast_ratio(wrapper.text_colour, behind) >= 4.5:
        return wrapper.text_colour
    return readable_on(behind, [wrapper.text_colour, wrapper.accent_colour])


def render_variant(copy: AdCopy, wrapper: VisualWrapper, style: BrandStyle, placement: Placement,
                   scene: Image.Image | None = None, media: Image.Image | None = None,
                   offer: str | None = None) -> Rendered:
    """Render one variant in one placement. Deterministic for the same inputs.

    `media` is the source ad's own picture (reframed per placement), `scene` a generated background, `offer` the
    offer the copy states (for the offer badge). Every text box, the CTA label and the logo are measured on the
    output pixels (`Rendered.contrast`); a scrim or panel was laid where the background could not reach the minimum.
    """
    safe = placement.safe_zone
    picture_layout = wrapper.layout in PICTURE_LAYOUTS
    image, behind = _background(wrapper, placement, None if picture_layout else scene)
    canvas = Canvas(image, panel_colours=[wrapper.background_colour, wrapper.text_colour, wrapper.accent_colour])
    if picture_layout:
        pictures = render_picture_layout(canvas, copy, wrapper, style, placement, media=media, scene=scene,
                                         offer=offer)
    else:
        pictures = _render_classic(canvas, copy, wrapper, style, placement, behind, media)
    return Rendered(image=canvas.image, boxes=canvas.boxes, safe_zone=safe, contrast=canvas.contrast,
                    minimums=canvas.minimums, panels=canvas.panels, pictures=pictures, layout=wrapper.layout)


def _render_classic(canvas: Canvas, copy: AdCopy, wrapper: VisualWrapper, style: BrandStyle, placement: Placement,
                    behind: str, media: Image.Image | None) -> dict[str, Box]:
    """The text-first layouts (stacked, bold, quote): copy in the safe zone, the product or photo where room is."""
    safe = placement.safe_zone
    sw, sh = safe.right - safe.left, safe.bottom - safe.top
    pictures: dict[str, Box] = {}
    font_spec = wrapper.font or (style.fonts[0] if style.fonts else None)
    regular, bold = resolve_font(font_spec, False), resolve_font(font_spec, True)
    gap = round(sh * 0.025)
    align = "center" if wrapper.layout in ("quote", "bold") else "left"
    y = safe.top

    logo_h = round(min(sh * 0.075, placement.width * 0.07))
    logo = open_picture(style.logo_path)
    if logo is not None:
        logo_box = Box(left=safe.left, top=safe.top, right=safe.left + round(sw * 0.4), bottom=safe.top + logo_h)
        y = draw_logo(canvas, logo, logo_box).bottom + gap * 2
    elif style.brand_name:
        fitted = fit_text(style.brand_name, bold, round(sw * 0.5), logo_h, max_size=round(logo_h * 0.7),
                          min_size=12, max_lines=1)
        if fitted is not None:
            y = draw_text(canvas, "logo", fitted, safe.left, safe.top, sw, _text_colour(wrapper, behind), "left",
                          bold=True).bottom + gap * 2

    text_colour = _text_colour(wrapper, behind)
    accent_text = wrapper.accent_colour if contrast_ratio(wrapper.accent_colour, behind) >= 3 else text_colour
    if wrapper.layout == "quote":
        mark = load_font(bold, round(sw * 0.22))
        ImageDraw.Draw(canvas.image).text((safe.left + sw / 2, y), "\u201c", font=mark, fill=to_rgb(accent_text),
                                          anchor="mt")
        y += round(sw * 0.14)

    cta_h = max(64, round(sh * 0.085))
    cta_top = safe.bottom - cta_h
    tall = placement.height / placement.width > 1.5
    picture = media.convert("RGBA") if media is not None else open_picture(style.product_image_path)
    cutout = media is None and (style.product_treatment or "cutout") == "cutout"
    recipe = [spec for spec in _RECIPES[wrapper.layout] if _copy_text(copy, spec.element).strip()]
    available = cta_top - gap - y
    # in 9:16 the picture goes below the safe zone, so the copy may use all of it; otherwise slots grow (bounded)
    fit_scale = (available - gap * max(0, len(recipe) - 1)) / max(1.0, sh * sum(s.share for s in recipe))
    grow = min(1.0 if picture is not None and not tall else 1.7, fit_scale)
    fitted_texts: list[tuple[_TextSpec, FittedText]] = []
    for spec in recipe:
        text = _copy_text(copy, spec.element)
        slot_h = min(round(sh * spec.share * grow), available)
        fitted = fit_text(text, bold if spec.bold else regular, sw, slot_h, max_size=round(sw * spec.max_size),
                          min_size=max(18, round(sw * spec.min_size)), max_lines=spec.max_lines)
        if fitted is None:
            raise CopyDoesNotFit(spec.element, placement.id, text)
        fitted_texts.append((spec, fitted))
    block_h = sum(f.height for _, f in fitted_texts) + gap * max(0, len(fitted_texts) - 1)
    if block_h > available:
        raise CopyDoesNotFit("copy", placement.id, " ".join(copy.texts()))
    if picture is None or tall:
        y += (available - block_h) // 2

    if picture is not None and tall:  # 9:16: the picture fills the frame below the CTA instead of leaving it bare
        area = Box(left=round(placement.width * 0.06), top=safe.bottom + gap, right=round(placement.width * 0.94),
                   bottom=round(placement.height * 0.985))
        pictures["picture"] = _place(canvas, picture, area, cutout)
    for spec, fitted in fitted_texts:
        colour = accent_text if spec.element == "hook" and wrapper.layout != "quote" else text_colour
        y = draw_text(canvas, spec.element, fitted, safe.left, y, sw, colour, align, bold=spec.bold).bottom + gap
    if picture is not None and not tall and cta_top - gap - y > sh * 0.12:
        pictures["picture"] = _place(canvas, picture, Box(left=safe.left, top=y, right=safe.right,
                                                          bottom=cta_top - gap), cutout)
    button(canvas, copy.cta, bold, safe.left, cta_top, sw, cta_h, wrapper.accent_colour,
           [wrapper.text_colour, wrapper.background_colour], align, placement.id)
    return pictures


def _place(canvas: Canvas, picture: Image.Image, area: Box, cutout: bool) -> Box:
    if cutout:
        return draw_cutout(canvas, picture, area)
    return draw_framed(canvas, picture, area, radius=round(canvas.width * 0.03))


def _copy_text(copy: AdCopy, element: str) -> str:
    return {"hook": copy.hook, "headline": copy.headline, "body": copy.body}[element]


def save_image(image: Image.Image, path: Path) -> Path:
    """Write atomically (temp file + rename) so a crash never leaves a half-written asset."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = "PNG" if path.suffix.lower() == ".png" else "JPEG"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            if fmt == "JPEG":
                image.convert("RGB").save(handle, "JPEG", quality=90, subsampling=0)
            else:
                image.save(handle, "PNG", compress_level=1)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
