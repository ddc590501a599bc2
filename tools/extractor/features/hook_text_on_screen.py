"""hook.text_on_screen — captions or overlay text in the opening seconds (read by offline OCR)."""

from __future__ import annotations

from tools.core.domain.blueprint import Evidence
from tools.extractor.features.registry import FeatureContext, Finding, register


@register("hook.text_on_screen", name="Text on screen in the hook", section="hook")
def evaluate(context: FeatureContext) -> Finding | None:
    hook = context.hook
    if hook is None or context.kind not in ("video", "image"):
        return None
    if not hook.texts:
        return Finding(detected=False, confidence=0.75, rationale="No legible text found in the sampled frames.")
    mean_score = sum(t.score for t in hook.texts) / len(hook.texts)
    return Finding(
        detected=True, value=hook.text, confidence=min(0.98, mean_score),
        rationale=f"{len(hook.texts)} text line(s) read; text covers up to {hook.text_area_share:.1%} of a frame.",
        evidence=[Evidence(source="ocr", start_s=t.t_s, end_s=t.t_s, text=t.text, note=f"box {t.box}")
                  for t in hook.texts[:20]],
    )
