"""An independent oracle for generated ad copy: grammar slips, repeats, banned terms, distinctness.

Why independent: the engine has its own guards; the tests must not grade it with the very code it uses. These checks
are deliberately simple and explainable: a preposition followed by a word that can only be a verb in ad copy
("for works", "with calms"), a doubled word ("the the"), a sentence repeated within one variant, a banned word or claim
(whole word, simple inflections), quote marks around something that is not a quote from the material.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence

PREPOSITIONS = {
    "about", "after", "against", "at", "before", "behind", "between", "by", "for", "from", "in", "into", "like",
    "of", "on", "onto", "over", "through", "toward", "towards", "under", "with", "within", "without", "vs", "versus",
}
# Words that cannot follow a preposition in English: modals, finite forms of be/have/do, and the third-person
# or base forms of common verbs that are not also everyday nouns (so "for works" / "with strengthens" are caught,
# while "for plans" or "with cuts" — also nouns — are not).
_FINITE = {
    "is", "are", "was", "were", "am", "has", "have", "had", "does", "did", "do", "can", "could", "will", "would",
    "shall", "should", "may", "might", "must", "isn't", "aren't", "doesn't", "don't", "won't", "can't",
}
_VERBS_S = {
    "absorbs", "calms", "strengthens", "works", "makes", "helps", "keeps", "lets", "gives", "takes", "brings",
    "turns", "stops", "lasts", "combines", "integrates", "flags", "tracks", "drafts", "highlights", "becomes",
    "comes", "goes", "gets", "says", "shows", "feels", "looks", "tastes", "smells", "reduces", "improves",
    "boosts", "protects", "restores", "repairs", "fixes", "saves", "delivers", "includes", "contains", "offers",
    "means", "needs", "wants", "knows", "thinks", "ships", "runs", "fits", "arrives", "cleans", "leaves",
    "starts", "ends", "happens", "matters", "costs", "builds", "plans", "sees", "wins", "cuts", "lowers", "raises",
}
_VERBS_BASE = {
    "absorb", "calm", "strengthen", "make", "help", "keep", "let", "give", "take", "bring", "become", "get",
    "say", "show", "reduce", "improve", "boost", "protect", "restore", "fix", "save", "deliver", "include",
    "contain", "know", "think", "arrive", "combine", "integrate", "see", "go", "come", "feel", "put", "shop",
    "book", "call", "find", "start", "try", "plan", "lead", "speak", "write", "use",
}
# "for works" is the slip; "for plans"/"for cuts"/"in ships" read as nouns: the oracle flags them only for the
# unambiguous verbs above, minus those a noun reading makes natural after a preposition.
_NOUNISH = {"works", "plans", "cuts", "ships", "runs", "tracks", "flags", "starts", "ends", "costs", "offers",
            "needs", "wants", "looks", "drafts", "highlights", "shows", "wins", "saves", "plan", "lead", "book",
            "call", "shop", "start", "use", "show", "fix", "feel", "try", "go", "save", "find", "say", "keep"}
_VERBS_AFTER_PREP = _FINITE | (_VERBS_S - _NOUNISH) | (_VERBS_BASE - _NOUNISH) | {"works"}

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+|\s+[—–]\s+|\s*\n\s*")


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def preposition_verb_slips(text: str) -> list[str]:
    """'for works', 'with calms', 'of is' …: a preposition directly followed by a verb form."""
    tokens = words(text)
    return [f"{a} {b}" for a, b in itertools.pairwise(tokens)
            if a in PREPOSITIONS and b in _VERBS_AFTER_PREP]


def doubled_words(text: str) -> list[str]:
    tokens = words(text)
    return [f"{a} {b}" for a, b in itertools.pairwise(tokens) if a == b and a not in {"that", "had"}]


def sentences(text: str) -> list[str]:
    parts = [p.strip(" \"“”'’.,;:!?…-—–") for p in _SENTENCE_SPLIT.split(text)]
    return [p for p in parts if len(p.split()) >= 2]


def _norm(sentence: str) -> str:
    return " ".join(words(sentence))


def repeated_sentences(texts: Sequence[str]) -> list[str]:
    """Sentences that occur twice across one variant's hook, headline and body (case and punctuation ignored)."""
    seen: set[str] = set()
    repeats: list[str] = []
    for text in texts:
        for sentence in sentences(text):
            key = _norm(sentence)
            if key in seen:
                repeats.append(sentence)
            seen.add(key)
    return repeats


def banned_hits(text: str, terms: Iterable[str]) -> list[str]:
    """Banned words/claims found as whole words with simple English inflections."""
    hits = []
    lowered = text.lower()
    for term in terms:
        core = re.escape(term.lower().strip(" .")).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?")
        if re.search(rf"(?<![a-z0-9]){core}(?:s|es|d|ed|ing)?(?![a-z0-9])", lowered):
            hits.append(term)
    return hits


_QUOTED = re.compile(r"[“\"]([^”\"]{4,})[”\"]")


def false_quotes(text: str, real_quotes: Iterable[str]) -> list[str]:
    """Text inside quote marks that is not (a part of) a real quote from the material."""
    real = [_norm(q) for q in real_quotes]
    return [q for q in _QUOTED.findall(text) if not any(_norm(q) in r for r in real)]


def variant_problems(hook: str, headline: str, body: str, cta: str, *, banned: Iterable[str] = (),
                     real_quotes: Iterable[str] = ()) -> list[str]:
    """Every oracle complaint about one variant, as readable strings (empty when the variant is clean)."""
    problems: list[str] = []
    banned = list(banned)
    for name, text in (("hook", hook), ("headline", headline), ("body", body), ("cta", cta)):
        problems += [f"{name}: preposition + verb '{s}'" for s in preposition_verb_slips(text)]
        problems += [f"{name}: doubled word '{s}'" for s in doubled_words(text)]
        problems += [f"{name}: banned '{t}'" for t in banned_hits(text, banned)]
        problems += [f"{name}: quote marks around '{q}'" for q in false_quotes(text, real_quotes)]
        if not text.strip():
            problems.append(f"{name}: empty")
    problems += [f"repeated sentence '{s}'" for s in repeated_sentences([hook, headline, body])]
    return problems
