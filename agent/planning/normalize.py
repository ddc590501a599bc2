"""Turn a raw request into an `Utterance`: normalised text for intent scoring plus the spans that are data.

Why first: quoted copy, URLs, file paths, Slack mentions and channels must be lifted out *before* any intent is
scored, so text inside quotes can never add a tool call (it survives only as a slot value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tools.creator.brief_source import PATTERN as BRIEF_SOURCE


def _words(text: str) -> frozenset[str]:
    """A word list written as one block of text."""
    return frozenset(text.split())

_CURLY = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'",
                        "–": "-", "—": " - ", "\u00a0": " "})
_SLACK_MENTION = re.compile(r"<[@!](?:[A-Z0-9]+|here|channel|everyone)(?:\|[^>]*)?>")
_SLACK_CHANNEL = re.compile(r"<#([A-Z0-9]+)(?:\|([^>]*))?>")
_SLACK_LINK = re.compile(r"<(https?://[^|>]+)(?:\|[^>]*)?>")
_URL = re.compile(r"https?://[^\s<>\"']+")
_CHANNEL = re.compile(r"(?<![\w#&])#([a-z0-9][a-z0-9_\-]{0,79})\b", re.I)
_PATH = re.compile(r"(?<![\w/])((?:~|\.{1,2})?/?(?:[\w.\-]+/)*[\w.\-]+\.(?:csv|tsv|xlsx|xls|mp4|mov|webm|m4v|png|jpe?g"
                   r"|webp|gif|pdf|docx|txt|md|json|ya?ml))\b", re.I)
_DOUBLE_QUOTED = re.compile(r'"([^"\n]{1,2000})"')
_SINGLE_QUOTED = re.compile(r"(?<![\w'])'([^'\n]{2,2000}?)'(?![\w'])")
_BACKTICK = re.compile(r"`{1,3}([^`]{1,4000})`{1,3}")
_LABELLED = re.compile(
    r"\b(?<!bottom )(?:copy|headline|text|caption|script|tagline|slogan|line|body|hook|message|says|reads)\s*:\s*"
    r"(.{3,2000})$",
    re.I | re.S)
_BLOCKQUOTE = re.compile(r"^\s*>\s?(.*)$", re.M)

CONTRACTIONS = {
    "what's": "what is", "how's": "how is", "where's": "where is", "who's": "who is", "that's": "that is",
    "it's": "it is", "there's": "there is", "here's": "here is", "let's": "let us", "we're": "we are",
    "they're": "they are", "you're": "you are", "i'm": "i am", "i'd": "i would", "we'd": "we would",
    "i've": "i have", "we've": "we have", "i'll": "i will", "we'll": "we will", "you'll": "you will",
    "don't": "do not", "doesn't": "does not", "didn't": "did not", "can't": "can not", "cannot": "can not",
    "won't": "will not", "isn't": "is not", "aren't": "are not", "wasn't": "was not", "weren't": "were not",
    "shouldn't": "should not", "wouldn't": "would not", "haven't": "have not", "hasn't": "has not",
    "o'clock": "oclock", "gimme": "give me", "wanna": "want to", "gonna": "going to", "pls": "please",
    "plz": "please", "thx": "thanks", "u": "you", "ur": "your", "w/": "with",
    "how'd": "how did", "what'd": "what did", "where'd": "where did", "how're": "how are", "what're": "what are",
    "where're": "where are", "who're": "who are",
    "whats": "what is", "hows": "how is", "thats": "that is", "dont": "do not", "doesnt": "does not",
    "didnt": "did not", "cant": "can not", "im": "i am", "ive": "i have", "id like": "i would like",
    # chat shorthand
    "lst": "last", "wk": "week", "wks": "weeks", "mth": "month", "mths": "months", "shw": "show", "yr": "year",
    "prev": "previous", "w/o": "without", "b/c": "because", "abt": "about",
}
_CONTRACTION = re.compile(r"(?<![\w'])(" + "|".join(re.escape(k) for k in sorted(CONTRACTIONS, key=len,
                                                                                  reverse=True)) + r")(?![\w'])")

# words the planner keys on; a close misspelling of one ("mnth", "variatons", "fatiuged") is read as it
_KEYWORDS = tuple(sorted(_words("""month months week weeks weekly monthly daily yesterday today variants variations
versions winner winners winning report performance fatigue fatigued audience audiences segment segments creative
creatives campaign
campaigns schedule scheduled blueprint insights revenue purchases impressions frequency generate compare trend
breakdown explain january february march april june july august september october november december placement
placements country countries gender genders background backgrounds""")))
_TYPO = re.compile(r"\b[a-z]{4,}\b")


def _fix_typos(text: str) -> str:
    from rapidfuzz import fuzz, process

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in _KEYWORDS or word.endswith("ing") or word in CONTRACTIONS:
            return word
        best = process.extractOne(word, _KEYWORDS, scorer=fuzz.ratio, score_cutoff=85)
        return best[0] if best and abs(len(best[0]) - len(word)) <= 2 and best[0][0] == word[0] else word

    return _TYPO.sub(fix, text)


QUOTE_TOKEN = "qqquote"
URL_TOKEN = "uuurl"
CHANNEL_TOKEN = "ccchannel"
FILE_TOKEN = "fffile"


@dataclass
class Utterance:
    """A request split into the words we interpret and the spans we only carry as data."""

    raw: str
    text: str  # lower-cased, contractions expanded, data spans replaced by placeholder tokens
    quotes: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)  # "C0123" ids when Slack gave them, else "#name"
    paths: list[str] = field(default_factory=list)
    briefs: list[str] = field(default_factory=list)  # `brief:FIELD=VALUE+...` creator sources (a brief's button)


def _lift(pattern: re.Pattern[str], text: str, sink: list[str], token: str, group: int = 1) -> str:
    def replace(match: re.Match[str]) -> str:
        sink.append(match.group(group).strip())
        return f" {token} "

    return pattern.sub(replace, text)


def normalize(raw: str) -> Utterance:
    """Lift data spans out of `raw` and normalise the rest (see module doc)."""
    text = raw.translate(_CURLY)
    utterance = Utterance(raw=raw, text="")
    text = _SLACK_MENTION.sub(" ", text)

    def slack_channel(match: re.Match[str]) -> str:
        utterance.channels.append(match.group(1))
        return f" {CHANNEL_TOKEN} "

    text = _SLACK_CHANNEL.sub(slack_channel, text)
    text = _lift(_SLACK_LINK, text, utterance.urls, URL_TOKEN)
    text = _lift(BRIEF_SOURCE, text, utterance.briefs, "_brief_", group=0)
    # quoted copy is data: lift it before anything else reads the words
    quotes = utterance.quotes
    text = _lift(_BACKTICK, text, quotes, QUOTE_TOKEN)
    text = _lift(_DOUBLE_QUOTED, text, quotes, QUOTE_TOKEN)
    text = _lift(_SINGLE_QUOTED, text, quotes, QUOTE_TOKEN)
    text = _lift(_BLOCKQUOTE, text, quotes, QUOTE_TOKEN)
    labelled = _LABELLED.search(text)
    if labelled and labelled.group(1).strip() != QUOTE_TOKEN:
        text = _lift(_LABELLED, text, quotes, QUOTE_TOKEN)
    text = _lift(_URL, text, utterance.urls, URL_TOKEN, group=0)
    text = _lift(_PATH, text, utterance.paths, FILE_TOKEN)

    def channel(match: re.Match[str]) -> str:
        utterance.channels.append("#" + match.group(1).lower())
        return f" {CHANNEL_TOKEN} "

    text = _CHANNEL.sub(channel, text)
    text = _fix_typos(text.lower())
    text = _CONTRACTION.sub(lambda m: CONTRACTIONS[m.group(1)], text)
    text = re.sub(r"(?<=\w)'s\b", "", text)  # possessives: "last week's winner" -> "last week winner"
    text = re.sub(r"(?<=\w)s'(?!\w)", "s", text)
    text = re.sub(r"[!?,;()\[\]{}]", lambda m: f" {m.group(0)} ", text)
    text = re.sub(r"(?<!\d)\.(?!\d)", " . ", text)
    utterance.text = " ".join(text.split())
    return utterance
