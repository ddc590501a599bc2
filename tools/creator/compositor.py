"""The Pillow compositor: lays a variant's copy, logo, product and CTA over a brand background per placement.

Every text element is fitted into a slot inside the placement's safe zone; if copy cannot fit even at the minimum
readable size, `CopyDoesNotFit` is raised so the creator rewrites the copy instead of shipping clipped text.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw

from tools.core.colours import contrast_ratio, mix, readable_on, to_rgb
from tools.core.domain.variant import AdCopy, Box, BrandStyle, VisualWrapper
from tools.core.errors import HooklineError
from tools.creator.fonts import load_font, resolve_font
from tools.creator.fontstack import draw_line
from tools.creator.placements import Placement
from tools.creator.textfit import FittedText, fit_text


class CopyDoesNotFit(HooklineError):
    """A piece of copy is too long for its slot in a placement, even at the minimum readable size."""

    def __init__(self, element: str, placement: str, text: str) -> None:
        super().__init__(f"The {element} ({len(text)} characters) does not fit the {placement} placement.")
        self.element = element
        self.placement = placement


@dataclass
class Rendered:
    image: Image.Image
    boxes: dict[str, Box]
    safe_zone: Box


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
    "split": [
        _TextSpec("hook", 0.09, 0.050, 0.032, 2, True),
        _TextSpec("headline", 0.20, 0.090, 0.050, 3, True),
        _TextSpec("body", 0.11, 0.042, 0.028, 3, False),
    ],
}


@cache
def _load_rgba(path: str, mtime: float) -> Image.Image:
    with Image.open(path) as image:
        return image.convert("RGBA")


def _open_image(path: Path | None) -> Image.Image | None:
    """A raster logo/product picture, or None (missing file, or a format Pillow cannot draw such as SVG)."""
    if path is None or not Path(path).is_file():
        return None
    try:
        return _load_rgba(str(path), Path(path).stat().st_mtime)
    except (OSError, ValueError):
        return None


def _cover(image: Image.Image, width: int, height: int) -> Image.Image:
    """Scale and centre-crop `image` to exactly width×height (CSS `object-fit: cover`)."""
    scale = max(width / image.width, height / image.height)
    resized = image.resize((max(width, round(image.width * scale)), max(height, round(image.height * scale))),
                           Image.Resampling.BILINEAR)
    left = (resized.width - width) // 2
    top = (resized.height - height) // 2
    return resized.crop((left, top, left + width, top + height))


def vertical_gradient(size: tuple[int, int], top: str, bottom: str) -> Image.Image:
    mask = Image.linear_gradient("L").resize(size, Image.Resampling.BILINEAR)
    return Image.composite(Image.new("RGB", size, to_rgb(bottom)), Image.new("RGB", size, to_rgb(top)), mask)


def _background(wrapper: VisualWrapper, placement: Placement, scene: Image.Image | None) -> tuple[Image.Image, str]:
    """Draw the background; return it with the colour text will mostly sit on (for contrast decisions)."""
    size = (placement.width, placement.height)
    base, accent = wrapper.background_colour, wrapper.accent_colour
    if scene is not None and wrapper.background in ("diffusion", "photo"):
        image = _cover(scene.convert("RGB"), *size)
        scrim = vertical_gradient(size, "#000000", "#000000").convert("RGBA")
        alpha = Image.linear_gradient("L").resize(size).point(lambda v: 60 + v * 120 // 255)
        scrim.putalpha(alpha)
        image = Image.alpha_composite(image.convert("RGBA"), scrim).convert("RGB")
        return image, "#202020"
    if wrapper.background == "gradient":
        end = mix(base, accent, 0.45)
        return vertical_gradient(size, base, end), mix(base, end, 0.5)
    image = Image.new("RGB", size, to_rgb(base))
    if wrapper.background == "split" and wrapper.layout != "split":
        draw = ImageDraw.Draw(image)
        draw.polygon([(0, round(size[1] * 0.72)), (size[0], round(size[1] * 0.55)), size, (0, size[1])],
                     fill=to_rgb(mix(base, accent, 0.35)))
    return image, base


def _text_colour(wrapper: VisualWrapper, behind: str) -> str:
    if contrast_ratio(wrapper.text_colour, behind) >= 4.5:
        return wrapper.text_colour
    return readable_on(behind, [wrapper.text_colour, wrapper.accent_colour])


def _draw_text(draw: ImageDraw.ImageDraw, fitted: FittedText, left: int, top: int, width: int, colour: str,
               align: str) -> Box:
    y = top
    for line in fitted.lines:
        line_width = fitted.font.getlength(line)
        x = left + (width - line_width) / 2 if align == "center" else left
        draw_line(draw, (x, y), line, fitted.font, to_rgb(colour))
        y += fitted.line_height
    box_left = left + (width - fitted.width) // 2 if align == "center" else left
    return Box(left=box_left, top=top, right=box_left + fitted.width, bottom=top + fitted.height)


def render_variant(copy: AdCopy, wrapper: VisualWrapper, style: BrandStyle, placement: Placement,
                   scene: Image.Image | None = None) -> Rendered:
    """Render one variant in one placement. Deterministic for the same inputs."""
    safe = placement.safe_zone
    sw, sh = safe.right - safe.left, safe.bottom - safe.top
    image, behind = _background(wrapper, placement, scene)
    draw = ImageDraw.Draw(image)
    boxes: dict[str, Box] = {}
    font_spec = wrapper.font or (style.fonts[0] if style.fonts else None)
    regular, bold = resolve_font(font_spec, False), resolve_font(font_spec, True)
    gap = round(sh * 0.025)
    align = "center" if wrapper.layout in ("quote", "bold") else "left"
    y = safe.top

    # split layout: the top block shows the product/scene; text sits below on the brand colour
    if wrapper.layout == "split":
        split_y = safe.top + round(sh * 0.42)
        block = Image.new("RGB", (placement.width, split_y), to_rgb(wrapper.accent_colour))
        if scene is not None:
            block = _cover(scene.convert("RGB"), placement.width, split_y)
        image.paste(block, (0, 0))
        product = _open_image(style.product_image_path)
        if product is not None:
            boxes["product"] = _paste_fitted(image, product, Box(left=safe.left, top=safe.top + gap,
                                                                  right=safe.right, bottom=split_y - gap))
        behind = wrapper.background_colour
        y = split_y + gap

    # logo (or wordmark) at the top-left of the safe zone
    logo_h = round(min(sh * 0.075, placement.width * 0.07))
    logo = _open_image(style.logo_path)
    if logo is not None:
        logo_box = Box(left=safe.left, top=safe.top, right=safe.left + round(sw * 0.4), bottom=safe.top + logo_h)
        boxes["logo"] = _paste_fitted(image, logo, logo_box, align_left=True)
    elif style.brand_name:
        fitted = fit_text(style.brand_name, bold, round(sw * 0.5), logo_h, max_size=round(logo_h * 0.7),
                          min_size=12, max_lines=1)
        if fitted is not None:
            boxes["logo"] = _draw_text(draw, fitted, safe.left, safe.top, sw, _text_colour(wrapper, behind), "left")
    if wrapper.layout != "split" and "logo" in boxes:
        y = boxes["logo"].bottom + gap * 2

    text_colour = _text_colour(wrapper, behind)
    accent_text = wrapper.accent_colour if contrast_ratio(wrapper.accent_colour, behind) >= 3 else text_colour
    if wrapper.layout == "quote":
        mark = load_font(bold, round(sw * 0.22))
        draw.text((safe.left + sw / 2, y), "\u201c", font=mark, fill=to_rgb(accent_text), anchor="mt")
        y += round(sw * 0.14)

    cta_h = max(64, round(sh * 0.085))
    cta_top = safe.bottom - cta_h
    product = _open_image(style.product_image_path) if wrapper.layout != "split" else None
    recipe = [spec for spec in _RECIPES[wrapper.layout] if _copy_text(copy, spec.element).strip()]
    available = cta_top - gap - y
    # without a product picture the copy may use the free space: slots grow (bounded) and the block is centred
    fit_scale = (available - gap * max(0, len(recipe) - 1)) / max(1.0, sh * sum(s.share for s in recipe))
    grow = min(1.0 if product is not None else 1.7, fit_scale)
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
    if product is None:
        y += (available - block_h) // 2
    for spec, fitted in fitted_texts:
        colour = accent_text if spec.element == "hook" and wrapper.layout != "quote" else text_colour
        boxes[spec.element] = _draw_text(draw, fitted, safe.left, y, sw, colour, align)
        y = boxes[spec.element].bottom + gap

    # product image in the remaining space (non-split layouts), then the CTA button at the bottom
    if product is not None and cta_top - gap - y > sh * 0.12:
        boxes["product"] = _paste_fitted(image, product, Box(left=safe.left, top=y, right=safe.right,
                                                              bottom=cta_top - gap))
    boxes["cta"] = _draw_button(draw, copy.cta, bold, safe, cta_top, cta_h, wrapper, align, placement.id)
    return Rendered(image=image, boxes=boxes, safe_zone=safe)


def _copy_text(copy: AdCopy, element: str) -> str:
    return {"hook": copy.hook, "headline": copy.headline, "body": copy.body}[element]


def _paste_fitted(canvas: Image.Image, picture: Image.Image, box: Box, align_left: bool = False) -> Box:
    width, height = box.right - box.left, box.bottom - box.top
    scale = min(width / picture.width, height / picture.height)
    size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
    resized = picture.resize(size, Image.Resampling.BILINEAR)
    left = box.left if align_left else box.left + (width - size[0]) // 2
    top = box.top + (height - size[1]) // 2
    canvas.paste(resized, (left, top), resized)
    return Box(left=left, top=top, right=left + size[0], bottom=top + size[1])


def _draw_button(draw: ImageDraw.ImageDraw, label: str, font_path: Path, safe: Box, top: int, height: int,
                 wrapper: VisualWrapper, align: str, placement_id: str) -> Box:
    sw = safe.right - safe.left
    fitted = fit_text(label, font_path, round(sw * 0.8), round(height * 0.6), max_size=round(height * 0.5),
                      min_size=16, max_lines=1)
    if fitted is None:
        raise CopyDoesNotFit("cta", placement_id, label)
    width = min(sw, fitted.width + round(height * 1.2))
    left = safe.left + (sw - width) // 2 if align == "center" else safe.left
    box = Box(left=left, top=top, right=left + width, bottom=top + height)
    fill = wrapper.accent_colour
    draw.rounded_rectangle((box.left, box.top, box.right, box.bottom), radius=height // 2, fill=to_rgb(fill))
    label_colour = readable_on(fill, [wrapper.text_colour, wrapper.background_colour])
    draw_line(draw, ((box.left + box.right) / 2, (box.top + box.bottom) / 2), fitted.lines[0], fitted.font,
              to_rgb(label_colour), anchor="mm")
    return box


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
