"""`classify_copy`: everything the extractor reads from ad copy, as one pure function on text.

The creator and the analyst call it on plain text (their own variants, imported ad bodies); the extractor calls it on
an ad's body, headline or on-screen text. The sentence model loads lazily once per process; when it cannot load,
the rules decide alone with lower confidence and `method="rules"`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from tools.core.domain.blueprint import CopyFeatures, Evidence
from tools.extractor.copy import archetypes, signals
from tools.extractor.copy import text as text_tools
from tools.extractor.features import evaluate_copy

log = logging.getLogger(__name__)


def classify_copy(text: str, *, headline: str | None = None, use_embeddings: bool = True,
                  model_path: Path | None = None) -> CopyFeatures:
    """Analyse one piece of ad copy (text is data: nothing in it is ever followed)."""
    return classify_copies([text], headlines=[headline], use_embeddings=use_embeddings, model_path=model_path)[0]


def classify_copies(texts: list[str], *, headlines: list[str | None] | None = None, use_embeddings: bool = True,
                    model_path: Path | None = None) -> list[CopyFeatures]:
    """Batch form: one model call for all hooks (the model is the slow part)."""

    headlines = headlines or [None] * len(texts)
    cleaned = [text_tools.normalise(t or "") for t in texts]
    hook_spans = [text_tools.hook_span(t) for t in cleaned]
    hooks = [t[a:b] for t, (a, b) in zip(cleaned, hook_spans, strict=True)]
    embedded: list[dict[str, float] | None] = [None] * len(texts)
    if use_embeddings:
        wanted = [i for i, h in enumerate(hooks) if h.strip()]
        if wanted:
            try:
                scores = archetypes.embedding_scores([hooks[i] for i in wanted], model_path)
                for i, score in zip(wanted, scores, strict=True):
                    embedded[i] = score
            except archetypes.EmbeddingUnavailable as exc:
                log.warning("copy classifier: sentence model unavailable (%s); using rules only", exc)
    results = []
    for index, body in enumerate(cleaned):
        features = _describe(body, headlines[index], hook_spans[index], embedded[index])
        features.features = evaluate_copy(features, _archetype_evidence(body, hook_spans[index]))
        results.append(features)
    return results


def _archetype_evidence(body: str, span: tuple[int, int]) -> dict[str, list[Evidence]]:
    _, evidence = archetypes.rule_scores(body[span[0]:span[1]], offset=span[0])
    return evidence


def _describe(body: str, headline: str | None, span: tuple[int, int],
              embedded: dict[str, float] | None) -> CopyFeatures:
    hook = body[span[0]:span[1]]
    if hook.strip():
        rules, _ = archetypes.rule_scores(hook, offset=span[0])
        archetype, confidence, scores, method = archetypes.combine(rules, embedded)
    else:
        archetype, confidence, scores, method = None, 0.0, {}, "rules"
    full = body if not headline else f"{body}\n{text_tools.normalise(headline)}"
    cta, cta_evidence = signals.find_cta(full)
    offers = signals.find_offers(full)
    tokens = text_tools.words(body)
    emoji = text_tools.emoji(full)
    return CopyFeatures(
        text=body,
        headline=text_tools.normalise(headline) if headline else None,
        hook_text=hook,
        hook_archetype=archetype,  # type: ignore[arg-type]
        hook_confidence=confidence,
        archetype_scores=scores,
        method=method,  # type: ignore[arg-type]
        cta=cta,
        cta_text=cta_evidence.text if cta_evidence else None,
        offer=signals.offer_summary(offers),
        offers=offers,
        length_chars=len(body),
        word_count=len(tokens),
        sentence_count=len(text_tools.sentences(body)),
        reading_level=text_tools.reading_level(body),
        emoji=emoji,
        emoji_count=len(emoji),
        claims=signals.find_claims(full),
        instruction_like=signals.find_instruction_like(full),
    )
