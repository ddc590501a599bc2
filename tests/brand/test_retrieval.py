"""Retrieval over a multi-section brand book: natural questions find the right passage; MMR diversifies;
no path ever returns another workspace's text."""

from __future__ import annotations

import numpy as np
import pytest

from tools.brand.api import brand_add, brand_context, brand_get, brand_profile, brand_search
from tools.brand.store import brand_collection
from tools.core.errors import InputError

SCRIPTS = {"Script: The 3 pm crash", "Script: Label reader", "Script: Morning ritual"}
# (question, acceptable section headings), phrased as a marketer would ask. The first 18 were used to choose how
# passages are embedded (tools/brand/embedding_text.py); the last 12 were written afterwards, as a check.
QUESTIONS = [
    ("What colours can we use in an ad?", {"Colour palette"}),
    ("Which words are we not allowed to say?", {"Claims we never make"}),
    ("How should our copy sound?", {"Voice and tone"}),
    ("Who is our target customer?", {"Primary audience"}),
    ("Which font should headlines use?", {"Typography"}),
    ("Show me ads that worked well", SCRIPTS),
    ("What call to action should I put on the button?", {"Calls to action"}),
    ("Can we say the coffee cures anxiety?", {"Claims we never make"}),
    ("Which languages do we publish in?", {"Languages"}),
    ("Why should someone buy Mossbrew?", {"Value propositions"}),
    ("Where is the logo file and how do I place it?", {"Logo"}),
    ("Can customers cancel their subscription?", {"Value propositions"}),
    ("Is it okay to use sarcasm in an ad?", {"Voice and tone"}),
    ("What background colour should I use?", {"Colour palette"}),
    ("What claims are banned?", {"Claims we never make"}),
    ("What is our tone of voice?", {"Voice and tone"}),
    ("What are our winning scripts?", SCRIPTS),
    ("Who else buys our product besides remote workers?", {"Secondary audience"}),
    ("Which hex colours are allowed in our creatives?", {"Colour palette"}),
    ("What are we forbidden to claim about health?", {"Claims we never make"}),
    ("How do we sound when we write copy?", {"Voice and tone"}),
    ("Which typeface goes on headlines?", {"Typography"}),
    ("What should the button text say?", {"Calls to action"}),
    ("Do we localise ads into other languages?", {"Languages"}),
    ("Where do I find the logo and how much clear space does it need?", {"Logo"}),
    ("Who buys Mossbrew and how old are they?", {"Primary audience"}),
    ("Give me an example of an ad that performed well", SCRIPTS),
    ("What makes our product better than regular coffee?", {"Value propositions"}),
    ("Can we say it helps with anxiety?", {"Claims we never make"}),
    ("Can people skip a delivery of their subscription?", {"Value propositions"}),
]
# Questions that name their section plainly must get it first.
MUST_BE_FIRST = {
    "What colours can we use in an ad?", "Which font should headlines use?", "Which languages do we publish in?",
    "What claims are banned?", "What is our tone of voice?", "Where is the logo file and how do I place it?",
    "Which hex colours are allowed in our creatives?", "Can we say the coffee cures anxiety?",
}


def _section(hit) -> str:  # type: ignore[no-untyped-def]
    return hit.heading.split(" > ")[-1]


def test_natural_questions_find_the_right_passage(brand_store) -> None:  # type: ignore[no-untyped-def]
    """Measured with the bundled MiniLM: 24/30 at rank 1, 28/30 in the top 3 (the two misses: "Who buys Mossbrew
    and how old are they?" ranks 5th behind the book's introduction, "skip a delivery" 4th)."""
    acme = brand_store["acme"]
    ranks = {}
    for question, expected in QUESTIONS:
        sections = [_section(h) for h in brand_search(acme, question, k=5).results]
        ranks[question] = next((i for i, s in enumerate(sections) if s in expected), 99)
    assert {q: ranks[q] for q in MUST_BE_FIRST if ranks[q] != 0} == {}
    top1 = sum(r == 0 for r in ranks.values())
    top3 = sum(r < 3 for r in ranks.values())
    assert top3 >= 27, f"only {top3}/{len(QUESTIONS)} in the top 3: {ranks}"
    assert top1 >= 22, f"only {top1}/{len(QUESTIONS)} at rank 1: {ranks}"


def test_scores_are_cosine_similarities_best_first(brand_store) -> None:  # type: ignore[no-untyped-def]
    hits = brand_search(brand_store["acme"], "colour palette hex codes", k=5).results
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert 0.3 < scores[0] <= 1.0 and scores[-1] < scores[0]
    assert len({h.id for h in hits}) == 5


def test_kind_filters(brand_store) -> None:  # type: ignore[no-untyped-def]
    acme = brand_store["acme"]
    hits = brand_search(acme, "morning energy", k=10, kinds=["script"]).results
    assert len(hits) == 3 and {h.kind for h in hits} == {"script"}
    hits = brand_search(acme, "morning energy", k=10, kinds=["palette", "banned"]).results
    assert hits and {h.kind for h in hits} <= {"palette", "banned"} and len({h.kind for h in hits}) == 2
    with pytest.raises(InputError, match="Unknown kind"):
        brand_search(acme, "x", kinds=["slogans"])


def test_bad_queries(brand_store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="empty"):
        brand_search(brand_store["acme"], "   ")
    with pytest.raises(InputError, match="out of range"):
        brand_search(brand_store["acme"], "x", k=0)


def test_mmr_context_is_relevant_and_less_redundant(brand_store) -> None:  # type: ignore[no-untyped-def]
    acme = brand_store["acme"]
    query = "write a Mossbrew ad about energy without the crash"
    plain = brand_search(acme, query, k=5).results
    diverse = brand_context(acme, query, k=5)
    assert len(diverse) == 5 and len({h.id for h in diverse}) == 5
    assert diverse[0].id == plain[0].id  # the most relevant passage always comes first

    collection = brand_collection(acme, create=False)

    def redundancy(ids: list[str]) -> float:
        got = collection.get(ids=ids, include=["embeddings"])
        vectors = np.asarray(got["embeddings"], dtype=np.float32)
        similarity = vectors @ vectors.T
        return float(similarity[np.triu_indices(len(ids), 1)].mean())

    assert redundancy([h.id for h in diverse]) < redundancy([h.id for h in plain])
    assert brand_context(acme, query, k=3, kinds=["script"])[0].kind == "script"


def test_no_path_returns_another_workspaces_text(brand_store) -> None:  # type: ignore[no-untyped-def]
    acme, rival = brand_store["acme"], brand_store["rival"]
    acme_ids, rival_ids = set(brand_store["acme_ids"]), set(brand_store["rival_ids"])
    # queries aimed squarely at the other workspace's material
    for query in ("Fjord blue unsinkable storm shell jacket", "North Sea captain calm precise Nordic"):
        for hit in brand_search(acme, query, k=50).results + brand_context(acme, query, k=20):
            assert hit.id in acme_ids and "Fjord" not in hit.text
    for query in ("Mossbrew mushroom coffee lion's mane", "Moss green Oat white Chanterelle"):
        hits = brand_search(rival, query, k=50).results + brand_context(rival, query, k=20)
        assert hits and all(h.id in rival_ids and "Mossbrew" not in h.text for h in hits)
    # get-by-id with the other workspace's ids returns nothing; mixed lists return only one's own
    assert brand_get(acme, sorted(rival_ids)) == []
    mixed = brand_get(rival, sorted(acme_ids)[:3] + sorted(rival_ids)[:2])
    assert {h.id for h in mixed} == set(sorted(rival_ids)[:2])
    # kind filters cannot widen the scope
    assert all(h.id in acme_ids for h in brand_search(acme, "colours", k=50, kinds=["palette"]).results)
    # profiles are separate
    assert brand_profile(rival).name == "Fjordline" and brand_profile(acme).name == "Mossbrew"
    assert "#2F4A3A" not in brand_profile(rival).palette_hex


def test_same_text_in_two_workspaces_is_stored_in_each(brand_store) -> None:  # type: ignore[no-untyped-def]
    from tools.core.runtime import build_runtime

    settings = brand_store["acme"].settings
    one, two = build_runtime(settings, "shared-one"), build_runtime(settings, "shared-two")
    text = "## Voice\nTone: sunny, brief.\nWe answer in one breath."
    first, second = brand_add(one, text=text), brand_add(two, text=text)
    assert first.added == second.added == 1 and first.ids != second.ids  # dedupe is per workspace
    assert brand_search(one, "sunny", k=5).results[0].id == first.ids[0]
    assert [h.id for h in brand_search(two, "sunny", k=5).results] == second.ids


def test_workspace_without_material(brand_store) -> None:  # type: ignore[no-untyped-def]
    from tools.core.runtime import build_runtime

    empty = build_runtime(brand_store["acme"].settings, "nothing-yet")
    assert brand_search(empty, "anything", k=5).results == []
    assert brand_context(empty, "anything") == []
    assert brand_get(empty, brand_store["acme_ids"]) == []
    profile = brand_profile(empty)
    assert profile.is_empty and profile.primary_language == "en" and profile.chunks == 0
