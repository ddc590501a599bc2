"""audio.music — a music bed under the ad (tonal, sustained, usually with a beat)."""

from __future__ import annotations

from tools.core.domain.blueprint import Evidence
from tools.extractor.features.registry import FeatureContext, Finding, register


@register("audio.music", name="Music", section="audio")
def evaluate(context: FeatureContext) -> Finding | None:
    audio = context.audio
    if audio is None or not audio.has_audio or audio.music_likelihood is None:
        return None
    likelihood = audio.music_likelihood
    m = audio.measures
    tempo = f", tempo {audio.tempo_bpm:.0f} BPM" if audio.tempo_bpm else ""
    return Finding(
        detected=likelihood >= 0.5, value=likelihood, confidence=max(likelihood, 1 - likelihood),
        rationale=(f"Music likelihood {likelihood:.2f}: stationarity {m.get('spectral_stationarity', 0):.2f}, "
                   f"tonality {m.get('tonality', 0):.2f}, pulse clarity {m.get('pulse_clarity', 0):.2f}{tempo}."),
        evidence=[Evidence(source="audio", start_s=0.0, end_s=audio.duration_s, note="whole soundtrack")],
    )
