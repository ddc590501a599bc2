"""video.pace — how fast the edit moves: average shot length mapped to a pace class."""

from __future__ import annotations

from tools.core.domain.blueprint import Evidence
from tools.extractor.features.registry import FeatureContext, Finding, register


@register("video.pace", name="Editing pace", section="video")
def evaluate(context: FeatureContext) -> Finding | None:
    if context.kind != "video" or context.avg_shot_s is None:
        return None
    fast = context.pace in ("very_fast", "fast")
    boundaries = [Evidence(source="video", start_s=t.at_s, end_s=t.at_s, note=t.kind) for t in context.transitions]
    # Confidence grows with the number of shots the average rests on.
    confidence = min(0.95, 0.5 + 0.05 * len(context.shots))
    return Finding(
        detected=fast, confidence=confidence, value=context.pace,
        rationale=f"{len(context.shots)} shots, {context.avg_shot_s:.2f} s on average: pace '{context.pace}'.",
        evidence=boundaries[:50],
    )
