"""Layouts built around a picture: product hero, split, lifestyle frame, testimonial with product, offer badge.

Why slots as data: each layout is a short list of boxes (fractions of the frame) per shape — square, portrait, tall —
so one engine draws them all and a test can walk every one. Pictures may bleed past the safe zone (in 9:16 the
product or photo fills the lower part of the frame that the platform's caption covers only partly); text, the logo,
the CTA and badges are always clipped to the safe zone. Which layout a variant gets is decided by `choose_layout`:
testimonial only frames a real customer quote, offer only shows an offer the copy states.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw

from tools.core.colours import contrast_ratio, mix, to_rgb
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
from tools.creator.placements import Placement
from tools.creator.textfit import CopyDoesNotFit, FittedText, fit_text

PICTURE_LAYOUTS = ("hero", "split", "lifestyle", "testimonial", "offer")
ROTATION_WITH_PRODUCT = ("hero", "split", "offer", "testimonial")
ROTATION_WITH_PHOTO = ("lifestyle", "split", "hero", "testimonial", "offer")

Frac = tuple[float, float, float, float]


@dataclass(frozen=True)
class Slot:
    kind: str  # text | picture | cta | badge | logo
    box: Frac  # (left, top, right, bottom) as fractions of the frame
    elements: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Type:
    share: float
    max_size: float  # of the text column's width
    min_size: float
    max_lines: int
    bold: bool


_TYPES = {
    "hook": _Type(0.30, 0.062, 0.034, 3, True),
    "headline": _Type(0.45, 0.100, 0.050, 4, True),
    "body": _Type(0.25, 0.046, 0.030, 4, False),
    "quote": _Type(1.00, 0.080, 0.040, 6, True),
}


def _t(box: Frac, *elements: str) -> Slot:
    return Slot("text", box, elements)


_HERO = {
    "square": [_t((0, 0.06, 1, 0.40), "hook", "headline"), Slot("picture", (0.14, 0.41, 0.86, 0.72)),
               _t((0, 0.72, 1, 0.835), "body"), Slot("cta", (0, 0.845, 1, 0.94))],
    "portrait": [_t((0, 0.06, 1, 0.37), "hook", "headline"), Slot("picture", (0.12, 0.38, 0.88, 0.71)),
                 _t((0, 0.71, 1, 0.84), "body"), Slot("cta", (0, 0.85, 1, 0.94))],
    "tall": [_t((0, 0.14, 1, 0.47), "hook", "headline", "body"), Slot("cta", (0, 0.48, 1, 0.535)),
             Slot("picture", (0.06, 0.55, 0.94, 0.985))],
}
_TESTIMONIAL = {
    "square": [_t((0, 0.06, 1, 0.40), "quote"), Slot("picture", (0.32, 0.40, 0.68, 0.58)),
               _t((0, 0.58, 1, 0.835), "headline", "body"), Slot("cta", (0, 0.845, 1, 0.94))],
    "portrait": [_t((0, 0.06, 1, 0.40), "quote"), Slot("picture", (0.28, 0.41, 0.72, 0.64)),
                 _t((0, 0.64, 1, 0.84), "headline", "body"), Slot("cta", (0, 0.85, 1, 0.94))],
    "tall": [_t((0, 0.14, 1, 0.33), "quote"), _t((0, 0.33, 1, 0.47), "headline", "body"),
             Slot("cta", (0, 0.48, 1, 0.535)), Slot("picture", (0.15, 0.55, 0.85, 0.985))],
}
_BADGES = {"square": (0.68, 0.40, 0.94, 0.60), "portrait": (0.68, 0.38, 0.94, 0.56), "tall": (0.66, 0.545, 0.94, 0.65)}
_OFFER = {shape: [*slots, Slot("badge", _BADGES[shape])] for shape, slots in _HERO.items()}
_SPLIT = {
    "square": [Slot("picture", (0, 0, 0.46, 1)), Slot("logo", (0.50, 0.06, 0.94, 0.12)),
               _t((0.50, 0.13, 1, 0.82), "hook", "headline", "body"), Slot("cta", (0.50, 0.845, 1, 0.94))],
    "portrait": [Slot("picture", (0, 0, 1, 0.46)), _t((0, 0.48, 1, 0.84), "hook", "headline", "body"),
                 Slot("cta", (0, 0.85, 1, 0.94))],
    "tall": [_t((0, 0.14, 1, 0.50), "hook", "headline", "body"), Slot("cta", (0, 0.51, 1, 0.565)),
             Slot("picture", (0, 0.585, 1, 1))],
}
# split without any picture: a colour block on top, the copy below at full width (side by side would squeeze it)
_SPLIT_BLOCK = {**_SPLIT, "square": [Slot("picture", (0, 0, 1, 0.38)),
                                     _t((0, 0.40, 1, 0.83), "hook", "headline", "body"),
                                     Slot("cta", (0, 0.845, 1, 0.94))]}
_LIFESTYLE = {
    "square": [Slot("picture", (0, 0, 1, 1)), _t((0, 0.40, 1, 0.83), "hook", "headline", "body"),
               Slot("cta", (0, 0.845, 1, 0.94))],
    "portrait": [Slot("picture", (0, 0, 1, 1)), _t((0, 0.44, 1, 0.835), "hook", "headline", "body"),
                 Slot("cta", (0, 0.85, 1, 0.94))],
    "tall": [Slot("picture", (0, 0, 1, 1)), _t((0, 0.24, 1, 0.57), "hook", "headline", "body"),
             Slot("cta", (0, 0.58, 1, 0.645))],
}
LAYOUT_SLOTS = {"hero": _HERO, "testimonial": _TESTIMONIAL, "offer": _OFFER, "split": _SPLIT,
                "lifestyle": _LIFESTYLE}


def shape_of(placement: Placement) -> str:
    ratio = placement.height / placement.width
    return "square" if ratio <= 1.05 else "portrait" if ratio <= 1.4 else "tall"


def real_quote(copy: AdCopy, quotes: list[str]) -> str | None:
    """The customer quote the hook repeats word for word, if any (only those may be framed as a testimonial)."""
    hook = " ".join(copy.hook.lower().split())
    for quote in quotes:
        words = " ".join(quote.lower().strip(" \"'\u201c\u201d").split())
        if len(words) >= 12 and words[:40] in hook:
            return quote
    return None


def stated_offer(copy: AdCopy, offers: list[str]) -> str | None:
    """The offer the copy states (a badge never shows an offer the words do not make)."""
    text = " ".join(copy.texts()).lower()
    return next((offer for offer in offers if offer.strip() and offer.lower() in text), None)


def choose_layout(index: int, *, has_product: bool, has_photo: bool, quote: str | None,
                  offer: str | None) -> str | None:
    """The picture layout for the `index`-th variant, rotating; None when there is no picture to build on."""
    if has_photo:
        rotation = ROTATION_WITH_PHOTO
    elif has_product:
        rotation = ROTATION_WITH_PRODUCT
    else:
        return None
    allowed = [name for name in rotation if (name != "testimonial" or quote) and (name != "offer" or offer)]
    return allowed[index % len(allowed)]


def _clip(box: Frac, placement: Placement, safe: Box | None) -> Box:
    left, top = round(box[0] * placement.width), round(box[1] * placement.height)
    right, bottom = round(box[2] * placement.width), round(box[3] * placement.height)
    if safe is not None:
        left, top = max(left, safe.left), max(top, safe.top)
        right, bottom = min(right, safe.right), min(bottom, safe.bottom)
    return Box(left=left, top=top, right=right, bottom=bottom)


def _texts(copy: AdCopy) -> dict[str, str]:
    return {"hook": copy.hook, "headline": copy.headline, "body": copy.body, "quote": copy.hook}


def _fit_slot(elements: tuple[str, ...], copy: AdCopy, area: Box, regular, bold, gap: int,  # type: ignore[no-untyped-def]
              placement_id: str) -> list[tuple[str, FittedText, bool]]:
    texts = _texts(copy)
    present = [e for e in elements if texts[e].strip()]
    width, height = area.right - area.left, area.bottom - area.top
    usable = height - gap * max(0, len(present) - 1)
    total_share = sum(_TYPES[e].share for e in present) or 1.0
    fitted: list[tuple[str, FittedText, bool]] = []
    for element in present:
        spec = _TYPES[element]
        font = bold if spec.bold else regular
        slot_h = max(1, round(usable * spec.share / total_share))
        result = fit_text(texts[element], font, width, slot_h, max_size=round(width * spec.max_size),
                          min_size=max(18, round(width * spec.min_size)), max_lines=spec.max_lines)
        if result is None:
            raise CopyDoesNotFit("hook" if element == "quote" else element, placement_id, texts[element])
        fitted.append((element, result, spec.bold))
    return fitted


def _picture_source(style: BrandStyle, media: Image.Image | None,
                    scene: Image.Image | None) -> tuple[Image.Image, str] | None:
    if media is not None:
        return media, "photo"
    if scene is not None:
        return scene, "photo"
    product = open_picture(style.product_image_path)
    if product is not None:
        return product, style.product_treatment or "cutout"
    return None


def render_picture_layout(canvas: Canvas, copy: AdCopy, wrapper: VisualWrapper, style: BrandStyle,
                          placement: Placement, *, media: Image.Image | None, scene: Image.Image | None,
                          offer: str | None) -> dict[str, Box]:
    """Draw `wrapper.layout` onto `canvas` (its background already painted); returns the pictures' boxes."""
    safe = placement.safe_zone
    shape = shape_of(placement)
    source = _picture_source(style, media, scene)
    slots = (_SPLIT_BLOCK if wrapper.layout == "split" and source is None else LAYOUT_SLOTS[wrapper.layout])[shape]
    font_spec = wrapper.font or (style.fonts[0] if style.fonts else None)
    regular, bold = resolve_font(font_spec, False), resolve_font(font_spec, True)
    gap = round((safe.bottom - safe.top) * 0.022)
    align = "center" if wrapper.layout == "testimonial" else "left"
    pictures: dict[str, Box] = {}

    # pictures first: text, logo and badges are drawn (and measured) on top of them
    for slot in slots:
        if slot.kind == "picture" and source is None and slot.box[0] == 0:  # split without a picture: a colour block
            box = _clip(slot.box, placement, None)
            ImageDraw.Draw(canvas.image).rectangle((box.left, box.top, box.right, box.bottom),
                                                   fill=to_rgb(wrapper.accent_colour))
        elif slot.kind == "picture" and source is not None:
            pictures["picture"] = _draw_picture(canvas, source, _clip(slot.box, placement, None), wrapper,
                                                full_bleed=slot.box == (0, 0, 1, 1), edge=slot.box[0] == 0)
    logo_slot = next((s for s in slots if s.kind == "logo"), None)
    logo_area = _clip(logo_slot.box, placement, safe) if logo_slot else Box(
        left=safe.left, top=safe.top, right=safe.left + round((safe.right - safe.left) * 0.4),
        bottom=safe.top + round(min((safe.bottom - safe.top) * 0.075, placement.width * 0.07)))
    logo_bottom = _draw_brand_mark(canvas, style, wrapper, logo_area, bold)
    for slot in slots:
        if slot.kind == "text":
            area = _clip(slot.box, placement, safe)
            if logo_bottom is not None and area.top < logo_bottom + gap and area.left < logo_area.right:
                area = area.model_copy(update={"top": logo_bottom + gap})
            _draw_text_slot(canvas, slot, copy, area, wrapper, regular, bold, gap, align, placement.id)
        elif slot.kind == "cta":
            area = _clip(slot.box, placement, safe)
            button(canvas, copy.cta, bold, area.left, area.top, area.right - area.left, area.bottom - area.top,
                   wrapper.accent_colour, [wrapper.text_colour, wrapper.background_colour], align, placement.id)
        elif slot.kind == "badge" and offer:
            _draw_badge(canvas, offer, _clip(slot.box, placement, safe), wrapper, bold, placement.id)
    return pictures


def _draw_picture(canvas: Canvas, source: tuple[Image.Image, str], box: Box, wrapper: VisualWrapper, *,
                  full_bleed: bool, edge: bool) -> Box:
    picture, treatment = source
    if treatment == "cutout":
        if full_bleed:  # no photo to fill the frame with: the product stands in the lower right instead
            box = Box(left=round(box.right * 0.42), top=round(box.bottom * 0.34), right=round(box.right * 0.97),
                      bottom=round(box.bottom * 0.98))
        elif edge:  # a split panel: the product stands on an accent-tinted half
            ImageDraw.Draw(canvas.image).rectangle((box.left, box.top, box.right, box.bottom),
                                                   fill=to_rgb(mix(wrapper.background_colour,
                                                                   wrapper.accent_colour, 0.55)))
            pad = round(min(box.right - box.left, box.bottom - box.top) * 0.1)
            box = Box(left=box.left + pad, top=box.top + pad, right=box.right - pad, bottom=box.bottom - pad)
        return draw_cutout(canvas, picture, box)
    if full_bleed:
        canvas.image.paste(cover(picture.convert("RGB"), box.right - box.left, box.bottom - box.top),
                           (box.left, box.top))
        return box
    radius = 0 if edge else round(canvas.width * 0.03)
    return draw_framed(canvas, picture, box, radius)


def _draw_brand_mark(canvas: Canvas, style: BrandStyle, wrapper: VisualWrapper, area: Box, bold) -> int | None:  # type: ignore[no-untyped-def]
    logo = open_picture(style.logo_path)
    if logo is not None:
        return draw_logo(canvas, logo, area).bottom
    if style.brand_name:
        height = area.bottom - area.top
        fitted = fit_text(style.brand_name, bold, round((area.right - area.left) * 1.25), height,
                          max_size=round(height * 0.7), min_size=12, max_lines=1)
        if fitted is not None:
            return draw_text(canvas, "logo", fitted, area.left, area.top, fitted.width, wrapper.text_colour,
                             "left", bold=True).bottom
    return None


def _draw_text_slot(canvas: Canvas, slot: Slot, copy: AdCopy, area: Box, wrapper: VisualWrapper, regular, bold,  # type: ignore[no-untyped-def]
                    gap: int, align: str, placement_id: str) -> None:
    if area.bottom - area.top < 40:
        raise CopyDoesNotFit("copy", placement_id, " ".join(slot.elements))
    quote_mark = 0
    if "quote" in slot.elements:
        quote_mark = round((area.right - area.left) * 0.10)
        area = area.model_copy(update={"top": area.top + quote_mark})
    fitted = _fit_slot(slot.elements, copy, area, regular, bold, gap, placement_id)
    block = sum(f.height for _, f, _ in fitted) + gap * max(0, len(fitted) - 1)
    y = area.top + max(0, (area.bottom - area.top - block) // 2)
    accent_ok = contrast_ratio(wrapper.accent_colour, wrapper.background_colour) >= 3
    if quote_mark:
        mark = load_font(bold, round(quote_mark * 1.6))
        ImageDraw.Draw(canvas.image).text(((area.left + area.right) / 2, y - quote_mark), "\u201c", font=mark,
                                          fill=to_rgb(wrapper.accent_colour if accent_ok else wrapper.text_colour),
                                          anchor="mt")
    for element, result, is_bold in fitted:
        ink = wrapper.accent_colour if element == "hook" and accent_ok else wrapper.text_colour
        name = "hook" if element == "quote" else element
        box = draw_text(canvas, name, result, area.left, y, area.right - area.left, ink, align, bold=is_bold)
        y = box.bottom + gap


def _draw_badge(canvas: Canvas, offer: str, area: Box, wrapper: VisualWrapper, bold, placement_id: str) -> None:  # type: ignore[no-untyped-def]
    diameter = min(area.right - area.left, area.bottom - area.top)
    left, top = area.right - diameter, area.top
    ImageDraw.Draw(canvas.image).ellipse((left, top, left + diameter, top + diameter),
                                         fill=to_rgb(wrapper.accent_colour))
    inner = round(diameter * 0.68)
    fitted = fit_text(offer, bold, inner, inner, max_size=round(diameter * 0.2), min_size=16, max_lines=4)
    if fitted is None:
        raise CopyDoesNotFit("offer badge", placement_id, offer)
    ink = max([wrapper.text_colour, wrapper.background_colour, "#FFFFFF", "#111111"],
              key=lambda c: contrast_ratio(c, wrapper.accent_colour))
    y = top + (diameter - fitted.height) // 2
    draw_text(canvas, "badge", fitted, left + (diameter - inner) // 2, y, inner, ink, "center", bold=True)


def blank_canvas(placement: Placement, colour: str) -> Image.Image:
    return Image.new("RGB", (placement.width, placement.height), to_rgb(colour))
