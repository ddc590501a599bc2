"""Video winners remixed from their own footage: the source's shots reordered and trimmed at its pace, a new hook
caption in the first three seconds, captions on brand panels, a new end card with the CTA, the source's audio.

Why the source's own shots: a marketer iterating on a winning UGC video wants the same person, product and light
with a new opening and a new order, not a slideshow of text cards. Captions sit on opaque brand-colour panels inside
the 9:16 safe zone, so their contrast does not depend on the footage (each is measured on its panel).
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from tools.core.colours import contrast_ratio, to_rgb
from tools.core.domain.variant import AdCopy, Box, BrandStyle, RenderedAsset, VisualWrapper
from tools.creator.compositor import render_variant, save_image
from tools.creator.drawing import Canvas, draw_logo, draw_text, ink_colour, open_picture
from tools.creator.fonts import resolve_font
from tools.creator.media import SourceMedia
from tools.creator.placements import PLACEMENTS
from tools.creator.textfit import CopyDoesNotFit, fit_text
from tools.creator.video import VideoError

FPS = 30
HOOK_S = 3.0  # the hook caption covers the opening three seconds
END_CARD_S = 2.0
MIN_BODY_S, MAX_BODY_S = 4.0, 13.0
MIN_SEGMENT_S = 0.4


@dataclass(frozen=True)
class Segment:
    shot: int  # the source shot's index
    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


def plan_segments(shots: list[tuple[float, float]], *, seed: int, pace_s: float | None = None,
                  duration_s: float | None = None) -> list[Segment]:
    """A new order of the source's shots, each trimmed to the source's pace, filling the body of the remix.

    The order is a seeded permutation that never opens on the source's own first shot (a new hook needs a new first
    picture) when there is more than one shot; each shot is used once before any is reused (from a later offset).
    """
    usable = [(i, a, b) for i, (a, b) in enumerate(shots) if b - a >= MIN_SEGMENT_S] or \
        [(i, a, b) for i, (a, b) in enumerate(shots)]
    if not usable:
        raise VideoError("The source video has no shots to remix.")
    durations = [b - a for _, a, b in usable]
    pace = min(3.0, max(MIN_SEGMENT_S, pace_s or sum(durations) / len(durations)))
    total = sum(durations)
    target = min(MAX_BODY_S, max(MIN_BODY_S, (duration_s or total) - END_CARD_S))
    rng = random.Random(seed)
    order = list(range(len(usable)))
    rng.shuffle(order)
    if len(order) > 1 and usable[order[0]][0] == usable[0][0]:
        order.append(order.pop(0))
    segments: list[Segment] = []
    used = 0.0
    round_ = 0
    while used < target - 1e-6 and round_ < 20:
        for position in order:
            index, start, end = usable[position]
            length = min(end - start, pace * (0.85 + 0.3 * rng.random()), target - used)
            if length < MIN_SEGMENT_S * 0.75 and segments:
                used = target
                break
            offset = min(end - start - length, (end - start - length) * (round_ % 3) / 2)
            segments.append(Segment(index, round(start + offset, 3), round(start + offset + length, 3)))
            used += length
            if used >= target - 1e-6:
                break
        round_ += 1
    return segments


def captions(copy: AdCopy, count: int) -> list[str]:
    """Short phrases from headline and body for the shots after the hook (cycled if the cut needs more)."""
    phrases: list[str] = []
    for text in (copy.headline, copy.body):
        for sentence in re.split(r"(?<=[.!?—])\s+", text.strip()):
            words = sentence.split()
            step = 7
            if len(words) <= step + 2:
                phrases.append(sentence)
            else:
                phrases.extend(" ".join(words[i:i + step]) for i in range(0, len(words), step))
    phrases = [p for p in phrases if p.strip()] or [copy.headline]
    return [phrases[i % len(phrases)] for i in range(count)]


def caption_card(text: str, wrapper: VisualWrapper, style: BrandStyle, *, large: bool) -> tuple[Image.Image, float]:
    """An RGBA caption on an opaque rounded brand panel, and the contrast measured on it."""
    placement = PLACEMENTS["9x16"]
    safe = placement.safe_zone
    width = safe.right - safe.left
    font = resolve_font(wrapper.font or (style.fonts[0] if style.fonts else None), bold=True)
    fitted = fit_text(text, font, round(width * 0.86), round((safe.bottom - safe.top) * (0.34 if large else 0.22)),
                      max_size=round(width * (0.085 if large else 0.06)), min_size=round(width * 0.04), max_lines=4)
    if fitted is None:
        raise CopyDoesNotFit("caption", "9x16 video", text)
    pad = round(fitted.line_height * 0.45)
    panel_w, panel_h = fitted.width + 2 * pad, fitted.height + 2 * pad
    # a brand colour when it reads at 7:1 with the text (AAA), else the best of black and white
    panel = next((c for c in (wrapper.background_colour, wrapper.accent_colour)
                  if contrast_ratio(c, wrapper.text_colour) >= 7.0),
                 max(("#111111", "#FFFFFF"), key=lambda c: contrast_ratio(c, wrapper.text_colour)))
    canvas = Canvas(Image.new("RGB", (panel_w, panel_h), to_rgb(panel)), panel_colours=[panel])
    draw_text(canvas, "caption", fitted, pad, pad, fitted.width, wrapper.text_colour, "center", bold=True)
    mask = Image.new("L", (panel_w, panel_h), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, panel_w - 1, panel_h - 1), radius=pad, fill=245)
    card = canvas.image.convert("RGBA")
    card.putalpha(mask)
    return card, canvas.contrast["caption"]


def logo_plate(logo: Image.Image, wrapper: VisualWrapper, height: int) -> tuple[Image.Image, float]:
    """The logo on a rounded plate of the brand colour it reads best on; returns it with its measured contrast."""
    scale = height / logo.height
    width = max(1, round(logo.width * scale))
    pad = max(6, height // 4)
    inks = [wrapper.background_colour, wrapper.text_colour, wrapper.accent_colour, "#FFFFFF", "#111111"]
    ink = ink_colour(logo.convert("RGBA"))
    plate = max(inks, key=lambda c: contrast_ratio(c, ink))
    canvas = Canvas(Image.new("RGB", (width + 2 * pad, height + 2 * pad), to_rgb(plate)), panel_colours=[plate])
    draw_logo(canvas, logo, Box(left=pad, top=pad, right=pad + width, bottom=pad + height))
    mask = Image.new("L", canvas.image.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, mask.width - 1, mask.height - 1), radius=pad, fill=255)
    card = canvas.image.convert("RGBA")
    card.putalpha(mask)
    return card, canvas.contrast["logo"]


def remix_video(media: SourceMedia, shots: list[tuple[float, float]], copy: AdCopy, wrapper: VisualWrapper,
                style: BrandStyle, path: Path, *, seed: int, pace_s: float | None = None) -> RenderedAsset:
    """Encode one variant's 9:16 remix of the source video; written atomically."""
    from imageio_ffmpeg import get_ffmpeg_exe

    segments = plan_segments(shots, seed=seed, pace_s=pace_s, duration_s=media.duration_s)
    body_s = sum(s.duration_s for s in segments)
    total_s = body_s + END_CARD_S
    placement = PLACEMENTS["9x16"]
    safe = placement.safe_zone
    contrast: dict[str, float] = {}
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hookline-remix-") as workdir:
        work = Path(workdir)
        # end card: the variant's own 9:16 render without a picture (headline, CTA, logo), measured like any render
        end_wrapper = wrapper.model_copy(update={"layout": "bold", "background": "solid"})
        end = render_variant(AdCopy(hook=copy.hook, headline=copy.headline, body="", cta=copy.cta),
                             end_wrapper, style.model_copy(update={"product_image_path": None}), placement)
        save_image(end.image, work / "end.png")
        contrast.update({f"end_card_{k}": v for k, v in end.contrast.items()})
        # captions: the hook over the first three seconds, then one phrase per later segment
        overlays: list[Overlay] = []
        hook_card, contrast["hook"] = caption_card(copy.hook, wrapper, style, large=True)
        save_image(hook_card, work / "hook.png")
        hook_end = min(HOOK_S, body_s)
        overlays.append((work / "hook.png", 0.0, hook_end, safe.top + round((safe.bottom - safe.top) * 0.12), None))
        starts, cursor = [], 0.0
        for segment in segments:
            starts.append(cursor)
            cursor += segment.duration_s
        later = sum(1 for seg, st in zip(segments, starts, strict=True) if st + seg.duration_s > hook_end + 1e-6)
        phrases = captions(copy, later)
        phrase_index = 0
        for segment, start in zip(segments, starts, strict=True):
            end_t = start + segment.duration_s
            if end_t <= hook_end + 1e-6:
                continue
            card, ratio = caption_card(phrases[phrase_index], wrapper, style, large=False)
            contrast[f"caption_{phrase_index + 1}"] = ratio
            name = work / f"caption{phrase_index}.png"
            save_image(card, name)
            overlays.append((name, max(start, hook_end), end_t, safe.bottom - card.height, None))
            phrase_index += 1
        logo = open_picture(style.logo_path)
        if logo is not None:  # the brand's logo over the footage, on a plate so it reads on any shot
            plate, contrast["logo"] = logo_plate(logo, wrapper, round(min(placement.width * 0.07,
                                                                            (safe.bottom - safe.top) * 0.075)))
            save_image(plate, work / "logo.png")
            overlays.append((work / "logo.png", 0.0, body_s, safe.top, safe.left))
        command = _command(get_ffmpeg_exe(), media, segments, overlays, work / "end.png", body_s, total_s)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".mp4")
        os.close(fd)
        result = subprocess.run([*command, tmp], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            Path(tmp).unlink(missing_ok=True)
            raise VideoError(f"ffmpeg failed to remix {media.path.name} into {path.name}: "
                             f"{result.stderr.strip()[-600:]}")
        os.replace(tmp, path)
    return RenderedAsset(format="video", path=str(path), width=placement.width, height=placement.height,
                         duration_s=round(total_s, 3), contrast=contrast,
                         contrast_minimums={k: 4.5 if "caption" in k or k == "hook" else 3.0 for k in contrast},
                         source_shots=[s.shot for s in segments], has_audio=media.has_audio,
                         source_segments=[(s.start_s, s.end_s) for s in segments])


Overlay = tuple[Path, float, float, int, int | None]  # file, from, to (seconds), top, left (None: centred)


def _command(ffmpeg: str, media: SourceMedia, segments: list[Segment], overlays: list[Overlay], end_card: Path,
             body_s: float, total_s: float) -> list[str]:
    inputs = ["-i", str(media.path)]
    for overlay, *_ in overlays:
        inputs += ["-i", str(overlay)]
    inputs += ["-loop", "1", "-framerate", str(FPS), "-t", f"{END_CARD_S:.3f}", "-i", str(end_card)]
    end_index = len(overlays) + 1
    parts = [f"[0:v]split={len(segments)}" + "".join(f"[s{i}]" for i in range(len(segments)))]
    for i, segment in enumerate(segments):
        parts.append(f"[s{i}]trim=start={segment.start_s:.3f}:end={segment.end_s:.3f},setpts=PTS-STARTPTS,"
                     f"fps={FPS},scale=1080:1920:force_original_aspect_ratio=increase,crop=1080:1920,setsar=1,"
                     f"format=yuv420p[c{i}]")
    parts.append("".join(f"[c{i}]" for i in range(len(segments))) + f"concat=n={len(segments)}:v=1:a=0[body0]")
    current = "body0"
    for number, (_, start, end, top, left) in enumerate(overlays, start=1):
        x = "(W-w)/2" if left is None else str(left)
        parts.append(f"[{current}][{number}:v]overlay=x={x}:y={top}:enable='between(t,{start:.3f},{end:.3f})'"
                     f"[body{number}]")
        current = f"body{number}"
    parts.append(f"[{end_index}:v]fps={FPS},scale=1080:1920,setsar=1,format=yuv420p[card]")
    parts.append(f"[{current}][card]concat=n=2:v=1:a=0[v]")
    maps = ["-map", "[v]"]
    if media.has_audio:
        fade_start = max(0.0, total_s - 0.6)
        parts.append(f"[0:a]atrim=start=0:end={total_s:.3f},asetpts=PTS-STARTPTS,apad=whole_dur={total_s:.3f},"
                     f"afade=t=out:st={fade_start:.3f}:d=0.6[a]")
        maps += ["-map", "[a]", "-c:a", "aac", "-b:a", "128k"]
    graph = ";".join(parts)
    command = [ffmpeg, "-y", "-loglevel", "error", *inputs, "-filter_complex", graph, *maps, "-r", str(FPS),
               "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p", "-movflags",
               "+faststart", "-t", f"{total_s:.3f}"]
    return command
