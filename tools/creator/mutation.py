"""The mutation engine: pick N points on the variation axes that are as different from each other as possible.

What is kept from the source: its hook archetype, pace and structure (hook → benefit → proof → CTA). What varies:
hook angle, lead benefit, proof, offer, CTA, and the visual wrapper (layout, background, colours). Plans are drawn
from a seeded pool and chosen by farthest-point sampling on the axes (Hamming distance), so the same request always
yields the same plan — which is what makes a generation job resumable.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tools.creator.copywriter import CopyChoice
from tools.creator.visuals import BACKGROUNDS, ColourScheme, gradient_allowed, layouts_for
from tools.creator.vocabulary import Vocabulary


@dataclass(frozen=True)
class Plan:
    copy: CopyChoice
    layout: str
    background: str
    scheme: int

    def axes(self) -> tuple[object, ...]:
        c = self.copy
        return (c.hook, c.benefit, c.pain, c.proof, c.offer, c.cta, self.layout, self.background, self.scheme)


def candidate_pool(vocabulary: Vocabulary, archetype: str, schemes: list[ColourScheme], *, size: int,
                   seed: int, hook_templates: int) -> list[Plan]:
    """A seeded pool of distinct plans over every axis the vocabulary can support."""
    rng = random.Random(seed)
    layouts = layouts_for(archetype)
    n_benefits = max(1, len(vocabulary.benefits))
    pool: dict[tuple[object, ...], Plan] = {}
    attempts = 0
    while len(pool) < size and attempts < size * 20:
        attempts += 1
        scheme = rng.randrange(max(1, len(schemes)))
        backgrounds = [b for b in BACKGROUNDS if b != "gradient" or (schemes and gradient_allowed(schemes[scheme]))]
        plan = Plan(
            copy=CopyChoice(
                hook=rng.randrange(max(1, hook_templates)),
                benefit=rng.randrange(n_benefits),
                pain=rng.randrange(max(1, len(vocabulary.pains))),
                proof=rng.choice([None, *range(len(vocabulary.proofs))]),
                offer=rng.choice([None, *range(len(vocabulary.offers))]),
                cta=rng.randrange(max(1, len(vocabulary.ctas) or 4)),
                headline=rng.randrange(4),
                body=rng.randrange(4),
            ),
            layout=layouts[min(len(layouts) - 1, int(rng.expovariate(1.2)))],  # favour the archetype's best fit
            background=rng.choice(backgrounds),
            scheme=scheme,
        )
        pool.setdefault(plan.axes(), plan)
    return list(pool.values())


def _distance(a: Plan, b: Plan) -> int:
    return sum(x != y for x, y in zip(a.axes(), b.axes(), strict=True))


def select_diverse(pool: list[Plan], count: int) -> list[Plan]:
    """Farthest-point sampling: each next plan maximises its minimum Hamming distance to those already chosen."""
    if not pool:
        return []
    chosen = [pool[0]]
    nearest = [_distance(p, chosen[0]) for p in pool]
    while len(chosen) < min(count, len(pool)):
        index = max(range(len(pool)), key=lambda i: (nearest[i], -i))
        if nearest[index] == 0:
            break
        chosen.append(pool[index])
        nearest = [min(d, _distance(p, pool[index])) for d, p in zip(nearest, pool, strict=True)]
    return chosen
