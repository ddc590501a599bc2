"""copy.instruction_like — text inside the ad that addresses a machine ('ignore previous instructions ...').

Recorded as data so readers can see the attempt; never followed.
"""

from __future__ import annotations

from tools.extractor.features.registry import FeatureContext, Finding, register


@register("copy.instruction_like", name="Instruction-like text (not followed)", section="copy")
def evaluate(context: FeatureContext) -> Finding | None:
    copy = context.copy
    if copy is None:
        return None
    found = copy.instruction_like
    return Finding(
        detected=bool(found), value=len(found), confidence=0.85 if found else 0.6,
        rationale=("The ad contains text that reads as instructions to an assistant; it was analysed as ad copy "
                   "and not acted on." if found else "No instruction-like passages."),
        evidence=list(found),
    )
