"""The brand kit's pictures: product photos and logos, stored per workspace in the shared storage.

Why process on the way in: a render needs a product it can place on any background. A PNG/WebP with transparency is
already a cut-out; an opaque photo on a plain studio background is cut out here with OpenCV (flood fill from the
border, nothing downloaded); any other photo is kept whole and drawn in a frame. Doing it once at `brand add` keeps
every render fast and every box (CLI, worker, GPU worker) drawing the same pixels.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

from tools.core.db.models import BrandAsset
from tools.core.domain.brand import BrandAddResult, BrandKitImage
from tools.core.errors import InputError
from tools.core.runtime import WorkspaceRuntime
from tools.core.storage import workspace_storage

KIT_KINDS = ("product", "logo")
IMAGE_SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}
MAX_IMAGE_BYTES = 40 * 1024 * 1024
MIN_SIDE, MAX_SIDE = 32, 12_000
_PLAIN_BORDER_SHARE = 0.92  # share of border pixels close to the border's median colour for a "plain" background
_BACKGROUND_TOLERANCE = 28  # RGB distance still counted as the plain background


@dataclass
class PreparedImage:
    """A kit picture ready to store: the bytes as given and the picture as renders use it."""

    path: Path
    original: bytes
    content_hash: str
    picture: Image.Image  # RGBA
    treatment: str  # cutout | framed


def is_kit_kind(kind: str | None) -> bool:
    return (kind or "").strip().lower() in KIT_KINDS


def read_image(path: Path, *, what: str = "image") -> tuple[bytes, Image.Image]:
    """The file's bytes and its decoded picture; InputError naming the file and what was expected otherwise."""
    suffix = path.suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        raise InputError(f"{path}: unsupported {what} type {suffix or '(no extension)'}; expected PNG, JPG or WebP.",
                         file=str(path))
    if not path.is_file():
        raise InputError(f"{path}: no such file.", file=str(path))
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        raise InputError(f"{path}: {size / 1_048_576:.1f} MiB is over the {MAX_IMAGE_BYTES // 1_048_576} MiB limit "
                         f"for a brand {what}.", file=str(path))
    data = path.read_bytes()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"{path}: not a readable {IMAGE_SUFFIXES[suffix]} image ({exc}).", file=str(path)) from exc
    if image.format not in set(IMAGE_SUFFIXES.values()):
        raise InputError(f"{path}: the file holds a {image.format} image; expected PNG, JPG or WebP.", file=str(path))
    if min(image.size) < MIN_SIDE or max(image.size) > MAX_SIDE:
        raise InputError(f"{path}: {image.width}x{image.height} pixels; expected sides between {MIN_SIDE} and "
                         f"{MAX_SIDE} pixels.", file=str(path))
    return data, image


def prepare(path: Path) -> PreparedImage:
    data, image = read_image(Path(path))
    picture, treatment = cut_out(image)
    return PreparedImage(path=Path(path), original=data, content_hash=hashlib.sha256(data).hexdigest(),
                         picture=picture, treatment=treatment)


def cut_out(image: Image.Image) -> tuple[Image.Image, str]:
    """(RGBA picture, treatment): transparency kept; a plain background removed; any other photo kept whole."""
    rgba = image.convert("RGBA")
    alpha = np.asarray(rgba.getchannel("A"))
    if (alpha < 250).mean() > 0.01:  # real transparency: already a cut-out
        return _trim(rgba), "cutout"
    rgb = np.asarray(rgba.convert("RGB"))
    mask = _foreground_mask(rgb)
    if mask is None:
        return rgba, "framed"
    rgba.putalpha(Image.fromarray(mask))
    return _trim(rgba), "cutout"


def _foreground_mask(rgb: np.ndarray) -> np.ndarray | None:
    """An 8-bit alpha mask of what is not the plain border-connected background; None when the border is not plain."""
    import cv2

    height, width = rgb.shape[:2]
    band = max(2, round(min(height, width) * 0.02))
    border = np.concatenate([rgb[:band].reshape(-1, 3), rgb[-band:].reshape(-1, 3),
                             rgb[:, :band].reshape(-1, 3), rgb[:, -band:].reshape(-1, 3)]).astype(np.int16)
    background = np.median(border, axis=0)
    close = np.linalg.norm(border - background, axis=1) <= _BACKGROUND_TOLERANCE
    if close.mean() < _PLAIN_BORDER_SHARE:
        return None
    near = (np.linalg.norm(rgb.astype(np.int16) - background, axis=2) <= _BACKGROUND_TOLERANCE).astype(np.uint8)
    # the background is what is near its colour AND connected to the border (a white label on the bottle stays)
    _count, labels = cv2.connectedComponents(near, connectivity=4)
    edge_labels = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    background_mask = np.isin(labels, edge_labels[edge_labels > 0]) & (near > 0)
    foreground = (~background_mask).astype(np.uint8) * 255
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
    foreground = cv2.morphologyEx(foreground, cv2.MORPH_OPEN, kernel)
    share = (foreground > 0).mean()
    if not 0.02 <= share <= 0.97:  # nothing (or everything) found: keep the photo whole
        return None
    return cv2.GaussianBlur(foreground, (3, 3), 0)  # a soft edge instead of a jagged one


def _trim(rgba: Image.Image) -> Image.Image:
    box = rgba.getchannel("A").point(lambda v: 255 if v > 8 else 0).getbbox()
    return rgba.crop(box) if box else rgba


def _png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "PNG", compress_level=3)
    return out.getvalue()


def add_kit_images(runtime: WorkspaceRuntime, paths: Sequence[str | Path], kind: str) -> BrandAddResult:
    """Store product photos or logos; every file is read and checked before anything is stored (all or nothing)."""
    kind = kind.strip().lower()
    if kind not in KIT_KINDS:
        raise InputError(f"Unknown kit kind {kind!r}: expected product or logo.", field="kind")
    if not paths:
        raise InputError(f"No {kind} image given: expected one or more PNG, JPG or WebP files.", field="input")
    prepared = [prepare(Path(p).expanduser()) for p in paths]
    storage = workspace_storage(runtime.settings, runtime.workspace)
    workspace_id = runtime.workspace_id
    ids: list[str] = []
    names: list[str] = []
    skipped = 0
    written: list[str] = []
    try:
        with runtime.session() as session:
            known = set(session.scalars(select(BrandAsset.content_hash).where(
                BrandAsset.workspace_id == workspace_id, BrandAsset.kind == kind, BrandAsset.ad_id == "")))
            for item in prepared:
                if item.content_hash in known:
                    skipped += 1
                    continue
                known.add(item.content_hash)
                stem = f"brand/{kind}/{item.content_hash[:16]}"
                original_key = f"{stem}-original{item.path.suffix.lower()}"
                key = f"{stem}.png"
                storage.put(original_key, item.original)
                storage.put(key, _png(item.picture))
                written += [original_key, key]
                row = BrandAsset(workspace_id=workspace_id, kind=kind, ad_id="", media="image", key=key,
                                 original_key=original_key, filename=item.path.name, content_hash=item.content_hash,
                                 treatment=item.treatment, width=item.picture.width, height=item.picture.height)
                session.add(row)
                session.flush()
                ids.append(f"{kind}:{row.id}")
                names.append(item.path.name)
    except BaseException:
        for key in written:  # the rows were rolled back: their files go too
            storage.delete(key)
        raise
    return BrandAddResult(added=len(ids), ids=ids, skipped_duplicates=skipped, documents=names,
                          kinds={kind: len(ids)} if ids else {})


def kit_images(runtime: WorkspaceRuntime, kind: str | None = None) -> list[BrandKitImage]:
    """The workspace's kit pictures, newest first (the newest product/logo is the one renders use)."""
    storage = workspace_storage(runtime.settings, runtime.workspace)
    with runtime.session() as session:
        query = select(BrandAsset).where(BrandAsset.workspace_id == runtime.workspace_id,
                                         BrandAsset.kind.in_([kind] if kind else list(KIT_KINDS)))
        rows = session.scalars(query.order_by(BrandAsset.id.desc())).all()
        return [BrandKitImage(id=f"{row.kind}:{row.id}", kind=row.kind, filename=row.filename, key=row.key,
                              path=str(storage.path(row.key)), treatment=row.treatment, width=row.width,
                              height=row.height) for row in rows]
