"""One PNG showing every variant (first format) with its rank, score and hook — for a quick review in Slack."""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

from tools.creator.compositor import save_image
from tools.creator.fonts import load_font, resolve_font


def build_contact_sheet(items: list[tuple[Path, str]], path: Path, *, columns: int | None = None,
                        thumb_width: int = 270) -> Path:
    """`items` = (image path, caption) in rank order. Thumbnails keep their aspect ratio; captions sit below."""
    if not items:
        raise ValueError("a contact sheet needs at least one image")
    columns = columns or min(5, max(1, math.ceil(math.sqrt(len(items)))))
    thumbs: list[Image.Image] = []
    for image_path, _ in items:
        with Image.open(image_path) as image:
            image.draft("RGB", (thumb_width, thumb_width * 2))  # JPEG: decode at reduced scale, much faster
            scale = thumb_width / image.width
            thumbs.append(image.convert("RGB").resize((thumb_width, round(image.height * scale)),
                                                      Image.Resampling.BILINEAR))
    caption_h, pad = 54, 16
    cell_h = max(t.height for t in thumbs) + caption_h
    rows = math.ceil(len(items) / columns)
    sheet = Image.new("RGB", (pad + columns * (thumb_width + pad), pad + rows * (cell_h + pad)), (245, 245, 245))
    draw = ImageDraw.Draw(sheet)
    font = load_font(resolve_font(None, bold=False), 15)
    for index, (thumb, (_, caption)) in enumerate(zip(thumbs, items, strict=True)):
        row, col = divmod(index, columns)
        x, y = pad + col * (thumb_width + pad), pad + row * (cell_h + pad)
        sheet.paste(thumb, (x, y))
        for line_no, line in enumerate(_two_lines(caption, font, thumb_width)):
            draw.text((x, y + thumb.height + 6 + line_no * 20), line, font=font, fill=(30, 30, 30))
    return save_image(sheet, path)


def _two_lines(text: str, font, width: int) -> list[str]:  # type: ignore[no-untyped-def]
    words, lines, current = text.split(), [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if font.getlength(trial) <= width:
            current = trial
            continue
        lines.append(current)
        current = word
        if len(lines) == 2:
            break
    if len(lines) < 2 and current:
        lines.append(current)
    if len(lines) == 2 and " ".join(lines) != text:
        while lines[1] and font.getlength(lines[1] + "…") > width:
            lines[1] = lines[1][:-1]
        lines[1] += "…"
    return lines[:2]
