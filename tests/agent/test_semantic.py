"""Intent by meaning: the numpy MiniLM equals sentence-transformers, the shipped exemplar vectors match the bank, and
requests no pattern knows are routed by what they mean (and not without the embeddings)."""

from __future__ import annotations

import numpy as np
import pytest

from agent.planning.offline import OfflinePlanner
from agent.planning.semantic import VECTORS, bank_digest
from agent.planning.similarity import EXEMPLARS
from vectorstore.fast_encoder import fast_encoder

SENTENCES = ["make 20 variants of last week's winner", "why did ROAS drop last week?",
             "which creatives are fatigued?", "segment our audiences", "a longer request about the brand voice and "
             "what our guidelines say about emojis in headlines for the spring campaign"]


def test_the_fast_encoder_equals_sentence_transformers() -> None:
    from sentence_transformers import SentenceTransformer

    from vectorstore.model import bundled_model_path

    reference = SentenceTransformer(str(bundled_model_path()), device="cpu").encode(
        SENTENCES, normalize_embeddings=True)
    encoder = fast_encoder()
    for sentence, expected in zip(SENTENCES, reference, strict=True):
        vector = encoder.encode(sentence)
        assert vector.shape == (384,)
        assert float(np.dot(vector, expected)) > 0.9999, sentence


def test_shipped_exemplar_vectors_match_the_bank() -> None:
    stored = np.load(VECTORS, allow_pickle=False)
    assert str(stored["digest"]) == bank_digest(), "run: python -m agent.planning.semantic"
    labels = [str(x) for x in stored["labels"]]
    texts = [t for ts in EXEMPLARS.values() for t in ts]
    assert labels == [intent for intent, ts in EXEMPLARS.items() for _ in ts]
    encoder = fast_encoder()
    for i in (0, len(texts) // 2, len(texts) - 1):
        assert float(np.dot(stored["vectors"][i].astype(np.float32), encoder.encode(texts[i]))) > 0.999


@pytest.mark.parametrize(("text", "tool"), [
    ("which ads are past their prime", "creative_fatigue"),
    ("whats dragging roas down", "explain_change"),
    ("what made conversions slump", "explain_change"),
])
def test_meaning_routes_what_no_pattern_knows(text: str, tool: str) -> None:
    assert OfflinePlanner().plan(text).tool_names == [tool]
    assert OfflinePlanner(semantic=False).plan(text).tool_names == []  # the embeddings did it
