"""hook.high_motion — lots of movement in the opening seconds (camera, subject or edits)."""

from __future__ import annotations

from tools.core.domain.blueprint import Evidence
from tools.extractor.features.registry import FeatureContext, Finding, register

MOTION_THRESHOLD = 0.02  # mean |Δ grey| per frame as a share of full scale (≈ 5 grey levels per frame)
FLOW_THRESHOLD = 60.0  # tracked points moving ≥ 60 analysis px/s


@register("hook.high_motion", name="High motion in the hook", section="hook")
def evaluate(context: FeatureContext) -> Finding | None:
    hook = context.hook
    if context.kind != "video" or hook is None or hook.motion_energy is None:
        return None
    flow = hook.flow_px_s or 0.0
    score = max(hook.motion_energy / MOTION_THRESHOLD, flow / FLOW_THRESHOLD, hook.cuts / 2.0)
    detected = score >= 1.0
    return Finding(
        detected=detected, value=round(hook.motion_energy, 4),
        confidence=min(0.95, 0.5 + 0.4 * abs(score - 1.0)),
        rationale=(f"Frame change {hook.motion_energy:.4f} (threshold {MOTION_THRESHOLD}), flow {flow:.0f} px/s, "
                   f"{hook.cuts} cut(s) in {hook.window_s:.1f} s."),
        evidence=[Evidence(source="video", start_s=0.0, end_s=hook.window_s, note="hook window")],
    )
