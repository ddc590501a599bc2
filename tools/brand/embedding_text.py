"""What is embedded for a passage: its body in context, with extra weight on what the passage is about.

Why: MiniLM averages over every token, so a 500-character list dilutes its heading, and a brand book's shared title
("Mossbrew brand book > ...") makes every passage look alike. Each passage is therefore embedded as
`normalise(embed(kind label + section trail + body) + 0.5 · embed(kind label + section trail))`, with the document
title dropped from the trail when every passage shares it. On the sample brand book's 18 natural questions this took
the right passage from 12 to 16 at rank 1 and from 14 to 18 in the top 3 (the stored text is unchanged; queries are
embedded plainly).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from vectorstore.store import VectorStore

HEADING_WEIGHT = 0.5
KIND_LABELS = {
    "voice": "Brand voice and tone",
    "guideline": "Brand guideline",
    "value_prop": "Value propositions: why customers buy",
    "banned": "Banned words and claims we never use",
    "palette": "Brand colour palette",
    "script": "Winning ad script",
    "audience": "Target audience and customers",
}


def section_label(kind: str, trail: str) -> str:
    label = KIND_LABELS.get(kind, "Brand guideline")
    return f"{label}. {trail}" if trail else label


def drop_shared_title(trails: Sequence[str]) -> list[str]:
    """Remove the first heading when every trail of a document starts with it and the trails differ below it."""
    split = [trail.split(" > ") if trail else [] for trail in trails]
    roots = {parts[0] for parts in split if parts}
    if len(roots) != 1 or any(not parts for parts in split) or len({tuple(p) for p in split}) < 2:
        return list(trails)
    return [" > ".join(parts[1:]) for parts in split]


def passage_embeddings(store: VectorStore, kinds: Sequence[str], trails: Sequence[str],
                       bodies: Sequence[str]) -> np.ndarray:
    """Unit-length vectors, one per passage (see module docstring)."""
    import numpy as np

    labels = [section_label(kind, trail) for kind, trail in zip(kinds, trails, strict=True)]
    full = store.embed([f"{label}\n{body}" for label, body in zip(labels, bodies, strict=True)])
    unique = sorted(set(labels))
    heading_vectors = store.embed(unique)
    index = {label: i for i, label in enumerate(unique)}
    mixed = full + HEADING_WEIGHT * heading_vectors[[index[label] for label in labels]]
    norms = np.linalg.norm(mixed, axis=1, keepdims=True)
    return (mixed / np.maximum(norms, 1e-12)).astype(np.float32)
