"""audio.speech — a voice carries the ad (voice-over, talking head, UGC testimonial)."""

from __future__ import annotations

from tools.core.domain.blueprint import Evidence
from tools.extractor.features.registry import FeatureContext, Finding, register


@register("audio.speech", name="Speech / voice-over", section="audio")
def evaluate(context: FeatureContext) -> Finding | None:
    audio = context.audio
    if audio is None or not audio.has_audio or audio.speech_likelihood is None:
        return None
    likelihood = audio.speech_likelihood
    m = audio.measures
    return Finding(
        detected=likelihood >= 0.5, value=likelihood, confidence=max(likelihood, 1 - likelihood),
        rationale=(f"Speech likelihood {likelihood:.2f}: low-energy share {m.get('low_energy_share', 0):.2f}, "
                   f"syllabic modulation {m.get('modulation_4hz_share', 0):.2f}, "
                   f"spectral stationarity {m.get('spectral_stationarity', 0):.2f}."),
        evidence=[Evidence(source="audio", start_s=0.0, end_s=audio.duration_s, note="whole soundtrack")],
    )
