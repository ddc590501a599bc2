"""Turn brand material (Markdown, text, PDF, DOCX, a URL, pasted text) into Markdown-ish text with headings.

Why Markdown as the common form: the chunker keeps headings with their paragraphs, so every reader's job is to
preserve structure (DOCX heading styles, HTML h1-h6, PDF/text heading-like lines) as `#` headings.
Every failure is an `InputError` naming the file and what was expected; nothing is stored until all inputs read.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from tools.core.errors import InputError
from tools.core.fetch import FetchHTTPError, FetchPolicy, fetch_bytes

MAX_FILE_BYTES = 20 * 1024 * 1024  # a brand book is pages, not a library; bigger files are almost always mistakes
MAX_TEXT_CHARS = 2_000_000
SUPPORTED_SUFFIXES = {".md": "md", ".markdown": "md", ".txt": "txt", ".text": "txt", ".pdf": "pdf", ".docx": "docx"}


@dataclass(frozen=True)
class SourceText:
    """One readable input: its display name, where it came from, its format and its text."""

    source: str
    location: str | None
    format: str  # md | txt | pdf | docx | html | text | winner
    text: str
    metadata: dict[str, str] = field(default_factory=dict)  # extra Chroma metadata for every chunk (e.g. ad_id)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def read_inputs(paths: list[str | Path], text: str | None = None, *,
                fetch_policy: FetchPolicy | None = None) -> list[SourceText]:
    """Read every input or raise on the first bad one (nothing has been stored at that point)."""
    sources: list[SourceText] = []
    for item in paths:
        value = str(item)
        if re.match(r"^https?://", value, re.IGNORECASE):
            sources.append(read_url(value, fetch_policy))
        else:
            sources.append(read_file(Path(value)))
    if text is not None:
        sources.append(read_pasted(text))
    if not sources:
        raise InputError("Nothing to add: give one or more files (Markdown, text, PDF, DOCX), a URL, or --text.",
                         field="input")
    return sources


def read_pasted(text: str) -> SourceText:
    cleaned = _clean(text)
    if not cleaned.strip():
        raise InputError("The pasted text is empty: expected some brand material in --text.", field="text")
    _check_length(cleaned, "pasted text")
    return SourceText(source="pasted text", location=None, format="text", text=cleaned)


def read_file(path: Path) -> SourceText:
    name = str(path)
    suffix = path.suffix.lower()
    fmt = SUPPORTED_SUFFIXES.get(suffix)
    if fmt is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise InputError(
            f"{name}: unsupported file type {suffix or '(no extension)'!r}; expected one of {supported}.", file=name
        )
    if not path.exists():
        raise InputError(f"{name}: file not found.", file=name)
    if not path.is_file():
        raise InputError(f"{name}: not a regular file.", file=name)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"{name}: file is {size / 1_048_576:.1f} MiB, over the {MAX_FILE_BYTES // 1_048_576} MiB limit for "
                "brand material; split it or add the relevant sections.", file=name
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc}).", file=name) from exc
    if not data.strip():
        raise InputError(f"{name}: the file is empty; expected brand material.", file=name)
    if fmt == "pdf":
        text = _pdf_text(data, name)
    elif fmt == "docx":
        text = _docx_text(data, name)
    else:
        text = _decode(data, name)
        if fmt == "txt":
            text = promote_plain_headings(text)
    text = _clean(text)
    if not text.strip():
        raise InputError(f"{name}: no text could be read from the file (scanned image or empty document?).",
                         file=name)
    _check_length(text, name)
    return SourceText(source=path.name, location=str(path.resolve()), format=fmt, text=text)


def read_url(url: str, policy: FetchPolicy | None = None) -> SourceText:
    """Fetch a page through the guarded fetcher. HTML headings become `#` headings; PDFs and text are read like
    files."""
    policy = policy or FetchPolicy(max_bytes=MAX_FILE_BYTES, size_unit="MiB")
    try:
        data, fetched = fetch_bytes(url, policy)
    except FetchHTTPError as exc:
        raise InputError(f"{url}: the server answered HTTP {exc.status}.", file=url) from None
    content_type, encoding = fetched.content_type, fetched.charset
    if not data.strip():
        raise InputError(f"{url}: the page is empty.", file=url)
    if "pdf" in content_type or url.lower().endswith(".pdf"):
        text, fmt = _pdf_text(data, url), "pdf"
    elif "html" in content_type or data.lstrip()[:1] == b"<":
        text, fmt = html_to_markdown(data.decode(encoding or "utf-8", errors="replace")), "html"
    elif content_type.startswith("text/") or not content_type:
        text, fmt = data.decode(encoding or "utf-8", errors="replace"), "txt"
    else:
        raise InputError(f"{url}: unsupported content type {content_type!r}; expected HTML, text or PDF.", file=url)
    text = _clean(text)
    if not text.strip():
        raise InputError(f"{url}: no readable text on the page.", file=url)
    _check_length(text, url)
    return SourceText(source=url, location=url, format=fmt, text=text)


def _check_length(text: str, name: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            f"{name}: {len(text):,} characters of text, over the {MAX_TEXT_CHARS:,} limit for one input.", file=name
        )


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: looks like a binary file, not text; expected UTF-8 text or Markdown.", file=name)
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 text.", file=name) from exc


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\x00", "")
    return re.sub(r"[ \t]+\n", "\n", text)


def _pdf_text(data: bytes, name: str) -> str:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(f"{name}: the PDF is encrypted; export an unprotected copy.", file=name)
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{name}: not a readable PDF ({exc}).", file=name) from exc
    return promote_plain_headings("\n\n".join(pages))


def _docx_text(data: bytes, name: str) -> str:
    import io
    import zipfile

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{name}: not a readable DOCX file ({exc}).", file=name) from exc
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        level = _heading_level(style)
        if level:
            lines.extend(["", "#" * level + " " + text, ""])
        elif "list" in style:
            lines.append("- " + text)
        else:
            lines.extend([text, ""])
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells if cell.text.strip()]
            if cells:
                lines.append("- " + ": ".join(cells))
        lines.append("")
    return "\n".join(lines)


def _heading_level(style: str) -> int:
    if style == "title":
        return 1
    match = re.match(r"heading\s*(\d)", style)
    return min(int(match.group(1)), 6) if match else 0


_SENTENCE_END = (".", "!", "?", ",", ";", "…")
_BULLET = re.compile(r"^\s*([-*+•▪◦]|\d+[.)])\s+")


def promote_plain_headings(text: str) -> str:
    """Mark heading-like lines of plain text/PDF as `##` headings.

    A heading-like line is short (≤ 8 words, ≤ 70 chars), is not a bullet, does not end like a sentence, starts
    with a capital, is followed by more text and comes first or after a blank line, a period-ended line, or in a
    PDF page without blank lines. Lines already in Markdown form are left alone.
    """
    lines = text.split("\n")
    out: list[str] = []
    # A document whose headings are UPPERCASE lines: other heading-like lines ("Press:", "When you write for us:")
    # are sub-headings of the uppercase section they sit in, not sections of their own.
    upper_headings = sum(1 for line in lines if _is_upper_heading(line.strip())) >= 2
    for index, raw in enumerate(lines):
        line = raw.strip()
        nxt = next((candidate.strip() for candidate in lines[index + 1:] if candidate.strip()), "")
        prev = lines[index - 1].strip() if index > 0 else ""
        words = line.rstrip(":").split()
        is_heading = (
            line
            and not line.startswith("#")
            and not _BULLET.match(line)
            and 1 <= len(words) <= 8
            and len(line) <= 70
            and not line.endswith(_SENTENCE_END)
            and line[0].isupper()
            and nxt
            and not re.match(r"^[=\-]{3,}$", nxt)
            and (not prev or prev.endswith((".", "!", "?", ":", '"')) or line.isupper() or line.endswith(":"))
            and ":" not in line.rstrip(":")
        )
        if is_heading and upper_headings and not (_is_upper_heading(line) or line.endswith(":")):
            is_heading = False  # "Shop the collection", "Thistle — #7B5EA7": content under an uppercase heading
        level = "###" if upper_headings and not _is_upper_heading(line) else "##"
        out.append(f"{level} {line.rstrip(':')}" if is_heading else raw)
    return "\n".join(out)


def _is_upper_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and line.isupper() and len(line) <= 70 and not line.endswith((".", ","))


class _HtmlToMarkdown(HTMLParser):
    _SKIP: ClassVar[set[str]] = {"script", "style", "noscript", "nav", "footer", "svg", "head", "form"}
    _BLOCK: ClassVar[set[str]] = {
        "p", "div", "section", "article", "br", "tr", "table", "ul", "ol", "blockquote", "main", "header",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skip_depth += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self.parts.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif re.fullmatch(r"h[1-6]", tag) or tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_markdown(html: str) -> str:
    parser = _HtmlToMarkdown()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n[ \t]+", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
