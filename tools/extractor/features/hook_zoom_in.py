"""hook.zoom_in — a push-in (camera or digital zoom) in the opening seconds."""

from __future__ import annotations

from tools.core.domain.blueprint import Evidence
from tools.extractor.features.registry import FeatureContext, Finding, register


@register("hook.zoom_in", name="Zoom / push-in in the hook", section="hook")
def evaluate(context: FeatureContext) -> Finding | None:
    hook = context.hook
    if context.kind != "video" or hook is None:
        return None
    scale = hook.zoom_scale
    if hook.zoom_in and hook.zoom_span_s:
        start, end = hook.zoom_span_s
        return Finding(
            detected=True, value=scale, confidence=min(0.95, 0.55 + 2.0 * ((scale or 1.0) - 1.0)),
            rationale=f"The picture scales up by {((scale or 1.0) - 1) * 100:.0f} % between {start:.2f} s and "
                      f"{end:.2f} s, steadily.",
            evidence=[Evidence(source="video", start_s=start, end_s=end, note=f"scale ×{scale:.2f}")],
        )
    return Finding(
        detected=False, value=scale, confidence=0.7,
        rationale=(f"Largest steady scale change in one shot: ×{scale:.2f}." if scale else
                   "Too little texture to track the picture's scale."),
    )
