"""Shot boundaries from a stream of small frames: hard cuts (PySceneDetect) and gradual transitions (blend test).

Hard cuts: PySceneDetect's `AdaptiveDetector` compares each frame's HSV change with the average of its neighbours,
so a cut stands out even inside fast motion. With a 1-frame minimum scene length and a 2-frame window it finds the
jump cuts of short-form ads (shots of 0.1–0.3 s), which the default 15-frame minimum would merge.

Gradual transitions: a dissolve spreads the change over many frames, each one small, so cut detectors miss it (or
report a cut in its middle, where blended hues jump). Frames inside a dissolve are *linear blends* of the frames on
either side: `F(t) = (1 − α(t))·A + α(t)·B`, with α rising from 0 to 1. For windows of several lengths ending at
each frame we test exactly that on 48×48 grey frames: the change A→B must be large, α must rise without jumps, some
frames must sit half-way, and the blend must explain the frames in between (small residual). Overlapping windows
that pass form one transition; before it is reported, one affine image alignment (ECC) checks that no camera move
(pan, tilt, zoom) maps A onto B — a slow zoom over a smooth picture can otherwise pass as a blend. A blend to or
from black is reported as a `fade`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

GREY_SIZE = (48, 48)  # width, height of the frames used for the blend test (aspect does not matter here)
_PIXELS = GREY_SIZE[0] * GREY_SIZE[1]


@dataclass
class GradualCandidate:
    start: int  # first frame of the blend
    end: int  # last frame of the blend
    centre: int  # first frame with α ≥ 0.5: the boundary
    score: float
    kind: str  # dissolve | fade
    window: int  # frames between the end frames A and B
    a: np.ndarray = field(repr=False)
    b: np.ndarray = field(repr=False)


@dataclass
class TransitionFinding:
    kind: str  # cut | dissolve | fade
    at: int  # boundary frame: the first frame of the new shot
    start: int
    end: int
    confidence: float


@dataclass
class TransitionTracker:
    """Feed frames in order with `push(index, bgr_small, grey_48x48)`; call `finish(total)` once at the end."""

    fps: float
    adaptive_threshold: float = 3.0
    min_content_val: float = 12.0
    window_width: int = 2
    min_change: float = 14.0  # mean |B − A| on 0..255 grey for a gradual candidate
    max_mean_residual: float = 0.32
    windows_s: tuple[float, ...] = (0.2, 0.35, 0.6, 1.0, 1.5, 2.2)
    cuts: list[int] = field(default_factory=list)
    gradual: list[TransitionFinding] = field(default_factory=list)

    def __post_init__(self) -> None:
        from scenedetect import AdaptiveDetector

        self._detector = AdaptiveDetector(
            adaptive_threshold=self.adaptive_threshold,
            min_scene_len=1,
            window_width=self.window_width,
            min_content_val=self.min_content_val,
        )
        self._windows = sorted({max(4, round(w * self.fps)) for w in self.windows_s})
        self._lag = self.window_width + 1  # cuts are known this many frames late
        self._capacity = self._windows[-1] + self._lag + 2
        self._ring = np.zeros((self._capacity, _PIXELS), dtype=np.float32)
        self._count = 0
        self._group: list[GradualCandidate] = []

    # ------------------------------------------------------------------ streaming

    def push(self, index: int, frame_bgr: np.ndarray, grey: np.ndarray) -> None:
        from scenedetect import FrameTimecode

        for timecode in self._detector.process_frame(FrameTimecode(index, self.fps), frame_bgr):
            self.cuts.append(timecode.frame_num)
        self._ring[index % self._capacity] = grey.reshape(-1)
        self._count = index + 1
        if index >= self._lag:
            self._test_gradual(index - self._lag)

    def finish(self, total_frames: int) -> list[TransitionFinding]:
        from scenedetect import FrameTimecode

        if total_frames > 0:
            for timecode in self._detector.post_process(FrameTimecode(total_frames, self.fps)) or []:
                self.cuts.append(timecode.frame_num)
        for end in range(max(0, total_frames - self._lag), total_frames):
            self._test_gradual(end)
        self._close_group()
        return self._merge(total_frames)

    # ------------------------------------------------------------------ gradual test

    def _frames(self, first: int, last: int) -> np.ndarray:
        """Grey frames first..last (inclusive) from the ring, as rows."""
        rows = np.arange(first, last + 1) % self._capacity
        return self._ring[rows]

    def _frames_at(self, indices: list[int]) -> np.ndarray:
        return self._ring[np.asarray(indices) % self._capacity]

    def _test_gradual(self, end: int) -> None:
        b = self._ring[end % self._capacity]
        for window in self._windows:
            start = end - window
            if start < 0:
                break
            a = self._ring[start % self._capacity]
            delta = b - a
            if float(np.abs(delta).mean()) < self.min_change:
                continue
            norm2 = float(delta @ delta)
            # Screen on three frames (quarter, half, three quarters) before testing every frame in between.
            probe = self._frames_at([start + max(1, window * q // 4) for q in (1, 2, 3)]) - a
            probe_alpha = probe @ delta / norm2
            probe_residual = np.linalg.norm(probe - np.outer(probe_alpha, delta), axis=1) / np.sqrt(norm2)
            if float(probe_residual.mean()) > 1.2 * self.max_mean_residual or not (
                    probe_alpha[0] <= probe_alpha[1] + 0.06 and probe_alpha[1] <= probe_alpha[2] + 0.06):
                continue
            between = self._frames(start + 1, end - 1) - a
            alpha = between @ delta / norm2
            residual = np.linalg.norm(between - np.outer(alpha, delta), axis=1) / np.sqrt(norm2)
            candidate = self._judge(start, alpha, residual, a, b)
            if candidate is not None:
                self._add(candidate)

    def _judge(self, start: int, alpha: np.ndarray, residual: np.ndarray, a: np.ndarray,
               b: np.ndarray) -> GradualCandidate | None:
        intermediate = (alpha > 0.12) & (alpha < 0.88)
        if intermediate.sum() < 2:
            return None  # a jump, not a blend
        if float(residual.mean()) > self.max_mean_residual or float(residual.max()) > 1.6 * self.max_mean_residual:
            return None
        steps = np.diff(np.concatenate([[0.0], alpha, [1.0]]))
        if float(steps.min()) < -0.06:
            return None  # not monotonic: motion, flicker or two things happening
        if float(steps.max()) > 0.5:
            return None  # a jump somewhere in the window: a cut next to the blend
        ramp = np.flatnonzero(intermediate)
        first, last = int(ramp[0]), int(ramp[-1])
        above = np.flatnonzero(alpha >= 0.5)
        centre = int(above[0]) if above.size else len(alpha) - 1
        score = float(np.clip(1.0 - residual.mean() / self.max_mean_residual, 0.0, 1.0))
        dark = min(float(a.mean()), float(b.mean())) < 16.0
        return GradualCandidate(
            start=start + 1 + max(0, first - 1),
            end=start + 1 + min(len(alpha) - 1, last + 1),
            centre=start + 1 + centre,
            score=0.5 + 0.5 * score,
            kind="fade" if dark else "dissolve",
            window=len(alpha) + 1,
            a=a.astype(np.uint8),
            b=b.astype(np.uint8),
        )

    def _add(self, candidate: GradualCandidate) -> None:
        if self._group and candidate.start > max(c.end for c in self._group) + 1:
            self._close_group()
        self._group.append(candidate)

    def _close_group(self) -> None:
        """Overlapping passing windows describe one transition; the widest sees the whole ramp and stands for it."""
        group = [c for c in self._group if not _straddles_cut(c, self.cuts)]
        self._group = []
        if not group:
            return
        widest = max(group, key=lambda c: (c.window, c.score))
        if _camera_motion(widest.a, widest.b):
            return
        best = max(c.score for c in group)
        support = min(1.0, len(group) / 4.0)
        self.gradual.append(TransitionFinding(
            kind=widest.kind, at=widest.centre, start=widest.start, end=widest.end,
            confidence=round(min(0.99, 0.6 * best + 0.4 * support), 3),
        ))

    # ------------------------------------------------------------------ merging

    def _merge(self, total_frames: int) -> list[TransitionFinding]:
        findings = list(self.gradual)
        for cut in sorted(set(self.cuts)):
            if cut <= 0 or cut >= total_frames:
                continue
            if any(abs(cut - g.at) <= max(2.0, 0.25 * (g.end - g.start)) for g in self.gradual):
                continue  # the cut detector's reaction to the blend itself
            findings.append(TransitionFinding(kind="cut", at=cut, start=cut, end=cut, confidence=0.9))
        findings.sort(key=lambda f: f.at)
        unique: list[TransitionFinding] = []
        for finding in findings:
            if unique and finding.at <= unique[-1].at:
                continue  # two boundaries on one frame cannot both be real
            unique.append(finding)
        return unique


def _straddles_cut(candidate: GradualCandidate, cuts: list[int]) -> bool:
    """A window with a hard cut away from its blend centre mixes two events; one at the centre is the blend itself
    (the HSV cut score spikes mid-dissolve when hues cross), so that one does not count."""
    tolerance = max(2.0, 0.2 * (candidate.end - candidate.start))
    return any(candidate.start < cut <= candidate.end and abs(cut - candidate.centre) > tolerance
               for cut in cuts[-256:])


def _camera_motion(a: np.ndarray, b: np.ndarray) -> bool:
    """True when one affine warp (pan, tilt, zoom) maps A onto B: the change is the camera, not a blend."""
    import cv2

    first = a.reshape(GREY_SIZE[1], GREY_SIZE[0]).astype(np.float32)
    second = b.reshape(GREY_SIZE[1], GREY_SIZE[0]).astype(np.float32)
    warp = np.eye(2, 3, dtype=np.float32)
    criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 40, 1e-4)
    try:
        correlation, _ = cv2.findTransformECC(first, second, warp, cv2.MOTION_AFFINE, criteria, None, 3)
    except cv2.error:
        return False  # no warp converges: not the same picture moved
    return float(correlation) >= 0.9
