"""copy.cta — an explicit call to action (shop now, sign up, learn more, ...)."""

from __future__ import annotations

from tools.core.domain.blueprint import Evidence
from tools.extractor.features.registry import FeatureContext, Finding, register


@register("copy.cta", name="Call to action", section="copy")
def evaluate(context: FeatureContext) -> Finding | None:
    copy = context.copy
    if copy is None:
        return None
    if copy.cta is None:
        return Finding(detected=False, confidence=0.7, rationale="No call-to-action phrase found in the copy.")
    full = copy.text if not copy.headline else f"{copy.text}\n{copy.headline}"
    start = full.rfind(copy.cta_text or "")
    span = (start, start + len(copy.cta_text or "")) if start >= 0 else None
    return Finding(
        detected=True, value=copy.cta, confidence=0.9,
        rationale=f"'{copy.cta_text}' reads as {copy.cta}.",
        evidence=[Evidence(source="copy", text=copy.cta_text, span=span)],
    )
