"""The brand's own vocabulary for the offline copywriter: benefits, pains, proof, offers, CTAs, quotes.

Why: fluent copy that a marketer would post has to come from the brand's material and the winning ad, not from
invented claims. Everything here is extracted (value props, scripts, CTA preferences, the source ad's copy); the
copywriter may only recombine it, and numbers may only appear where the material has them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SPLIT_TITLE = re.compile(r"^\s*\**([^:*]{3,80})\**\s*[:—–-]\s+(.+)$")
_SENTENCES = re.compile(r"(?<=[.!?])\s+")
_NEGATED = re.compile(r"\b(?:without|no|zero|never)\s+((?:the\s+)?[a-z][a-z0-9' -]{2,40}?)(?=[,.;!?]|$| so | and )",
                      re.IGNORECASE)
_PAIN_CUES = re.compile(r"\b(?:tired of|sick of|struggl\w* with|hate|frustrat\w* by|dealing with)\s+([^,.;!?]{3,50})",
                        re.IGNORECASE)
_PROOF_CUES = re.compile(r"\b(guarantee|certified|rated|reviews?|customers|tested|award|refund|\d)",
                         re.IGNORECASE)
_PROOF_WORDS = re.compile(r"\b(guarantee|certified|rated|reviews?|customers|tested|award)", re.IGNORECASE)
_OFFER_CUES = re.compile(r"(\d+\s?%\s?off|free shipping|free gift|bundle|save \$?\d+|first (?:order|tin|box) free)",
                         re.IGNORECASE)
_QUOTE = re.compile(r"[\"“]([^\"”]{8,120})[\"”]")


@dataclass(frozen=True)
class Benefit:
    title: str  # "Smooth energy without the crash"
    detail: str  # "half the caffeine of a regular cup, so the afternoon stays even"


@dataclass
class Vocabulary:
    brand: str
    product: str
    benefits: list[Benefit] = field(default_factory=list)
    pains: list[str] = field(default_factory=list)
    proofs: list[str] = field(default_factory=list)
    offers: list[str] = field(default_factory=list)
    ctas: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    tone: list[str] = field(default_factory=list)
    grounding: str = ""  # all source text: numbers in generated copy must appear here

    def numbers_grounded(self, text: str) -> bool:
        """True when every number in `text` also appears in the brand material or the source ad."""
        known = set(re.findall(r"\d+(?:[.,]\d+)?", self.grounding))
        return all(n in known for n in re.findall(r"\d+(?:[.,]\d+)?", text))


def _clean(text: str) -> str:
    return " ".join(text.replace("**", "").split()).strip(" .;:-–—")


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        key = item.lower()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return out


def parse_benefit(value_prop: str) -> Benefit:
    """`**Title**: detail.` / `Title — detail` → Benefit; a plain sentence becomes its own title."""
    match = _SPLIT_TITLE.match(value_prop.strip())
    if match:
        return Benefit(_clean(match.group(1)), _clean(match.group(2)))
    text = _clean(value_prop)
    first = _SENTENCES.split(text)[0]
    return Benefit(first if len(first) <= 60 else " ".join(first.split()[:8]), text)


_LABELS = re.compile(r"^\s*(?:#+\s.*|(?:hook|body|cta|script)\s*:\s*)", re.IGNORECASE | re.MULTILINE)
_FIRST_PERSON = re.compile(r"\b(?:I|my|me|I'm|I've)\b")
_OFFER_VERB = re.compile(r"^(?:get|take|enjoy|claim|grab|save)\s+", re.IGNORECASE)


def _pain(phrase: str) -> str:
    return _clean(phrase).lower()


def _with_detail(benefit: Benefit, details: dict[str, str]) -> Benefit:
    if benefit.detail.lower() != benefit.title.lower():
        return benefit
    return Benefit(benefit.title, details.get(benefit.title.lower(), benefit.detail))


def _strip_markup(text: str) -> str:
    """Drop Markdown headings and script labels so extraction sees only prose."""
    return _LABELS.sub("", text)


def _proofs_from_value_prop(benefit: Benefit) -> list[str]:
    if _PROOF_CUES.search(benefit.title):
        return [benefit.title]
    return [_clean(part) for part in benefit.detail.split(",")
            if _PROOF_CUES.search(part) and 8 <= len(part.strip()) <= 40]


def build_vocabulary(*, brand: str | None, product: str | None, value_props: list[str], ctas: list[str],
                     tone: list[str], material: list[str], source_texts: list[str]) -> Vocabulary:
    """Extract the copywriter's vocabulary from brand material and the source ad (both optional)."""
    # profiles often keep only the value props' titles; their details sit in the material's bullet lines
    bullets = [parse_benefit(line.lstrip("-*• ").strip()) for text in material for line in text.splitlines()
               if line.strip().startswith(("-", "*", "•")) and _SPLIT_TITLE.match(line.lstrip("-*• ").strip())]
    details = {b.title.lower(): b.detail for b in bullets}
    benefits = _dedupe_benefits([_with_detail(parse_benefit(v), details) for v in value_props if v.strip()])
    prose = [_strip_markup(t) for t in material]
    # pains the brand itself names in a benefit ("… without the crash") lead; then the source ad's and the rest
    pains: list[str] = [_pain(m.group(1)) for b in benefits for m in _NEGATED.finditer(b.title)]
    for text in source_texts:
        pains.extend(_clean(m.group(1)).lower() for m in _PAIN_CUES.finditer(text))
    proofs = [p for b in benefits for p in _proofs_from_value_prop(b)]
    offers: list[str] = []
    quotes: list[str] = []
    for text in [*value_props, *prose, *source_texts]:
        for match in _PAIN_CUES.finditer(text):
            pains.append(_clean(match.group(1)).lower())
        for match in _NEGATED.finditer(text):
            if len(match.group(1).split()) <= 4:
                pains.append(_pain(match.group(1)))
        for match in _OFFER_CUES.finditer(text):
            offers.append(_OFFER_VERB.sub("", _offer_phrase(text, match)))
        quotes.extend(_clean(q) for q in _QUOTE.findall(text) if _FIRST_PERSON.search(q))
    for text in source_texts:  # in ad copy a bare number is not proof ("your 60-second ritual"): need a cue word
        proofs.extend(_clean(s) for s in _SENTENCES.split(text)
                      if _PROOF_WORDS.search(s) and 12 <= len(s) <= 90 and "?" not in s)
    for cta in ctas:
        if _OFFER_CUES.search(cta):
            offers.append(_OFFER_VERB.sub("", _clean(cta)))
    vocabulary = Vocabulary(
        brand=brand or product or "our brand",
        product=product or "routine",
        benefits=benefits,
        pains=_without_bare_duplicates(_dedupe([p for p in pains if 3 <= len(p) <= 40])),
        proofs=_dedupe(proofs),
        offers=_dedupe([o for o in offers if len(o.split()) >= 2]),  # "bundle" alone is not an offer
        ctas=_dedupe([_clean(c) for c in ctas if 2 <= len(c) <= 40]),
        quotes=_dedupe([q for q in quotes if 8 <= len(q) <= 90]),
        tone=[t.lower() for t in tone],
        grounding=" ".join([*value_props, *material, *source_texts, *ctas]),
    )
    if not vocabulary.benefits:  # no material: the source ad's own sentences are the benefits
        sentences = [_clean(s) for t in source_texts for s in _SENTENCES.split(t) if 8 <= len(s) <= 140]
        vocabulary.benefits = _dedupe_benefits([parse_benefit(s) for s in sentences if "?" not in s])[:6]
    return vocabulary


def _without_bare_duplicates(pains: list[str]) -> list[str]:
    """Drop "crash" when "the crash" is there too (the article reads better in every template)."""
    return [p for p in pains if not any(other != p and other.endswith(" " + p) for other in pains)]


def _offer_phrase(text: str, match: re.Match[str]) -> str:
    """The offer with a little context, e.g. 'Get 20% off your first order' → '20% off your first order'."""
    tail = text[match.end():match.end() + 40]
    extra = re.match(r"\s+(?:on\s+|your\s+|for\s+)[a-z ]{0,30}?(?:order|tin|box|subscription|purchase)", tail,
                     re.IGNORECASE)
    phrase = match.group(0) + (extra.group(0) if extra else "")
    return _clean(phrase)


def _dedupe_benefits(benefits: list[Benefit]) -> list[Benefit]:
    seen: set[str] = set()
    out: list[Benefit] = []
    for benefit in benefits:
        if benefit.title.lower() not in seen:
            seen.add(benefit.title.lower())
            out.append(benefit)
    return out
