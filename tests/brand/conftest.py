"""Brand test helpers: sample material, tiny real PDF/DOCX files, and a shared embedded brand store per module."""

from __future__ import annotations

from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "tools" / "brand" / "samples"
BRAND_BOOK = SAMPLES / "mossbrew_brand_book.md"

OTHER_BRAND = """# Fjordline brand guidelines

## Voice
Tone: calm, precise, Nordic.
We write like a ship's captain: short, factual, reassuring.

## Colour palette
- Fjord blue #1B3B6F (primary)
- Ice #EAF2F8 (background)

## Claims we never make
- "unsinkable"
- "lifetime warranty"

## Winning scripts
Hook: "The North Sea is cold. Your jacket isn't."
CTA: Shop the storm shell.
"""


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(path: Path, lines: list[str]) -> Path:
    """A real single-page PDF (Helvetica text objects, valid xref) that pypdf reads back line by line."""
    content_lines = ["BT", "/F1 11 Tf", "14 TL", "50 800 Td"]
    for line in lines:
        content_lines.append(f"({_pdf_escape(line)}) Tj T*")
    content_lines.append("ET")
    stream = "\n".join(content_lines).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def make_docx(path: Path, blocks: list[tuple[str, str]]) -> Path:
    """A real DOCX: blocks are (style, text) with style 'h1'/'h2'/'p'/'li'."""
    import docx

    document = docx.Document()
    for style, text in blocks:
        if style.startswith("h"):
            document.add_heading(text, level=int(style[1]))
        elif style == "li":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def brand_store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Two workspaces in one embedded store: `acme` with the Mossbrew book, `rival` with another brand.
    Built once per module (embedding takes seconds)."""
    from tools.brand.api import brand_add
    from tools.core.runtime import build_runtime, forget_databases
    from tools.core.settings import Settings

    home = tmp_path_factory.mktemp("brandhome")
    settings = Settings(home=home, _env_file=None)
    acme = build_runtime(settings, "acme")
    rival = build_runtime(settings, "rival")
    added_acme = brand_add(acme, [BRAND_BOOK])
    added_rival = brand_add(rival, text=OTHER_BRAND)
    yield {"acme": acme, "rival": rival, "acme_ids": added_acme.ids, "rival_ids": added_rival.ids, "home": home}
    forget_databases()
