"""The structured profile: derived from the brand book exactly, editable, edits survive re-derivation."""

from __future__ import annotations

import pytest

from tests.brand.conftest import BRAND_BOOK, OTHER_BRAND
from tools.brand.chunking import chunk_text
from tools.brand.kinds import infer_kind
from tools.brand.profile import build_profile, derive_profile, merge_derived, merge_edits, normalise_edit
from tools.core.domain.brand import BrandProfile, ProfileEdit
from tools.core.errors import InputError


def _derive(text: str) -> dict:
    return derive_profile((infer_kind(c.heading, c.body), c.heading, c.body) for c in chunk_text(text))


def test_profile_derived_from_the_sample_brand_book() -> None:
    profile = build_profile("acme", _derive(BRAND_BOOK.read_text()), {})
    assert profile.name == "Mossbrew"
    assert profile.tone == ["warm", "witty", "grounded", "plain-spoken"]
    assert profile.banned_words == ["cure", "treat", "detox", "miracle", "superfood"]
    assert profile.banned_claims == ["boosts immunity", "clinically proven", "guaranteed weight loss",
                                     "anxiety relief"]
    assert [(c.hex, c.name, c.role) for c in profile.palette] == [
        ("#2F4A3A", "Moss green", "primary"), ("#F4EDE1", "Oat white", "background"),
        ("#3B2A20", "Espresso", "text"), ("#E2A03F", "Chanterelle", "accent"), ("#C9CFC8", "Mist grey", "secondary"),
    ]
    assert profile.fonts == ["Fraunces", "Inter"]
    assert profile.logo_path == "assets/mossbrew-logo.svg"
    assert profile.cta_preferences == ["Try your first tin", "Start your ritual", "Get 20% off your first order"]
    assert "Buy now!!!" not in profile.cta_preferences  # the CTA to avoid is not a preference
    assert profile.languages == ["en", "fr", "de"]
    assert profile.primary_language == "en"
    assert profile.value_props[:2] == ["Smooth energy without the crash", "Real coffee taste"]
    assert len(profile.value_props) == 5
    assert not profile.is_empty


def test_scripts_do_not_feed_the_rules_and_negated_colours_are_not_palette() -> None:
    text = ("## Colour palette\n- Red #FF0000 (primary)\n- Never use neon green #39FF14\n\n"
            "## Winning scripts\nTone: loud, pushy\nHook: \"Banned words: none\"\n")
    derived = _derive(text)
    assert [c["hex"] for c in derived["palette"]] == ["#FF0000"]
    assert derived["tone"] == [] and derived["banned_words"] == []


def test_explicit_ban_lines_count_in_any_section_but_avoid_notes_do_not() -> None:
    derived = _derive("## Voice\nTone: upbeat.\nDon't say: cheap, \"life hack\"\n\n## Calls to action\n"
                      "Preferred CTAs: \"Shop now\"\nAvoid: \"Act fast\"\nNever use more than one CTA.\n")
    assert derived["banned_words"] == ["cheap"] and derived["banned_claims"] == ["life hack"]
    assert derived["cta_preferences"] == ["Shop now"]


def test_empty_profile_has_sensible_defaults() -> None:
    profile = build_profile("empty", {}, {})
    assert profile.is_empty
    assert profile.primary_language == "en"
    assert profile.palette == [] and profile.banned_words == [] and profile.color_tolerance == 0.0
    assert BrandProfile(workspace="w").model_dump(mode="json")["is_empty"] is True


def test_edits_add_remove_clear_and_survive_rederivation() -> None:
    derived = _derive(BRAND_BOOK.read_text())
    edits = merge_edits({}, normalise_edit(ProfileEdit(
        add={"banned": ["Cure-All", "100% natural"], "palette": ["Midnight #1a1a2e (accent)"], "language": ["Spanish"]},
        remove={"banned": ["superfood"], "palette": ["#C9CFC8"]},
        set={"color_tolerance": 12, "logo": "brand/logo.png"},
    )))
    profile = build_profile("acme", derived, edits)
    assert "cure-all" in profile.banned_words and "superfood" not in profile.banned_words
    assert "100% natural" in profile.banned_claims
    assert profile.palette_hex == ["#2F4A3A", "#F4EDE1", "#3B2A20", "#E2A03F", "#1A1A2E"]
    assert profile.palette[-1].name == "Midnight" and profile.palette[-1].role == "accent"
    assert profile.languages == ["en", "fr", "de", "es"]
    assert profile.color_tolerance == 12 and profile.logo_path == "brand/logo.png"

    # new material re-derived later: the removal of "superfood" and of the grey still hold
    rederived = merge_derived(derived, _derive("## Claims we never make\n- \"superfood\"\n- \"fat burner\"\n"))
    again = build_profile("acme", rederived, edits)
    assert "superfood" not in again.banned_words and "fat burner" in again.banned_claims
    assert "#C9CFC8" not in again.palette_hex

    # adding back what was removed cancels the removal; clear empties a field, later adds still apply
    edits = merge_edits(edits, normalise_edit(ProfileEdit(add={"banned": ["superfood"]})))
    edits = merge_edits(edits, normalise_edit(ProfileEdit(clear=["palette"])))
    edits = merge_edits(edits, normalise_edit(ProfileEdit(add={"palette": ["#000"]})))
    final = build_profile("acme", rederived, edits)
    assert "superfood" in final.banned_words
    assert final.palette_hex == ["#000000"]


@pytest.mark.parametrize(("edit", "field"), [
    (ProfileEdit(add={"palette": ["not a colour"]}), "palette"),
    (ProfileEdit(add={"languages": ["Klingonese dialect"]}), "languages"),
    (ProfileEdit(add={"shoe_size": ["42"]}), "shoe_size"),
    (ProfileEdit(set={"color_tolerance": "lots"}), "color_tolerance"),
    (ProfileEdit(set={"color_tolerance": 900}), "color_tolerance"),
    (ProfileEdit(add={"banned": ["  "]}), "banned"),
])
def test_bad_edits_are_input_errors_naming_the_field(edit: ProfileEdit, field: str) -> None:
    with pytest.raises(InputError) as info:
        normalise_edit(edit)
    assert info.value.field == field


def test_second_brand_profile() -> None:
    profile = build_profile("rival", _derive(OTHER_BRAND), {})
    assert profile.name == "Fjordline"
    assert profile.tone == ["calm", "precise", "nordic"]
    assert profile.palette_hex == ["#1B3B6F", "#EAF2F8"]
    assert profile.banned_words == ["unsinkable"] and profile.banned_claims == ["lifetime warranty"]
