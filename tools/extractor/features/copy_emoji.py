"""copy.emoji — emoji in the copy."""

from __future__ import annotations

from tools.core.domain.blueprint import Evidence
from tools.extractor.features.registry import FeatureContext, Finding, register


@register("copy.emoji", name="Emoji", section="copy")
def evaluate(context: FeatureContext) -> Finding | None:
    copy = context.copy
    if copy is None:
        return None
    full = copy.text if not copy.headline else f"{copy.text}\n{copy.headline}"
    evidence = []
    for char in dict.fromkeys(copy.emoji):
        start = full.find(char)
        evidence.append(Evidence(source="copy", text=char, span=(start, start + len(char)) if start >= 0 else None))
    return Finding(
        detected=copy.emoji_count > 0, value=copy.emoji_count, confidence=0.97,
        rationale=f"{copy.emoji_count} emoji." if copy.emoji_count else "No emoji.",
        evidence=evidence,
    )
