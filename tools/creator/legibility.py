"""Legibility by measurement: contrast of each text box and the logo, read from the rendered pixels.

Why measure instead of trusting the palette: text sits on gradients, photos, product shots and split shapes, so the
colour behind a line is not the scheme's background colour. A line's ratio is the WCAG 2.x contrast between the ink
(the median colour of the pixels the glyphs fully cover) and the background pixels around the glyphs; to count the
worst part of a busy background and not a single stray pixel, the background side is the 5th percentile of the
per-pixel contrast. Where the background cannot reach the minimum, the renderer lays a scrim, then a solid panel.

Minimums (WCAG AA): 4.5:1 for body and CTA text; 3:1 for large text (hook, headline and badges set large) and the
logo. "Large" follows WCAG's 18 pt / 14 pt bold at a phone's scale: a 1080 px wide ad shows at ~390 pt, so
≥ 5.4 % of the width (≥ 4.2 % bold).
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from tools.core.colours import relative_luminance

BODY_MINIMUM, LARGE_MINIMUM = 4.5, 3.0
BACKGROUND_PERCENTILE = 5


def minimum_for(element: str, size_px: int, bold: bool, canvas_width: int) -> float:
    """The contrast a box must reach: 3:1 for the logo and large text, else 4.5:1."""
    if element == "logo":
        return LARGE_MINIMUM
    if element in ("body", "cta", "caption"):
        return BODY_MINIMUM
    large = size_px >= canvas_width * (0.042 if bold else 0.054)
    return LARGE_MINIMUM if large else BODY_MINIMUM


_CHANNEL = np.arange(256, dtype=np.float64) / 255.0
_LINEAR = np.where(_CHANNEL <= 0.04045, _CHANNEL / 12.92, ((_CHANNEL + 0.055) / 1.055) ** 2.4).astype(np.float32)
_WEIGHTS = np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)


def _luminance(pixels: np.ndarray) -> np.ndarray:
    """WCAG relative luminance of an (..., 3) uint8 array (the sRGB transfer function as a 256-entry table)."""
    return _LINEAR[pixels] @ _WEIGHTS


def _ratios(ink: float, backgrounds: np.ndarray) -> np.ndarray:
    high = np.maximum(ink, backgrounds)
    low = np.minimum(ink, backgrounds)
    return (high + 0.05) / (low + 0.05)


def background_contrast(image: Image.Image, box: tuple[int, int, int, int], colour: str) -> float:
    """The worst-case (5th percentile) contrast of `colour` on the pixels inside `box`, before anything is drawn."""
    region = np.asarray(image.crop(box).convert("RGB"))
    if region.size == 0:
        return 21.0
    step = max(1, int(np.sqrt(region.shape[0] * region.shape[1] / 20_000)))  # a sample is enough on big boxes
    lum = _luminance(region[::step, ::step].reshape(-1, 3))
    return float(np.percentile(_ratios(relative_luminance(colour), lum), BACKGROUND_PERCENTILE))


def measure(image: Image.Image, coverage: Image.Image, origin: tuple[int, int], *, many_inks: bool = False) -> float:
    """Contrast of drawn ink on `image`: `coverage` (mode L, placed at `origin`) is how much each pixel is ink.

    Ink = pixels fully covered (≥ 88 %); background = pixels at least 2 px away from any ink. Text has one ink: its
    median against the background's worst 5 %. A logo may have several (a gold mark, a green wordmark): with
    `many_inks`, every ink pixel is compared with the background's median and the ratio is the 10th percentile,
    so a wordmark that vanishes into the background fails even when the rest of the mark stands out.
    21.0 means nothing could be measured (no ink pixels), which never happens for drawn text.
    """
    import cv2

    left, top = origin
    region = np.asarray(image.crop((left, top, left + coverage.width, top + coverage.height)).convert("RGB"))
    cover = np.asarray(coverage)
    near_ink = cv2.dilate(cover, np.ones((5, 5), np.uint8))  # 2 px around every glyph
    stride = 2 if cover.size > 60_000 else 1  # every other row and column of a big box tells the same story
    region, cover, near_ink = region[::stride, ::stride], cover[::stride, ::stride], near_ink[::stride, ::stride]
    ink_pixels = region[cover >= 224]
    background_pixels = region[near_ink == 0]
    if len(ink_pixels) == 0 or len(background_pixels) == 0:
        return 21.0
    inks = _luminance(ink_pixels[:: max(1, len(ink_pixels) // 20_000)])
    step = max(1, len(background_pixels) // 20_000)
    if many_inks:
        background = float(np.median(_luminance(background_pixels[::step])))
        return round(float(np.percentile(_ratios(background, inks), 10)), 2)
    ink = float(np.median(inks))
    ratios = _ratios(ink, _luminance(background_pixels[::step]))
    return round(float(np.percentile(ratios, BACKGROUND_PERCENTILE)), 2)
