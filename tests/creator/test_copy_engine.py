"""The offline copy engine's parts: phrase forms, format-fit hooks, honest quotes, thin material, shared checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.creator.copy_oracle import preposition_verb_slips, repeated_sentences
from tests.creator.test_llm_copy import ScriptedCopyModel
from tools.core.domain.variant import AdCopy, BrandStyle, SourceSummary
from tools.creator.copywriter import CopyChoice, Copywriter
from tools.creator.generate import CreatorContext, GenerationRequest, SourceAd, TemplateEngine, run_generation
from tools.creator.grammar import copy_problems, phrase_form, with_article
from tools.creator.llm_copy import LLMEngine
from tools.creator.placements import PLACEMENTS
from tools.creator.visuals import colour_schemes
from tools.creator.vocabulary import build_vocabulary

PALETTE = ["#1F4FFF", "#F7F8FA", "#111827", "#FF7A1A"]


@pytest.mark.parametrize(("text", "form"), [
    ("Calms visible redness in 4 weeks", "verb3"),
    ("Works under makeup and sunscreen; absorbs in under a minute", "verb3"),
    ("Plan in minutes, not meetings", "imperative"),
    ("See slipping work before stand-up", "imperative"),
    ("We clean up after every job", "sentence"),
    ("Real coffee taste", "noun"),
    ("Smooth energy without the crash", "noun"),
    ("Trousers cut to fit real bodies, in three leg lengths", "noun"),
    ("Fragrance-free and gentle enough for twice-daily use", "adjective"),
    ("Made in Edinburgh, start to finish", "adjective"),
])
def test_phrase_forms(text: str, form: str) -> None:
    assert phrase_form(text) == form


def test_articles_only_where_the_noun_needs_one() -> None:
    assert with_article("flexible subscription") == "a flexible subscription"
    assert with_article("up-front flat-rate price") == "an up-front flat-rate price"
    assert with_article("simple ingredients") == "simple ingredients"
    assert with_article("real coffee taste") == "real coffee taste"


def _vocabulary(**extra):  # type: ignore[no-untyped-def]
    values = dict(
        brand="Lumiserum", value_props=["Calms visible redness in 4 weeks", "Plan your routine in two minutes",
                                        "Fragrance-free and gentle enough for twice-daily use"],
        ctas=["Shop the serum"], product_facts=["Lumiserum Calm Serum is a lightweight face serum for sensitive skin."],
        proof=[{"kind": "quote", "text": "My cheeks just look calmer.", "attribution": "Marta S."},
               {"kind": "rating", "text": "4.8/5 from 2,314 reviews"}],
        offers=[{"text": "15% off your first order", "condition": "new customers only"}])
    values.update(extra)
    return build_vocabulary(**values)


def test_watch_hooks_only_over_moving_pictures() -> None:
    static = Copywriter(_vocabulary(), "demonstration", video=False)
    video = Copywriter(_vocabulary(), "demonstration", video=True)
    assert not [h.text for h in static.bank.hooks if re.match(r"(?i)(watch|see)\b", h.text)]
    assert [h.text for h in video.bank.hooks if h.text.startswith("Watch")]


def test_quote_marks_only_around_real_quotes_and_offers_keep_their_condition() -> None:
    writer = Copywriter(_vocabulary(), "testimonial")
    quoted = [h.text for h in writer.bank.hooks if "“" in h.text]
    assert quoted == ["“My cheeks just look calmer”"]
    copies = [writer.write(CopyChoice(hook=i, benefit=i, pain=0, proof=0, offer=0, cta=0, headline=0, body=0))
              for i in range(writer.hook_options)]
    for copy in filter(None, copies):
        if copy.hook.startswith("“"):
            assert copy.body.startswith("— Marta S.")  # who said it, right below the quote
        if "15% off" in " ".join(copy.texts()):
            assert "new customers only" in copy.body.lower()
        for text in copy.texts():
            for inner in re.findall(r"“([^”]+)”", text):
                assert inner.rstrip(".") in "My cheeks just look calmer."


def test_voice_rules_and_notes_to_self_are_never_material() -> None:
    from tests.brand.test_profile_books import profile_of

    profile = profile_of(Path(__file__).parent / "books" / "frozen" / "lumiserum.md")
    vocabulary = build_vocabulary(brand=profile.name, value_props=profile.value_props, ctas=profile.cta_preferences,
                                  proof=profile.proof, offers=profile.offers, product_facts=profile.product_facts,
                                  value_prop_details=profile.value_prop_details)
    hooks = " ".join(h.text for kind in ("question", "problem", "bold_claim")
                     for h in Copywriter(vocabulary, kind).bank.hooks).lower()
    assert "hype" not in hooks and "miracle" not in hooks and "glassware" not in hooks and "lab" not in hooks


def _context(vocabulary, engine=None) -> CreatorContext:  # type: ignore[no-untyped-def]
    return CreatorContext(vocabulary=vocabulary, style=BrandStyle(palette=PALETTE), schemes=colour_schemes(PALETTE),
                          engine=engine or TemplateEngine(vocabulary), check=lambda texts, colours: [])


def _request(out: Path, n: int) -> GenerationRequest:
    source = SourceAd(summary=SourceSummary(kind="winner", label="w", ad_id="1", archetype="question"),
                      attributes={"kind": "image"})
    return GenerationRequest(source=source, n=n, formats=[PLACEMENTS["1x1"]], out_dir=out)


def test_thin_material_writes_only_good_variants_and_says_what_to_add(tmp_path: Path) -> None:
    vocabulary = build_vocabulary(brand="Pebble & Pine", value_props=["Keeps tea hot for an hour",
                                                                      "Hand-thrown in our Bristol studio"],
                                  ctas=["Shop mugs"],
                                  product_facts=["Pebble & Pine makes stoneware mugs with a double wall."])
    result = run_generation(_request(tmp_path, 20), _context(vocabulary))
    assert 0 < len(result.variants) < 20
    warning = next(w for w in result.warnings if w.startswith(f"Only {len(result.variants)} distinct"))
    for needed in ("value propositions: 2 found", "proof", "offers"):
        assert needed in warning
    assert "what the product is" not in warning  # the book says it
    for variant in result.variants:
        text = " ".join(variant.ad_copy.texts())
        assert "our brand" not in text.lower()
        assert not repeated_sentences([variant.ad_copy.hook, variant.ad_copy.headline, variant.ad_copy.body])


def test_engine_checks_catch_the_slips_the_issue_reported() -> None:
    assert copy_problems("Ready for works under makeup?", "h", "b", "c")
    assert copy_problems("Hook", "Calms redness", "Calms visible redness in 4 weeks. Calms visible redness in 4 weeks.",
                         "c")
    assert copy_problems("“Simple ingredients”", "h", "b", "c", real_quotes=["My cheeks just look calmer."])
    assert copy_problems("the the hook", "h", "b", "c")
    assert not copy_problems("Want a face serum that calms visible redness?", "Fragrance-free and gentle",
                             "Rated 4.8/5 from 2,314 reviews.", "Shop the serum")
    assert preposition_verb_slips("Ready for works under makeup") == ["for works"]


def test_llm_copy_goes_through_the_same_checks(tmp_path: Path) -> None:
    vocabulary = _vocabulary()
    good = {"hook": "Want calmer-looking cheeks?", "headline": "Calms visible redness in 4 weeks",
            "body": "Rated 4.8/5 from 2,314 reviews.", "cta": "Shop the serum"}
    drafts = [
        {"hook": "Ready for works under makeup?", "headline": "A", "body": "Rated 4.8/5.", "cta": "Shop the serum"},
        {"hook": "Calm skin", "headline": "B", "body": "Calm skin in 4 weeks. Calm skin in 4 weeks.", "cta": "Shop"},
        {"hook": "“Simple ingredients, zero fuss”", "headline": "C", "body": "Gentle.", "cta": "Shop the serum"},
        good,
    ]
    engine = LLMEngine(chat_model=ScriptedCopyModel(drafts=drafts), vocabulary=vocabulary, source_text="")
    result = run_generation(_request(tmp_path, 1), _context(vocabulary, engine))
    assert [v.ad_copy for v in result.variants] == [AdCopy(**good)]
