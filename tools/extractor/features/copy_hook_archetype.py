"""copy.hook_archetype — the opening move of the copy (question, statistic, testimonial, problem, offer, ...)."""

from __future__ import annotations

from tools.core.domain.blueprint import Evidence
from tools.extractor.features.registry import FeatureContext, Finding, register


@register("copy.hook_archetype", name="Hook archetype", section="copy")
def evaluate(context: FeatureContext) -> Finding | None:
    copy = context.copy
    if copy is None or not copy.hook_text.strip():
        return None
    if copy.hook_archetype is None:
        return Finding(detected=False, confidence=0.3, value=None,
                       rationale="No archetype rule matched and the sentence model was unavailable.")
    ranked = sorted(copy.archetype_scores.items(), key=lambda kv: -kv[1])[:3]
    runner_up = ", ".join(f"{name} {score:.2f}" for name, score in ranked[1:])
    evidence = list(context.archetype_evidence.get(copy.hook_archetype, []))
    start = copy.text.find(copy.hook_text) if copy.hook_text else -1
    if not evidence and start >= 0:
        evidence = [Evidence(source="copy", text=copy.hook_text, span=(start, start + len(copy.hook_text)),
                             note="similar to labelled exemplars")]
    return Finding(
        detected=True, value=copy.hook_archetype, confidence=copy.hook_confidence,
        rationale=(f"'{copy.hook_archetype}' ({copy.method}, p={copy.archetype_scores.get(copy.hook_archetype, 0):.2f}"
                   f"; next: {runner_up})."),
        evidence=evidence,
    )
