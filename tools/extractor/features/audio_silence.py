"""audio.silence — the ad is silent, or mostly silent (made for sound-off feeds)."""

from __future__ import annotations

from tools.core.domain.blueprint import Evidence
from tools.extractor.features.registry import FeatureContext, Finding, register


@register("audio.silence", name="Silent or mostly silent", section="audio")
def evaluate(context: FeatureContext) -> Finding | None:
    audio = context.audio
    if audio is None or context.kind != "video":
        return None
    if not audio.has_audio:
        return Finding(detected=True, value=1.0, confidence=0.99, rationale="The video has no audio track.",
                       evidence=[Evidence(source="metadata", note="no audio stream")])
    ratio = audio.silence_ratio or 0.0
    return Finding(
        detected=audio.silent or ratio >= 0.5, value=ratio, confidence=0.95 if audio.silent else 0.85,
        rationale=(f"Integrated loudness {audio.loudness_lufs} LUFS; {ratio:.0%} of the soundtrack is below "
                   "-50 dBFS."),
        evidence=[Evidence(source="audio", start_s=a, end_s=b, note="silence") for a, b in audio.silences[:20]],
    )
