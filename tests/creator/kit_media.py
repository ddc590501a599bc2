"""Test material for the brand kit and source media, generated (nothing downloaded): a product photographed on a
plain studio background, a transparent logo, a noisy photo, and a UGC-like source video with distinct shots and audio.

Colours are chosen so a test can find each thing in a render by its pixels.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

PRODUCT_GREEN = (22, 150, 88)  # the product's body colour
LOGO_MAGENTA = (196, 32, 180)  # the logo's mark colour
PHOTO_ORANGE = (235, 120, 20)  # a patch in the source photo


def product_photo(path: Path) -> Path:
    """An opaque JPEG: a bottle (green body, cream label) on an off-white studio background with light noise."""
    rng = np.random.default_rng(4)
    base = np.full((900, 700, 3), 244, np.int16) + rng.integers(-4, 5, (900, 700, 3))
    image = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((250, 140, 450, 820), radius=40, fill=PRODUCT_GREEN)
    draw.rectangle((300, 60, 400, 150), fill=(40, 40, 40))
    draw.rectangle((275, 400, 425, 560), fill=(240, 232, 210))  # a label the cut-out must keep
    image.save(path, quality=95)
    return path


def logo_png(path: Path) -> Path:
    """A transparent PNG logo: a magenta mark and a bar."""
    logo = Image.new("RGBA", (420, 140), (0, 0, 0, 0))
    draw = ImageDraw.Draw(logo)
    draw.ellipse((10, 10, 130, 130), fill=(*LOGO_MAGENTA, 255))
    draw.rectangle((150, 45, 410, 95), fill=(*LOGO_MAGENTA, 255))
    logo.save(path)
    return path


def source_photo(path: Path) -> Path:
    """A photo-like source image (gradient, noise, an orange patch)."""
    rng = np.random.default_rng(9)
    x = np.linspace(60, 200, 900)[None, :, None]
    pixels = np.clip(x + rng.normal(0, 18, (700, 900, 3)), 0, 255).astype(np.uint8)
    image = Image.fromarray(pixels)
    ImageDraw.Draw(image).rectangle((300, 200, 600, 500), fill=PHOTO_ORANGE)
    image.save(path, quality=92)
    return path


SHOT_COLOURS = [(220, 40, 40), (40, 200, 60), (40, 80, 220), (230, 200, 30), (150, 40, 200), (30, 200, 200)]


def source_video(path: Path, *, shot_s: float = 1.5, audio: bool = True) -> Path:
    """A 9:16 360×640 H.264 video whose shots are flat, distinct colours (with a moving square), plus a tone."""
    import subprocess

    from imageio_ffmpeg import get_ffmpeg_exe

    fps = 30
    frames_per_shot = round(shot_s * fps)
    cmd = [get_ffmpeg_exe(), "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "360x640",
           "-r", str(fps), "-i", "-"]
    if audio:
        cmd += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={shot_s * len(SHOT_COLOURS)}"]
    cmd += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    if audio:
        cmd += ["-c:a", "aac", "-shortest"]
    process = subprocess.Popen([*cmd, str(path)], stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdin is not None
    for colour in SHOT_COLOURS:
        for i in range(frames_per_shot):
            frame = np.empty((640, 360, 3), np.uint8)
            frame[:] = colour
            left = 40 + i * 3
            frame[260:320, left:left + 60] = 255 - np.array(colour, np.uint8)
            process.stdin.write(frame.tobytes())
    process.stdin.close()
    process.wait()
    assert process.returncode == 0, process.stderr.read().decode() if process.stderr else ""
    return path


def frame_at(path: Path, seconds: float) -> Image.Image:
    """One decoded frame of a video (RGB)."""
    import io
    import subprocess

    from imageio_ffmpeg import get_ffmpeg_exe

    result = subprocess.run([get_ffmpeg_exe(), "-loglevel", "error", "-ss", f"{seconds:.3f}", "-i", str(path),
                             "-frames:v", "1", "-f", "image2pipe", "-vcodec", "png", "-"], capture_output=True,
                            check=True)
    return Image.open(io.BytesIO(result.stdout)).convert("RGB")


def video_info(path: Path) -> tuple[int, int, float, bool]:
    """(width, height, duration in s, has audio) read by ffmpeg from the file itself."""
    from tools.extractor.media.ffmpeg import probe

    info = probe(path)
    return info.width or 0, info.height or 0, float(info.duration_s or 0), info.audio_codec is not None


def nearest(colour: tuple[float, float, float], palette: list[tuple[int, int, int]]) -> tuple[int, float]:
    """Index of the palette colour nearest `colour`, and its RGB distance."""
    distances = [float(np.linalg.norm(np.subtract(colour, p))) for p in palette]
    index = int(np.argmin(distances))
    return index, distances[index]


def pixels_near(image: Image.Image, colour: tuple[int, int, int], box: tuple[int, int, int, int] | None = None,
                tolerance: float = 40) -> int:
    """How many pixels (inside `box`) are within `tolerance` of `colour`."""
    region = np.asarray((image.crop(box) if box else image).convert("RGB"), np.int16)
    return int((np.linalg.norm(region - np.array(colour), axis=2) <= tolerance).sum())


def two_tone_contrast(image: Image.Image, box: tuple[int, int, int, int]) -> float:
    """An independent legibility check: split the box's pixels into two luminance groups (Otsu) and return the
    WCAG contrast of the groups' medians — ink against background, without knowing where the glyphs are."""
    region = np.asarray(image.crop(box).convert("RGB"), np.float32) / 255.0
    linear = np.where(region <= 0.04045, region / 12.92, ((region + 0.055) / 1.055) ** 2.4)
    lum = (linear @ np.array([0.2126, 0.7152, 0.0722], np.float32)).ravel()
    values = np.sort(lum)
    best, threshold = -1.0, float(values[len(values) // 2])
    for cut in np.quantile(values, np.linspace(0.02, 0.98, 49)):
        low, high = values[values <= cut], values[values > cut]
        if len(low) == 0 or len(high) == 0:
            continue
        between = len(low) * len(high) * (low.mean() - high.mean()) ** 2
        if between > best:
            best, threshold = between, float(cut)
    low, high = np.median(values[values <= threshold]), np.median(values[values > threshold])
    return float((high + 0.05) / (low + 0.05))
