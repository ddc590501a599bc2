"""copy.offer — a discount, freebie, code or deadline in the copy."""

from __future__ import annotations

from tools.core.domain.blueprint import Evidence
from tools.extractor.features.registry import FeatureContext, Finding, register


@register("copy.offer", name="Offer", section="copy")
def evaluate(context: FeatureContext) -> Finding | None:
    copy = context.copy
    if copy is None:
        return None
    if not copy.offers:
        return Finding(detected=False, confidence=0.7, rationale="No discount, freebie, code or deadline found.")
    kinds = sorted({o.kind for o in copy.offers})
    return Finding(
        detected=True, value=copy.offer, confidence=0.9,
        rationale=f"Offer: '{copy.offer}' ({', '.join(kinds)}).",
        evidence=[Evidence(source="copy", text=o.text, span=o.span, note=o.kind) for o in copy.offers],
    )
