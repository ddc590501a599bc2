"""video.gradual_transitions — dissolves and fades between shots (softer storytelling than hard cuts)."""

from __future__ import annotations

from tools.core.domain.blueprint import Evidence
from tools.extractor.features.registry import FeatureContext, Finding, register


@register("video.gradual_transitions", name="Dissolves or fades", section="video")
def evaluate(context: FeatureContext) -> Finding | None:
    if context.kind != "video":
        return None
    gradual = [t for t in context.transitions if t.kind != "cut"]
    return Finding(
        detected=bool(gradual), value=len(gradual),
        confidence=max((t.confidence for t in gradual), default=0.75),
        rationale=(f"{len(gradual)} gradual transition(s): " + ", ".join(f"{t.kind} at {t.at_s:.2f} s"
                                                                         for t in gradual[:5])
                   if gradual else "Every shot change is a hard cut."),
        evidence=[Evidence(source="video", start_s=t.start_s, end_s=t.end_s, note=t.kind) for t in gradual],
    )
