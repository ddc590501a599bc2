"""Structure-aware chunking: every chunk carries its heading trail and whole paragraphs/list items.

Why: retrieval quality depends on a passage saying what it is about ("Visual identity > Colour palette") and on
never splitting a rule from its heading. Sections are packed up to `target` characters at block boundaries; a
single oversized block is split at sentence, then word boundaries. MiniLM reads ~256 word pieces (~1,000 chars), so
chunks stay under `limit`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_BULLET = re.compile(r"^\s*([-*+•▪◦]|\d+[.)])\s+")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class Section:
    trail: list[str]
    blocks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Chunk:
    text: str  # heading trail line + body: what is embedded and returned
    heading: str  # "Visual identity > Colour palette"
    body: str
    position: int


def parse_sections(text: str) -> list[Section]:
    """Split Markdown-ish text into sections (heading trail + blocks). Paragraphs are blocks; consecutive list
    items are one block each so a list can be split between items but never inside one."""
    lines = text.split("\n")
    sections: list[Section] = []
    trail: list[tuple[int, str]] = []
    current = Section(trail=[])
    paragraph: list[str] = []
    in_fence = False

    def flush_paragraph() -> None:
        if paragraph:
            block = "\n".join(paragraph).strip()
            if block:
                current.blocks.append(block)
            paragraph.clear()

    def start_section(level: int, title: str) -> None:
        nonlocal current
        flush_paragraph()
        if current.blocks:
            sections.append(current)
        while trail and trail[-1][0] >= level:
            trail.pop()
        trail.append((level, _strip_inline(title)))
        current = Section(trail=[t for _, t in trail])

    index = 0
    while index < len(lines):
        line = lines[index]
        if _FENCE.match(line):
            in_fence = not in_fence
            paragraph.append(line)
            index += 1
            continue
        if in_fence:
            paragraph.append(line)
            index += 1
            continue
        atx = _ATX.match(line)
        if atx and atx.group(2):
            start_section(len(atx.group(1)), atx.group(2))
            index += 1
            continue
        nxt = lines[index + 1] if index + 1 < len(lines) else ""
        if line.strip() and not paragraph and _SETEXT.match(nxt) and not _BULLET.match(line):
            start_section(1 if nxt.strip().startswith("=") else 2, line.strip())
            index += 2
            continue
        if not line.strip():
            flush_paragraph()
        elif _BULLET.match(line):
            flush_paragraph()
            paragraph.append(line.strip())
        elif paragraph and _BULLET.match(paragraph[0]) and line.startswith((" ", "\t")):
            paragraph.append(line.strip())  # continuation of a list item
        elif paragraph and _BULLET.match(paragraph[0]):
            flush_paragraph()
            paragraph.append(line.strip())
        else:
            paragraph.append(line.strip())
        index += 1
    flush_paragraph()
    if current.blocks:
        sections.append(current)
    return sections


def chunk_text(text: str, target: int = 450, limit: int = 1000) -> list[Chunk]:
    """Chunks of one document, in reading order."""
    chunks: list[Chunk] = []
    for section in parse_sections(text):
        heading = " > ".join(section.trail)
        budget_target = max(200, target - len(heading))
        budget_limit = max(300, limit - len(heading))
        pieces: list[str] = []
        for block in section.blocks:
            pieces.extend(_split_block(block, budget_limit))
        current: list[str] = []
        size = 0
        for piece in pieces:
            if current and size + len(piece) + 1 > budget_target:
                chunks.append(_make_chunk(heading, current, len(chunks)))
                current, size = [], 0
            current.append(piece)
            size += len(piece) + 1
        if current:
            chunks.append(_make_chunk(heading, current, len(chunks)))
    return chunks


def _make_chunk(heading: str, pieces: list[str], position: int) -> Chunk:
    body = "\n".join(pieces).strip()
    text = f"{heading}\n{body}" if heading else body
    return Chunk(text=text, heading=heading, body=body, position=position)


def _split_block(block: str, limit: int) -> list[str]:
    if len(block) <= limit:
        return [block]
    sentences = re.split(r"(?<=[.!?])\s+", block)
    pieces: list[str] = []
    current = ""
    for sentence in sentences:
        for part in _split_words(sentence, limit):
            if current and len(current) + len(part) + 1 > limit:
                pieces.append(current)
                current = part
            else:
                current = f"{current} {part}".strip()
    if current:
        pieces.append(current)
    return pieces


def _split_words(sentence: str, limit: int) -> list[str]:
    if len(sentence) <= limit:
        return [sentence]
    parts: list[str] = []
    current = ""
    for word in sentence.split():
        while len(word) > limit:  # a pathological token (e.g. a pasted blob) is cut hard
            if current:
                parts.append(current)
                current = ""
            parts.append(word[:limit])
            word = word[limit:]
        if current and len(current) + len(word) + 1 > limit:
            parts.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        parts.append(current)
    return parts


def _strip_inline(title: str) -> str:
    return re.sub(r"[*_`]+", "", title).strip()


def normalise_for_hash(text: str) -> str:
    """What counts as 'the same passage': case- and whitespace-insensitive."""
    return re.sub(r"\s+", " ", text).strip().casefold()
