"""Compliance: catches banned words/claims (whole words, any case, simple inflections) and off-palette colours —
and nothing else."""

from __future__ import annotations

import time

import pytest

from tools.brand.compliance import check_compliance
from tools.core.domain.brand import BrandColor, BrandProfile
from tools.core.errors import InputError

PROFILE = BrandProfile(
    workspace="acme",
    banned_words=["cure", "detox", "miracle", "treat", "ban", "remedy", "100%"],
    banned_claims=["clinically proven", "boosts immunity", "anxiety relief"],
    palette=[BrandColor(hex="#2F4A3A"), BrandColor(hex="#F4EDE1"), BrandColor(hex="#E2A03F")],
)


def _terms(text: str, profile: BrandProfile = PROFILE) -> list[tuple[str, str, str]]:
    return [(v.rule, v.term, v.match) for v in check_compliance(profile, [text]).violations]


@pytest.mark.parametrize(("text", "term", "found"), [
    ("It will cure your Monday.", "cure", "cure"),
    ("CURES the 3 pm slump", "cure", "CURES"),
    ("Cured by breakfast", "cure", "Cured"),
    ("curing tiredness", "cure", "curing"),
    ("A full-body Detox!", "detox", "Detox"),
    ("it detoxes you", "detox", "detoxes"),
    ("Miracles happen", "miracle", "Miracles"),
    ("treated beans", "treat", "treated"),
    ("No remedies here", "remedy", "remedies"),
    ("we remedied it", "remedy", "remedied"),
    ("banned in 3 countries", "ban", "banned"),
    ("it’s a cure’s promise", "cure", "cure"),
    ("100% arabica", "100%", "100%"),
])
def test_banned_words_and_their_inflections_are_caught(text: str, term: str, found: str) -> None:
    assert ("banned_word", term, found) in _terms(text)


@pytest.mark.parametrize("text", [
    "Secure your subscription today.",  # contains "cure"
    "Curious about mushrooms?",
    "A curated blend of arabica.",
    "Treaty of taste.",  # contains "treat"
    "The banner says hello.",  # contains "ban"
    "Abandon the 3 pm crash.",
    "A clinically tested recipe, proven taste.",  # the claim's words, not the claim
    "Our immunity to hype is strong; nothing boosts like a nap.",
    "100 %",  # not the term
    "",
])
def test_nothing_else_is_flagged(text: str) -> None:
    assert _terms(text) == []


def test_claims_match_across_case_spaces_and_hyphens_with_inflections() -> None:
    found = _terms("Clinically-proven to BOOST  immunity, for anxiety reliefs.")
    assert ("banned_claim", "clinically proven", "Clinically-proven") in found
    assert ("banned_claim", "boosts immunity", "BOOST  immunity") in found
    assert ("banned_claim", "anxiety relief", "anxiety reliefs") in found


def test_report_names_the_rule_text_and_position() -> None:
    texts = ["Smooth energy, no crash.", "A miracle in a mug that can cure mornings."]
    report = check_compliance(PROFILE, texts)
    assert not report.ok and report.checked_texts == 2
    assert [(v.text_index, v.term) for v in report.violations] == [(1, "miracle"), (1, "cure")]
    cure = next(v for v in report.violations if v.term == "cure")
    assert texts[1][cure.start:cure.end] == "cure"
    assert "banned word 'cure'" in cure.message and "text 1" in cure.message


def test_colours_on_and_off_palette() -> None:
    report = check_compliance(PROFILE, [], colors=["#2f4a3a", "F4EDE1", (226, 160, 63), "#FF0000", "rgb(47, 74, 59)"])
    assert report.checked_colors == 5 and report.palette_checked
    off = [(v.color_index, v.term, v.nearest) for v in report.violations]
    assert off == [(3, "#FF0000", "#E2A03F"), (4, "#2F4A3B", "#2F4A3A")]
    assert all(v.rule == "off_palette" for v in report.violations)


def test_colour_tolerance_and_no_palette() -> None:
    tolerant = PROFILE.model_copy(update={"color_tolerance": 2.0})
    report = check_compliance(tolerant, [], colors=["#2F4A3B", "#2F4A40"])
    assert [v.term for v in report.violations] == ["#2F4A40"]  # distance 1 passes, distance 6 does not
    no_palette = BrandProfile(workspace="x")
    report = check_compliance(no_palette, ["anything goes"], colors=["#123456"])
    assert report.ok and not report.palette_checked


def test_bad_colour_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not a colour"):
        check_compliance(PROFILE, [], colors=["bluish"])


def test_empty_profile_flags_nothing() -> None:
    assert check_compliance(BrandProfile(workspace="x"), ["cure detox miracle"]).ok


def test_fast_enough_for_every_variant() -> None:
    variants = [f"Variant {i}: smooth energy, real coffee taste, cancel any time. Try your first tin." * 3
                for i in range(20)]
    check_compliance(PROFILE, variants, colors=["#2F4A3A"])  # warm the pattern cache
    started = time.perf_counter()
    for _ in range(50):
        report = check_compliance(PROFILE, variants, colors=["#2F4A3A", "#F4EDE1"])
    per_batch = (time.perf_counter() - started) / 50
    assert report.ok
    assert per_batch < 0.02, f"20 variants took {per_batch * 1000:.1f} ms"
