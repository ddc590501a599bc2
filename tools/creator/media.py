"""The source ad's own media (an image or a video): shared with jobs by storage key and remembered per ad.

Why remembered: "make 20 variants of last week's winner" should start from that ad's own picture or footage without
the user finding the file again; `--asset FILE` (or a file dropped in Slack) stores it once under the ad, and every
later run for that ad uses the newest one. Jobs get a storage key, never a local path, because a worker may mount
the shared storage elsewhere.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from tools.brand.kit import IMAGE_SUFFIXES, read_image
from tools.core.db.models import BrandAsset
from tools.core.errors import InputError
from tools.core.runtime import WorkspaceRuntime
from tools.core.settings import Settings
from tools.core.storage import workspace_storage

VIDEO_SUFFIXES = (".mp4", ".mov", ".m4v", ".webm", ".mkv")
MAX_VIDEO_BYTES = 500 * 1024 * 1024


@dataclass(frozen=True)
class SourceMedia:
    """A source file in the shared storage: `path` is where this box sees it."""

    key: str
    path: Path
    media: str  # image | video
    width: int
    height: int
    duration_s: float | None = None
    has_audio: bool = False


def _probe_video(path: Path) -> tuple[int, int, float, bool]:
    from tools.extractor.media.ffmpeg import probe

    try:
        info = probe(path)
    except Exception as exc:  # any probe failure: not a usable video
        raise InputError(f"{path}: not a readable video ({exc}).", file=str(path)) from exc
    if not info.width or not info.height or not info.duration_s:
        raise InputError(f"{path}: no video stream with a size and a duration; expected an MP4, MOV or WebM ad.",
                         file=str(path))
    return info.width, info.height, float(info.duration_s), info.audio_codec is not None


def inspect(path: Path) -> tuple[str, int, int, float | None, bool]:
    """(media, width, height, duration, has audio) of a source file; InputError naming the file otherwise."""
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        _data, image = read_image(path, what="source image")
        return "image", image.width, image.height, None, False
    if suffix in VIDEO_SUFFIXES:
        if not path.is_file():
            raise InputError(f"{path}: no such file.", file=str(path))
        if path.stat().st_size > MAX_VIDEO_BYTES:
            raise InputError(f"{path}: over the {MAX_VIDEO_BYTES // 1_048_576} MiB limit for a source video.",
                             file=str(path))
        width, height, duration, audio = _probe_video(path)
        return "video", width, height, duration, audio
    raise InputError(f"{path}: unsupported source type {suffix or '(no extension)'}; expected an image (PNG, JPG, "
                     f"WebP) or a video ({', '.join(s[1:].upper() for s in VIDEO_SUFFIXES)}).", file=str(path))


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def share_asset(settings: Settings, workspace: str, path: str | Path) -> str:
    """Check a local source file and copy it into the workspace's shared storage; returns its key (content-named,
    so sharing the same file twice stores it once and the key can go into a request's idempotency key)."""
    path = Path(path).expanduser()
    inspect(path)
    storage = workspace_storage(settings, workspace)
    key = f"sources/{_digest(path)[:24]}{path.suffix.lower()}"
    if not storage.exists(key):
        storage.put(key, path)
    return key


def open_media(settings: Settings, workspace: str, key: str) -> SourceMedia:
    """The shared file behind `key`, inspected on this box."""
    storage = workspace_storage(settings, workspace)
    try:
        path = storage.local_path(key)
    except FileNotFoundError:
        raise InputError(f"The source file {key} is not in the shared storage; share it again with --asset.",
                         field="asset") from None
    media, width, height, duration, audio = inspect(path)
    return SourceMedia(key=key, path=path, media=media, width=width, height=height, duration_s=duration,
                       has_audio=audio)


def remember(runtime: WorkspaceRuntime, ad_id: str, media: SourceMedia) -> None:
    """Record `media` as the ad's own file (idempotent; the newest one is used next time)."""
    content = media.key.rsplit("/", 1)[-1].split(".")[0]
    with runtime.session() as session:
        known = session.scalar(select(BrandAsset).where(
            BrandAsset.workspace_id == runtime.workspace_id, BrandAsset.kind == "source",
            BrandAsset.ad_id == str(ad_id), BrandAsset.content_hash == content))
        if known is not None:
            return
        session.add(BrandAsset(workspace_id=runtime.workspace_id, kind="source", ad_id=str(ad_id), media=media.media,
                               key=media.key, original_key=media.key, filename=media.path.name,
                               content_hash=content, treatment="media", width=media.width, height=media.height,
                               duration_s=media.duration_s))


def remembered(runtime: WorkspaceRuntime, ad_id: str) -> SourceMedia | None:
    """The newest file remembered for the ad whose file is still in the shared storage, or None."""
    with runtime.session() as session:
        keys = list(session.scalars(select(BrandAsset.key).where(
            BrandAsset.workspace_id == runtime.workspace_id, BrandAsset.kind == "source",
            BrandAsset.ad_id == str(ad_id)).order_by(BrandAsset.id.desc())))
    storage = workspace_storage(runtime.settings, runtime.workspace)
    for key in keys:
        if storage.exists(key):
            return open_media(runtime.settings, runtime.workspace, key)
    return None


def still_of(media: SourceMedia) -> Image.Image:
    """The picture image variants use: the image itself, or a frame of the video (1 s in, or its middle)."""
    if media.media == "image":
        with Image.open(media.path) as image:
            return image.convert("RGB")
    from imageio_ffmpeg import get_ffmpeg_exe

    at = min(1.0, (media.duration_s or 2.0) / 2)
    command = [get_ffmpeg_exe(), "-loglevel", "error", "-ss", f"{at:.3f}", "-i", str(media.path), "-frames:v", "1",
               "-f", "image2pipe", "-vcodec", "png", "-"]
    result = subprocess.run(command, capture_output=True, check=False)
    if result.returncode != 0 or not result.stdout:
        raise InputError(f"{media.path}: could not read a frame ({result.stderr.decode(errors='replace')[-300:]}).",
                         file=str(media.path))
    import io

    with Image.open(io.BytesIO(result.stdout)) as image:
        return image.convert("RGB")
