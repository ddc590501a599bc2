"""Short vertical videos (9:16 MP4, 6–15 s) cut at the source's pace, with captions burned in.

Each shot is one Pillow-rendered still (brand background + caption inside the Reels safe zone); ffmpeg (the binary
that imageio-ffmpeg ships) adds a gentle push-in per shot, concatenates at exact frame counts and encodes H.264.
Why stills + ffmpeg: per-frame Python rendering of 1080×1920 is ~30 ms/frame; ffmpeg's scaler does the motion in C.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from tools.core.colours import mix, readable_on, to_rgb
from tools.core.domain.variant import AdCopy, BrandStyle, RenderedAsset, VisualWrapper
from tools.core.errors import HooklineError
from tools.creator.compositor import CopyDoesNotFit, save_image, vertical_gradient
from tools.creator.fonts import resolve_font
from tools.creator.fontstack import draw_line
from tools.creator.placements import PLACEMENTS
from tools.creator.textfit import fit_text

FPS = 30
MIN_DURATION_S, MAX_DURATION_S = 6.0, 15.0


@dataclass(frozen=True)
class Shot:
    caption: str
    frames: int
    end_card: bool = False


def plan_shots(copy: AdCopy, *, avg_shot_s: float | None, duration_s: float | None) -> list[Shot]:
    """Cut the copy into captions and the duration into shots at the source's pace (clamped to 6–15 s)."""
    pace = min(4.0, max(0.4, avg_shot_s or 1.5))
    duration = min(MAX_DURATION_S, max(MIN_DURATION_S, duration_s or 9.0))
    count = max(3, round(duration / pace))
    captions = _captions(copy, count - 1)
    total_frames = round(duration * FPS)
    base, extra = divmod(total_frames, count)
    shots = [Shot(caption, base + (1 if i < extra else 0)) for i, caption in enumerate(captions)]
    shots.append(Shot(copy.cta, base + (1 if count - 1 < extra else 0), end_card=True))
    return shots


def _captions(copy: AdCopy, count: int) -> list[str]:
    """Hook first, then short phrases from headline and body; repeated cyclically if the pace needs more shots."""
    phrases = [copy.hook]
    for text in (copy.headline, copy.body):
        for sentence in re.split(r"(?<=[.!?—])\s+", text.strip()):
            phrases.extend(_chunks(sentence, 7))
    phrases = [p for p in phrases if p.strip()]
    return [phrases[i % len(phrases)] for i in range(count)]


def _chunks(sentence: str, words_per_chunk: int) -> list[str]:
    words = sentence.split()
    if len(words) <= words_per_chunk + 2:
        return [sentence] if words else []
    return [" ".join(words[i:i + words_per_chunk]) for i in range(0, len(words), words_per_chunk)]


def render_shot(shot: Shot, index: int, copy: AdCopy, wrapper: VisualWrapper, style: BrandStyle) -> Image.Image:
    """One still: alternating brand backgrounds (so every cut is visible), caption centred in the safe zone."""
    placement = PLACEMENTS["9x16"]
    size = (placement.width, placement.height)
    safe = placement.safe_zone
    base, accent = wrapper.background_colour, wrapper.accent_colour
    if shot.end_card:
        image = Image.new("RGB", size, to_rgb(accent))
        behind = accent
    elif index % 2 == 0:
        image = vertical_gradient(size, base, mix(base, accent, 0.4))
        behind = mix(base, accent, 0.2)
    else:
        light = mix(base, "#FFFFFF", 0.85)
        image = vertical_gradient(size, light, mix(light, accent, 0.25))
        behind = light
    draw = ImageDraw.Draw(image)
    colour = readable_on(behind, [wrapper.text_colour, base])
    font = resolve_font(wrapper.font or (style.fonts[0] if style.fonts else None), bold=True)
    sw, sh = safe.right - safe.left, safe.bottom - safe.top
    text = copy.headline if shot.end_card else shot.caption
    fitted = fit_text(text, font, sw, round(sh * 0.6), max_size=round(sw * 0.11), min_size=round(sw * 0.05),
                      max_lines=5)
    if fitted is None:
        raise CopyDoesNotFit("caption", "9x16 video", text)
    y = safe.top + (round(sh * 0.75) - fitted.height) // 2
    for line in fitted.lines:
        draw_line(draw, (safe.left + sw / 2, y), line, fitted.font, to_rgb(colour), anchor="ma")
        y += fitted.line_height
    if shot.end_card:
        button = fit_text(shot.caption, font, round(sw * 0.7), round(sh * 0.06), max_size=round(sw * 0.06),
                          min_size=20, max_lines=1)
        if button is None:
            raise CopyDoesNotFit("cta", "9x16 video", shot.caption)
        h = round(sh * 0.09)
        w = button.width + h
        top = safe.bottom - h
        left = safe.left + (sw - w) // 2
        draw.rounded_rectangle((left, top, left + w, top + h), radius=h // 2, fill=to_rgb(base))
        draw_line(draw, (left + w / 2, top + h / 2), button.lines[0], button.font,
                  to_rgb(readable_on(base, [wrapper.text_colour])), anchor="mm")
    if style.brand_name and not shot.end_card:
        small = fit_text(style.brand_name, font, round(sw * 0.5), round(sh * 0.05), max_size=40, min_size=14,
                         max_lines=1)
        if small is not None:
            draw_line(draw, (safe.left, safe.top), small.lines[0], small.font, to_rgb(colour))
    return image


class VideoError(HooklineError):
    """ffmpeg could not encode the video (message carries ffmpeg's own last lines)."""


def build_video(copy: AdCopy, wrapper: VisualWrapper, style: BrandStyle, path: Path, *,
                avg_shot_s: float | None = None, duration_s: float | None = None,
                zoom: float = 0.06) -> RenderedAsset:
    """Render and encode one variant's video; written atomically. Returns the asset with its true duration."""
    from imageio_ffmpeg import get_ffmpeg_exe

    shots = plan_shots(copy, avg_shot_s=avg_shot_s, duration_s=duration_s)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hookline-video-") as workdir:
        inputs: list[str] = []
        filters: list[str] = []
        for index, shot in enumerate(shots):
            still = save_image(render_shot(shot, index, copy, wrapper, style), Path(workdir) / f"shot{index}.jpg")
            inputs += ["-loop", "1", "-framerate", str(FPS), "-i", str(still)]
            seconds = shot.frames / FPS
            filters.append(
                f"[{index}:v]trim=end_frame={shot.frames},setpts=PTS-STARTPTS,"
                f"scale=w='trunc(1080*(1+{zoom}*t/{seconds:.4f})/2)*2':h=-2:eval=frame,"
                f"crop=1080:1920,setsar=1,format=yuv420p[v{index}]"
            )
        labels = "".join(f"[v{i}]" for i in range(len(shots)))
        graph = ";".join(filters) + f";{labels}concat=n={len(shots)}:v=1:a=0[out]"
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".mp4")
        os.close(fd)
        command = [get_ffmpeg_exe(), "-y", "-loglevel", "error", *inputs, "-filter_complex", graph,
                   "-map", "[out]", "-r", str(FPS), "-c:v", "libx264", "-preset", "veryfast", "-crf", "23",
                   "-pix_fmt", "yuv420p", "-movflags", "+faststart", tmp]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            Path(tmp).unlink(missing_ok=True)
            raise VideoError(f"ffmpeg failed to encode {path.name}: {result.stderr.strip()[-500:]}")
        os.replace(tmp, path)
    total = sum(s.frames for s in shots)
    return RenderedAsset(format="video", path=str(path), width=1080, height=1920, duration_s=total / FPS)
