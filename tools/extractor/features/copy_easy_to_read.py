"""copy.easy_to_read — plain language (Flesch–Kincaid grade 7 or below)."""

from __future__ import annotations

from tools.extractor.features.registry import FeatureContext, Finding, register

MAX_GRADE = 7.0


@register("copy.easy_to_read", name="Easy to read", section="copy")
def evaluate(context: FeatureContext) -> Finding | None:
    copy = context.copy
    if copy is None or copy.reading_level is None:
        return None
    level = copy.reading_level
    # Very short copy gives unstable readability scores.
    confidence = 0.55 if copy.word_count < 12 else 0.85
    return Finding(
        detected=level.flesch_kincaid_grade <= MAX_GRADE, value=level.flesch_kincaid_grade, confidence=confidence,
        rationale=(f"Flesch–Kincaid grade {level.flesch_kincaid_grade}, reading ease {level.flesch_reading_ease}, "
                   f"{level.avg_words_per_sentence} words per sentence."),
    )
