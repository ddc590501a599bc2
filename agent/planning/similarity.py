"""Exemplar similarity: cosine of character n-gram profiles between a clause and example requests per intent.

Why character n-grams and not MiniLM here: the `--plan` path must answer well under a second, and loading a
sentence-transformers model costs seconds. N-gram profiles of the ~180 exemplars (each tool record's example
requests) are built once per process (~10 ms) and compared in well under a millisecond; they tolerate inflections
and typos ("variatons", "deconstruct").
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

from tools.catalog.registry import TOOL_SPECS

EXEMPLARS: dict[str, list[str]] = {tool.name: list(tool.examples) for tool in TOOL_SPECS.values() if tool.examples}
"""The exemplar bank: each tool record's example requests (`AgentTool.examples`), in catalog order."""


def _profile(text: str) -> Counter[str]:
    grams: Counter[str] = Counter()
    for word in text.split():
        padded = f" {word} "
        grams.update(padded[i:i + 3] for i in range(len(padded) - 2))
        grams[f"w:{word}"] += 2
    return grams


def _norm(profile: Counter[str]) -> float:
    return math.sqrt(sum(v * v for v in profile.values())) or 1.0


@lru_cache(maxsize=1)
def _index() -> dict[str, list[tuple[Counter[str], float]]]:
    return {intent: [(p, _norm(p)) for p in map(_profile, examples)] for intent, examples in EXEMPLARS.items()}


def exemplar_similarity(text: str) -> dict[str, float]:
    """Best cosine similarity of `text` to each intent's exemplars (0..1)."""
    query = _profile(text)
    query_norm = _norm(query)
    best: dict[str, float] = {}
    for intent, profiles in _index().items():
        top = 0.0
        for profile, norm in profiles:
            small, large = (query, profile) if len(query) < len(profile) else (profile, query)
            dot = sum(v * large.get(k, 0) for k, v in small.items())
            top = max(top, dot / (query_norm * norm))
        best[intent] = top
    return best
