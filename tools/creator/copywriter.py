"""The offline copywriter: the brand's typed material into hooks, headlines and bodies a person would write.

How it stays grammatical and varied:
- every hook template slot takes one grammatical form (`grammar.py`), so "Ready to {imperative}?" never gets a noun;
- all hooks the material supports are enumerated up front (`HookBank`), so 20 variants get 20 different openings when
  the material has them, and the source's archetype is kept for as many as it can give;
- a variant never says the same thing twice: every piece of material carries a key, and a piece used in the hook
  or the headline is not used again in the body;
- quote marks appear only around real quotes, "Watch…" only over a video, and the brand's notes to itself (voice
  rules, banned lists) are not material at all. Numbers come only from the material.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from tools.core.domain.variant import AdCopy
from tools.creator.grammar import cap, copy_problems, lower_first, sentence, split_sentences, with_article
from tools.creator.vocabulary import Benefit, Vocabulary

ARCHETYPES = ("question", "statistic", "testimonial", "problem", "offer", "listicle", "before_after", "curiosity",
              "demonstration", "bold_claim")
LIMITS = {"hook": 90, "headline": 70, "body": 230, "cta": 32}


@cache
def templates() -> dict:
    return yaml.safe_load((Path(__file__).parent / "data" / "copy_templates.yml").read_text(encoding="utf-8"))


def _slots(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


@dataclass(frozen=True)
class CopyChoice:
    """One point on the copy axes (indices into the material; None = leave that element out)."""

    hook: int
    benefit: int
    pain: int
    proof: int | None
    offer: int | None
    cta: int
    headline: int
    body: int


@dataclass(frozen=True)
class Hook:
    text: str
    archetype: str
    keys: frozenset[str]  # which pieces of material it used ("b0", "r1", "o0", "p2")


@dataclass(frozen=True)
class _Piece:
    text: str
    key: str


def _a(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def slot_values(v: Vocabulary) -> dict[str, list[_Piece]]:
    """Every value each slot can take, from the material, in the material's order."""
    proper = set(v.brand.split()) | set(v.product.split())
    values: dict[str, list[_Piece]] = {name: [] for name in (
        "verb3", "imperative", "noun_benefit", "a_noun_benefit", "adjective", "statement", "benefit", "pain",
        "pain_cap", "stat", "fact",
        "quote", "offer", "offer_lc")}
    for index, benefit in enumerate(v.benefits):
        key = f"b{index}"
        first = benefit.clauses[0] if benefit.clauses else benefit.title
        if benefit.form == "verb3":
            values["verb3"].append(_Piece(lower_first(first, proper), key))
        elif benefit.form == "imperative":
            values["imperative"].append(_Piece(lower_first(benefit.title, proper), key))
        elif benefit.form == "noun":
            values["noun_benefit"].append(_Piece(lower_first(benefit.title, proper), key))
            values["a_noun_benefit"].append(_Piece(with_article(lower_first(benefit.title, proper)), key))
        elif benefit.form == "adjective":
            values["adjective"].append(_Piece(lower_first(benefit.title, proper), key))
        elif benefit.form == "sentence":
            values["statement"].append(_Piece(cap(benefit.title), key))
        values["benefit"].append(_Piece(cap(benefit.title), key))
    for index, pain in enumerate(v.pains):
        key = f"b{v.pain_sources[pain]}" if pain in v.pain_sources else f"p{index}"
        values["pain"].append(_Piece(pain, key))
        values["pain_cap"].append(_Piece(cap(pain), key))
    for index, proof in enumerate(v.proof_points):
        if proof.kind in ("quote", "press"):
            values["quote"].append(_Piece(proof.headline(), f"r{index}"))
        elif re.search(r"\d", proof.text):
            values["stat"].append(_Piece(proof.headline(), f"r{index}"))
    for index, offer in enumerate(v.offer_terms):
        text = offer.sentence().rstrip(".") if offer.condition_is_clause else offer.text.rstrip(".")
        values["offer"].append(_Piece(cap(text), f"o{index}"))
        values["offer_lc"].append(_Piece(lower_first(text), f"o{index}"))
    for index, fact in enumerate(v.facts):
        if len(fact) <= LIMITS["hook"]:
            values["fact"].append(_Piece(fact.rstrip("."), f"f{index}"))
    return values


def _constants(v: Vocabulary) -> dict[str, str]:
    constants = {"brand": v.brand, "product": v.product}
    if v.noun:
        constants.update(noun=v.noun, a_noun=_a(v.noun))
    return {k: val for k, val in constants.items() if val}


@dataclass
class HookBank:
    """All distinct hooks the material supports: the source's archetype first, then its neighbours."""

    hooks: list[Hook] = field(default_factory=list)
    primary: int = 0  # how many are of the source's archetype

    @classmethod
    def build(cls, vocabulary: Vocabulary, archetype: str, *, video: bool) -> HookBank:
        data = templates()
        order = [archetype, *data["neighbours"].get(archetype, [])]
        values, constants = slot_values(vocabulary), _constants(vocabulary)
        bank = cls()
        seen: set[str] = set()
        for position, kind in enumerate(order):
            options = list(data["hooks"].get(kind, []))
            if video:
                options = list(data.get("video_hooks", {}).get(kind, [])) + options
            for hook in _interleave([_fills(t, kind, values, constants, vocabulary) for t in options]):
                key = hook.text.lower()
                if key not in seen and len(hook.text) <= LIMITS["hook"]:
                    seen.add(key)
                    bank.hooks.append(hook)
                    bank.primary += position == 0
        return bank


def _fills(template: str, archetype: str, values: dict[str, list[_Piece]], constants: dict[str, str],
           vocabulary: Vocabulary) -> list[Hook]:
    names = _slots(template)
    material = [n for n in names if n not in constants]
    if any(n not in constants and n not in values for n in names):
        return []
    if archetype == "listicle" and len(vocabulary.benefits) < 3:
        return []
    combos: list[dict[str, _Piece]] = [{}]
    for name in dict.fromkeys(material):
        combos = [{**c, name: piece} for c in combos for piece in values[name]
                  if piece.key not in {p.key for p in c.values()} or name.endswith("_cap")]
    hooks = []
    for combo in combos:
        text = template.format(**constants, **{k: p.text for k, p in combo.items()})
        text = re.sub(r"([.?!])\.$", r"\1", " ".join(text.split()))
        hooks.append(Hook(text, archetype, frozenset(p.key for p in combo.values())))
    return hooks


def _interleave(groups: list[list[Hook]]) -> list[Hook]:
    """Round-robin over templates, so consecutive hooks differ in template and material."""
    out: list[Hook] = []
    for index in range(max((len(g) for g in groups), default=0)):
        out.extend(group[index] for group in groups if index < len(group))
    return out


class Copywriter:
    """Writes AdCopy for a CopyChoice; deterministic for the same vocabulary, archetype and choice."""

    def __init__(self, vocabulary: Vocabulary, archetype: str, *, video: bool = False) -> None:
        self.vocabulary = vocabulary
        self.archetype = archetype
        self.bank = HookBank.build(vocabulary, archetype, video=video)
        self._proper = set(vocabulary.brand.split()) | set(vocabulary.product.split())

    @property
    def hook_options(self) -> int:
        return len(self.bank.hooks)

    def archetype_of(self, hook: str) -> str:
        return next((h.archetype for h in self.bank.hooks if h.text == hook), self.archetype)

    # ---- pieces
    def _benefit_sentence(self, benefit: Benefit) -> str:
        if benefit.form == "verb3":
            return sentence(f"{self.vocabulary.product} {lower_first(benefit.title, self._proper)}")
        return sentence(benefit.title)

    def _headlines(self, index: int) -> list[str]:
        v = self.vocabulary
        benefit = v.benefits[index]
        title = benefit.title if len(benefit.title) <= LIMITS["headline"] else benefit.clauses[0]
        options = [cap(title)]
        if benefit.form in ("noun", "adjective"):
            phrase = lower_first(title, self._proper)
            options.append(f"{v.brand}: {with_article(phrase) if benefit.form == 'noun' else phrase}")
        elif benefit.form == "verb3" and v.product:
            options.append(f"{v.product} {lower_first(title, self._proper)}")
        return [o for o in options if len(o) <= LIMITS["headline"]]

    def write(self, choice: CopyChoice, language: str = "en") -> AdCopy | None:
        """The copy for `choice`, or None when the material cannot fill it within the limits and checks."""
        v = self.vocabulary
        if not self.bank.hooks or not v.benefits:
            return None
        hook = self.bank.hooks[choice.hook % len(self.bank.hooks)]
        used = set(hook.keys)
        n = len(v.benefits)
        lead_index = next(((choice.benefit + step) % n for step in range(n)
                           if f"b{(choice.benefit + step) % n}" not in used), None)
        if lead_index is None:  # the hook used every benefit (only possible with one): the headline names the brand
            headline = v.product if v.product and v.product.lower() not in hook.text.lower() else None
            lead = None
        else:
            options = self._headlines(lead_index)
            headline = options[choice.headline % len(options)] if options else None
            lead = v.benefits[lead_index]
            used.add(f"b{lead_index}")
        if not headline:
            return None
        body = self._body(choice, hook, lead, used)
        if not body:
            return None
        copy = AdCopy(hook=hook.text, headline=headline, body=body, cta=self._cta(choice, hook, body),
                      language=language)
        if copy_problems(copy.hook, copy.headline, copy.body, copy.cta, real_quotes=v.quotes):
            return None
        return copy

    def _body(self, choice: CopyChoice, hook: Hook, lead: Benefit | None, used: set[str]) -> str | None:
        v = self.vocabulary
        if hook.archetype == "listicle":
            others = [b for i, b in enumerate(v.benefits) if f"b{i}" not in used or b is lead][:3]
            if len(others) < 3:
                return None
            return " ".join(f"{i}) {sentence(b.title)}" for i, b in enumerate(others, start=1))
        pieces: list[str] = []
        quoted = next((v.proof_points[int(k[1:])] for k in hook.keys if k.startswith("r")
                       and v.proof_points[int(k[1:])].kind in ("quote", "press")), None)
        if quoted is not None and quoted.attribution:  # a quote in the hook says who said it right below
            pieces.append(f"— {quoted.attribution.rstrip('.')}.")
        facts = [f for i, f in enumerate(v.facts) if f"f{i}" not in used]
        if lead is not None and lead.detail:
            pieces.append(sentence(lead.detail))
        elif facts:
            pieces.append(facts[choice.body % len(facts)])
        else:
            spare = [(i, b) for i, b in enumerate(v.benefits) if f"b{i}" not in used]
            if spare:
                index, benefit = spare[choice.body % len(spare)]
                pieces.append(self._benefit_sentence(benefit))
                used.add(f"b{index}")
        proofs = [(i, p) for i, p in enumerate(v.proof_points) if f"r{i}" not in used]
        if choice.proof is not None and proofs:
            _, proof = proofs[choice.proof % len(proofs)]
            pieces.append(proof.sentence())
        elif not pieces and facts:
            pieces.append(facts[choice.body % len(facts)])
        offer_piece = None
        hook_offer = next((v.offer_terms[int(k[1:])] for k in hook.keys if k.startswith("o")), None)
        if hook_offer is not None:
            offer_piece = hook_offer.condition_sentence() or None
        elif (choice.offer is not None or self.archetype == "offer") and v.offer_terms:
            offer_piece = v.offer_terms[(choice.offer or 0) % len(v.offer_terms)].sentence()
        pieces = [p for p in pieces if p]
        body = _fit([*pieces, offer_piece] if offer_piece else pieces, keep_last=offer_piece is not None)
        if not body:
            return None
        hook_text = hook.text.lower()
        if any(s.lower().strip(" .") in hook_text for s in split_sentences(body) if len(s.split()) >= 3):
            return None
        return body

    def _cta(self, choice: CopyChoice, hook: Hook, body: str) -> str:
        ctas = self.vocabulary.ctas
        has_offer = any(o.text.lower() in f"{hook.text} {body}".lower() for o in self.vocabulary.offer_terms)
        offer_ctas = [c for c in ctas if re.search(r"\d+\s?%|\bfree\b|\boff\b", c, re.IGNORECASE)]
        plain = [c for c in ctas if c not in offer_ctas]
        if has_offer and offer_ctas:
            pool = offer_ctas
        elif plain:
            pool = plain
        elif ctas:
            pool = ctas
        else:
            data = templates()
            pool = data["fallback_ctas_with_offer"] if has_offer else data["fallback_ctas"]
        cta = pool[choice.cta % len(pool)]
        return cta if len(cta) <= LIMITS["cta"] else cta[: LIMITS["cta"]].rsplit(" ", 1)[0]


def _fit(pieces: list[str], *, keep_last: bool) -> str:
    """Join body sentences, dropping from the middle until it fits the body limit (an offer's terms stay)."""
    pieces = list(dict.fromkeys(pieces))
    while pieces:
        body = " ".join(pieces)
        if len(body) <= LIMITS["body"]:
            return body
        drop = len(pieces) - 2 if keep_last and len(pieces) >= 2 else len(pieces) - 1
        if keep_last and len(pieces) == 1:
            return ""
        pieces.pop(max(drop, 0))
    return ""
