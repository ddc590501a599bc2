"""The brand's own material for the offline copywriter, each piece typed: benefits, facts, proof, offers, pains, CTAs.

Why typed pieces: fluent copy has to come from the brand's material, not from invented claims, and a template reads
well only when it gets the kind of phrase it expects (see `grammar.py`). Everything here is extracted from the
structured brand profile (value props, product facts, proof with attributions, offers with conditions, CTAs) and the
source ad's own copy. The brand's instructions to itself (voice rules, banned lists, photography notes) are never
material: they stay out of this module entirely.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tools.creator.grammar import Form, cap, lower_first, phrase_form, sentence, split_sentences

_SPLIT_TITLE = re.compile(r"^\s*\**([^:*]{3,80})\**\s*[:—–]\s+(.+)$")
_PAIN_CUES = re.compile(r"\b(?:tired of|sick of|struggl\w* with|hate|frustrat\w* by|dealing with)\s+([^,.;!?]{3,50})",
                        re.IGNORECASE)
_WITHOUT = re.compile(r"\b(?:without|no more)\s+((?:the\s+)?[a-z][a-z0-9' -]{2,40}?)(?=[,.;!?]|$| so | and )",
                      re.IGNORECASE)
_REMEDY_VERBS = re.compile(r"^(?:calms?|reduces?|fix(?:es)?|stops?|ends?|prevents?|removes?|clears?|soothes?|eases?|"
                           r"cuts?|flags?)\s+(.+?)(?=\s+(?:in|within|before|after|by|for|with|on|at|so|and)\b|[,;.]|$)",
                           re.IGNORECASE)
_OFFER_CUES = re.compile(r"(\d+\s?%\s?off|free (?:shipping|returns|trial|delivery|gift)|\$\d+ off|save \$?\d+|"
                         r"first (?:order|tin|box|month) free)", re.IGNORECASE)
_OFFER_VERB = re.compile(r"^(?:get|take|enjoy|claim|grab|save)\s+", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:I|my|me|I'm|I've)\b")
_QUOTE = re.compile(r"[\"“]([^\"”]{8,160})[\"”]")
_LABELLED_FACT = re.compile(r"^[A-Z][A-Za-z /&-]{1,30}:\s")


@dataclass(frozen=True)
class Benefit:
    """A value proposition: its title (as written), the book's explanation, and the title's grammatical form."""

    title: str
    detail: str = ""
    form: Form = "noun"

    @property
    def clauses(self) -> list[str]:
        """'Works under makeup and sunscreen; absorbs in under a minute' → its two clauses."""
        return [c.strip() for c in re.split(r"\s*;\s*", self.title) if c.strip()]


@dataclass(frozen=True)
class Proof:
    kind: str  # quote | press | rating | study
    text: str
    attribution: str | None = None

    def sentence(self) -> str:
        """The proof as a body sentence that keeps its source (quotes keep their speaker)."""
        text = self.text.strip().rstrip(".")
        if self.kind in ("quote", "press"):
            return f"“{self.text.strip()}”" + (f" — {self.attribution.rstrip('.')}." if self.attribution else "")
        if self.kind == "rating":
            text = text.lstrip("★☆* ")
            rated = text if re.match(r"^rated\b", text, re.IGNORECASE) else f"Rated {text}"
            return f"{rated} on {self.attribution}." if self.attribution else f"{rated}."
        source = re.sub(r"\s*\(([^)]*)\)", r", \1", self.attribution or "").strip(" ,")
        return f"{cap(text)} ({source})." if source else sentence(text)

    def headline(self) -> str:
        """A short statement of the proof for a hook or headline (no quote marks unless it is a quote)."""
        text = self.text.strip().rstrip(".")
        if self.kind in ("quote", "press"):
            return f"“{split_sentences(self.text.strip())[0].rstrip('.')}”"
        if self.kind == "rating":
            text = text.lstrip("★☆* ")
            return text if re.match(r"^rated\b", text, re.IGNORECASE) else f"Rated {text}"
        return cap(text)


@dataclass(frozen=True)
class Offer:
    text: str
    condition: str | None = None

    def sentence(self) -> str:
        """The offer with its condition: the condition always travels with the offer."""
        text = cap(self.text.strip().rstrip("."))
        if not self.condition:
            return text + "."
        condition = self.condition.strip().rstrip(".")
        if re.match(r"^(when|if|with|for|on|until|while)\b", condition, re.IGNORECASE):
            return f"{text} {lower_first(condition)}."
        return f"{text} ({lower_first(condition)})."

    @property
    def condition_is_clause(self) -> bool:
        """'when you join our mailing list' belongs inside the offer's sentence, not on its own."""
        return bool(self.condition and re.match(r"^(when|if|with|for|on|until|while)\b", self.condition.strip(),
                                                re.IGNORECASE))

    def condition_sentence(self) -> str:
        return sentence(self.condition) if self.condition and not self.condition_is_clause else ""


@dataclass
class Vocabulary:
    brand: str
    product: str  # the product's name as the book writes it ("Lumiserum Calm Serum"), else the brand
    noun: str | None = None  # what it is, as a noun ("face serum"); None when the book never says
    benefits: list[Benefit] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)  # product facts as sentences
    proof_points: list[Proof] = field(default_factory=list)
    offer_terms: list[Offer] = field(default_factory=list)
    pains: list[str] = field(default_factory=list)
    pain_sources: dict[str, int] = field(default_factory=dict)  # pain → the benefit it was read from
    ctas: list[str] = field(default_factory=list)
    tone: list[str] = field(default_factory=list)
    grounding: str = ""  # all source text: numbers in generated copy must appear here

    @property
    def proofs(self) -> list[str]:
        return [p.sentence() for p in self.proof_points]

    @property
    def quotes(self) -> list[str]:
        return [p.text for p in self.proof_points if p.kind in ("quote", "press")]

    @property
    def offers(self) -> list[str]:
        return [o.text for o in self.offer_terms]

    def numbers_grounded(self, text: str) -> bool:
        """True when every number in `text` also appears in the brand material or the source ad."""
        known = set(re.findall(r"\d+(?:[.,]\d+)?", self.grounding))
        return all(n in known for n in re.findall(r"\d+(?:[.,]\d+)?", text))

    def missing(self) -> list[str]:
        """What the brand book should add for more and better copy, most important first."""
        wanted = []
        if not self.facts:
            wanted.append("what the product is (a product paragraph: what it is, what it is made of, the price)")
        if len(self.benefits) < 3:
            wanted.append(f"why people buy it (value propositions: {len(self.benefits)} found, 3-6 give variety)")
        if not self.proof_points:
            wanted.append("proof (customer quotes with a name, ratings with review counts, study results, press)")
        if not self.ctas:
            wanted.append("calls to action (a `CTAs:` line, e.g. `CTAs: Shop now; Try it free`)")
        if not self.offer_terms:
            wanted.append("offers, if any, with their conditions (e.g. `15% off your first order (new customers "
                          "only)`)")
        return wanted


def _clean(text: str) -> str:
    return " ".join(text.replace("**", "").split()).strip(" .;:-–—")


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        key = item.lower()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return out


def parse_benefit(value_prop: str, detail: str = "") -> Benefit:
    """`**Title**: detail.` / `Title — detail` / a plain line → Benefit with its form."""
    match = _SPLIT_TITLE.match(value_prop.strip())
    if match and not detail:
        title, detail = _clean(match.group(1)), _clean(match.group(2))
    else:
        title = _clean(value_prop)
    return Benefit(title=title, detail=detail.strip(), form=phrase_form(title))


def _product_identity(brand: str, facts: Sequence[str]) -> tuple[str, str | None]:
    """From 'Lumiserum Calm Serum is a lightweight, fragrance-free face serum for …': the name and the noun."""
    for fact in facts:
        match = re.match(r"^((?:the\s+)?[A-Z][\w&'’-]*(?:\s+[A-Z&][\w&'’-]*){0,4})\s+(?:is|are)\s+(?:a|an|the)\s+(.+?)"
                         r"(?:\s+(?:for|that|which|who|built|made|making|with|from|sold|designed)\b|[:;.]|$)", fact)
        if match and brand.split()[0].lower() in match.group(1).lower():
            words = match.group(2).split()
            noun = " ".join(words[-2:]) if len(words) >= 2 and not words[-2].endswith((",", "ly")) else words[-1]
            return match.group(1), noun.strip(",")
    return brand, None


def _fact_sentences(facts: Sequence[str], product: str, brand: str) -> list[str]:
    """Product facts usable as body sentences: 'It combines …' names the product; labelled lines are skipped."""
    out = []
    for fact in facts:
        if _LABELLED_FACT.match(fact):
            continue
        for part in split_sentences(fact) if fact.rstrip().endswith((".", "!", "?")) else [fact]:
            part = re.sub(r"^It\s+(?=\w)", f"{product} ", part.strip())
            part = re.sub(r"^It's\s+", f"{product} is ", part)
            if 3 <= len(part.split()) <= 30:
                out.append(sentence(part))
    return _dedupe(out)


def _pains(benefits: Sequence[Benefit], source_texts: Sequence[str]) -> tuple[list[str], dict[str, int]]:
    """Problems the material names: 'without the crash', what a benefit calms or stops, the source ad's 'tired of …'.
    Returns them with the benefit each came from (a hook about a pain must not sit over that benefit's headline)."""
    pains: list[str] = []
    sources: dict[str, int] = {}
    for index, benefit in enumerate(benefits):
        found = [_clean(m.group(1)).lower() for m in _WITHOUT.finditer(f"{benefit.title}. {benefit.detail}")]
        for clause in benefit.clauses:
            remedy = _REMEDY_VERBS.match(clause)
            if remedy and benefit.form in ("verb3", "imperative"):
                found.append(_clean(remedy.group(1)).lower())
        for pain in found:
            sources.setdefault(pain, index)
        pains.extend(found)
    for text in source_texts:
        pains.extend(_clean(m.group(1)).lower() for m in _PAIN_CUES.finditer(text))
    kept = [p for p in _dedupe(pains) if 3 <= len(p) <= 40 and len(p.split()) <= 5]
    return kept, {p: i for p, i in sources.items() if p in kept}


def build_vocabulary(*, brand: str | None, product: str | None = None, value_props: Sequence[str] = (),
                     ctas: Sequence[str] = (), tone: Sequence[str] = (), material: Sequence[str] = (),
                     source_texts: Sequence[str] = (), value_prop_details: dict[str, str] | None = None,
                     proof: Sequence[Any] = (), offers: Sequence[Any] = (),
                     product_facts: Sequence[str] = ()) -> Vocabulary:
    """The copywriter's material from the structured profile and the source ad (all optional).

    `material` (retrieved passages) only supplies the explanations of value props written as `Title: detail`
    bullets; it is never mined for claims, pains or offers, because it also holds the brand's notes to itself.
    """
    details = dict(value_prop_details or {})
    for text in material:
        for line in text.splitlines():
            match = _SPLIT_TITLE.match(line.lstrip("-*• ").strip())
            if line.strip().startswith(("-", "*", "•")) and match:
                details.setdefault(_clean(match.group(1)), _clean(match.group(2)))
    benefits: list[Benefit] = []
    seen: set[str] = set()
    for value_prop in value_props:
        if not value_prop.strip():
            continue
        benefit = parse_benefit(value_prop, details.get(value_prop.strip().rstrip("."), ""))
        if not benefit.detail:
            benefit = Benefit(benefit.title, details.get(benefit.title, ""), benefit.form)
        if benefit.title.lower() not in seen:
            seen.add(benefit.title.lower())
            benefits.append(benefit)
    name = brand or product or ""
    product_name, noun = _product_identity(name, product_facts) if name else ("", None)
    proof_points = [_as_proof(p) for p in proof]
    offer_terms = [_as_offer(o) for o in offers]
    for cta in ctas:  # "Get 20% off your first order" is an offer as well as a CTA
        if _OFFER_CUES.search(cta) and not any(_OFFER_CUES.search(o.text) for o in offer_terms):
            offer_terms.append(Offer(_OFFER_VERB.sub("", _clean(cta))))
    for text in source_texts:  # our own ad's first-person quotes are real quotes
        for quoted in _QUOTE.findall(text):
            if _FIRST_PERSON.search(quoted):
                proof_points.append(Proof("quote", _clean(quoted), None))
    pains, pain_sources = _pains(benefits, source_texts)
    vocabulary = Vocabulary(
        brand=name or "", product=product_name or name or "", noun=noun, benefits=benefits,
        facts=_fact_sentences(product_facts, product_name or name, name) if name else [],
        proof_points=_dedupe_proof(proof_points), offer_terms=offer_terms,
        pains=pains, pain_sources=pain_sources,
        ctas=_dedupe([_clean(c) for c in ctas if 2 <= len(c) <= 40]),
        tone=[t.lower() for t in tone],
        grounding=" ".join([*value_props, *details.values(), *material, *source_texts, *ctas, *product_facts,
                            *(f"{p.text} {p.attribution or ''}" for p in proof_points),
                            *(f"{o.text} {o.condition or ''}" for o in offer_terms)]),
    )
    if not vocabulary.benefits:  # no value props: the source ad's own statements are the benefits
        statements = [_clean(s) for t in source_texts for s in split_sentences(t) if 8 <= len(s) <= 90 and "?" not in s]
        vocabulary.benefits = [parse_benefit(s) for s in _dedupe(statements)][:6]
    return vocabulary


def _as_proof(item: Any) -> Proof:
    if isinstance(item, Proof):
        return item
    data = item.model_dump() if hasattr(item, "model_dump") else dict(item) if isinstance(item, dict) else {
        "text": str(item)}
    return Proof(kind=str(data.get("kind") or "quote"), text=str(data["text"]).strip(),
                 attribution=(data.get("attribution") or None))


def _as_offer(item: Any) -> Offer:
    if isinstance(item, Offer):
        return item
    data = item.model_dump() if hasattr(item, "model_dump") else dict(item) if isinstance(item, dict) else {
        "text": str(item)}
    return Offer(text=str(data["text"]).strip(), condition=(data.get("condition") or None))


def _dedupe_proof(points: Sequence[Proof]) -> list[Proof]:
    seen: set[str] = set()
    out = []
    for point in points:
        key = point.text.lower().strip(" .")
        if key not in seen:
            seen.add(key)
            out.append(point)
    return out
