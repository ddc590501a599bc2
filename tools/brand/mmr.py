"""Maximal marginal relevance: pick passages that are relevant to the query but not near-copies of each other.

Why: a brand book repeats itself (the same rule in the voice section, the checklist and a script), and a prompt
with five copies of one rule wastes context the creator needs for palette, claims and examples.
"""

from __future__ import annotations

import numpy as np


def mmr_select(query: np.ndarray, candidates: np.ndarray, k: int, lambda_mult: float = 0.5) -> list[int]:
    """Indices of `k` candidates chosen greedily by λ·sim(query, d) − (1−λ)·max sim(d, chosen).

    Vectors are expected unit-length (cosine = dot product). The first pick is always the most relevant one.
    """
    if len(candidates) == 0 or k <= 0:
        return []
    relevance = candidates @ query
    chosen = [int(np.argmax(relevance))]
    if k == 1:
        return chosen
    pairwise = candidates @ candidates.T
    redundancy = pairwise[chosen[0]].copy()
    available = np.ones(len(candidates), dtype=bool)
    available[chosen[0]] = False
    while len(chosen) < min(k, len(candidates)):
        scores = lambda_mult * relevance - (1.0 - lambda_mult) * redundancy
        scores[~available] = -np.inf
        pick = int(np.argmax(scores))
        chosen.append(pick)
        available[pick] = False
        redundancy = np.maximum(redundancy, pairwise[pick])
    return chosen
