"""Plain-text measures of ad copy: sentences, the hook line, reading level, emoji.

Pure functions on strings; nothing here interprets the text as anything but data.
"""

from __future__ import annotations

import re

from tools.core.domain.blueprint import ReadingLevel

_SENTENCE = re.compile(r"[^.!?…\n]+(?:[.!?…]+|\n|$)")
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9]+(?:['’][A-Za-z]+)?")
_VOWELS = re.compile(r"[aeiouy]+")
EMOJI = re.compile(
    "[\U0001F1E6-\U0001F1FF\U0001F300-\U0001F5FF\U0001F600-\U0001F64F\U0001F680-\U0001F6FF\U0001F700-\U0001F77F"
    "\U0001F780-\U0001F7FF\U0001F800-\U0001F8FF\U0001F900-\U0001F9FF\U0001FA00-\U0001FAFF\u2600-\u26FF"
    "\u2700-\u27BF\u2B50\u2B55\u2B06\u2B07\u2B05\u27A1\u2934\u2935\u3030\u303D\u3297\u3299\u2705\u274C\u2764]"
)


def normalise(text: str) -> str:
    """Unify line endings and strip control characters (copy from exports is messy); keep everything else."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch == "\n" or ch == "\t" or ord(ch) >= 32).strip()


def sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of sentences (line breaks end a sentence too)."""
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.start(), match.end()
        chunk = text[start:end]
        stripped = chunk.strip()
        if not _WORD.search(stripped):
            continue
        lead = len(chunk) - len(chunk.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))
    return spans


def hook_span(text: str, max_chars: int = 200) -> tuple[int, int]:
    """The opening line an ad leads with: its first sentence, joined with the next when it is very short
    ("Before: dull skin. After: ...")."""
    spans = sentences(text)
    if not spans:
        return (0, 0)
    start, end = spans[0]
    if len(_WORD.findall(text[start:end])) < 6 and len(spans) > 1 and "\n\n" not in text[end:spans[1][0]]:
        end = spans[1][1]
    return (start, min(end, start + max_chars))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def syllables(word: str) -> int:
    word = word.lower().strip("'’")
    if word.isdigit():
        return max(1, len(word))
    groups = _VOWELS.findall(word)
    count = len(groups)
    if word.endswith("e") and count > 1 and not word.endswith(("le", "ee", "ye")):
        count -= 1
    return max(1, count)


def reading_level(text: str) -> ReadingLevel | None:
    """Flesch reading ease and Flesch–Kincaid grade (English formulas; a rough guide for other languages)."""
    tokens = words(text)
    sentence_count = max(1, len(sentences(text)))
    if not tokens:
        return None
    syllable_count = sum(syllables(w) for w in tokens)
    words_per_sentence = len(tokens) / sentence_count
    syllables_per_word = syllable_count / len(tokens)
    ease = 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word
    grade = 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59
    return ReadingLevel(
        flesch_reading_ease=round(ease, 1),
        flesch_kincaid_grade=round(max(grade, 0.0), 1),
        avg_words_per_sentence=round(words_per_sentence, 2),
        avg_syllables_per_word=round(syllables_per_word, 3),
    )


def emoji(text: str) -> list[str]:
    return EMOJI.findall(text)
