"""audio.beat — a steady beat with a measurable tempo (edits can be cut to it)."""

from __future__ import annotations

from tools.core.domain.blueprint import Evidence
from tools.extractor.features.registry import FeatureContext, Finding, register


@register("audio.beat", name="Steady beat", section="audio")
def evaluate(context: FeatureContext) -> Finding | None:
    audio = context.audio
    if audio is None or not audio.has_audio or audio.silent:
        return None
    if audio.tempo_bpm is None:
        return Finding(detected=False, confidence=0.65, rationale="No music with a clear pulse.")
    return Finding(
        detected=True, value=audio.tempo_bpm, confidence=min(0.95, 0.4 + 0.6 * (audio.beat_confidence or 0.0)),
        rationale=f"{audio.tempo_bpm:.1f} BPM, {audio.beat_count} beats, pulse clarity {audio.beat_confidence:.2f}.",
        evidence=[Evidence(source="audio", start_s=b, end_s=b, note="beat") for b in audio.beats_s[:16]],
    )
