"""One streamed pass over a video: shot boundaries, per-frame light and motion, colour samples, the hook's frames.

Memory is bounded by design: the pass holds one small frame at a time, a short ring of 48×48 grey frames for the
blend test, the first `hook_window_s` of small grey frames, and per frame a handful of floats plus a 16-pixel-wide
colour sample (~0.5 KB) for shot palettes.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tools.core.colours import to_hex
from tools.core.domain.blueprint import PaletteColour, Shot, Transition
from tools.core.errors import InputError
from tools.extractor.analysis.transitions import GREY_SIZE, TransitionFinding, TransitionTracker
from tools.extractor.media.decode import DecodeReport, analysis_size, iter_video_frames

ANALYSIS_LONG_SIDE = 256
SAMPLE_LONG_SIDE = 16


@dataclass
class VideoPass:
    fps: float
    frames: int
    size: tuple[int, int]
    transitions: list[TransitionFinding]
    luma: np.ndarray  # mean luma 0..1 per frame
    motion: np.ndarray  # mean |grey_i − grey_{i−1}| / 255 per frame (0 for frame 0)
    colour_samples: list[np.ndarray]  # tiny BGR frames, one per frame
    hook_grey: list[np.ndarray] = field(default_factory=list)  # analysis-size grey frames of the hook window
    report: DecodeReport = field(default_factory=DecodeReport)


def run_video_pass(path: Path, *, width: int, height: int, fps: float, hook_window_s: float = 3.0,
                   long_side: int = ANALYSIS_LONG_SIDE) -> VideoPass:
    import cv2

    size = analysis_size(width, height, long_side)
    sample_size = analysis_size(width, height, SAMPLE_LONG_SIDE)
    tracker = TransitionTracker(fps=fps)
    report = DecodeReport()
    luma: list[float] = []
    motion: list[float] = []
    samples: list[np.ndarray] = []
    hook_grey: list[np.ndarray] = []
    hook_frames = round(hook_window_s * fps)
    previous: np.ndarray | None = None
    index = -1
    for index, frame in enumerate(iter_video_frames(path, size=size, fps=fps, report=report)):
        grey_full = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        grey = cv2.resize(grey_full, GREY_SIZE, interpolation=cv2.INTER_AREA)
        tracker.push(index, frame, grey)
        luma.append(float(grey.mean()) / 255.0)
        if previous is None:
            motion.append(0.0)
        else:
            motion.append(float(cv2.absdiff(grey, previous).mean()) / 255.0)
        previous = grey
        samples.append(cv2.resize(frame, sample_size, interpolation=cv2.INTER_AREA))
        if index < hook_frames:
            hook_grey.append(grey_full)
    total = index + 1
    if total == 0:
        raise InputError(
            f"{path.name}: no video frame could be decoded (ffmpeg said: {_reason(report)}). Expected a playable "
            "MP4, MOV or WebM video.",
            file=str(path),
        )
    transitions = tracker.finish(total)
    motion_array = np.asarray(motion, dtype=np.float32)
    for finding in transitions:
        if finding.kind == "cut":
            finding.confidence = _cut_confidence(motion_array, finding.at)
    return VideoPass(fps=fps, frames=total, size=size, transitions=transitions, luma=np.asarray(luma, np.float32),
                     motion=motion_array, colour_samples=samples, hook_grey=hook_grey, report=report)


def _reason(report: DecodeReport) -> str:
    lines = report.errors or [line for line in report.stderr_tail.splitlines() if line.strip()]
    return lines[-1] if lines else f"exit code {report.returncode}"


def _cut_confidence(motion: np.ndarray, at: int) -> float:
    """How much the change at the cut stands out from the motion around it."""
    if at <= 0 or at >= len(motion):
        return 0.5
    around = np.concatenate([motion[max(1, at - 6):at], motion[at + 1:at + 7]])
    baseline = float(np.median(around)) if around.size else 0.0
    ratio = float(motion[at]) / (baseline + 0.004)
    return round(float(np.clip(0.55 + 0.45 * (1 - np.exp(-(ratio - 1.0) / 4.0)), 0.5, 0.99)), 3)


# ---------------------------------------------------------------------- shots


def build_shots(video: VideoPass) -> tuple[list[Shot], list[Transition], list[float]]:
    """Turn boundaries into shots (with light, motion and palette), transitions and hard-cut times."""
    fps = video.fps
    boundaries = [(0, "start")] + [(t.at, t.kind) for t in video.transitions] + [(video.frames, "end")]
    shots: list[Shot] = []
    boundary_frames = {t.at for t in video.transitions}
    for number, ((start, kind), (end, _)) in enumerate(itertools.pairwise(boundaries)):
        if end <= start:
            continue
        inner = [i for i in range(start + 1, end) if i not in boundary_frames]
        shot_motion = float(video.motion[inner].mean()) if inner else 0.0
        shots.append(Shot(
            index=number,
            start_s=round(start / fps, 3),
            end_s=round(end / fps, 3),
            duration_s=round((end - start) / fps, 3),
            transition_in=kind if kind in ("start", "cut", "dissolve", "fade") else "cut",  # type: ignore[arg-type]
            brightness=round(float(video.luma[start:end].mean()), 4),
            motion=round(shot_motion, 4),
            palette=palette(video.colour_samples[start:end]),
        ))
    transitions = [
        Transition(kind=t.kind, at_s=round(t.at / fps, 3), start_s=round(t.start / fps, 3),  # type: ignore[arg-type]
                   end_s=round(t.end / fps, 3), confidence=t.confidence)
        for t in video.transitions
    ]
    cuts = [round(t.at / fps, 3) for t in video.transitions if t.kind == "cut"]
    return shots, transitions, cuts


def palette(samples: list[np.ndarray], k: int = 4, max_pixels: int = 4000) -> list[PaletteColour]:
    """Dominant colours by k-means over the shot's colour samples (BGR in, hex RGB out), largest share first."""
    import cv2

    if not samples:
        return []
    stride = max(1, int(np.ceil(len(samples) * samples[0].shape[0] * samples[0].shape[1] / max_pixels)))
    pixels = np.concatenate([s.reshape(-1, 3) for s in samples[::stride] or samples[:1]]).astype(np.float32)
    k = int(min(k, len(np.unique(pixels.astype(np.uint8), axis=0))))
    if k <= 0:
        return []
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 1.0)
    cv2.setRNGSeed(0)
    _, labels, centres = cv2.kmeans(pixels, k, None, criteria, 2, cv2.KMEANS_PP_CENTERS)
    counts = np.bincount(labels.ravel(), minlength=k).astype(float)
    order = np.argsort(-counts)
    result = []
    for i in order:
        b, g, r = (round(c) for c in np.clip(centres[i], 0, 255))
        result.append(PaletteColour(hex=to_hex((r, g, b)), share=round(float(counts[i] / counts.sum()), 3)))
    return result


def average_shot(shots: list[Shot]) -> float | None:
    if not shots:
        return None
    return round(sum(s.duration_s for s in shots) / len(shots), 3)


def pace_class(avg_shot_s: float | None, shots: int) -> str | None:
    """Pace from average shot length; thresholds follow short-form editing practice (jump cuts ≲ 1 s)."""
    if avg_shot_s is None:
        return None
    if shots <= 1:
        return "static"
    if avg_shot_s < 1.0:
        return "very_fast"
    if avg_shot_s < 2.0:
        return "fast"
    if avg_shot_s < 4.0:
        return "medium"
    return "slow"
