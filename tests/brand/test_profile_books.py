"""The profile read from brand books written by other people matches what each book says (its expected.yaml).

Frozen books (tests/creator/books/frozen) were written by someone who never saw the engine; the tuning book was not.
Every expected value must be found, and nothing may be invented beside it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tools.brand.chunking import chunk_text
from tools.brand.kinds import infer_kind
from tools.brand.profile import build_profile, derive_profile
from tools.brand.readers import read_file

BOOKS = Path(__file__).resolve().parents[1] / "creator" / "books"
CASES = sorted(p for folder in ("frozen", "tuning") for p in (BOOKS / folder).iterdir()
               if p.suffix in (".md", ".txt") and p.with_name(p.stem + ".expected.yaml").exists())
LISTS = {"tone": "tone", "voice_rules": "voice_rules", "banned_words": "banned_words",
         "banned_claims": "banned_claims", "ctas": "cta_preferences", "value_props": "value_props",
         "product_facts": "product_facts", "unusable_sections": "unusable_sections"}


def norm(text: object) -> str:
    return " ".join(re.sub(r"[^\w%$#&/+-]+", " ", str(text or "").casefold()).split())


def profile_of(book: Path):  # type: ignore[no-untyped-def]
    text = read_file(book).text
    derived = derive_profile((infer_kind(c.heading, c.body), c.heading, c.body, c.position) for c in chunk_text(text))
    return build_profile("books", derived, {})


@pytest.mark.parametrize("book", CASES, ids=[p.stem for p in CASES])
def test_profile_matches_the_book(book: Path) -> None:
    expected = yaml.safe_load(book.with_name(book.stem + ".expected.yaml").read_text(encoding="utf-8"))
    profile = profile_of(book)
    assert norm(profile.name) == norm(expected["brand_name"])
    for field, attribute in LISTS.items():
        got = [norm(v) for v in getattr(profile, attribute)]
        want = [norm(v) for v in expected.get(field) or []]
        assert sorted(got) == sorted(want), field
    for field, keys in (("proof", ("kind", "text", "attribution")), ("offers", ("text", "condition"))):
        got = sorted(tuple(norm(getattr(item, k)) for k in keys) for item in getattr(profile, field))
        want = sorted(tuple(norm(item.get(k)) for k in keys) for item in expected.get(field) or [])
        assert got == want, field
    got_palette = sorted((c.hex, norm(c.name), norm(c.role)) for c in profile.palette)
    want_palette = sorted((c["hex"].upper(), norm(c.get("name")), norm(c.get("role"))) for c in expected["palette"])
    assert got_palette == want_palette


def test_labels_are_not_values_and_look_alike_colours_are_not_colours() -> None:
    plumbing = profile_of(BOOKS / "frozen" / "brightside_plumbing.md")
    assert "#058191" not in plumbing.palette_hex and len(plumbing.palette) == 4  # a licence number, not a colour
    assert all(not c.lower().startswith("ctas") for c in plumbing.cta_preferences)
    serum = profile_of(BOOKS / "frozen" / "lumiserum.md")
    assert "hype" not in serum.banned_words  # "Never hype." is a voice rule, not a banned word
    assert next(o.condition for o in serum.offers) == "EU and UK addresses only"  # the condition stays with its offer


def test_new_fields_take_edits_that_survive_rederivation() -> None:
    from tools.brand.profile import merge_edits, normalise_edit
    from tools.core.domain.brand import ProfileEdit

    book = BOOKS / "frozen" / "lumiserum.md"
    derived = derive_profile((infer_kind(c.heading, c.body), c.heading, c.body, c.position)
                             for c in chunk_text(read_file(book).text))
    edits = merge_edits({}, normalise_edit(ProfileEdit(
        add={"offers": ["Free sample with every order (while stocks last)"],
             "proof": ['"Finally a serum that does not sting." — Ana P.']},
        remove={"proof": ["4.8/5 from 2,314 reviews"], "voice_rules": ["Never hype."]})))
    profile = build_profile("books", derived, edits)
    assert [(o.text, o.condition) for o in profile.offers][-1] == ("Free sample with every order", "while stocks last")
    assert ("quote", "Finally a serum that does not sting.", "Ana P.") in [
        (p.kind, p.text, p.attribution) for p in profile.proof]
    assert "4.8/5 from 2,314 reviews" not in [p.text for p in profile.proof]
    assert "Never hype." not in profile.voice_rules and len(profile.voice_rules) == 5
