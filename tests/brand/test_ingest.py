"""Adding material: every supported input, de-duplication, all-or-nothing across SQL and Chroma, winners' copy."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.brand.conftest import BRAND_BOOK, make_docx, make_pdf
from tools.brand import ingest
from tools.brand.api import add_winner_scripts, brand_add, brand_get, brand_profile, brand_search
from tools.brand.store import brand_collection
from tools.core.db.models import BrandChunkRecord, BrandDocument, BrandPendingWrite
from tools.core.domain.brand import WinnerScript
from tools.core.errors import InputError

SMALL_BOOK = ("# Kiln brand book\n\n## Voice\nTone: steady, warm.\n\n## Colour palette\n- Clay #B5651D (primary)\n\n"
              "## Claims we never make\n- \"indestructible\"\n")


def _counts(runtime) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    """(documents, chunks, journal rows) in SQL and vectors in Chroma for the runtime's workspace."""
    workspace_id = runtime.workspace_id
    with runtime.session() as session:
        documents = session.scalar(select(func.count()).select_from(BrandDocument)
                                   .where(BrandDocument.workspace_id == workspace_id))
        chunks = session.scalar(select(func.count()).select_from(BrandChunkRecord)
                                .where(BrandChunkRecord.workspace_id == workspace_id))
        journal = session.scalar(select(func.count()).select_from(BrandPendingWrite))
    collection = brand_collection(runtime, create=False)
    return documents, chunks, journal, collection.count() if collection is not None else 0


def test_add_brand_book_then_readd_is_deduplicated(runtime) -> None:  # type: ignore[no-untyped-def]
    first = brand_add(runtime, [BRAND_BOOK])
    assert first.added >= 12 and len(first.ids) == first.added == len(set(first.ids))
    assert first.documents == [BRAND_BOOK.name]
    assert first.kinds["palette"] == 1 and first.kinds["script"] == 3 and first.kinds["banned"] >= 1
    assert _counts(runtime) == (1, first.added, 0, first.added)

    again = brand_add(runtime, [BRAND_BOOK])
    assert (again.added, again.skipped_duplicates) == (0, first.added)
    # one new paragraph among known ones: only it is stored
    extended = BRAND_BOOK.read_text() + "\n## Packaging\nTins are recyclable steel; lids are compostable.\n"
    third = brand_add(runtime, text=extended)
    assert third.added == 1 and third.skipped_duplicates == first.added
    assert _counts(runtime) == (2, first.added + 1, 0, first.added + 1)
    hit = brand_get(runtime, third.ids)[0]
    assert "recyclable steel" in hit.text and hit.heading.endswith("Packaging") and hit.source == "pasted text"

    profile = brand_profile(runtime)
    assert profile.documents == 2 and profile.chunks == first.added + 1 and profile.name == "Mossbrew"


def test_forced_kind_and_pasted_text(runtime) -> None:  # type: ignore[no-untyped-def]
    result = brand_add(runtime, text="Never say cheap. Say good value.", kind="banned")
    assert result.kinds == {"banned": 1}
    assert brand_search(runtime, "cheap", k=1, kinds=["banned"]).results[0].id == result.ids[0]
    assert brand_search(runtime, "cheap", k=1, kinds=["palette"]).results == []


def test_pdf_and_docx_keep_their_structure(runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = make_pdf(tmp_path / "guide.pdf", [
        "Fjordline voice", "Tone: calm, precise.", "We write like a ship's captain.", "",
        "Colour palette", "Fjord blue #1B3B6F (primary)", "Ice #EAF2F8 (background)",
    ])
    docx_file = make_docx(tmp_path / "claims.docx", [
        ("h1", "Fjordline claims"), ("h2", "Claims we never make"), ("li", "\"unsinkable\""),
        ("li", "\"lifetime warranty\""), ("h2", "Audience"), ("p", "Sailors and hikers who go out in any weather."),
    ])
    result = brand_add(runtime, [pdf, docx_file])
    assert result.documents == ["guide.pdf", "claims.docx"]
    hits = {h.heading: h for h in brand_get(runtime, result.ids)}
    assert hits["Colour palette"].kind == "palette" and "#1B3B6F" in hits["Colour palette"].text
    assert hits["Fjordline claims > Claims we never make"].kind == "banned"
    assert hits["Fjordline claims > Audience"].kind == "audience"
    profile = brand_profile(runtime)
    assert profile.palette_hex == ["#1B3B6F", "#EAF2F8"]
    assert profile.banned_words == ["unsinkable"] and profile.banned_claims == ["lifetime warranty"]
    assert profile.tone == ["calm", "precise"]


@pytest.fixture
def local_site(tmp_path: Path) -> Iterator[str]:
    """A real HTTP server on an ephemeral port serving a brand page (the URL path, offline)."""
    (tmp_path / "brand.html").write_text(
        "<html><body><h1>Mossbrew online</h1><h2>Calls to action</h2>"
        "<p>Preferred CTAs: \"Brew better mornings\".</p><script>steal()</script></body></html>"
    )

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_url_is_fetched_and_html_structure_kept(runtime, local_site: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="loopback address") as refused:
        brand_add(runtime, [f"{local_site}/brand.html"])  # a private host is refused until named in the setting
    assert "HOOKLINE_FETCH_ALLOW_HOSTS" in str(refused.value)
    monkeypatch.setattr(runtime.settings, "fetch_allow_hosts", "127.0.0.1")
    result = brand_add(runtime, [f"{local_site}/brand.html"])
    hit = brand_get(runtime, result.ids)[0]
    assert hit.heading == "Mossbrew online > Calls to action" and "steal" not in hit.text
    assert hit.source == f"{local_site}/brand.html"
    assert brand_profile(runtime).cta_preferences == ["Brew better mornings"]
    with pytest.raises(InputError, match="HTTP 404"):
        brand_add(runtime, [f"{local_site}/missing.html"])
    with pytest.raises(InputError, match="could not be downloaded"):
        brand_add(runtime, ["http://127.0.0.1:9/unreachable"])


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp_path / "empty.md"
    empty.write_text("")
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\n\t \n")
    headings_only = tmp_path / "headings.md"
    headings_only.write_text("# Title\n\n## Section\n")
    sheet = tmp_path / "palette.xlsx"
    sheet.write_bytes(b"PK\x03\x04 not really")
    folder = tmp_path / "folder.md"
    folder.mkdir()
    corrupt = tmp_path / "broken.pdf"
    corrupt.write_bytes(b"%PDF-1.4\nthis is not a pdf body at all\n")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02brand\x00\xff" * 50)
    big = tmp_path / "huge.md"
    with big.open("wb") as handle:  # sparse: 21 MiB without writing them
        handle.truncate(21 * 1024 * 1024)
    bad_docx = tmp_path / "fake.docx"
    bad_docx.write_text("plain text pretending to be a docx")
    return {
        "empty": (empty, "empty"), "blank": (blank, "the file is empty"),
        "headings only": (headings_only, "no text passages"), "unsupported": (sheet, "unsupported file type"),
        "directory": (folder, "not a regular file"), "corrupt pdf": (corrupt, "not a readable PDF"),
        "binary": (binary, "binary"), "oversized": (big, "over the 20 MiB limit"),
        "bad docx": (bad_docx, "not a readable DOCX"), "missing": (tmp_path / "nope.md", "not found"),
    }


def test_bad_inputs_store_nothing_even_after_good_ones(runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "good.md"
    good.write_text("## Voice\nTone: bold, kind.\n")
    for label, (path, reason) in _bad_inputs(tmp_path).items():
        with pytest.raises(InputError) as info:
            brand_add(runtime, [good, path])
        assert reason in str(info.value), label
        assert path.name in str(info.value), label
        assert info.value.file is not None, label
    with pytest.raises(InputError, match="pasted text is empty"):
        brand_add(runtime, [good], text="   ")
    with pytest.raises(InputError, match="Unknown kind"):
        brand_add(runtime, [good], kind="slogan")
    with pytest.raises(InputError, match="Nothing to add"):
        brand_add(runtime)
    assert _counts(runtime) == (0, 0, 0, 0)
    assert brand_profile(runtime).is_empty


def test_chroma_failure_after_partial_add_rolls_everything_back(runtime, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real_add = ingest._add_vectors

    def add_then_fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        real_add(*args, **kwargs)  # the vectors really reach Chroma...
        raise ConnectionError("chroma went away")  # ...then the call fails

    monkeypatch.setattr(ingest, "_add_vectors", add_then_fail)
    with pytest.raises(ConnectionError):
        brand_add(runtime, text=SMALL_BOOK)
    assert _counts(runtime) == (0, 0, 0, 0)
    assert brand_profile(runtime).is_empty


def test_sql_failure_after_chroma_add_removes_the_vectors(runtime, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(ingest, "_insert_rows", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        brand_add(runtime, text=SMALL_BOOK)
    assert _counts(runtime) == (0, 0, 0, 0)


def test_crash_between_chroma_and_sql_is_recovered_by_the_journal(runtime, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise SystemExit("killed")

    monkeypatch.setattr(ingest, "_insert_rows", crash)
    monkeypatch.setattr(ingest, "_undo", lambda *args, **kwargs: None)  # a killed process cleans nothing up
    with pytest.raises(SystemExit):
        brand_add(runtime, text=SMALL_BOOK)
    documents, chunks, journal, vectors = _counts(runtime)
    assert (documents, chunks, journal) == (0, 0, 1) and vectors > 0
    monkeypatch.undo()

    assert brand_search(runtime, "clay colour", k=3).results  # orphans are visible until recovered
    assert ingest.recover_pending(runtime) == 0  # too recent: might be an add still in flight
    from datetime import timedelta

    assert ingest.recover_pending(runtime, older_than=timedelta(0)) == vectors
    assert _counts(runtime) == (0, 0, 0, 0)
    assert brand_add(runtime, text=SMALL_BOOK).added == vectors  # and the material can be added again


def test_winner_scripts_are_idempotent_and_read_creative_copy(runtime) -> None:  # type: ignore[no-untyped-def]
    from tools.core.db.models import Ad, AdAccount, Creative

    workspace_id = runtime.workspace_id
    with runtime.session() as session:
        account = AdAccount(workspace_id=workspace_id, platform="meta", external_id="act_1", name="Main")
        creative = Creative(workspace_id=workspace_id, key="c1", name="Crash hook",
                            headline="Your coffee just clocked out", body="Half the caffeine, none of the crash.",
                            cta="Try your first tin")
        session.add_all([account, creative])
        session.flush()
        session.add(Ad(workspace_id=workspace_id, account_id=account.id, creative_id=creative.id,
                       external_id="ad-77", name="Crash hook v3"))

    winners = [
        {"ad_id": "ad-77", "ad_name": "Crash hook v3", "metric": "roas", "value": 3.2},  # copy from the creative
        WinnerScript(ad_id="ad-12", text="Hook: Three ingredients. We counted.\nCTA: Start your ritual."),
        {"ad_id": "ad-unknown"},  # no copy anywhere: skipped
    ]
    first = add_winner_scripts(runtime, winners)
    assert first.added == 2 and first.kinds == {"script": 2}
    assert first.documents == ["winner:ad-77", "winner:ad-12"]
    texts = {h.source: h.text for h in brand_get(runtime, first.ids)}
    assert texts["winner:ad-77"] == ("Headline: Your coffee just clocked out\nBody: Half the caffeine, none of the "
                                     "crash.\nCTA: Try your first tin")
    again = add_winner_scripts(runtime, winners)
    assert again.added == 0 and again.skipped_duplicates == 2
    hit = brand_search(runtime, "coffee clocked out", k=1, kinds=["script"]).results[0]
    assert hit.source == "winner:ad-77" and hit.kind == "script"
    assert add_winner_scripts(runtime, []).added == 0
    with pytest.raises(InputError, match="ad_id"):
        add_winner_scripts(runtime, [{"text": "orphan copy"}])
