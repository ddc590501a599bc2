"""hook.early_cut — the picture changes within the first second (a pattern interrupt)."""

from __future__ import annotations

from tools.core.domain.blueprint import Evidence
from tools.extractor.features.registry import FeatureContext, Finding, register

WITHIN_S = 1.0


@register("hook.early_cut", name="Cut within the first second", section="hook")
def evaluate(context: FeatureContext) -> Finding | None:
    if context.kind != "video" or context.hook is None:
        return None
    early = [t for t in context.transitions if t.at_s <= WITHIN_S]
    return Finding(
        detected=bool(early), value=early[0].at_s if early else None,
        confidence=early[0].confidence if early else 0.8,
        rationale=(f"First shot change at {early[0].at_s:.2f} s." if early
                   else f"No shot change in the first {WITHIN_S:.0f} s."),
        evidence=[Evidence(source="video", start_s=t.at_s, end_s=t.at_s, note=t.kind) for t in early],
    )
