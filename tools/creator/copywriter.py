"""The offline copywriter: recombines the brand's vocabulary into hook, headline, body and CTA per mutation plan.

Templates live in `data/copy_templates.yml`, grouped by hook archetype, so a testimonial winner yields testimonial
variants. A template is used only when every slot it names has a value from the brand or the source ad; copy whose
numbers are not in that material is rejected (no invented statistics, prices or discounts).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from tools.core.domain.variant import AdCopy
from tools.creator.vocabulary import Benefit, Vocabulary

ARCHETYPES = ("question", "statistic", "testimonial", "problem", "offer", "listicle", "before_after", "curiosity",
              "demonstration", "bold_claim")
# when the material cannot support an archetype (no real quotes, numbers or offers), the closest honest one
_FALLBACK = {"testimonial": "problem", "statistic": "bold_claim", "offer": "question", "listicle": "question"}
LIMITS = {"hook": 90, "headline": 70, "body": 230, "cta": 32}


@cache
def templates() -> dict:
    return yaml.safe_load((Path(__file__).parent / "data" / "copy_templates.yml").read_text(encoding="utf-8"))


def _slots(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _lower_first(text: str, keep: set[str]) -> str:
    first = text.split(" ", 1)[0]
    if first in keep or first.isupper():
        return text
    return text[:1].lower() + text[1:]


@dataclass(frozen=True)
class CopyChoice:
    """One point on the copy axes (indices into the vocabulary; None = leave that element out)."""

    hook: int
    benefit: int
    pain: int
    proof: int | None
    offer: int | None
    cta: int
    headline: int
    body: int


def usable_archetype(archetype: str | None, vocabulary: Vocabulary) -> tuple[str, str | None]:
    """The archetype to write in, and why it differs from the source's (None when kept)."""
    wanted = archetype if archetype in ARCHETYPES else "question"
    needs = {"testimonial": vocabulary.quotes, "statistic": [p for p in vocabulary.proofs if re.search(r"\d", p)],
             "offer": vocabulary.offers, "listicle": vocabulary.benefits[2:]}
    if wanted in needs and not needs[wanted]:
        fallback = _FALLBACK[wanted]
        missing = {"testimonial": "customer quotes", "statistic": "numbers", "offer": "offer",
                   "listicle": "three distinct benefits"}[wanted]
        return fallback, (f"kept the structure but wrote {fallback.replace('_', ' ')} hooks: the brand material has no "
                          f"{missing} to build a true {wanted.replace('_', ' ')} hook from")
    return wanted, None


class Copywriter:
    """Writes AdCopy for a CopyChoice; deterministic for the same vocabulary and choice."""

    def __init__(self, vocabulary: Vocabulary, archetype: str) -> None:
        self.vocabulary = vocabulary
        self.archetype = archetype
        self._proper = set(vocabulary.brand.split()) | set(vocabulary.product.split())

    def _values(self, choice: CopyChoice) -> dict[str, str]:
        v = self.vocabulary
        benefits = v.benefits or [Benefit(v.brand, v.brand)]
        lead = benefits[choice.benefit % len(benefits)]
        others = [b for b in benefits if b != lead]
        values = {
            "brand": v.brand,
            "product": v.product,
            "benefit": _cap(lead.title),
            "benefit_lc": _lower_first(lead.title, self._proper),
        }
        if lead.detail.lower() != lead.title.lower():  # a bare title has nothing more to say in the body
            values["detail"], values["detail_cap"] = lead.detail, _cap(lead.detail)
        if len(others) >= 2:  # a listicle needs three real benefits
            values["benefit2"], values["benefit3"] = _cap(others[0].title), _cap(others[1].title)
        # a pain the lead benefit already names ("… without the crash") would make the hook repeat the headline
        pains = [p for p in v.pains if p not in lead.title.lower()] or v.pains
        if pains:
            pain = pains[choice.pain % len(pains)]
            values["pain"], values["pain_cap"] = pain, _cap(pain)
        proofs = [p for p in v.proofs if p.lower() not in (lead.title + " " + lead.detail).lower()]
        if choice.proof is not None and proofs:
            proof = proofs[choice.proof % len(proofs)]
            values["proof"], values["proof_cap"] = proof, _cap(proof)
            values["proof_sentence"] = _cap(proof) + "."
            values["proof_short"] = _lower_first(proof, self._proper) if len(proof) <= 30 else ""
        if (choice.offer is not None or self.archetype == "offer") and v.offers:
            offer = v.offers[(choice.offer or 0) % len(v.offers)]
            values["offer"], values["offer_cap"] = offer, _cap(offer)
        if v.quotes:
            values["quote"] = v.quotes[choice.hook % len(v.quotes)]
        stats = [p for p in v.proofs if re.search(r"\d", p)]
        if stats:
            values["stat"] = _cap(stats[choice.hook % len(stats)])
        return {k: val for k, val in values.items() if val}

    def _pick(self, options: list[str], start: int, values: dict[str, str], limit: int) -> str | None:
        for offset in range(len(options)):
            template = options[(start + offset) % len(options)]
            if _slots(template) <= values.keys():
                text = " ".join(template.format(**values).split())
                if len(text) <= limit:
                    return text
        return None

    def write(self, choice: CopyChoice, language: str = "en") -> AdCopy | None:
        """The copy for `choice`, or None when the vocabulary cannot fill it within the length limits."""
        data = templates()
        values = self._values(choice)
        hook = self._pick(data["hooks"][self.archetype], choice.hook, values, LIMITS["hook"])
        headline = self._pick(data["headlines"], choice.headline, values, LIMITS["headline"])
        bodies = data["listicle_bodies"] if self.archetype == "listicle" and "benefit3" in values else data["bodies"]
        body = (self._pick(bodies, choice.body, values, LIMITS["body"])
                or self._pick(data["fallback_bodies"], choice.body, values, LIMITS["body"]))
        if (body and hook and "offer_cap" in values and values["offer"].lower() not in body.lower()
                and values["offer"].lower() not in hook.lower()):
            with_offer = f"{body} {values['offer_cap']}."
            body = with_offer if len(with_offer) <= LIMITS["body"] else body
        if not (hook and headline and body):
            return None
        cta = self._cta(choice, values)
        copy = AdCopy(hook=hook, headline=headline, body=body, cta=cta, language=language)
        if hook.lower() == headline.lower():
            return None
        return copy

    def _cta(self, choice: CopyChoice, values: dict[str, str]) -> str:
        ctas = self.vocabulary.ctas
        offer_ctas = [c for c in ctas if re.search(r"\d+\s?%|free", c, re.IGNORECASE)]
        plain = [c for c in ctas if c not in offer_ctas]
        if "offer" in values and offer_ctas:
            pool = offer_ctas
        elif plain:
            pool = plain
        else:
            data = templates()
            pool = data["fallback_ctas_with_offer"] if "offer" in values else data["fallback_ctas"]
        cta = pool[choice.cta % len(pool)]
        return cta if len(cta) <= LIMITS["cta"] else cta[: LIMITS["cta"]].rsplit(" ", 1)[0]
