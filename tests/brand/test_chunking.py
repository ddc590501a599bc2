"""Structure-aware chunking and readers: headings stay with their paragraphs, nothing is split mid-item."""

from __future__ import annotations

from tests.brand.conftest import BRAND_BOOK
from tools.brand.chunking import chunk_text, parse_sections
from tools.brand.embedding_text import drop_shared_title
from tools.brand.kinds import infer_kind
from tools.brand.readers import html_to_markdown, promote_plain_headings


def test_every_chunk_starts_with_its_heading_trail_and_keeps_whole_items() -> None:
    text = BRAND_BOOK.read_text()
    chunks = chunk_text(text)
    assert len(chunks) >= 12
    for chunk in chunks:
        assert chunk.text.startswith(chunk.heading)
        assert chunk.body and chunk.body in chunk.text
        assert len(chunk.text) <= 1000
    palette = next(c for c in chunks if c.heading.endswith("Colour palette"))
    # the whole list of colours stays together with its heading
    for hex_code in ("#2F4A3A", "#F4EDE1", "#3B2A20", "#E2A03F", "#C9CFC8"):
        assert hex_code in palette.body
    # every list item of the source is inside exactly one chunk, unbroken
    items = [line.strip() for line in text.splitlines() if line.startswith("- ")]
    for item in items:
        assert sum(item in c.body for c in chunks) == 1, item
    assert [c.position for c in chunks] == list(range(len(chunks)))


def test_sections_nest_headings_and_setext_headings() -> None:
    sections = parse_sections("Brand\n=====\nIntro text.\n\nVoice\n-----\n- Warm\n- Witty\n\n### Sub\nDeep.\n")
    assert [s.trail for s in sections] == [["Brand"], ["Brand", "Voice"], ["Brand", "Voice", "Sub"]]
    assert sections[1].blocks == ["- Warm", "- Witty"]


def test_long_paragraph_is_split_at_sentences_within_limit() -> None:
    sentence = "Mossbrew tastes like coffee because it is coffee, roasted slowly in small batches. "
    chunks = chunk_text("## Taste\n" + sentence * 40, target=450, limit=600)
    assert len(chunks) > 3
    assert all(c.heading == "Taste" and len(c.text) <= 600 for c in chunks)
    assert all(c.body.endswith(".") for c in chunks)  # cut at sentence ends, never mid-sentence


def test_kinds_follow_the_deepest_heading() -> None:
    kinds = {c.heading.split(" > ")[-1]: infer_kind(c.heading, c.body) for c in chunk_text(BRAND_BOOK.read_text())}
    assert kinds["Colour palette"] == "palette"
    assert kinds["Claims we never make"] == "banned"
    assert kinds["Voice and tone"] == "voice"
    assert kinds["Value propositions"] == "value_prop"
    assert kinds["Primary audience"] == "audience"
    assert kinds["Typography"] == "guideline"  # "Never use more than two typefaces" is a rule, not a ban list
    assert kinds["Script: Label reader"] == "script"
    assert infer_kind("", "Hook: It's 3 pm.\nCTA: Try it.") == "script"
    assert infer_kind("", "Our colours: #112233 and #445566") == "palette"
    assert infer_kind("", "We love mornings.") == "guideline"


def test_plain_text_headings_are_promoted_but_sentences_are_not() -> None:
    text = "VOICE AND TONE\nWe are warm.\n\nColour palette\nMoss #2F4A3A\n\nThis short line ends.\nNext line here"
    promoted = promote_plain_headings(text).splitlines()
    assert promoted[0] == "## VOICE AND TONE"
    assert "## Colour palette" in promoted
    assert "This short line ends." in promoted
    assert "Next line here" in promoted  # last line: nothing follows, so not a heading


def test_html_headings_and_lists_become_markdown() -> None:
    html = ("<html><head><title>x</title><style>p{}</style></head><body><nav>Menu</nav><h1>Brand</h1>"
            "<h2>Voice</h2><p>We are <b>warm</b>.</p><ul><li>Warm</li><li>Witty</li></ul><script>alert(1)</script>"
            "</body></html>")
    markdown = html_to_markdown(html)
    assert "# Brand" in markdown and "## Voice" in markdown
    assert "We are warm." in markdown and "- Warm" in markdown and "- Witty" in markdown
    assert "alert" not in markdown and "Menu" not in markdown and "p{}" not in markdown


def test_shared_document_title_is_dropped_from_embedding_trails_only_when_shared() -> None:
    assert drop_shared_title(["Book > Voice", "Book > Palette"]) == ["Voice", "Palette"]
    assert drop_shared_title(["Voice", "Palette"]) == ["Voice", "Palette"]
    assert drop_shared_title(["Book", "Book"]) == ["Book", "Book"]
    assert drop_shared_title(["Book > Voice", ""]) == ["Book > Voice", ""]
