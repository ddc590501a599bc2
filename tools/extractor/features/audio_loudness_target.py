"""audio.loudness_target — mixed near the -14 LUFS that social platforms normalise to."""

from __future__ import annotations

from tools.core.domain.blueprint import Evidence
from tools.extractor.features.registry import FeatureContext, Finding, register

TARGET_LUFS = -14.0
TOLERANCE_LU = 2.0


@register("audio.loudness_target", name="Loudness near -14 LUFS", section="audio")
def evaluate(context: FeatureContext) -> Finding | None:
    audio = context.audio
    if audio is None or not audio.has_audio or audio.silent or audio.loudness_lufs is None:
        return None
    distance = audio.loudness_lufs - TARGET_LUFS
    return Finding(
        detected=abs(distance) <= TOLERANCE_LU, value=audio.loudness_lufs, confidence=0.95,
        rationale=(f"Integrated loudness {audio.loudness_lufs:.1f} LUFS ({distance:+.1f} LU from {TARGET_LUFS:.0f}); "
                   f"true peak {audio.true_peak_dbtp} dBTP."),
        evidence=[Evidence(source="audio", start_s=0.0, end_s=audio.duration_s, note="EBU R128 integrated")],
    )
