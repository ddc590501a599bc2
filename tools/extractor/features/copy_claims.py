"""copy.claims — performance, scientific, social-proof or absolute claims (worth a compliance look)."""

from __future__ import annotations

from tools.core.domain.blueprint import Evidence
from tools.extractor.features.registry import FeatureContext, Finding, register


@register("copy.claims", name="Claims", section="copy")
def evaluate(context: FeatureContext) -> Finding | None:
    copy = context.copy
    if copy is None:
        return None
    if not copy.claims:
        return Finding(detected=False, confidence=0.65, rationale="No claim patterns found.")
    kinds = sorted({c.kind for c in copy.claims})
    return Finding(
        detected=True, value=len(copy.claims), confidence=0.8,
        rationale=f"{len(copy.claims)} claim(s): {', '.join(kinds)}.",
        evidence=[Evidence(source="copy", text=c.text, span=c.span, note=c.kind) for c in copy.claims[:30]],
    )
