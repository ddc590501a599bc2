"""Just enough English for the offline copywriter: what form a piece of brand material has, and copy checks.

Why: a template only reads well when its slot gets the right kind of phrase ("Ready to {verb phrase}?", "Looking for
{noun phrase}?"). Value props come as noun phrases ("Real coffee taste"), third-person verb phrases ("Calms visible
redness in 4 weeks"), imperatives ("Plan in minutes, not meetings") or whole sentences ("We up after every
job"), so each is classified before it is used. The checks (`copy_problems`) run on every draft, from the templates
or from an LLM, before it may ship.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import pairwise
from typing import Literal

Form = Literal["verb3", "imperative", "sentence", "noun", "adjective", "question"]

_VERBS = """
absorb accept add adjust fit allow answer apply arrive ask avoid bake become begin believe blend boost book bring
brew build buy calm call carry catch check choose clean combine come compare connect contain cost create cut deliver
draft drive earn enjoy explain feel fill find finish fix flag focus follow forget get give go grow guarantee handle
happen help hide highlight hold hydrate improve include integrate keep know lead learn leave let limit live look
lose love lower make manage matter mean meet move need notice offer pause pay plan prepare prevent protect prove
provide put reach read reduce refund relax remember remove repair replace rest restore run save say see sell send
serve ship show shrink sip skip sleep soften soothe solve speak spend start stay stop strengthen take talk taste
teach tell think track travel treat try turn understand use wake want watch wear weigh win work write
""".split()  # noqa: SIM905 - a word list reads better as words
# verbs that also start everyday noun phrases ("Smooth energy", "Clear skin"): a verb only in the third person
_NOUN_LOOKING = """
balance care change clean clear close cook count cover design drink end feed glow light lift load open order pack
play release rest return schedule set smooth sort step support switch test travel trim visit wait walk wash
""".split()  # noqa: SIM905
_PRONOUN_SUBJECTS = {"we", "you", "it", "they", "i", "he", "she", "our", "your", "their", "my", "this", "these",
                     "every", "each", "all", "most"}
_AUXILIARIES = {"is", "are", "was", "were", "has", "have", "had", "can", "will", "does", "do", "did", "won't",
                "can't", "don't", "doesn't", "isn't", "aren't", "'s", "'re", "'ve", "'ll"}
_ADJECTIVE_ENDINGS = ("-free", "able", "ible", "ful", "less", "ous", "ive", "proof", "ready")
PREPOSITIONS = {"about", "after", "against", "at", "before", "by", "for", "from", "in", "into", "like", "of", "on",
                "onto", "over", "through", "toward", "towards", "under", "with", "within", "without"}
_NOT_AFTER_PREPOSITION = {"is", "are", "was", "were", "can", "could", "will", "would", "should", "must", "may",
                          "might", "has", "have", "does", "did"}


@cache
def _verb_forms() -> tuple[frozenset[str], frozenset[str]]:
    base = frozenset(_VERBS) - frozenset(_NOUN_LOOKING)
    third: set[str] = set()
    for verb in frozenset(_VERBS) | frozenset(_NOUN_LOOKING):
        if verb.endswith("y") and verb[-2:-1] not in "aeiou":
            third.add(verb[:-1] + "ies")
        elif verb.endswith(("s", "sh", "ch", "x", "z", "o")):
            third.add(verb + "es")
        else:
            third.add(verb + "s")
    return base, frozenset(third)


def is_third_person_verb(word: str) -> bool:
    return word.lower() in _verb_forms()[1]


def is_base_verb(word: str) -> bool:
    return word.lower() in _verb_forms()[0]


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9][A-Za-z0-9'’%/.-]*", text)


def phrase_form(text: str) -> Form:
    """The grammatical shape of one piece of material (a value prop, a fact, a proof line)."""
    stripped = text.strip()
    if stripped.endswith("?"):
        return "question"
    tokens = [w.lower().strip(".,;:") for w in words(stripped)]
    if not tokens:
        return "noun"
    first = tokens[0]
    second = tokens[1] if len(tokens) > 1 else ""
    if is_third_person_verb(first):
        return "verb3"
    if is_base_verb(first) and second not in {"that", "which", "who", "is", "are", "of", "and", "-"} \
            and not second.endswith("ed"):
        return "imperative"
    if first in {"we", "you", "they", "i", "he", "she", "it"} and len(tokens) > 2:
        return "sentence"  # a personal pronoun opens a clause: "We clean up after every job"
    if first in _PRONOUN_SUBJECTS and len(tokens) > 2 and any(
            t in _AUXILIARIES or is_third_person_verb(t) or is_base_verb(t) for t in tokens[1:4]):
        return "sentence"
    if any(t in _AUXILIARIES for t in tokens[1:6]) and first not in PREPOSITIONS:
        return "sentence"
    adjectival = first.endswith(_ADJECTIVE_ENDINGS) or first.endswith("ed") or first in {
        "made", "built", "cut", "sewn", "gentle", "ready", "safe", "kind", "soft", "light"}
    if adjectival and (second in {"and", "or", "in", "for", "enough", "to", "with", "from", "on", "at", "by", ""}
                       or tokens[0] != first or stripped.split()[0].endswith(",")):
        return "adjective"  # "Fragrance-free and gentle …", "Made in Edinburgh": describes, names nothing
    return "noun"


_MASS_NOUNS = {
    "taste", "energy", "cloth", "coffee", "water", "time", "skin", "care", "fabric", "quality", "comfort", "help",
    "support", "pricing", "access", "sleep", "focus", "peace", "protection", "hydration", "shipping", "delivery",
    "service", "wool", "linen", "cotton", "food", "software", "data", "visibility", "control", "value", "work",
    "progress", "freedom", "flavour", "flavor", "nutrition", "caffeine", "sugar", "fibre", "fiber", "protein",
}


def with_article(noun_phrase: str) -> str:
    """'flexible subscription' → 'a flexible subscription'; plurals and mass nouns ('simple ingredients',
    'real coffee taste') and phrases with their own determiner stay as they are."""
    tokens = noun_phrase.split()
    if not tokens:
        return noun_phrase
    if tokens[0].lower() in {"a", "an", "the", "your", "our", "every", "each", "no", "same", "more", "less", "all",
                             "one", "two", "three", "four", "five"} or (tokens[0][:1].isdigit() is False and \
            tokens[0].lower() in {"some", "any", "most"}):
        return noun_phrase
    head_words = re.split(r"\s+(?:that|which|who|without|with|for|in|on|of|from|before|after|by|,)\s+|,\s*",
                          noun_phrase)[0].split()
    head = re.sub(r"[^a-z-]", "", head_words[-1].lower()) if head_words else ""
    if (head.endswith("s") and not head.endswith(("ss", "us"))) or head.split("-")[-1] in _MASS_NOUNS:
        return noun_phrase
    return ("an " if noun_phrase[:1].lower() in "aeiou" else "a ") + noun_phrase


def lower_first(text: str, keep: Iterable[str] = ()) -> str:
    """Lower-case the first letter unless the first word is a name, an acronym or in `keep`."""
    first = text.split(" ", 1)[0]
    if first in set(keep) or (len(first) > 1 and first[:2].isupper()) or not first[:1].isalpha():
        return text
    return text[:1].lower() + text[1:]


def cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def sentence(text: str) -> str:
    """A piece of material as a sentence of its own: capitalised, one end mark."""
    text = " ".join(text.split()).strip()
    if not text:
        return text
    return cap(text) if text[-1] in ".!?…" else cap(text) + "."


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?…])[\"”]?\s+(?=[A-Z0-9\"“])", text) if s.strip()]


# --------------------------------------------------------------------------------------------- checks

def _tokens(text: str) -> list[str]:
    return [t.lower().replace("’", "'") for t in re.findall(r"[A-Za-z][A-Za-z'’-]*", text)]


def preposition_before_verb(text: str) -> list[str]:
    """'for works', 'with calms': a preposition followed by a finite verb form (third-person or auxiliary)."""
    _, third = _verb_forms()
    plural_nouns = {"works", "plans", "cuts", "ships", "runs", "tracks", "flags", "starts", "ends", "costs",
                    "offers", "needs", "wants", "looks", "drafts", "highlights", "shows", "wins", "saves", "reads",
                    "walks", "visits", "returns", "orders", "calls", "books", "steps", "changes", "rests", "tests",
                    "lights", "loads", "packs", "sorts", "trims", "waits", "drinks", "blends", "brews", "travels",
                    "designs", "checks", "notices", "answers", "lifts", "fits", "moves", "pays", "plays", "sips"}
    tokens = _tokens(text)
    slips = []
    for a, b in pairwise(tokens):
        if a not in PREPOSITIONS:
            continue
        if b in _NOT_AFTER_PREPOSITION or (b in third and b not in plural_nouns) or (b == "works" and a in {"for",
                                                                                                          "with"}):
            slips.append(f"{a} {b}")
    return slips


def doubled_words(text: str) -> list[str]:
    return [f"{a} {b}" for a, b in pairwise(_tokens(text)) if a == b and a not in {"that", "had"}]


def _norm(text: str) -> str:
    return " ".join(_tokens(text))


def repeated_sentences(texts: Sequence[str]) -> list[str]:
    """A sentence (or a headline) said twice within one variant."""
    seen: set[str] = set()
    repeats = []
    for text in texts:
        for part in split_sentences(text):
            key = _norm(part)
            if len(key.split()) < 2:
                continue
            if key in seen:
                repeats.append(part)
            seen.add(key)
    return repeats


_QUOTED = re.compile(r"[“\"]([^”\"]{3,})[”\"]")


def quotes_not_in(text: str, real_quotes: Iterable[str]) -> list[str]:
    """Quoted text that is not part of a real quote from the material (quote marks only around real quotes)."""
    real = [_norm(q) for q in real_quotes]
    return [q for q in _QUOTED.findall(text) if not any(_norm(q) in r for r in real)]


def copy_problems(hook: str, headline: str, body: str, cta: str, real_quotes: Iterable[str] = ()) -> list[str]:
    """Why a draft may not ship (empty when it may): grammar slips, doubled words, repeats, false quotes."""
    problems: list[str] = []
    quotes = list(real_quotes)
    for name, text in (("hook", hook), ("headline", headline), ("body", body), ("cta", cta)):
        problems += [f"{name}: preposition before a verb ({s})" for s in preposition_before_verb(text)]
        problems += [f"{name}: doubled word ({s})" for s in doubled_words(text)]
        problems += [f"{name}: quote marks around words nobody said ({q})" for q in quotes_not_in(text, quotes)]
    problems += [f"repeated sentence ({s})" for s in repeated_sentences([hook, headline, body])]
    return problems
