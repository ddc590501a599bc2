"""video.jump_cuts — shots of half a second or less, the rhythm of short-form ads."""

from __future__ import annotations

from tools.core.domain.blueprint import Evidence
from tools.extractor.features.registry import FeatureContext, Finding, register

MAX_JUMP_SHOT_S = 0.5


@register("video.jump_cuts", name="Jump cuts (shots ≤ 0.5 s)", section="video")
def evaluate(context: FeatureContext) -> Finding | None:
    if context.kind != "video":
        return None
    # The first and last shots can be cut short by the file's ends; only count shots framed by two boundaries.
    inner = context.shots[1:-1]
    short = [s for s in inner if s.duration_s <= MAX_JUMP_SHOT_S + 1e-6]
    share = len(short) / len(inner) if inner else 0.0
    return Finding(
        detected=bool(short), value=len(short),
        confidence=0.9 if short else (0.8 if inner else 0.5),
        rationale=(f"{len(short)} of {len(inner)} inner shots last ≤ {MAX_JUMP_SHOT_S} s ({share:.0%})."
                   if inner else "Fewer than three shots: no inner shot to judge."),
        evidence=[Evidence(source="video", start_s=s.start_s, end_s=s.end_s, note=f"{s.duration_s:.2f} s shot")
                  for s in short[:50]],
    )
