"""The soundtrack: loudness (EBU R128), silences, speech vs music, tempo and beats, an 'ASMR-like' flag.

Decoding: the ffmpeg that `imageio-ffmpeg` ships. One process measures loudness with its `ebur128` filter on the
original channels (the standard's channel weighting); a second streams mono 16 kHz PCM in one-second chunks into a
short-time Fourier analysis (32 ms frames, 16 ms hop). Only per-frame measures (a few floats) are kept, so memory
grows by ~2 KB per second of audio, not with the samples.

Speech vs music uses classic, explainable measures (Scheirer & Slaney 1997 and successors) combined by fixed
logistic weights rather than a trained model:
- low-energy share: speech pauses between syllables, so many frames sit well below the local mean energy;
- 4 Hz modulation: the syllable rate gives speech's energy envelope a broad 2–8 Hz modulation;
- spectral stationarity: sustained notes keep the spectrum stable from frame to frame; voices glide;
- pulse clarity: music repeats a beat, so its onset envelope is strongly periodic.
Tempo comes from the onset envelope's autocorrelation (50–220 BPM, a log-normal preference around 120 BPM to settle
octave ambiguity), beats from the best-aligned pulse train, each snapped to the nearest onset peak.
"""

from __future__ import annotations

import re
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tools.core.domain.blueprint import AudioFeatures
from tools.extractor.media.decode import DecodeReport, iter_audio_chunks
from tools.extractor.media.ffmpeg import ffmpeg_exe

RATE = 16_000
FRAME = 512
HOP = 256
FRAME_RATE = RATE / HOP  # 62.5 analysis frames per second
FRAME_CENTRE_S = FRAME / 2 / RATE  # a frame's time is the centre of its window
SILENCE_DBFS = -50.0  # below this a frame is silence for the silence report
SOUNDING_DBFS = -70.0  # above this a frame carries sound for the character measures (quiet sounds count)
ONSET_FLOOR = 0.5  # mean mel-band rise (dB) below this is numerical noise, not an onset
MIN_SILENCE_S = 0.3


@dataclass
class Loudness:
    integrated_lufs: float | None = None
    range_lu: float | None = None
    true_peak_dbtp: float | None = None
    error: str | None = None


def measure_loudness(path: Path, timeout_s: float = 600.0) -> Loudness:
    """Integrated loudness, loudness range and true peak from ffmpeg's EBU R128 meter."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path), "-map", "0:a:0", "-vn",
           "-af", "ebur128=peak=true:framelog=quiet", "-f", "null", "-"]
    result = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=timeout_s)
    text = result.stderr
    summary = text[text.rfind("Summary:"):] if "Summary:" in text else ""
    loudness = Loudness()
    if match := re.search(r"I:\s*(-?[\d.]+|-inf)\s*LUFS", summary):
        loudness.integrated_lufs = _number(match.group(1))
    if match := re.search(r"LRA:\s*(-?[\d.]+)\s*LU", summary):
        loudness.range_lu = _number(match.group(1))
    if match := re.search(r"Peak:\s*(-?[\d.]+|-inf)\s*dBFS", summary):
        loudness.true_peak_dbtp = _number(match.group(1))
    if result.returncode != 0 and not summary:
        loudness.error = text.strip().splitlines()[-1] if text.strip() else f"exit code {result.returncode}"
    return loudness


def _number(text: str) -> float | None:
    return None if "inf" in text else float(text)


@dataclass
class FrameMeasures:
    """Per-analysis-frame measures accumulated while streaming."""

    rms: list[np.ndarray] = field(default_factory=list)
    flux: list[np.ndarray] = field(default_factory=list)
    flux_low: list[np.ndarray] = field(default_factory=list)
    stationarity: list[np.ndarray] = field(default_factory=list)
    high_share: list[np.ndarray] = field(default_factory=list)
    flatness: list[np.ndarray] = field(default_factory=list)


class _Spectrogram:
    """Streaming STFT: feed chunks of any length, get per-frame measures."""

    def __init__(self) -> None:
        self.window = np.hanning(FRAME).astype(np.float32)
        self.carry = np.zeros(0, dtype=np.float32)
        self.previous_log: np.ndarray | None = None
        self.history: list[np.ndarray] = []  # last few magnitude spectra for stationarity
        freqs = np.fft.rfftfreq(FRAME, 1.0 / RATE)
        self.high = freqs >= 4000.0
        self.mel, centres = _mel_filterbank(freqs, bands=40)
        self.low_bands = centres < 200.0  # kick-drum range: where the beat usually is
        self.measures = FrameMeasures()

    def feed(self, samples: np.ndarray) -> None:
        data = np.concatenate([self.carry, samples.astype(np.float32)])
        count = 0 if len(data) < FRAME else 1 + (len(data) - FRAME) // HOP
        if count == 0:
            self.carry = data
            return
        index = np.arange(FRAME)[None, :] + HOP * np.arange(count)[:, None]
        frames = data[index]
        self.carry = data[count * HOP:]
        rms = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1))
        magnitude = np.abs(np.fft.rfft(frames * self.window, axis=1))
        # Onset strength as in common beat trackers: positive change of log-power mel bands, averaged over bands,
        # so a kick drum (few low bands) counts as much as a hi-hat (many high bins).
        log_mag = 10.0 * np.log10(np.maximum((magnitude ** 2) @ self.mel.T, 1e-10))
        first = log_mag[:1] if self.previous_log is None else self.previous_log
        previous = np.vstack([first, log_mag[:-1]])
        rise = np.maximum(log_mag - previous, 0.0)
        flux = rise.mean(axis=1)
        flux_low = rise[:, self.low_bands].mean(axis=1)
        self.previous_log = log_mag[-1:]
        # Stationarity: cosine similarity between spectra 4 frames (64 ms) apart.
        stacked = np.vstack([*self.history, magnitude]) if self.history else magnitude
        lag = 4
        stationarity = np.full(count, np.nan)
        offset = len(stacked) - count
        for i in range(count):
            j = offset + i
            if j - lag >= 0:
                a, b = stacked[j], stacked[j - lag]
                denominator = float(np.linalg.norm(a) * np.linalg.norm(b))
                if denominator > 1e-9:
                    stationarity[i] = float(a @ b) / denominator
        self.history = list(stacked[-lag:])
        power = magnitude ** 2
        total = power.sum(axis=1)
        high_share = np.where(total > 1e-12, power[:, self.high].sum(axis=1) / np.maximum(total, 1e-12), 0.0)
        self.measures.rms.append(rms.astype(np.float32))
        self.measures.flux.append(flux.astype(np.float32))
        self.measures.flux_low.append(flux_low.astype(np.float32))
        self.measures.stationarity.append(stationarity.astype(np.float32))
        self.measures.high_share.append(high_share.astype(np.float32))
        log_power = np.log(np.maximum(power[:, 1:], 1e-12))
        flatness = np.exp(log_power.mean(axis=1)) / np.maximum(power[:, 1:].mean(axis=1), 1e-12)
        self.measures.flatness.append(np.clip(flatness, 0.0, 1.0).astype(np.float32))


def _mel_filterbank(freqs: np.ndarray, bands: int) -> tuple[np.ndarray, np.ndarray]:
    """Triangular filters evenly spaced on the mel scale between 30 Hz and the Nyquist frequency."""
    def mel(f: np.ndarray | float) -> np.ndarray:
        return 2595.0 * np.log10(1.0 + np.asarray(f) / 700.0)

    def hz(m: np.ndarray) -> np.ndarray:
        return 700.0 * (10.0 ** (m / 2595.0) - 1.0)

    edges = hz(np.linspace(mel(30.0), mel(freqs[-1]), bands + 2))
    bank = np.zeros((bands, len(freqs)))
    for i in range(bands):
        low, centre, high = edges[i], edges[i + 1], edges[i + 2]
        rising = (freqs - low) / max(centre - low, 1e-9)
        falling = (high - freqs) / max(high - centre, 1e-9)
        bank[i] = np.clip(np.minimum(rising, falling), 0.0, None)
    return bank, edges[1:-1]


def analyse_audio(path: Path, *, has_audio: bool) -> AudioFeatures:
    if not has_audio:
        return AudioFeatures(has_audio=False, dominant="none")
    loudness_box: dict[str, Loudness] = {}
    meter = threading.Thread(target=lambda: loudness_box.setdefault("value", measure_loudness(path)), daemon=True)
    meter.start()
    spectrogram = _Spectrogram()
    report = DecodeReport()
    samples = 0
    for chunk in iter_audio_chunks(path, rate=RATE, chunk_s=1.0, report=report):
        samples += len(chunk)
        spectrogram.feed(chunk)
    meter.join()
    loudness = loudness_box.get("value", Loudness())
    if samples == 0:
        return AudioFeatures(has_audio=False, dominant="none",
                             measures={"decoded_samples": 0.0})
    return summarise(spectrogram.measures, samples / RATE, loudness)


def summarise(measures: FrameMeasures, duration_s: float, loudness: Loudness) -> AudioFeatures:
    rms = np.concatenate(measures.rms) if measures.rms else np.zeros(0)
    flux = np.concatenate(measures.flux) if measures.flux else np.zeros(0)
    stationarity = np.concatenate(measures.stationarity) if measures.stationarity else np.zeros(0)
    high_share = np.concatenate(measures.high_share) if measures.high_share else np.zeros(0)
    db = 20.0 * np.log10(np.maximum(rms, 1e-9))
    silent_frames = db < SILENCE_DBFS
    silences = _runs(silent_frames, int(MIN_SILENCE_S * FRAME_RATE))
    silence_ratio = float(silent_frames.mean()) if len(silent_frames) else 1.0
    lufs = loudness.integrated_lufs
    silent = silence_ratio >= 0.98 or (lufs is not None and lufs <= -60.0)
    features = AudioFeatures(
        has_audio=True, duration_s=round(duration_s, 3), loudness_lufs=lufs, loudness_range_lu=loudness.range_lu,
        true_peak_dbtp=loudness.true_peak_dbtp, silent=silent, silence_ratio=round(silence_ratio, 4),
        silences=[(round(_seconds(a), 3), round(_seconds(b), 3)) for a, b in silences[:200]],
    )
    if silent:
        features.dominant = "silence"
        features.speech_likelihood = 0.0
        features.music_likelihood = 0.0
        features.asmr_score = 0.0
        return features

    flatness = np.concatenate(measures.flatness) if measures.flatness else np.zeros(0)
    sounding = db > SOUNDING_DBFS
    low_energy = _low_energy_share(rms, sounding)
    modulation = _modulation_share(rms, sounding)
    stationary = _median(stationarity, sounding)
    tonal = 1.0 - _median(flatness, sounding)
    flux_low = np.concatenate(measures.flux_low) if measures.flux_low else np.zeros(0)
    onset = _onset_envelope(flux)
    onset_low = _onset_envelope(flux_low)
    # Tempo and beat phase from the low-band (kick) onsets when they pulse clearly: they repeat on the beat, where
    # hi-hats on the off-beat would double the tempo or shift the phase; otherwise from all onsets.
    tempo, pulse, beat_period = _tempo(onset_low)
    phase_envelope = onset_low
    if tempo is None or pulse < 0.3:
        tempo, pulse, beat_period = _tempo(onset)
        phase_envelope = onset
    # Voiced speech: pauses between syllables, syllabic modulation, gliding (not sustained) harmonic spectra.
    speech = _sigmoid(6.0 * (low_energy - 0.22) + 5.0 * (modulation - 0.45) - 7.0 * (stationary - 0.75)
                      - 4.0 * (pulse - 0.35)) * _ramp(tonal, 0.3, 0.7)
    # Music: sustained tonal spectra and/or a clear pulse, few energy dips.
    music = _sigmoid(7.0 * (stationary * tonal - 0.5) + 6.0 * (pulse - 0.3) - 6.0 * (low_energy - 0.3))
    features.speech_likelihood = round(speech, 3)
    features.music_likelihood = round(music, 3)

    peaks = _peaks(onset, sounding)
    sounding_seconds = max(float(sounding.sum()) / FRAME_RATE, 1e-6)
    onset_rate = len(peaks) / sounding_seconds
    features.onset_rate = round(onset_rate, 3)
    if music >= 0.5 and tempo is not None and beat_period is not None and pulse >= 0.2:
        beats = _beats(phase_envelope, beat_period)
        features.tempo_bpm = round(tempo, 2)
        features.beat_confidence = round(pulse, 3)
        features.beats_s = [round(_seconds(b), 3) for b in beats[:256]]
        features.beat_count = len(beats)

    # ASMR-like: quiet, close (dry, detail-rich), transient-rich, and not a music bed.
    dryness = _dryness(rms, peaks)
    high = _median(high_share, sounding)
    quiet_score = _ramp(-(lufs if lufs is not None else -70.0), 24.0, 34.0)
    transient_score = _ramp(onset_rate, 1.5, 4.0)
    close_score = 0.5 * _ramp(dryness, 0.4, 0.8) + 0.5 * _ramp(high, 0.05, 0.25)
    asmr = (quiet_score * transient_score * close_score) ** (1 / 3) * (1.0 - 0.8 * music)
    features.asmr_score = round(float(asmr), 3)
    features.asmr_like = bool(quiet_score >= 0.5 and transient_score >= 0.5 and close_score >= 0.5 and music < 0.5)
    if features.asmr_like or max(speech, music) < 0.5:
        features.dominant = "other"
    else:
        features.dominant = "speech" if speech > music else "music"
    features.measures = {
        "low_energy_share": round(low_energy, 4),
        "modulation_4hz_share": round(modulation, 4),
        "spectral_stationarity": round(stationary, 4),
        "tonality": round(tonal, 4),
        "pulse_clarity": round(pulse, 4),
        "dryness": round(dryness, 4),
        "high_frequency_share": round(high, 4),
        "quiet_score": round(quiet_score, 4),
        "transient_score": round(transient_score, 4),
        "close_score": round(close_score, 4),
    }
    return features


# ---------------------------------------------------------------------- measures


def _seconds(frame: float) -> float:
    return frame / FRAME_RATE + FRAME_CENTRE_S



def _median(values: np.ndarray, mask: np.ndarray) -> float:
    selected = values[mask & ~np.isnan(values)] if len(values) else values
    return float(np.median(selected)) if len(selected) else 0.0


def _sigmoid(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-x)))


def _ramp(x: float, low: float, high: float) -> float:
    return float(np.clip((x - low) / (high - low), 0.0, 1.0))


def _runs(mask: np.ndarray, min_length: int) -> list[tuple[int, int]]:
    """[start, end) runs of True at least `min_length` long."""
    runs = []
    start = None
    for i, value in enumerate(np.append(mask, False)):
        if value and start is None:
            start = i
        elif not value and start is not None:
            if i - start >= min_length:
                runs.append((start, i))
            start = None
    return runs


def _low_energy_share(rms: np.ndarray, active: np.ndarray, window_s: float = 1.0) -> float:
    """Share of frames below half the local (1 s) mean energy, over windows with sound."""
    width = int(window_s * FRAME_RATE)
    shares = []
    for start in range(0, len(rms) - width + 1, width // 2 or 1):
        segment = rms[start:start + width]
        if active[start:start + width].mean() < 0.5:
            continue
        shares.append(float(np.mean(segment < 0.5 * segment.mean())))
    return float(np.mean(shares)) if shares else 0.0


def _modulation_share(rms: np.ndarray, active: np.ndarray, window_s: float = 2.0) -> float:
    """Share of the energy envelope's modulation (0.5–16 Hz) that lies in the syllabic 2–8 Hz band."""
    width = int(window_s * FRAME_RATE)
    freqs = np.fft.rfftfreq(width, 1.0 / FRAME_RATE)
    band = (freqs >= 2.0) & (freqs <= 8.0)
    total_band = (freqs >= 0.5) & (freqs <= 16.0)
    shares = []
    for start in range(0, len(rms) - width + 1, width // 2):
        if active[start:start + width].mean() < 0.5:
            continue
        envelope = np.sqrt(rms[start:start + width])
        if envelope.std() < 0.1 * max(float(envelope.mean()), 1e-9):
            shares.append(0.0)  # a steady level has no syllabic modulation, whatever its tiny ripples say
            continue
        envelope = envelope - envelope.mean()
        power = np.abs(np.fft.rfft(envelope * np.hanning(width))) ** 2
        total = power[total_band].sum()
        if total > 1e-12:
            shares.append(float(power[band].sum() / total))
    return float(np.mean(shares)) if shares else 0.0


def _onset_envelope(flux: np.ndarray) -> np.ndarray:
    """Spectral flux minus its local mean (half-wave rectified): the onset strength per frame."""
    if len(flux) == 0:
        return flux
    width = int(0.5 * FRAME_RATE) | 1
    kernel = np.ones(width) / width
    local = np.convolve(flux, kernel, mode="same")
    onset = np.maximum(flux - local, 0.0)
    onset[onset < ONSET_FLOOR] = 0.0
    return onset


def _tempo(onset: np.ndarray) -> tuple[float | None, float, float | None]:
    """(BPM, pulse clarity 0..1, beat period in frames) from the onset envelope's autocorrelation."""
    n = len(onset)
    if n < int(4 * FRAME_RATE):
        return None, 0.0, None
    centred = onset - onset.mean()
    spectrum = np.fft.rfft(centred, 2 * n)
    autocorrelation = np.fft.irfft(np.abs(spectrum) ** 2)[:n]
    if autocorrelation[0] <= 1e-12:
        return None, 0.0, None
    autocorrelation = autocorrelation / autocorrelation[0]
    low_lag = int(np.floor(60.0 * FRAME_RATE / 220.0))
    high_lag = min(n - 2, int(np.ceil(60.0 * FRAME_RATE / 50.0)))
    lags = np.arange(low_lag, high_lag + 1)
    bpm = 60.0 * FRAME_RATE / lags
    prior = np.exp(-0.5 * (np.log2(bpm / 120.0) / 1.0) ** 2)
    weighted = autocorrelation[lags] * prior
    best = int(lags[int(np.argmax(weighted))])
    pulse = float(np.clip(autocorrelation[best], 0.0, 1.0))
    # Parabolic interpolation around the peak for a sub-frame period.
    period = float(best)
    if 1 <= best < n - 1:
        y0, y1, y2 = autocorrelation[best - 1], autocorrelation[best], autocorrelation[best + 1]
        denominator = y0 - 2 * y1 + y2
        if abs(denominator) > 1e-12:
            period = best + 0.5 * (y0 - y2) / denominator
    return 60.0 * FRAME_RATE / period, pulse, period


def _beats(onset: np.ndarray, period: float) -> list[float]:
    """Beat frames: the pulse train (phase chosen to collect the most onset strength), each snapped to a peak."""
    n = len(onset)
    phases = np.arange(0.0, period, 0.5)
    best_phase, best_sum = 0.0, -1.0
    for phase in phases:
        positions = np.arange(phase, n, period).astype(int)
        total = float(onset[positions].sum())
        if total > best_sum:
            best_phase, best_sum = phase, total
    beats = []
    radius = max(1, int(0.1 * period))
    for position in np.arange(best_phase, n, period):
        centre = round(position)
        lo, hi = max(0, centre - radius), min(n, centre + radius + 1)
        if hi <= lo:
            continue
        beats.append(float(lo + int(np.argmax(onset[lo:hi]))))
    return beats


def _peaks(onset: np.ndarray, active: np.ndarray) -> list[int]:
    """Onset peaks: local maxima above a robust local threshold, at least 50 ms apart."""
    if len(onset) < 3:
        return []
    threshold = max(ONSET_FLOOR, 0.05 * float(np.percentile(onset, 99)))
    min_gap = int(0.05 * FRAME_RATE)
    peaks: list[int] = []
    for i in range(1, len(onset) - 1):
        if not active[i] or onset[i] < threshold:
            continue
        if onset[i] >= onset[i - 1] and onset[i] > onset[i + 1]:
            if peaks and i - peaks[-1] < min_gap:
                if onset[i] > onset[peaks[-1]]:
                    peaks[-1] = i
                continue
            peaks.append(i)
    return peaks


def _dryness(rms: np.ndarray, peaks: list[int]) -> float:
    """How fast sound dies after its transients (1 = gone within 64 ms): close, dry sources score high."""
    lag = 4
    drops = []
    for peak in peaks:
        if peak + lag < len(rms) and rms[peak] > 1e-6:
            drops.append(1.0 - min(1.0, float(rms[peak + lag] / rms[peak])))
    return float(np.median(drops)) if drops else 0.0
