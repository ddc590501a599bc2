"""Soundtrack measures on generated audio with known properties (silence, tone, music at known tempi, speech-like
syllables, quiet tapping)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tools.extractor import synthetic as syn
from tools.extractor.analysis.audio import analyse_audio


def _analyse(tmp_path: Path, name: str, samples: np.ndarray):  # type: ignore[no-untyped-def]
    return analyse_audio(syn.write_wav(tmp_path / f"{name}.wav", samples), has_audio=True)


def test_silence(tmp_path: Path) -> None:
    audio = _analyse(tmp_path, "silence", syn.silence(4.0))
    assert audio.silent and audio.dominant == "silence"
    assert audio.loudness_lufs == pytest.approx(-70.0)
    assert audio.silences == [(pytest.approx(0.032, abs=0.02), pytest.approx(4.0, abs=0.05))]


def test_tone_loudness_matches_bs1770(tmp_path: Path) -> None:
    # A 440 Hz sine at amplitude 0.25: mean square 0.03125 → 10·log10 − 0.691 = −15.74 LUFS (K-weighting ≈ 0 dB).
    audio = _analyse(tmp_path, "tone", syn.tone(5.0, 440.0, 0.25))
    expected = 10 * np.log10(0.25 ** 2 / 2) - 0.691
    assert audio.loudness_lufs == pytest.approx(expected, abs=0.3)
    assert audio.true_peak_dbtp == pytest.approx(20 * np.log10(0.25), abs=0.3)
    assert audio.speech_likelihood < 0.2
    assert audio.tempo_bpm is None and audio.onset_rate == 0.0
    assert not audio.silent and audio.silences == []


@pytest.mark.parametrize("bpm", [96.0, 120.0, 140.0])
def test_music_tempo_and_beats(tmp_path: Path, bpm: float) -> None:
    audio = _analyse(tmp_path, f"music{bpm:.0f}", syn.music(10.0, bpm=bpm))
    assert audio.dominant == "music" and audio.music_likelihood > 0.8 and audio.speech_likelihood < 0.3
    assert audio.tempo_bpm == pytest.approx(bpm, abs=2.0)
    period = 60.0 / bpm
    assert audio.beat_count == pytest.approx(10.0 / period, abs=2)
    phase = [min(b % period, period - b % period) for b in audio.beats_s]
    assert max(phase) <= 0.05  # each beat within 50 ms of a kick


def test_speech_like_signal(tmp_path: Path) -> None:
    audio = _analyse(tmp_path, "speech", syn.speech_like(10.0))
    assert audio.dominant == "speech"
    assert audio.speech_likelihood > 0.8 and audio.music_likelihood < 0.3
    assert audio.tempo_bpm is None
    assert audio.measures["low_energy_share"] > 0.35


def test_asmr_like_flag(tmp_path: Path) -> None:
    audio = _analyse(tmp_path, "asmr", syn.asmr_like(8.0))
    assert audio.asmr_like and audio.asmr_score > 0.8
    assert audio.loudness_lufs < -35.0
    assert audio.onset_rate > 3.0
    # Quiet music is quiet and has transients, but it is a music bed, not ASMR.
    quiet_music = _analyse(tmp_path, "quiet_music", syn.music(8.0, bpm=100.0) * 0.05)
    assert quiet_music.loudness_lufs < -40.0
    assert not quiet_music.asmr_like and quiet_music.dominant == "music"


def test_no_audio_track() -> None:
    audio = analyse_audio(Path("/nonexistent"), has_audio=False)
    assert not audio.has_audio and audio.dominant == "none" and audio.loudness_lufs is None
