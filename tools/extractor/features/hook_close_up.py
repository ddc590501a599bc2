"""hook.close_up — a face close-up (the face fills a large part of the frame) in the opening seconds."""

from __future__ import annotations

from tools.core.domain.blueprint import Evidence
from tools.extractor.analysis.vision import CLOSE_UP_SHARE
from tools.extractor.features.registry import FeatureContext, Finding, register


@register("hook.close_up", name="Face close-up in the hook", section="hook")
def evaluate(context: FeatureContext) -> Finding | None:
    hook = context.hook
    if hook is None or context.kind not in ("video", "image") or not hook.faces:
        return None
    close = [f for f in hook.faces if f.area_share >= CLOSE_UP_SHARE]
    return Finding(
        detected=bool(close), value=hook.face_max_share,
        confidence=min(0.95, 0.6 + 3.0 * abs(hook.face_max_share - CLOSE_UP_SHARE)),
        rationale=f"Largest face covers {hook.face_max_share:.1%} of the frame (close-up from {CLOSE_UP_SHARE:.0%}).",
        evidence=[Evidence(source=context.kind, start_s=f.t_s, end_s=f.t_s,  # type: ignore[arg-type]
                           note=f"{f.area_share:.1%} of frame") for f in close[:20]],
    )
