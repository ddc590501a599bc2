"""Turn what the user gave (a path or a URL) into a local file of a known kind, or refuse with a clear reason.

Kinds are decided by the bytes, not the name: a PNG named `ad.mp4` is refused as an image pretending to be a video
rather than analysed as something it is not. Downloads stream to a temporary folder with a size cap, hashing as they
go; local files are hashed in 1 MiB blocks. Nothing is ever loaded whole.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlparse

from tools.core.errors import InputError
from tools.core.fetch import FetchHTTPError, FetchPolicy, download

Category = Literal["video", "image", "copy", "ads_archive"]
VIDEO_EXTENSIONS = {".mp4": "video/mp4", ".m4v": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm"}
IMAGE_EXTENSIONS = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}
TEXT_EXTENSIONS = {".txt": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown"}
JSON_EXTENSIONS = {".json": "application/json"}
DEFAULT_MAX_DOWNLOAD_BYTES = 200 * 1024 * 1024
EXPECTED = "a video (MP4, MOV, WebM), an image (PNG, JPEG, WebP), ad copy (.txt, .md) or Meta Ad Library JSON"


@dataclass(frozen=True)
class ResolvedSource:
    uri: str
    origin: Literal["file", "url"]
    path: Path
    name: str
    size_bytes: int
    category: Category
    media_type: str
    content_hash: str


def is_url(source: str | Path) -> bool:
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


@contextmanager
def open_source(source: str | Path, *, max_download_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES,
                fetch_policy: FetchPolicy | None = None) -> Iterator[ResolvedSource]:
    """Yield the resolved source; downloaded files live in a temporary folder removed afterwards.

    URLs go through the one guarded fetcher (`tools.core.fetch`): `fetch_policy` carries the installation's allowed
    hosts and deadline; its size cap is replaced by `max_download_bytes`.
    """
    if is_url(source):
        policy = replace(fetch_policy or FetchPolicy(), max_bytes=max_download_bytes, size_unit="MB",
                         size_setting="--max-mb")
        folder = Path(tempfile.mkdtemp(prefix="hookline-extract-"))
        try:
            yield _download(str(source), folder, policy)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    yield _local(Path(source))


def _local(path: Path) -> ResolvedSource:
    name = str(path)
    if not path.exists():
        raise InputError(f"{name}: no such file. Expected {EXPECTED}, or an http(s) URL.", file=name)
    if not path.is_file():
        raise InputError(f"{name}: is a folder, not a file. Expected {EXPECTED}.", file=name)
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{name}: the file is empty (0 bytes). Expected {EXPECTED}.", file=name)
    try:
        digest = _hash_file(path)
        head = _head(path)
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc}).", file=name) from exc
    category, media_type = classify(head, name=path.name, label=name)
    return ResolvedSource(uri=str(path.resolve()), origin="file", path=path, name=path.name, size_bytes=size,
                          category=category, media_type=media_type, content_hash=digest)


def _download(url: str, folder: Path, policy: FetchPolicy) -> ResolvedSource:
    name = safe_name(Path(unquote(urlparse(url).path)).name) or "download"
    try:
        fetched = download(url, folder / name, policy)
    except FetchHTTPError as exc:
        raise InputError(f"{url}: the server answered HTTP {exc.status}; expected the ad file itself.",
                         file=url) from None
    if fetched.size_bytes == 0:
        raise InputError(f"{url}: the server sent an empty body (0 bytes). Expected {EXPECTED}.", file=url)
    if fetched.content_type == "text/html" and Path(name).suffix.lower() not in TEXT_EXTENSIONS:
        raise InputError(f"{url}: the server sent a web page (text/html), not an ad file. Link the video, image or "
                         "text itself.", file=url)
    category, media_type = classify(_head(fetched.path), name=name, label=url)
    return ResolvedSource(uri=url, origin="url", path=fetched.path, name=name, size_bytes=fetched.size_bytes,
                          category=category, media_type=media_type, content_hash=fetched.sha256)


def safe_name(name: str) -> str:
    """A download's local name that stays inside its temporary folder."""
    return "".join(ch if ch.isalnum() or ch in "._- " else "_" for ch in name).strip(" .")[:180]


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _head(path: Path, size: int = 65_536) -> bytes:
    with path.open("rb") as handle:
        return handle.read(size)


def sniff(head: bytes) -> tuple[str, str]:
    """(category, media type) from the first bytes; category is video, image, text, json or unsupported."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image", "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image", "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image", "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "unsupported", "video/x-msvideo (AVI)"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "unsupported", "image/gif"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"avif", b"avis"):
            return "unsupported", f"image/{brand.decode(errors='replace').strip()} (HEIF/AVIF)"
        if brand == b"qt  ":
            return "video", "video/quicktime"
        return "video", "video/mp4"
    if head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip"):
        return "video", "video/quicktime"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video", "video/webm"
    if b"\x00" in head:
        return "unsupported", "application/octet-stream"
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if len(head) >= 65_536 and exc.start >= len(head) - 4:  # a multi-byte character cut by the 64 KiB window
            text = head[:exc.start].decode("utf-8-sig", errors="strict")
        else:
            return "unsupported", "application/octet-stream (not UTF-8 text)"
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        return "json", "application/json"
    return "text", "text/plain"


def classify(head: bytes, *, name: str, label: str) -> tuple[Category, str]:
    """Decide the kind from the bytes and refuse names that lie about it."""
    found, media_type = sniff(head)
    extension = Path(name).suffix.lower()
    if found == "unsupported":
        raise InputError(f"{label}: unsupported format ({media_type}). Expected {EXPECTED}.", file=label)
    claimed = ("video" if extension in VIDEO_EXTENSIONS else "image" if extension in IMAGE_EXTENSIONS
               else "text" if extension in TEXT_EXTENSIONS else "json" if extension in JSON_EXTENSIONS else None)
    if claimed is not None and claimed != found and not (claimed == "text" and found == "json"):
        what = {"video": "a video", "image": "an image", "text": "text", "json": "JSON"}
        raise InputError(
            f"{label}: named like {what[claimed]} ({extension}) but its content is {what[found]} ({media_type}). "
            f"Rename it or export the {claimed} itself.", file=label)
    if found == "json" and claimed != "text":
        return "ads_archive", media_type
    if found in ("text", "json"):
        media = TEXT_EXTENSIONS.get(extension, "text/plain")
        return "copy", media
    return found, media_type  # type: ignore[return-value]
