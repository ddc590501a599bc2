"""Plausible D2C ad copy whose wording matches each creative's labelled hook type and offer.

Why templates from a data file: the analyst's copy embeddings must see text that carries the same signal as the
labels (a testimonial reads like a testimonial), and the brand text stays editable without touching code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml


@dataclass(frozen=True)
class BrandBook:
    brand: str
    slug: str
    campaigns: list[dict]
    products: list[dict]
    people: list[str]
    days: list[int]
    offers: dict[str, str]
    hooks: dict[str, dict[str, list[str]]]
    ctas: dict[str, list[str]]


@lru_cache(maxsize=8)
def load_brand(path: Path) -> BrandBook:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return BrandBook(
        brand=data["brand"], slug=data["slug"], campaigns=data["campaigns"], products=data["products"],
        people=data["people"], days=data["days"], offers=data["offers"], hooks=data["hooks"], ctas=data["ctas"],
    )


_SENTENCE_START = re.compile(r"(^|[.!?]\s+)([a-z])")


def _capitalise(text: str) -> str:
    """Template fields such as "the Glow Serum" may open a sentence."""
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


def write_copy(book: BrandBook, hooks: np.ndarray, offers: np.ndarray, rng: np.random.Generator
               ) -> tuple[list[str], list[str], list[str]]:
    """Headline, body and call-to-action per creative (vectorised choices, one format call per text)."""
    n = len(hooks)
    product_idx = rng.integers(0, len(book.products), n)
    person_idx = rng.integers(0, len(book.people), n)
    days_idx = rng.integers(0, len(book.days), n)
    pick_h = rng.integers(0, 1 << 30, n)
    pick_b = rng.integers(0, 1 << 30, n)
    pick_c = rng.integers(0, 1 << 30, n)
    headlines: list[str] = []
    bodies: list[str] = []
    ctas: list[str] = []
    for i in range(n):
        templates = book.hooks[hooks[i]]
        product = book.products[product_idx[i]]
        fields = {
            "product": product["name"], "short": product["short"], "benefit": product["benefit"],
            "person": book.people[person_idx[i]], "days": book.days[days_idx[i]], "offer": book.offers[offers[i]],
        }
        headline = templates["headlines"][pick_h[i] % len(templates["headlines"])].format(**fields)
        body = templates["bodies"][pick_b[i] % len(templates["bodies"])].format(**fields).strip()
        options = book.ctas[offers[i]]
        headlines.append(_capitalise(headline))
        bodies.append(_capitalise(body))
        ctas.append(options[pick_c[i] % len(options)])
    return headlines, bodies, ctas
