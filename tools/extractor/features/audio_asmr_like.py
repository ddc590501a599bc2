"""audio.asmr_like — quiet, close and transient-rich sound (tapping, crinkling, whispering)."""

from __future__ import annotations

from tools.core.domain.blueprint import Evidence
from tools.extractor.features.registry import FeatureContext, Finding, register


@register("audio.asmr_like", name="ASMR-like sound", section="audio")
def evaluate(context: FeatureContext) -> Finding | None:
    audio = context.audio
    if audio is None or not audio.has_audio or audio.silent or audio.asmr_score is None:
        return None
    m = audio.measures
    return Finding(
        detected=audio.asmr_like, value=audio.asmr_score,
        confidence=min(0.95, 0.5 + 0.45 * abs(audio.asmr_score - 0.5) * 2),
        rationale=(f"Quiet {m.get('quiet_score', 0):.2f} ({audio.loudness_lufs} LUFS), transient-rich "
                   f"{m.get('transient_score', 0):.2f} ({audio.onset_rate} onsets/s), close "
                   f"{m.get('close_score', 0):.2f} (dryness {m.get('dryness', 0):.2f}, high band "
                   f"{m.get('high_frequency_share', 0):.2f}); music likelihood {audio.music_likelihood}."),
        evidence=[Evidence(source="audio", start_s=0.0, end_s=audio.duration_s, note="whole soundtrack")],
    )
