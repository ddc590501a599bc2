"""hook.face — a human face on screen in the opening seconds."""

from __future__ import annotations

from tools.core.domain.blueprint import Evidence
from tools.extractor.features.registry import FeatureContext, Finding, register


@register("hook.face", name="Face in the hook", section="hook")
def evaluate(context: FeatureContext) -> Finding | None:
    hook = context.hook
    if hook is None or context.kind not in ("video", "image"):
        return None
    if not hook.faces:
        return Finding(detected=False, confidence=0.7,
                       rationale="No frontal face found in the sampled frames (profiles and tiny faces can be missed).")
    best = max(hook.faces, key=lambda f: f.score)
    confidence = min(0.97, 0.6 + 0.2 * best.score + 0.05 * len(hook.faces))
    return Finding(
        detected=True, value=len({f.t_s for f in hook.faces}), confidence=confidence,
        rationale=f"Face seen in {len({f.t_s for f in hook.faces})} sampled frame(s), first at {hook.face_first_s} s.",
        evidence=[Evidence(source=context.kind, start_s=f.t_s, end_s=f.t_s,  # type: ignore[arg-type]
                           note=f"box {f.box}, {f.area_share:.1%} of frame") for f in hook.faces[:20]],
    )
