"""Creative media (image, video, thumbnail) downloaded and stored as each ad's asset for the creator.

`download` is the one place bytes come from a URL here, and it is the guarded fetcher (tools/core/fetch.py): Meta's
media URLs are as untrusted as any other, so schemes, addresses (every hop), sizes and a total deadline are checked.
Files land in the workspace's shared storage under `media/meta/<creative>.<ext>` (video thumbnails beside them as
`<creative>-thumbnail.<ext>`), and `creatives.media_uri` holds that storage key, so the creator finds the picture
of `--from winner` / `--from ad:ID` on any box that mounts the storage. A failed download is a warning, not a
failed sync: the numbers matter more than the picture, and the next sync tries again.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tools.core.errors import InputError
from tools.core.fetch import FetchPolicy, fetch_bytes, policy_from_settings
from tools.core.settings import Settings
from tools.core.storage import Storage

MAX_IMAGE_BYTES = 30 * 1024 * 1024
MAX_VIDEO_BYTES = 500 * 1024 * 1024
_IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
_SAFE = re.compile(r"[^A-Za-z0-9_.\-]+")
_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/gif": ".gif",
               "video/mp4": ".mp4", "video/quicktime": ".mov"}


class MediaError(Exception):
    """A media URL could not be fetched (reported as a warning naming the ad)."""


def download(url: str, policy: FetchPolicy) -> tuple[bytes, str]:
    """Bytes and content type of `url`, through the one guarded fetcher (public addresses, size cap, deadline)."""
    try:
        data, result = fetch_bytes(url, policy)
    except InputError as exc:  # refused, too large, HTTP error: a warning naming the ad, never a failed sync
        raise MediaError(str(exc)) from exc
    return data, result.content_type


@dataclass
class MediaJob:
    """One creative's media to fetch: the ad (for messages), the storage stem, and its URLs."""

    ad_id: str
    stem: str  # creative id (or ad id), made safe for a storage key
    main_url: str | None  # image_url, or the video's source
    thumbnail_url: str | None
    is_video: bool


@dataclass
class StoredMedia:
    ad_id: str
    key: str | None  # storage key of the main file (the thumbnail when only that came back)
    error: str | None = None


def stem_for(creative_id: str | None, ad_id: str) -> str:
    return _SAFE.sub("_", f"{creative_id}" if creative_id else f"ad-{ad_id}")[:100] or "creative"


def _extension(url: str, kind: str, fallback: str) -> str:
    if kind in _EXTENSIONS:
        return _EXTENSIONS[kind]
    guessed = mimetypes.guess_extension(kind) if kind else None
    if guessed:
        return guessed
    suffix = urlsplit(url).path.rsplit(".", 1)
    return f".{suffix[1].lower()}" if len(suffix) == 2 and suffix[1].isalnum() and len(suffix[1]) <= 5 else fallback


def fetch_media(storage: Storage, jobs: list[MediaJob], settings: Settings, *, workers: int = 8,
                fetch: Callable[[str, FetchPolicy], tuple[bytes, str]] = download) -> list[StoredMedia]:
    """Download every job's media into `storage` (in parallel); one StoredMedia per job, errors included."""
    image = policy_from_settings(settings, max_bytes=MAX_IMAGE_BYTES)
    video = policy_from_settings(settings, max_bytes=MAX_VIDEO_BYTES)

    def one(job: MediaJob) -> StoredMedia:
        key = None
        try:
            if job.thumbnail_url:
                data, kind = fetch(job.thumbnail_url, image)
                suffix = "-thumbnail" if job.is_video or job.main_url else ""
                thumb_key = f"media/meta/{job.stem}{suffix}{_extension(job.thumbnail_url, kind, '.jpg')}"
                storage.put(thumb_key, data)
                key = thumb_key
            if job.main_url:
                data, kind = fetch(job.main_url, video if job.is_video else image)
                main_key = f"media/meta/{job.stem}{_extension(job.main_url, kind, '.mp4' if job.is_video else '.jpg')}"
                storage.put(main_key, data)
                key = main_key
        except MediaError as exc:
            return StoredMedia(job.ad_id, key, f"ad {job.ad_id}: its creative media could not be downloaded "
                                               f"({exc}); the next sync tries again.")
        return StoredMedia(job.ad_id, key)

    if not jobs:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(jobs)))) as pool:
        return list(pool.map(one, jobs))


def picture_of(path: Path) -> Path | None:
    """The still picture of stored media: an image itself, a video's thumbnail stored beside it (if any)."""
    if path.suffix.lower() in _IMAGE_SUFFIXES:
        return path if path.is_file() else None
    return next(iter(sorted(path.parent.glob(f"{path.stem}-thumbnail.*"))), None)
