"""The ffmpeg binary that `imageio-ffmpeg` ships, and a container probe built on it.

Why this binary: it is installed by pip on every platform (no system ffmpeg needed) and decodes every codec an ad
arrives in. The probe reads ffmpeg's own stream summary, so no `ffprobe` is required.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


@dataclass(frozen=True)
class StreamInfo:
    """What the container says about its streams (before anything is decoded)."""

    container: str | None
    duration_s: float | None
    video_codec: str | None
    width: int | None
    height: int | None
    fps: float | None
    audio_codec: str | None
    sample_rate: int | None
    rotation: int
    raw: str


_DURATION = re.compile(r"Duration:\s*(\d+):(\d+):(\d+(?:\.\d+)?)")
_INPUT = re.compile(r"Input #0,\s*([^,]+(?:,[^,]+)*?),\s*from")
_VIDEO = re.compile(r"Stream #0:\d+[^:]*: Video:\s*([A-Za-z0-9_]+)(.*)")
_AUDIO = re.compile(r"Stream #0:\d+[^:]*: Audio:\s*([A-Za-z0-9_]+)(.*)")
_SIZE = re.compile(r",\s*(\d{2,5})x(\d{2,5})[\s,\[]")
_FPS = re.compile(r"([\d.]+)\s*(?:fps|tbr)")
_RATE = re.compile(r"(\d+)\s*Hz")
_ROTATE = re.compile(r"(?:rotate\s*:\s*|rotation of\s*)(-?\d+(?:\.\d+)?)")


def probe(path: Path, timeout_s: float = 60.0) -> StreamInfo:
    """Read the stream summary ffmpeg prints for `-i path` (it exits 1 because no output is given)."""
    result = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)],
        capture_output=True, text=True, errors="replace", timeout=timeout_s,
    )
    text = result.stderr
    duration = None
    if match := _DURATION.search(text):
        hours, minutes, seconds = match.groups()
        duration = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    container = None
    if match := _INPUT.search(text):
        container = match.group(1).strip()
    video_codec = width = height = fps = None
    if match := _VIDEO.search(text):
        video_codec = match.group(1)
        rest = match.group(2)
        if size := _SIZE.search(rest):
            width, height = int(size.group(1)), int(size.group(2))
        if rate := _FPS.search(rest):
            fps = float(rate.group(1))
    audio_codec = sample_rate = None
    if match := _AUDIO.search(text):
        audio_codec = match.group(1)
        if rate := _RATE.search(match.group(2)):
            sample_rate = int(rate.group(1))
    rotation = 0
    if match := _ROTATE.search(text):
        rotation = round(float(match.group(1))) % 360
    return StreamInfo(container=container, duration_s=duration, video_codec=video_codec, width=width, height=height,
                      fps=fps, audio_codec=audio_codec, sample_rate=sample_rate, rotation=rotation, raw=text)
