"""Drawing primitives every layout shares: measured text, the logo, pictures (cut-out, framed, full bleed), buttons.

Why one place: each text box and the logo go through `draw_text` / `draw_logo`, which check the background under
them, lay a scrim or a panel where it cannot reach the minimum contrast, draw, and measure the result on the output
pixels (`legibility.py`) — so no layout can ship an unreadable line, and the manifest can say what was measured.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from PIL import Image, ImageDraw, ImageFilter

from tools.core.colours import contrast_ratio, readable_on, to_rgb
from tools.core.domain.variant import Box
from tools.creator.fontstack import draw_line
from tools.creator.legibility import background_contrast, measure, minimum_for
from tools.creator.textfit import CopyDoesNotFit, FittedText, fit_text

_SCRIM_ALPHA, _PANEL_ALPHA = 0.62, 1.0


@dataclass
class Canvas:
    """The image being drawn plus what was measured on it."""

    image: Image.Image
    panel_colours: list[str]  # brand colours a scrim or panel may use, best first
    boxes: dict[str, Box] = field(default_factory=dict)
    contrast: dict[str, float] = field(default_factory=dict)
    minimums: dict[str, float] = field(default_factory=dict)
    panels: dict[str, str] = field(default_factory=dict)  # element → "scrim" | "panel" | "plate"

    @property
    def width(self) -> int:
        return self.image.width


def _panel_colour(canvas: Canvas, ink: str) -> str:
    return max([*canvas.panel_colours, "#FFFFFF", "#111111"], key=lambda c: contrast_ratio(c, ink))


def _lay_panel(canvas: Canvas, box: tuple[int, int, int, int], colour: str, alpha: float, radius: int) -> None:
    left, top, right, bottom = box
    overlay = Image.new("RGBA", (right - left, bottom - top), (0, 0, 0, 0))
    ImageDraw.Draw(overlay).rounded_rectangle((0, 0, overlay.width - 1, overlay.height - 1), radius=radius,
                                              fill=(*to_rgb(colour), round(255 * alpha)))
    canvas.image.paste(overlay, (left, top), overlay)


def _padded(canvas: Canvas, box: Box, pad: int) -> tuple[int, int, int, int]:
    return (max(0, box.left - pad), max(0, box.top - pad), min(canvas.image.width, box.right + pad),
            min(canvas.image.height, box.bottom + pad))


def ensure_background(canvas: Canvas, element: str, box: Box, ink: str, minimum: float, pad: int) -> None:
    """Lay a scrim (then a solid panel) under `box` when the pixels there cannot give `ink` the minimum contrast."""
    area = _padded(canvas, box, pad)
    if background_contrast(canvas.image, area, ink) >= minimum:
        return
    colour = _panel_colour(canvas, ink)
    for alpha, name in ((_SCRIM_ALPHA, "scrim"), (_PANEL_ALPHA, "panel")):
        _lay_panel(canvas, area, colour, alpha, radius=pad)
        canvas.panels[element] = name
        if background_contrast(canvas.image, area, ink) >= minimum:
            return


def text_box(fitted: FittedText, left: int, top: int, width: int, align: str) -> Box:
    box_left = left + (width - fitted.width) // 2 if align == "center" else left
    return Box(left=box_left, top=top, right=box_left + fitted.width, bottom=top + fitted.height)


def draw_text(canvas: Canvas, element: str, fitted: FittedText, left: int, top: int, width: int, ink: str,
              align: str, *, bold: bool) -> Box:
    """Draw fitted lines legibly; records the box, its minimum and its measured contrast under `element`."""
    box = text_box(fitted, left, top, width, align)
    minimum = minimum_for(element, fitted.size, bold, canvas.width)
    pad = max(6, fitted.line_height // 4)
    ensure_background(canvas, element, box, ink, minimum, pad)
    area = _padded(canvas, box, pad)
    backup = canvas.image.crop(area)
    ratio = _draw_lines(canvas, fitted, left, top, width, ink, align, area)
    if ratio < minimum:  # the check before drawing was too hopeful (a busy patch): redo it on a solid panel
        canvas.image.paste(backup, area[:2])
        _lay_panel(canvas, area, _panel_colour(canvas, ink), 1.0, radius=pad)
        canvas.panels[element] = "panel"
        ratio = _draw_lines(canvas, fitted, left, top, width, ink, align, area)
    _record(canvas, element, box, minimum, ratio)
    return box


def _draw_lines(canvas: Canvas, fitted: FittedText, left: int, top: int, width: int, ink: str, align: str,
                area: tuple[int, int, int, int]) -> float:
    """Draw the lines and return their contrast measured on the result."""
    coverage = Image.new("L", (area[2] - area[0], area[3] - area[1]), 0)
    ink_draw, cover_draw = ImageDraw.Draw(canvas.image), ImageDraw.Draw(coverage)
    y = top
    for line in fitted.lines:
        line_width = fitted.font.getlength(line)
        x = left + (width - line_width) / 2 if align == "center" else left
        draw_line(ink_draw, (x, y), line, fitted.font, to_rgb(ink))  # a font stack where the font lacks glyphs
        draw_line(cover_draw, (x - area[0], y - area[1]), line, fitted.font, 255)
        y += fitted.line_height
    return measure(canvas.image, coverage, area[:2])


def _record(canvas: Canvas, element: str, box: Box, minimum: float, ratio: float) -> None:
    canvas.boxes[element] = box
    canvas.minimums[element] = minimum
    canvas.contrast[element] = ratio


def draw_button(canvas: Canvas, fitted: FittedText, box: Box, fill: str, ink: str) -> Box:
    """A rounded button; its label is measured against the button's own pixels."""
    draw = ImageDraw.Draw(canvas.image)
    draw.rounded_rectangle((box.left, box.top, box.right, box.bottom), radius=(box.bottom - box.top) // 2,
                           fill=to_rgb(fill))
    # measured inside the pill's straight middle, so the page behind its rounded ends is not counted
    inset = (box.bottom - box.top) // 2
    inner = (min(box.left + inset, box.right - 1), box.top + 2, max(box.left + inset + 1, box.right - inset),
             box.bottom - 2)
    coverage = Image.new("L", (inner[2] - inner[0], inner[3] - inner[1]), 0)
    centre = ((box.left + box.right) / 2, (box.top + box.bottom) / 2)
    draw_line(draw, centre, fitted.lines[0], fitted.font, to_rgb(ink), anchor="mm")
    draw_line(ImageDraw.Draw(coverage), (centre[0] - inner[0], centre[1] - inner[1]), fitted.lines[0], fitted.font,
              255, anchor="mm")
    _record(canvas, "cta", box, minimum_for("cta", fitted.size, True, canvas.width),
            measure(canvas.image, coverage, inner[:2]))
    return box


def fit_picture(picture: Image.Image, box: Box, *, align_left: bool = False) -> tuple[Image.Image, tuple[int, int]]:
    """`picture` scaled to fit inside `box` (contain), and where its top-left goes."""
    width, height = box.right - box.left, box.bottom - box.top
    scale = min(width / picture.width, height / picture.height)
    size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
    resized = picture.resize(size, Image.Resampling.BILINEAR)
    left = box.left if align_left else box.left + (width - size[0]) // 2
    return resized, (left, box.top + (height - size[1]) // 2)


def draw_logo(canvas: Canvas, logo: Image.Image, box: Box) -> Box:
    """Paste the logo left-aligned in `box`; where any part of its mark falls under 3:1 on what is behind it, a
    plate goes behind it — the brand colour (or white, or near-black) that gives the mark's weakest part the most."""
    resized, (left, top) = fit_picture(logo, box, align_left=True)
    placed = Box(left=left, top=top, right=left + resized.width, bottom=top + resized.height)
    minimum = minimum_for("logo", 0, True, canvas.width)
    pad = max(6, resized.height // 5)
    area = _padded(canvas, placed, pad)
    backup = canvas.image.crop(area)
    coverage = Image.new("L", (area[2] - area[0], area[3] - area[1]), 0)
    coverage.paste(resized.getchannel("A"), (left - area[0], top - area[1]))

    def attempt(plate: str | None) -> float:
        canvas.image.paste(backup, area[:2])
        if plate is not None:
            _lay_panel(canvas, area, plate, 1.0, radius=pad)
        canvas.image.paste(resized, (left, top), resized)
        return measure(canvas.image, coverage, area[:2], many_inks=True)

    ratio = attempt(None)
    if ratio < minimum:
        tried: list[tuple[float, str]] = []
        for plate in dict.fromkeys([*canvas.panel_colours, "#FFFFFF", "#111111"]):
            tried.append((attempt(plate), plate))
            if tried[-1][0] >= minimum:
                break
        ratio, best = max(tried)
        if best != tried[-1][1]:
            attempt(best)
        canvas.panels["logo"] = "plate"
    _record(canvas, "logo", placed, minimum, ratio)
    return placed


def ink_colour(picture: Image.Image) -> str:
    """The logo's median opaque colour (what the eye reads as the mark)."""
    import numpy as np

    pixels = np.asarray(picture)
    opaque = pixels[pixels[..., 3] >= 224][:, :3]
    if len(opaque) == 0:
        return "#000000"
    r, g, b = (int(v) for v in np.median(opaque, axis=0))
    return f"#{r:02X}{g:02X}{b:02X}"


def cover(image: Image.Image, width: int, height: int) -> Image.Image:
    """Scale and centre-crop `image` to exactly width×height (CSS `object-fit: cover`)."""
    scale = max(width / image.width, height / image.height)
    resized = image.resize((max(width, round(image.width * scale)), max(height, round(image.height * scale))),
                           Image.Resampling.BILINEAR)
    left = (resized.width - width) // 2
    top = (resized.height - height) // 2
    return resized.crop((left, top, left + width, top + height))


@cache
def _shadow(width: int, height: int) -> Image.Image:
    shadow = Image.new("L", (width, height), 0)
    ImageDraw.Draw(shadow).ellipse((0, 0, width - 1, height - 1), fill=110)
    return shadow.filter(ImageFilter.GaussianBlur(max(2, height // 4)))


def draw_cutout(canvas: Canvas, picture: Image.Image, box: Box) -> Box:
    """A cut-out product, contained in `box`, standing on a soft floor shadow."""
    resized, (left, top) = fit_picture(picture, box)
    shadow_w, shadow_h = max(4, round(resized.width * 0.9)), max(4, round(resized.height * 0.08))
    shadow = _shadow(shadow_w, shadow_h)
    sx, sy = left + (resized.width - shadow_w) // 2, top + resized.height - shadow_h // 2
    canvas.image.paste((0, 0, 0), (sx, sy, sx + shadow_w, sy + shadow_h), shadow)
    canvas.image.paste(resized, (left, top), resized)
    return Box(left=left, top=top, right=left + resized.width, bottom=top + resized.height)


def draw_framed(canvas: Canvas, picture: Image.Image, box: Box, radius: int) -> Box:
    """An opaque photo filling `box` (cover) with rounded corners."""
    width, height = box.right - box.left, box.bottom - box.top
    framed = cover(picture.convert("RGB"), width, height)
    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, width - 1, height - 1), radius=radius, fill=255)
    canvas.image.paste(framed, (box.left, box.top), mask)
    return box


@cache
def _load_rgba(path: str, mtime: float) -> Image.Image:
    with Image.open(path) as image:
        return image.convert("RGBA")


def open_picture(path: object) -> Image.Image | None:
    """A raster logo/product picture (RGBA, cached per file version), or None (missing, or not a raster image)."""
    from pathlib import Path

    if path is None or not Path(str(path)).is_file():
        return None
    try:
        return _load_rgba(str(path), Path(str(path)).stat().st_mtime)
    except (OSError, ValueError):
        return None


def button(canvas: Canvas, label: str, font_path: object, left: int, top: int, max_width: int, height: int,
           fill: str, inks: list[str], align: str, placement_id: str) -> Box:
    """The CTA button: label fitted on one line, a pill as wide as the label needs, label colour measured."""
    fitted = fit_text(label, font_path, round(max_width * 0.8), round(height * 0.6),  # type: ignore[arg-type]
                      max_size=round(height * 0.5), min_size=16, max_lines=1)
    if fitted is None:
        raise CopyDoesNotFit("cta", placement_id, label)
    width = min(max_width, fitted.width + round(height * 1.2))
    x = left + (max_width - width) // 2 if align == "center" else left
    box = Box(left=x, top=top, right=x + width, bottom=top + height)
    return draw_button(canvas, fitted, box, fill, readable_on(fill, inks))
