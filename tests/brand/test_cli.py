"""`hookline brand ...` as a user runs it: one JSON document, CLI.md keys, exit 2 with nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

from tests.brand.conftest import BRAND_BOOK
from tests.conftest import run_cli


def _json(result) -> dict:  # type: ignore[no-untyped-def]
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_add_search_show_edit_round_trip(tmp_path: Path) -> None:
    home = tmp_path / "home"
    added = _json(run_cli(["brand", "add", str(BRAND_BOOK), "--text", "## CTA\nPreferred CTAs: \"Sip smarter\"",
                           "--json"], home=home))
    assert added["added"] == len(added["ids"]) >= 13 and added["skipped_duplicates"] == 0
    assert added["documents"] == [BRAND_BOOK.name, "pasted text"]

    found = _json(run_cli(["--json", "brand", "search", "Which colours may an ad use?", "-k", "3"], home=home))
    assert len(found["results"]) == 3
    top = found["results"][0]
    assert set(top) >= {"id", "text", "kind", "source", "score"}
    assert top["kind"] == "palette" and "#2F4A3A" in top["text"] and top["source"] == BRAND_BOOK.name
    assert top["id"] in added["ids"] and 0 < top["score"] <= 1

    edited = _json(run_cli(["brand", "edit", "--banned", "cure-all", "--palette", "Midnight #1A1A2E",
                            "--remove", "banned=superfood", "--color-tolerance", "5", "--json"], home=home))
    assert "cure-all" in edited["banned_words"] and "superfood" not in edited["banned_words"]
    assert edited["palette"][-1] == {"hex": "#1A1A2E", "name": "Midnight", "role": None}

    shown = _json(run_cli(["brand", "show", "--json"], home=home))
    assert shown == edited
    assert shown["name"] == "Mossbrew" and shown["fonts"] == ["Fraunces", "Inter"]
    assert shown["cta_preferences"][-1] == "Sip smarter" and shown["color_tolerance"] == 5
    assert shown["documents"] == 2 and shown["chunks"] == added["added"]

    human = run_cli(["brand", "show"], home=home)
    assert human.returncode == 0 and "Mossbrew" in human.stdout and "#1A1A2E" in human.stdout


def test_bad_input_exits_2_and_stores_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    good = tmp_path / "good.md"
    good.write_text("## Voice\nTone: bold.\n")
    empty = tmp_path / "empty.md"
    empty.write_text("")
    result = run_cli(["brand", "add", str(good), str(empty), "--json"], home=home)
    assert result.returncode == 2
    assert "empty.md" in result.stderr and "empty" in result.stderr
    assert json.loads(result.stdout)["error"]["file"] == str(empty)

    for args, needle in (
        (["brand", "add", str(tmp_path / "deck.pptx")], "unsupported file type"),
        (["brand", "add", str(good), "--kind", "slogan"], "Unknown kind"),
        (["brand", "add"], "Nothing to add"),
        (["brand", "search", "  "], "empty"),
        (["brand", "search", "x", "-k", "0"], "out of range"),
        (["brand", "edit"], "Nothing to edit"),
        (["brand", "edit", "--palette", "bluish"], "no hex colour"),
        (["brand", "edit", "--remove", "banned"], "FIELD=VALUE"),
    ):
        failed = run_cli(args, home=home)
        assert failed.returncode == 2, (args, failed.stderr)
        assert needle in failed.stderr, (args, failed.stderr)

    shown = _json(run_cli(["brand", "show", "--json"], home=home))
    assert shown["documents"] == 0 and shown["chunks"] == 0 and shown["is_empty"] is True
    assert shown["primary_language"] == "en"
    assert not (home / "chroma").exists()  # every failure happened before the vector store was touched
