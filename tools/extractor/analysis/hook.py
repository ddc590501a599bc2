"""The hook: the first seconds of a video (or a still image) — motion, push-in, faces, close-ups, on-screen text.

Only the hook window is read for this: motion and zoom come from the small grey frames the main pass kept for the
window; faces and text from a second, short decode of the window at 640 px on the long side, sampled twice per second
(faces on every sample, text on a few chosen per shot).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np

from tools.core.domain.blueprint import FaceSighting, HookFeatures, TextSighting
from tools.extractor.analysis import vision
from tools.extractor.analysis.video import VideoPass, palette
from tools.extractor.media.decode import DecodeReport, analysis_size, iter_video_frames

HOOK_LONG_SIDE = 640
ZOOM_MIN_SCALE = 1.06
ZOOM_MIN_CONSISTENCY = 0.7
ZOOM_MIN_SECONDS = 0.4


def analyse_video_hook(path: Path, video: VideoPass, *, width: int, height: int, window_s: float = 3.0,
                       ocr_samples: int = 4) -> HookFeatures:
    fps = video.fps
    window_frames = min(video.frames, round(window_s * fps))
    window = window_frames / fps
    boundaries = [t.at for t in video.transitions if 0 < t.at < window_frames]
    cut_frames = [t.at for t in video.transitions if t.kind == "cut" and 0 < t.at < window_frames]
    inner = [i for i in range(1, window_frames) if i not in set(boundaries)]
    motion = float(video.motion[inner].mean()) if inner else 0.0

    zoom = estimate_zoom(video.hook_grey[:window_frames], fps, boundaries)

    faces: list[FaceSighting] = []
    texts: list[TextSighting] = []
    frames = list(_hook_frames(path, width, height, window))
    chosen = _ocr_choice([t for t, _ in frames], [b / fps for b in boundaries], ocr_samples)
    for t_s, frame in frames:
        faces.extend(vision.detect_faces(frame, t_s))
        if t_s in chosen:
            texts.extend(vision.read_text(frame, t_s))
    colour_samples = video.colour_samples[:window_frames]
    max_share = max((f.area_share for f in faces), default=0.0)
    text = vision.merge_text(texts)
    return HookFeatures(
        window_s=round(window, 3),
        motion_energy=round(motion, 4),
        flow_px_s=zoom["flow_px_s"],
        zoom_in=zoom["zoom_in"],
        zoom_scale=zoom["scale"],
        zoom_span_s=zoom["span"],
        cuts=len(cut_frames),
        first_cut_s=round(min(boundaries) / fps, 3) if boundaries else None,
        face_present=bool(faces),
        face_first_s=min((f.t_s for f in faces), default=None),
        face_max_share=round(max_share, 4),
        close_up=max_share >= vision.CLOSE_UP_SHARE,
        faces=faces,
        text_on_screen=bool(text),
        text=text,
        text_area_share=vision.text_area_share(texts),
        texts=texts,
        brightness=round(float(video.luma[:window_frames].mean()), 4) if window_frames else None,
        palette=palette(colour_samples),
    )


def analyse_image_hook(image_bgr: np.ndarray) -> HookFeatures:
    """A still ad is all hook: faces, text, light and colour of the one frame."""
    import cv2

    height, width = image_bgr.shape[:2]
    size = analysis_size(width, height, HOOK_LONG_SIDE)
    frame = cv2.resize(image_bgr, size, interpolation=cv2.INTER_AREA) if size != (width, height) else image_bgr
    faces = vision.detect_faces(frame, 0.0)
    texts = vision.read_text(frame, 0.0)
    brightness, colours = vision.brightness_and_palette(frame)
    max_share = max((f.area_share for f in faces), default=0.0)
    text = vision.merge_text(texts)
    return HookFeatures(
        window_s=0.0, face_present=bool(faces), face_first_s=0.0 if faces else None,
        face_max_share=round(max_share, 4), close_up=max_share >= vision.CLOSE_UP_SHARE, faces=faces,
        text_on_screen=bool(text), text=text, text_area_share=vision.text_area_share(texts), texts=texts,
        brightness=brightness, palette=colours,
    )


def _ocr_choice(times: list[float], boundaries_s: list[float], budget: int) -> set[float]:
    """Which sampled frames to read text from: every shot in the window gets its middle frame, long shots also
    their first and last (captions change within a shot), within a budget of OCR calls (the slow part)."""
    edges = [-1.0, *sorted(boundaries_s), float("inf")]
    per_shot = [[t for t in times if a <= t < b] for a, b in itertools.pairwise(edges)]
    per_shot = [samples for samples in per_shot if samples]
    chosen: list[float] = [samples[len(samples) // 2] for samples in per_shot]
    for samples in per_shot:
        if len(samples) >= 4:
            chosen.extend([samples[0], samples[-1]])
    ordered = list(dict.fromkeys(chosen))
    return set(ordered[:max(budget, len(per_shot))])


def _hook_frames(path: Path, width: int, height: int, window_s: float):  # type: ignore[no-untyped-def]
    """Frames of the hook window at 2 per second, mid-way through each half second (0.25 s, 0.75 s, ...), so a
    sample never sits on a shot boundary; 640 px on the long side."""
    size = analysis_size(width, height, HOOK_LONG_SIDE)
    report = DecodeReport()
    offset = 0.25 if window_s > 0.5 else 0.0
    frames = iter_video_frames(path, size=size, fps=2.0, start_s=offset, duration_s=max(window_s - offset, 0.25),
                               report=report)
    for index, frame in enumerate(frames):
        t_s = offset + index * 0.5
        if t_s >= max(window_s, 0.01):
            break
        yield t_s, frame


def estimate_zoom(greys: list[np.ndarray], fps: float, boundaries: list[int]) -> dict:
    """Scale change between consecutive frames from tracked corners (similarity transform, RANSAC).

    Within each shot the per-frame scales multiply into a cumulative zoom; a push-in is a shot segment of at least
    0.4 s whose scale grows by ≥ 6 % with ≥ 70 % of its frame pairs scaling up.
    """
    import cv2

    result: dict = {"zoom_in": False, "scale": None, "span": None, "flow_px_s": None, "confidence": 0.0}
    if len(greys) < 2:
        return result
    edges = [0, *sorted(b for b in boundaries if 0 < b < len(greys)), len(greys)]
    best: tuple[float, float, int, int] | None = None  # (cumulative scale, consistency, start, end)
    speeds: list[float] = []
    for start, end in itertools.pairwise(edges):
        scales: list[float] = []
        for i in range(start + 1, end):
            prev, cur = greys[i - 1], greys[i]
            points = cv2.goodFeaturesToTrack(prev, maxCorners=150, qualityLevel=0.01, minDistance=5)
            if points is None or len(points) < 8:
                continue
            moved, status, _ = cv2.calcOpticalFlowPyrLK(prev, cur, points, None, winSize=(15, 15), maxLevel=2)
            ok = status.reshape(-1) == 1
            if ok.sum() < 8:
                continue
            src, dst = points[ok].reshape(-1, 2), moved[ok].reshape(-1, 2)
            speeds.append(float(np.median(np.linalg.norm(dst - src, axis=1))) * fps)
            matrix, _ = cv2.estimateAffinePartial2D(src, dst, method=cv2.RANSAC, ransacReprojThreshold=1.0)
            if matrix is None:
                continue
            scales.append(float(np.hypot(matrix[0, 0], matrix[1, 0])))
        if len(scales) < 2:
            continue
        cumulative = float(np.prod(scales))
        consistency = float(np.mean(np.asarray(scales) > 1.0005))
        if best is None or cumulative > best[0]:
            best = (cumulative, consistency, start, end)
    if speeds:
        result["flow_px_s"] = round(float(np.median(speeds)), 2)
    if best is None:
        return result
    cumulative, consistency, start, end = best
    result["scale"] = round(cumulative, 4)
    duration = (end - start) / fps
    if cumulative >= ZOOM_MIN_SCALE and consistency >= ZOOM_MIN_CONSISTENCY and duration >= ZOOM_MIN_SECONDS:
        result["zoom_in"] = True
        result["span"] = (round(start / fps, 3), round(end / fps, 3))
        result["confidence"] = round(float(min(0.99, 0.5 + 2.5 * (cumulative - 1.0)) * consistency), 3)
    return result
