"""Synthetic ads with known ground truth: shots, cuts, dissolves, zooms, faces, on-screen text and audio.

Why: the extractor's numbers (cut times, pace, loudness, tempo) can only be checked against media whose truth is
known. Tests, the benchmark and `hookline extract --self-check`-style diagnostics build such media here, with the
same encoder (the ffmpeg that `imageio-ffmpeg` ships) that real ads go through.
"""

from __future__ import annotations

import subprocess
import wave
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from tools.extractor.media.ffmpeg import ffmpeg_exe

AUDIO_RATE = 44_100


@dataclass(frozen=True)
class ShotSpec:
    """One shot of a synthetic video.

    `transition_in` is how this shot starts: a hard cut or a dissolve of `transition_s` seconds from the previous
    shot (the dissolve eats into both shots, centred on the boundary). `zoom` is the relative scale gained per
    second (0.25 = 25 % push-in per second). `face` paints a real photographed face; `text` draws a caption.
    """

    duration_s: float
    seed: int = 0
    transition_in: Literal["cut", "dissolve"] = "cut"
    transition_s: float = 0.0
    zoom: float = 0.0
    pan_px_s: tuple[float, float] = (40.0, 25.0)
    face: bool = False
    text: str | None = None
    flat: bool = False


@dataclass
class SyntheticVideo:
    """A generated video and its ground truth (seconds from the start)."""

    path: Path
    width: int
    height: int
    fps: float
    frames: int
    shots: list[ShotSpec]
    cuts_s: list[float] = field(default_factory=list)
    dissolves_s: list[tuple[float, float]] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return self.frames / self.fps

    @property
    def boundaries_s(self) -> list[float]:
        """Every shot boundary (cuts and dissolve centres), sorted."""
        return sorted([*self.cuts_s, *((a + b) / 2 for a, b in self.dissolves_s)])


def face_photo() -> np.ndarray:
    """A real photographed face (Grace Hopper; public domain) that ships with matplotlib, as BGR."""
    import cv2
    import matplotlib

    path = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"
    image = cv2.imread(str(path))
    if image is None:  # pragma: no cover - matplotlib always ships it
        raise FileNotFoundError(path)
    return image


class _ShotPainter:
    """Paints the frames of one shot: a textured, panning scene with a moving object (or a face / caption)."""

    def __init__(self, spec: ShotSpec, width: int, height: int) -> None:
        import cv2

        self.spec = spec
        self.width = width
        self.height = height
        rng = np.random.default_rng(spec.seed)
        self.margin = max(8, int(0.15 * max(width, height)))
        canvas_h, canvas_w = height + 2 * self.margin, width + 2 * self.margin
        base = rng.integers(30, 226, size=3)
        other = rng.integers(30, 226, size=3)
        ramp = np.linspace(0.0, 1.0, canvas_h, dtype=np.float32)[:, None, None]
        canvas = (base[None, None, :] * (1 - ramp) + other[None, None, :] * ramp).astype(np.uint8)
        canvas = np.ascontiguousarray(np.broadcast_to(canvas, (canvas_h, canvas_w, 3)))
        if not spec.flat:
            unit = max(width, height) / 100.0
            for _ in range(14):
                colour = tuple(int(c) for c in rng.integers(0, 256, size=3))
                x, y = int(rng.integers(0, canvas_w)), int(rng.integers(0, canvas_h))
                size = int(rng.uniform(4, 18) * unit)
                if rng.random() < 0.5:
                    cv2.circle(canvas, (x, y), size, colour, -1)
                else:
                    cv2.rectangle(canvas, (x, y), (x + 2 * size, y + size), colour, -1)
        if spec.face:
            face = face_photo()
            scale = 0.8 * width / face.shape[1]
            face = cv2.resize(face, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
            fy = self.margin + (height - face.shape[0]) // 2
            fx = self.margin + (width - face.shape[1]) // 2
            canvas[fy:fy + face.shape[0], fx:fx + face.shape[1]] = face
        if spec.text:
            font_scale = width / 260.0
            thickness = max(2, int(width / 120))
            (tw, th), _ = cv2.getTextSize(spec.text, cv2.FONT_HERSHEY_SIMPLEX, font_scale, thickness)
            x0 = self.margin + max(0, (width - tw) // 2)
            y0 = self.margin + int(height * 0.3)
            cv2.rectangle(canvas, (x0 - th // 2, y0 - th - th // 2), (x0 + tw + th // 2, y0 + th // 2),
                          (255, 255, 255), -1)
            cv2.putText(canvas, spec.text, (x0, y0), cv2.FONT_HERSHEY_SIMPLEX, font_scale, (0, 0, 0), thickness,
                        cv2.LINE_AA)
        self.canvas = canvas
        self.object_colour = tuple(int(c) for c in rng.integers(0, 256, size=3))
        self.static = spec.face or bool(spec.text) or spec.flat

    def frame(self, t: float) -> np.ndarray:
        import cv2

        if self.static:
            x0 = y0 = self.margin
        else:
            # A back-and-forth camera move (a triangle wave): continuous, so it never looks like a cut.
            x0 = int(self.margin + _triangle(self.spec.pan_px_s[0] * t, self.margin))
            y0 = int(self.margin + _triangle(self.spec.pan_px_s[1] * t, self.margin))
        view = self.canvas[y0:y0 + self.height, x0:x0 + self.width]
        if self.spec.zoom > 0:
            scale = 1.0 + self.spec.zoom * t
            ch, cw = int(self.height / scale), int(self.width / scale)
            top, left = (self.height - ch) // 2, (self.width - cw) // 2
            view = cv2.resize(view[top:top + ch, left:left + cw], (self.width, self.height),
                              interpolation=cv2.INTER_LINEAR)
        else:
            view = view.copy()
        if not self.static:
            radius = max(4, self.width // 14)
            cx = int((0.5 + 0.3 * np.sin(2.2 * t + self.spec.seed % 7)) * self.width)
            cy = int((0.5 + 0.25 * np.sin(2.0 * t)) * self.height)
            cv2.circle(view, (cx, cy), radius, self.object_colour, -1)
        return view


def _triangle(distance: float, span: int) -> float:
    """Position after travelling `distance` back and forth over [-span, span]."""
    period = 4.0 * span
    phase = distance % period
    if phase < span:
        return phase
    if phase < 3 * span:
        return 2 * span - phase
    return phase - period


def _timeline(shots: Sequence[ShotSpec], fps: float) -> tuple[list[int], list[float], list[tuple[float, float]]]:
    """Shot start frames, hard-cut times and dissolve intervals (in seconds) for a shot list."""
    starts: list[int] = []
    frame = 0
    cuts: list[float] = []
    dissolves: list[tuple[float, float]] = []
    for index, shot in enumerate(shots):
        starts.append(frame)
        if index > 0:
            if shot.transition_in == "dissolve" and shot.transition_s > 0:
                half = round(shot.transition_s * fps / 2)
                dissolves.append(((frame - half) / fps, (frame + half) / fps))
            else:
                cuts.append(frame / fps)
        frame += round(shot.duration_s * fps)
    starts.append(frame)
    return starts, cuts, dissolves


def iter_frames(shots: Sequence[ShotSpec], width: int, height: int, fps: float) -> Iterator[np.ndarray]:
    """Yield BGR frames for the shot list, blending across dissolves."""
    starts, _, _ = _timeline(shots, fps)
    total = starts[-1]
    painters: dict[int, _ShotPainter] = {}

    def painter(index: int) -> _ShotPainter:
        if index not in painters:
            for stale in [k for k in painters if k < index - 1]:
                del painters[stale]
            painters[index] = _ShotPainter(shots[index], width, height)
        return painters[index]

    shot_index = 0
    for frame in range(total):
        while frame >= starts[shot_index + 1]:
            shot_index += 1
        local_t = (frame - starts[shot_index]) / fps
        image = painter(shot_index).frame(local_t)
        # Dissolve into the next shot: the second half of this one's overlap.
        nxt = shot_index + 1
        if nxt < len(shots) and shots[nxt].transition_in == "dissolve" and shots[nxt].transition_s > 0:
            half = round(shots[nxt].transition_s * fps / 2)
            until_boundary = starts[nxt] - frame
            if 0 < until_boundary <= half:
                alpha = 0.5 - until_boundary / (2 * half)
                other = painter(nxt).frame(0.0)
                image = _blend(image, other, alpha)
        # Dissolve from the previous shot: the first half of this one.
        shot = shots[shot_index]
        if shot_index > 0 and shot.transition_in == "dissolve" and shot.transition_s > 0:
            half = round(shot.transition_s * fps / 2)
            since_boundary = frame - starts[shot_index]
            if since_boundary < half:
                alpha = 0.5 + since_boundary / (2 * half)
                previous = painter(shot_index - 1).frame((starts[shot_index] - starts[shot_index - 1]) / fps)
                image = _blend(previous, image, alpha)
        yield image


def _blend(a: np.ndarray, b: np.ndarray, alpha: float) -> np.ndarray:
    import cv2

    return cv2.addWeighted(a, 1.0 - alpha, b, alpha, 0.0)


def write_video(path: Path, shots: Sequence[ShotSpec], *, width: int = 360, height: int = 640, fps: float = 30.0,
                audio: np.ndarray | None = None, audio_rate: int = AUDIO_RATE, codec: str = "h264",
                preset: str = "ultrafast", grain: float = 0.0) -> SyntheticVideo:
    """Encode the shot list (and optional mono float audio in [-1, 1]) with ffmpeg; return the ground truth.

    `grain` adds sensor-like noise (standard deviation in grey levels) so the encoder spends bits like it does on
    camera footage; clean synthetic frames compress (and decode) unrealistically well.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    starts, cuts, dissolves = _timeline(shots, fps)
    wav_path = path.with_suffix(".input.wav")
    cmd = [ffmpeg_exe(), "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "bgr24",
           "-s", f"{width}x{height}", "-r", f"{fps}", "-i", "-"]
    if audio is not None:
        write_wav(wav_path, audio, audio_rate)
        cmd += ["-i", str(wav_path)]
    if codec == "vp9":
        cmd += ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "1M"]
        audio_codec = ["-c:a", "libopus"]
    else:
        cmd += ["-c:v", "libx264", "-preset", preset, "-crf", "20"]
        audio_codec = ["-c:a", "aac", "-b:a", "128k"]
    cmd += ["-pix_fmt", "yuv420p"]
    if audio is not None:
        cmd += [*audio_codec, "-shortest"]
    cmd += [str(path)]
    process = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdin is not None
    noise = _grain_frames(width, height, grain) if grain > 0 else []
    try:
        for index, image in enumerate(iter_frames(shots, width, height, fps)):
            if noise:
                image = np.clip(image.astype(np.int16) + noise[index % len(noise)], 0, 255).astype(np.uint8)
            process.stdin.write(image.tobytes())
    finally:
        process.stdin.close()
        stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
        process.wait()
        wav_path.unlink(missing_ok=True)
    if process.returncode != 0:
        raise RuntimeError(f"ffmpeg failed to encode {path}: {stderr}")
    return SyntheticVideo(path=path, width=width, height=height, fps=fps, frames=starts[-1], shots=list(shots),
                          cuts_s=cuts, dissolves_s=dissolves)


def _grain_frames(width: int, height: int, sigma: float, count: int = 7) -> list[np.ndarray]:
    rng = np.random.default_rng(1234)
    return [rng.normal(0.0, sigma, (height, width, 1)).astype(np.int16) for _ in range(count)]


def random_shots(duration_s: float, *, seed: int = 7, min_s: float = 0.2, max_s: float = 2.5,
                 short_share: float = 0.3, dissolves: int = 2, fps: float = 30.0) -> list[ShotSpec]:
    """An irregular, fast-cut edit: a share of sub-0.5 s shots, the rest up to `max_s`, a few dissolves."""
    rng = np.random.default_rng(seed)
    shots: list[ShotSpec] = []
    total = 0.0
    while total < duration_s - 1e-6:
        length = float(rng.uniform(min_s, 0.45)) if rng.random() < short_share else float(rng.uniform(0.6, max_s))
        length = round(length * fps) / fps
        length = min(length, round((duration_s - total) * fps) / fps)
        if length <= 0:
            break
        shots.append(ShotSpec(duration_s=length, seed=int(rng.integers(0, 2**31))))
        total += length
    # Turn a few boundaries between long shots into dissolves.
    candidates = [i for i in range(1, len(shots)) if shots[i].duration_s >= 1.2 and shots[i - 1].duration_s >= 1.2]
    for index in list(rng.permutation(candidates))[:dissolves]:
        s = shots[int(index)]
        shots[int(index)] = ShotSpec(duration_s=s.duration_s, seed=s.seed, transition_in="dissolve",
                                     transition_s=0.6)
    return shots


# ---------------------------------------------------------------- audio


def write_wav(path: Path, samples: np.ndarray, rate: int = AUDIO_RATE) -> Path:
    """Write mono float samples in [-1, 1] as 16-bit PCM WAV."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(pcm.tobytes())
    return Path(path)


def silence(duration_s: float, rate: int = AUDIO_RATE) -> np.ndarray:
    return np.zeros(int(duration_s * rate), dtype=np.float32)


def tone(duration_s: float, freq: float = 440.0, amplitude: float = 0.25, rate: int = AUDIO_RATE) -> np.ndarray:
    t = np.arange(int(duration_s * rate), dtype=np.float64) / rate
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def music(duration_s: float, bpm: float = 120.0, rate: int = AUDIO_RATE, seed: int = 3) -> np.ndarray:
    """A beat-driven loop: kick on every beat, hi-hat on off-beats, a sustained chord changing every bar."""
    rng = np.random.default_rng(seed)
    n = int(duration_s * rate)
    t = np.arange(n, dtype=np.float64) / rate
    beat = 60.0 / bpm
    chords = [(220.0, 277.18, 329.63), (196.0, 246.94, 293.66), (174.61, 220.0, 261.63), (196.0, 246.94, 293.66)]
    out = np.zeros(n, dtype=np.float64)
    bar = 4 * beat
    for index, start in enumerate(np.arange(0.0, duration_s, bar)):
        a, b = int(start * rate), min(n, int((start + bar) * rate))
        seg = t[a:b] - start
        for freq in chords[index % len(chords)]:
            out[a:b] += 0.06 * np.sin(2 * np.pi * freq * seg) * (0.6 + 0.4 * np.exp(-seg * 2))
    kick_len = int(0.15 * rate)
    kt = np.arange(kick_len) / rate
    kick = np.sin(2 * np.pi * (50 + 80 * np.exp(-kt * 30)) * kt) * np.exp(-kt * 25)
    hat_len = int(0.04 * rate)
    hat = rng.standard_normal(hat_len) * np.exp(-np.arange(hat_len) / rate * 120)
    for start in np.arange(0.0, duration_s, beat):
        a = int(start * rate)
        m = min(kick_len, n - a)
        out[a:a + m] += 0.5 * kick[:m]
        h = int((start + beat / 2) * rate)
        if h < n:
            m = min(hat_len, n - h)
            out[h:h + m] += 0.12 * hat[:m]
    return np.clip(out, -1, 1).astype(np.float32)


def speech_like(duration_s: float, rate: int = AUDIO_RATE, seed: int = 5) -> np.ndarray:
    """Voiced syllables (~4 per second) with moving formants and pauses between phrases: speech's rhythm."""
    rng = np.random.default_rng(seed)
    n = int(duration_s * rate)
    out = np.zeros(n, dtype=np.float64)
    t_cursor = 0.1
    while t_cursor < duration_s - 0.3:
        phrase_end = t_cursor + rng.uniform(1.0, 2.2)
        while t_cursor < min(phrase_end, duration_s - 0.3):
            length = rng.uniform(0.12, 0.26)
            a, b = int(t_cursor * rate), int((t_cursor + length) * rate)
            seg_t = np.arange(b - a) / rate
            f0 = rng.uniform(100, 180) * (1 + 0.1 * np.sin(2 * np.pi * 3 * seg_t))
            phase = 2 * np.pi * np.cumsum(f0) / rate
            voiced = np.zeros(b - a)
            for harmonic in range(1, 25):
                freq = f0 * harmonic
                formant = (np.exp(-((freq - rng.uniform(500, 800)) / 150) ** 2)
                           + 0.6 * np.exp(-((freq - rng.uniform(1100, 1800)) / 200) ** 2)
                           + 0.3 * np.exp(-((freq - 2600) / 300) ** 2))
                voiced += formant * np.sin(harmonic * phase)
            envelope = np.sin(np.pi * np.arange(b - a) / (b - a)) ** 2
            out[a:b] += 0.2 * voiced * envelope
            if rng.random() < 0.4:  # an unvoiced consonant
                c = min(n, b + int(0.05 * rate))
                out[b:c] += 0.03 * rng.standard_normal(c - b)
            t_cursor += length + rng.uniform(0.04, 0.12)
        t_cursor += rng.uniform(0.3, 0.6)  # pause between phrases
    return np.clip(out, -1, 1).astype(np.float32)


def asmr_like(duration_s: float, rate: int = AUDIO_RATE, seed: int = 9) -> np.ndarray:
    """Quiet, close, transient-rich: soft tapping and crinkling over a faint noise floor."""
    rng = np.random.default_rng(seed)
    n = int(duration_s * rate)
    out = 0.001 * rng.standard_normal(n)
    t_cursor = 0.05
    while t_cursor < duration_s - 0.05:
        a = int(t_cursor * rate)
        length = int(rng.uniform(0.005, 0.02) * rate)
        b = min(n, a + length)
        decay = np.exp(-np.arange(b - a) / (0.003 * rate))
        out[a:b] += rng.uniform(0.02, 0.05) * rng.standard_normal(b - a) * decay
        t_cursor += rng.uniform(0.08, 0.25)
    return np.clip(out, -1, 1).astype(np.float32)
