"""From a resolved source to a complete Blueprint (pure: no database).

Validation comes first and is strict, so that bad input fails before any heavy work and nothing partial is ever
returned: the container must declare a decodable video stream, the decode must reach the declared duration, images
must open and stay within a pixel budget, text must be UTF-8.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from tools.core.domain.blueprint import Blueprint, CopyFeatures, SourceInfo
from tools.core.errors import InputError
from tools.extractor import archive
from tools.extractor.analysis import hook as hook_analysis
from tools.extractor.analysis.audio import analyse_audio
from tools.extractor.analysis.video import average_shot, build_shots, pace_class, run_video_pass
from tools.extractor.copy.archetypes import rule_scores
from tools.extractor.copy.classify import classify_copy
from tools.extractor.features import FeatureContext, evaluate
from tools.extractor.media.ffmpeg import StreamInfo, probe
from tools.extractor.sources import ResolvedSource

EXTRACTOR_VERSION = "1.0"
HOOK_WINDOW_S = 3.0
MAX_ANALYSIS_FPS = 60.0
MAX_IMAGE_PIXELS = 80_000_000
MAX_TEXT_BYTES = 1_000_000
MIN_DECODED_SHARE = 0.9

Progress = Callable[[str], None]


def analyse(source: ResolvedSource, *, archive_id: str | None = None, use_embeddings: bool = True,
            model_path: Path | None = None, progress: Progress | None = None) -> Blueprint:
    say = progress or (lambda _message: None)
    info = SourceInfo(uri=source.uri, origin=source.origin, media_type=source.media_type,
                      size_bytes=source.size_bytes, content_hash=source.content_hash)
    if source.category == "video":
        blueprint = _video(source, info, use_embeddings, model_path, say)
    elif source.category == "image":
        blueprint = _image(source, info, use_embeddings, model_path, say)
    elif source.category == "ads_archive":
        blueprint = _archive(source, info, archive_id, use_embeddings, model_path)
    else:
        blueprint = _text(source, info, use_embeddings, model_path)
    blueprint.evidence = [e for f in blueprint.features if f.detected for e in f.evidence]
    blueprint.summary = blueprint.attributes()
    blueprint.extractor_version = EXTRACTOR_VERSION
    blueprint.created_at = datetime.now(UTC)
    return blueprint


# ---------------------------------------------------------------------- video


def validate_video(source: ResolvedSource) -> StreamInfo:
    label = source.uri
    info = probe(source.path)
    raw = info.raw.lower()
    if "moov atom not found" in raw:
        raise InputError(f"{label}: truncated or corrupt MP4/MOV (its index, the 'moov' atom, is missing). Export or "
                         "download the video again.", file=label)
    if info.video_codec is None:
        reason = _ffmpeg_reason(info.raw)
        if "invalid data" in raw or "error" in raw:
            raise InputError(f"{label}: corrupt or unreadable video ({reason}).", file=label)
        raise InputError(f"{label}: no video stream found ({source.media_type}). Expected a playable video.",
                         file=label)
    if info.video_codec.lower() in ("none", "unknown") or "unsupported codec" in raw or "no decoder" in raw:
        fourcc = _fourcc(info.raw)
        raise InputError(f"{label}: unsupported video codec ({fourcc or info.video_codec}). Expected H.264, HEVC, "
                         "VP8, VP9 or AV1.", file=label)
    if not info.width or not info.height:
        raise InputError(f"{label}: the video stream declares no frame size; the file is corrupt.", file=label)
    if not info.duration_s or info.duration_s <= 0:
        raise InputError(f"{label}: the video declares no duration; the file is corrupt or truncated.", file=label)
    return info


def _fourcc(raw: str) -> str | None:
    import re

    match = re.search(r"Video:\s*\S+\s*\(([^)]*)\)", raw)
    return match.group(1) if match else None


def _ffmpeg_reason(raw: str) -> str:
    lines = [line.strip() for line in raw.splitlines() if line.strip() and not line.startswith(" ")]
    words = ("invalid", "error", "corrupt", "not found")
    interesting = [line for line in lines if any(w in line.lower() for w in words)]
    return (interesting or lines or ["ffmpeg could not read it"])[-1][:300]


def _video(source: ResolvedSource, info: SourceInfo, use_embeddings: bool, model_path: Path | None,
           say: Progress) -> Blueprint:
    stream = validate_video(source)
    width, height = stream.width or 0, stream.height or 0
    if stream.rotation in (90, 270):
        width, height = height, width
    fps = min(stream.fps or 30.0, MAX_ANALYSIS_FPS)
    if fps < 1.0:
        fps = 30.0
    say(f"decoding {source.name}: {width}x{height}, {stream.duration_s:.1f} s, {stream.video_codec}")
    video = run_video_pass(source.path, width=width, height=height, fps=fps, hook_window_s=HOOK_WINDOW_S)
    decoded_s = video.frames / fps
    declared = _declared_video_seconds(source.path) or stream.duration_s or decoded_s
    if video.report.returncode not in (0, None) or decoded_s < MIN_DECODED_SHARE * declared - 1.0 / fps:
        reason = _reason(video.report.errors, video.report.stderr_tail)
        raise InputError(
            f"{source.uri}: truncated or corrupt video — decoded {decoded_s:.2f} s of the {declared:.2f} s its "
            f"container declares ({reason}).", file=source.uri)
    warnings = []
    if video.report.errors:
        warnings.append(f"ffmpeg reported {len(video.report.errors)} decoding problem(s), e.g. "
                        f"{video.report.errors[0][:200]}")
    shots, transitions, cuts = build_shots(video)
    avg = average_shot(shots)
    say(f"{len(shots)} shots, {len(cuts)} cuts; reading the hook")
    hook = hook_analysis.analyse_video_hook(source.path, video, width=width, height=height, window_s=HOOK_WINDOW_S)
    say("analysing the soundtrack")
    audio = analyse_audio(source.path, has_audio=stream.audio_codec is not None)
    copy, archetype_evidence = _copy_from_screen(hook.text, use_embeddings, model_path)
    blueprint = Blueprint(
        kind="video", source=info, duration_s=round(decoded_s, 3), fps=round(fps, 3), width=width, height=height,
        aspect_ratio=aspect_ratio(width, height), aspect_ratio_value=round(width / height, 4),
        shots=shots, cuts_s=cuts, transitions=transitions, avg_shot_s=avg, pace=pace_class(avg, len(shots)),  # type: ignore[arg-type]
        hook=hook, audio=audio, copy=copy, warnings=warnings,
    )
    context = FeatureContext(kind="video", duration_s=blueprint.duration_s, shots=shots, transitions=transitions,
                             avg_shot_s=avg, pace=blueprint.pace, hook=hook, audio=audio, copy=copy,
                             archetype_evidence=archetype_evidence)
    blueprint.features = evaluate(context, sections=("video", "hook", "audio")) + (copy.features if copy else [])
    return blueprint


def _declared_video_seconds(path: Path) -> float | None:
    """The video stream's own length from its index (frame count ÷ rate). The container's duration is the longest
    stream's, and an audio track that runs on past the picture must not make a complete video look truncated."""
    import cv2

    capture = cv2.VideoCapture(str(path))
    try:
        frames = capture.get(cv2.CAP_PROP_FRAME_COUNT)
        rate = capture.get(cv2.CAP_PROP_FPS)
    finally:
        capture.release()
    if frames and rate and frames > 0 and rate > 0:
        return float(frames) / float(rate)
    return None


def _reason(errors: list[str], tail: str) -> str:
    lines = errors or [line for line in tail.splitlines() if line.strip()]
    return lines[-1][:200] if lines else "the stream ends early"


def _copy_from_screen(text: str, use_embeddings: bool, model_path: Path | None) -> tuple[CopyFeatures | None, dict]:
    """On-screen text is the copy of a video or image ad (captions, overlays)."""
    if not text.strip():
        return None, {}
    copy = classify_copy(text, use_embeddings=use_embeddings, model_path=model_path)
    return copy, rule_scores(copy.hook_text, offset=copy.text.find(copy.hook_text))[1]


# ---------------------------------------------------------------------- image


def _image(source: ResolvedSource, info: SourceInfo, use_embeddings: bool, model_path: Path | None,
           say: Progress) -> Blueprint:
    import numpy as np
    from PIL import Image, UnidentifiedImageError

    label = source.uri
    try:
        with Image.open(source.path) as probe_image:
            width, height = probe_image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise InputError(f"{label}: image too large ({width}x{height} = {width * height / 1e6:.0f} MP; the "
                                 f"limit is {MAX_IMAGE_PIXELS / 1e6:.0f} MP).", file=label)
            probe_image.verify()
        with Image.open(source.path) as image:
            image.draft("RGB", (1280, 1280))  # JPEG: decode at reduced size directly (bounded memory)
            image = image.convert("RGB")
            image.thumbnail((1280, 1280))
            rgb = np.asarray(image)
    except InputError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"{label}: corrupt or truncated image ({exc}).", file=label) from exc
    say(f"reading {source.name}: {width}x{height}")
    bgr = np.ascontiguousarray(rgb[:, :, ::-1])
    hook = hook_analysis.analyse_image_hook(bgr)
    copy, archetype_evidence = _copy_from_screen(hook.text, use_embeddings, model_path)
    blueprint = Blueprint(kind="image", source=info, width=width, height=height,
                          aspect_ratio=aspect_ratio(width, height), aspect_ratio_value=round(width / height, 4),
                          hook=hook, copy=copy)
    context = FeatureContext(kind="image", hook=hook, copy=copy, archetype_evidence=archetype_evidence)
    blueprint.features = evaluate(context, sections=("hook",)) + (copy.features if copy else [])
    return blueprint


# ---------------------------------------------------------------------- copy


def _read_text(source: ResolvedSource) -> str:
    if source.size_bytes > MAX_TEXT_BYTES:
        raise InputError(f"{source.uri}: ad copy larger than {MAX_TEXT_BYTES // 1000} kB; expected the text of one "
                         "ad.", file=source.uri)
    try:
        return source.path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{source.uri}: not UTF-8 text (byte {exc.start}); save the copy as UTF-8.",
                         file=source.uri) from exc


def _text(source: ResolvedSource, info: SourceInfo, use_embeddings: bool, model_path: Path | None) -> Blueprint:
    text = _read_text(source)
    if source.media_type == "text/markdown":
        text = _strip_markdown(text)
    if not text.strip():
        raise InputError(f"{source.uri}: contains no text. Expected the ad copy.", file=source.uri)
    copy = classify_copy(text, use_embeddings=use_embeddings, model_path=model_path)
    return Blueprint(kind="copy", source=info, copy=copy, features=list(copy.features))


def _strip_markdown(text: str) -> str:
    """Markdown markup is layout, not copy: drop headings' hashes, emphasis marks and link targets."""
    import re

    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"^\s*[-*+]\s+", "", text, flags=re.M)
    return text


def _archive(source: ResolvedSource, info: SourceInfo, archive_id: str | None, use_embeddings: bool,
             model_path: Path | None) -> Blueprint:
    import hashlib

    ad, canonical = archive.read_archive(source.path, source.uri, archive_id)
    body, headline = archive.copy_fields(ad)
    if not body and not headline:
        raise InputError(f"{source.uri}: ad {ad.get('id')} has no `ad_creative_bodies`, descriptions or link titles "
                         "to analyse.", file=source.uri, field="ad_creative_bodies")
    copy = classify_copy(body or headline or "", headline=headline if body else None, use_embeddings=use_embeddings,
                         model_path=model_path)
    info = info.model_copy(update={
        "origin": "ads_archive",
        "archive": archive.metadata(ad),
        "content_hash": hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
    })
    return Blueprint(kind="copy", source=info, copy=copy, features=list(copy.features))


# ---------------------------------------------------------------------- helpers

COMMON_RATIOS = {"9:16": 9 / 16, "4:5": 4 / 5, "1:1": 1.0, "16:9": 16 / 9, "4:3": 4 / 3, "3:4": 3 / 4, "2:3": 2 / 3,
                 "3:2": 3 / 2, "21:9": 21 / 9, "1.91:1": 1.91}


def aspect_ratio(width: int, height: int) -> str:
    """The named ratio within 2 % (placements are specified by name), else the reduced fraction."""
    value = width / height
    name, target = min(COMMON_RATIOS.items(), key=lambda kv: abs(kv[1] - value))
    if abs(target - value) / target <= 0.02:
        return name
    divisor = math.gcd(width, height)
    return f"{width // divisor}:{height // divisor}"
