"""Read a brand profile out of a brand book's prose: sections, labelled lines, sentences, bullets and tables.

Why a reader of its own: brand books written by other people label things differently ("Words to skip", "Never
claim", "Claims we stay away from", a `CTAs:` line inside the offers section, a palette table with a role column, a
quote with its attribution on the next line). So each section gets *roles* from its heading (deepest heading
first, its parents when it says nothing), every line is read by what it is (a labelled line, a quote, a ban
sentence, a table row, a bullet, a sentence), and the section's roles decide what the rest means. Sections that gave
nothing are reported, so the user knows what to rewrite.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tools.core.colours import HEX_IN_TEXT, normalise_hex

# -------------------------------------------------------------------------------------------- section roles

_ROLE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [(role, re.compile(pattern, re.IGNORECASE)) for role, pattern in [
    ("script", r"\b(scripts?|winning|winners?|example ads?|past ads?|top ads?)\b"),
    ("banned_words", r"\bwords? (to|we) (skip|avoid|never use|don'?t use|do not use)\b|\b(banned|forbidden) words\b"),
    ("banned_claims", r"\bclaims?\b.*\b(avoid|never|stay away|don'?t|do not|banned|not make)\b|\bnever claim\b|"
                      r"\b(banned|forbidden) claims\b"),
    ("banned", r"\b(banned|never (say|use|write)|don'?t (say|use)|do not (say|use)|prohibited|forbidden|"
               r"off[- ]limits|no[- ]go|restricted)\b"),
    ("cta", r"\b(calls? to action|ctas?)\b"),
    ("offers", r"\b(offers?|promotions?|promos?|deals?|discounts?)\b"),
    ("proof", r"\b(proof|reviews?|testimonials?|what (others|people|customers|clients|users) say|press|ratings?|"
              r"awards?|reasons to believe|social proof|case stud(y|ies))\b"),
    ("value_prop", r"\b(value prop(osition)?s?|benefits?|why (people|customers|clients|teams|you)?\s*"
                   r"(choose|buy|call|love|pick|use|switch)|why us|promises?|usps?|key messages?|messaging pillars?|"
                   r"reasons to buy)\b"),
    ("voice", r"\b(voice|tone|how we (sound|talk|speak|write)|sound like|writing style|personality)\b"),
    ("product", r"\b(products?|the basics|about|what .{1,40} is|overview|services?|what we (make|do|sell|offer)|"
                r"the clothes|our (range|collection|menu)|introduction|facts|the range)\b"),
    ("palette", r"\b(palette|colou?rs?|swatch(es)?)\b"),
    ("fonts", r"\b(typography|fonts?|typefaces?)\b"),
    ("logo", r"\blogos?\b"),
    ("languages", r"\b(languages?|locali[sz]ation)\b"),
    ("audience", r"\b(audiences?|personas?|who we (talk|speak|write|sell) to|target market|icp)\b"),
]]
_KEPT_WITHOUT_FIELDS = {"audience", "script"}  # used by retrieval (the creator, the agent), not by the profile


def heading_roles(trail: list[str]) -> set[str]:
    """Roles of a section: from its deepest heading that names any, else its parents'."""
    for part in reversed(trail):
        roles = {role for role, pattern in _ROLE_PATTERNS if pattern.search(part)}
        if roles:
            if roles & {"banned_words", "banned_claims"}:
                roles.discard("banned")
            return roles
    return set()


# -------------------------------------------------------------------------------------------- text helpers

_BULLET = re.compile(r"^\s*(?:[-*+•▪◦]|\d+[.)])\s+")
_BLOCKQUOTE = re.compile(r"^\s*>\s?")
_LABEL = re.compile(r"^(?:\*\*|__)?([A-Za-z][A-Za-z0-9 /'’&,()-]{0,60}?)(?:\*\*|__)?\s*[:：]\s*(.*)$")
_QUOTE_CHARS = "\"“”«»"
_QUOTED = re.compile(r"[\"“«]\s*([^\"“”«»\n]{1,160}?)\s*[\"”»]")
_DASH_ATTRIBUTION = re.compile(r"^\s*(?:[—–]|--|-)\s*(.+)$")
_SENTENCE = re.compile(r"(?<=[.!?])[\"”]?\s+(?=[A-Z\"“(])")
_NEGATIVE = re.compile(r"\b(never|avoid|don'?t|do not|no longer|not allowed|banned|instead of)\b", re.IGNORECASE)
_ROLE_WORDS = ("primary", "secondary", "tertiary", "accent", "background", "text", "highlight", "neutral", "cta",
               "border", "surface", "link", "button")
_INSTRUCTION = re.compile(
    r"^(?:please\s+)?(?:always|never|no|don'?t|do not|avoid|lead|write|use|prefer|keep|say|speak|talk|let|give|"
    r"stay|show|mention|put|make|tell|include|spell|open|end|start|limit|match|describe|name|address|refer|sound|"
    r"be|cut|drop|skip|check|choose|aim|focus|stick|favour|favor|lean|only|one|speak|treat|call|ask|avoid|"
    r"remember|quote|cite|credit|add|explain|answer)\b", re.IGNORECASE)
_BAN_SENTENCE = re.compile(
    r"^(?:we\s+|please\s+)?(?:(?:never|don'?t|do not)\s+(?:ever\s+)?(?P<verb>say|use|write|claim|call it)\s+"
    r"(?P<words>the\s+(?:words?|phrases?|terms?|claims?)\s+)?|"
    r"avoid(?:\s+using)?\s+(?P<avoided>the\s+(?:words?|phrases?|terms?|claims?)\s+))(?P<rest>.+)$",
    re.IGNORECASE)
_RATING = re.compile(r"\b\d(?:[.,]\d)?\s*(?:/\s*5|out of 5|stars?|★)|\b[\d,.]+\s*(?:k\s+)?(?:reviews|ratings)\b",
                     re.IGNORECASE)
_STUDY_WORD = re.compile(r"\b(study|survey|trial|research|participants|respondents|panel|poll)\b", re.IGNORECASE)
_CONDITION_WORDS = re.compile(
    r"\b(only|required|excluded|excludes|applies|valid|ends?|until|min(imum)?|code|while|per (customer|order)|"
    r"limit|over|new customers|first-time|terms|cancel)\b", re.IGNORECASE)
_MARKUP = re.compile(r"(\*\*|__|`)")


def strip_markup(text: str) -> str:
    return " ".join(_MARKUP.sub("", text).split())


def _bare(line: str) -> str:
    return _BLOCKQUOTE.sub("", _BULLET.sub("", line)).strip()


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


_LIST_ITEM = re.compile(r"[\"“”«»]([^\"“”«»\n]{1,160}?)[\"“”«»]|([^,;\"“”«»]+)")


def split_list(value: str, *, on_and_or: bool = True) -> list[str]:
    """`cure, "boosts immunity" and detox (never)` → ["cure", "boosts immunity", "detox"]: quoted items kept whole,
    the rest split on , ; / and/or, parenthetical notes dropped."""
    items: list[str] = []
    for match in _LIST_ITEM.finditer(re.sub(r"\([^)]*\)", "", value)):
        if match.group(1):
            items.append(match.group(1).strip(" ."))
            continue
        for part in re.split(r"\s+/\s+|/(?!\d)|\s\|\s", match.group(2)):
            pieces = re.split(r"\s+(?:and|or)\s+|^\s*(?:and|or)\s+", part) if on_and_or else [part]
            for piece in pieces:
                piece = piece.strip(" .!*_'")
                if piece:
                    items.append(piece)
    return items


def _label(line: str) -> tuple[str, str] | None:
    match = _LABEL.match(_bare(line))
    if not match:
        return None
    label = match.group(1).strip().lower()
    if len(label.split()) > 8:
        return None
    return label, strip_markup(match.group(2)).strip()


def _lead_in(text: str) -> bool:
    return text.rstrip().endswith((":", "："))


# -------------------------------------------------------------------------------------------- sections

@dataclass
class Section:
    trail: list[str]
    lines: list[str]
    kind: str = "guideline"
    preamble: bool = False  # the title's own section: introductions, not material to judge as (un)usable
    document_title: str = ""
    used: bool = False

    @property
    def title(self) -> str:
        return self.trail[-1] if self.trail else ""


def group_sections(chunks: Iterable[tuple[Any, ...]]) -> list[Section]:
    """Consecutive chunks of one section joined back (a long section is stored as several chunks)."""
    sections: list[Section] = []
    first_heading: str | None = None
    for chunk in chunks:
        kind, heading, body = chunk[0], chunk[1], chunk[2]
        position = chunk[3] if len(chunk) > 3 else None
        trail = [part.strip() for part in heading.split(">") if part.strip()]
        if position == 0 or first_heading is None:
            first_heading = trail[0] if trail else ""
        lines = _join_soft_breaks([line for line in body.split("\n")
                                   if line.strip() and not re.fullmatch(r"\s*[-=_*]{3,}\s*", line)])
        if sections and sections[-1].trail == trail and position != 0:
            sections[-1].lines.extend(lines)
            continue
        preamble = len(trail) <= 1 and bool(trail) and trail[0] == first_heading and not heading_roles(trail)
        sections.append(Section(trail=trail, lines=lines, kind=kind, preamble=preamble or not trail,
                                document_title=first_heading or ""))
    return sections


def _join_soft_breaks(lines: list[str]) -> list[str]:
    """A line that continues the previous sentence (wrapped prose: no end punctuation, lower-case start) joins it."""
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if (out and stripped[:1].islower() and not _BULLET.match(line) and not stripped.startswith("|")
                and not out[-1].rstrip().endswith((".", "!", "?", ":"))):
            out[-1] = out[-1].rstrip() + " " + stripped
        else:
            out.append(line)
    return out


# -------------------------------------------------------------------------------------------- the reader

_BRAND_SUFFIX = re.compile(
    r"\s*(?:[-–—:|]\s*)?(?:the\s+)?\b(brand (book|bible|guide(lines)?|dna|platform|manual|cheat ?sheet|"
    r"and messaging guide|& messaging guide)|style ?guide|messaging guide|tone of voice( guide)?|guidelines|"
    r"brand|cheat ?sheet)\b.*$", re.IGNORECASE)


def brand_name_from_title(title: str) -> str | None:
    """'Lumiserum Brand Book' / 'Sprintboard: Brand and Messaging Guide' / 'THREAD & THISTLE' → the brand's name."""
    if not title or heading_roles([title]):
        return None
    name = title
    for separator in (":", " — ", " – ", " - ", " | "):
        head, sep, tail = name.partition(separator)
        if sep and re.search(r"\b(brand|guide|guidelines|book|bible|sheet|manual|voice)\b", tail, re.IGNORECASE):
            name = head
            break
    name = _BRAND_SUFFIX.sub("", name).strip(" -–—:'’s") if _BRAND_SUFFIX.search(name) else name.strip()
    if not name or len(name.split()) > 5:
        return None
    if name.isupper() and len(name) > 3:
        name = " ".join(word if word in {"&", "AND"} else word.capitalize() for word in name.split())
    return name


@dataclass
class Derivation:
    name: str | None = None
    tone: list[str] = field(default_factory=list)
    voice_rules: list[str] = field(default_factory=list)
    banned_words: list[str] = field(default_factory=list)
    banned_claims: list[str] = field(default_factory=list)
    cta_preferences: list[str] = field(default_factory=list)
    value_props: list[str] = field(default_factory=list)
    value_prop_details: dict[str, str] = field(default_factory=dict)
    proof: list[dict[str, str | None]] = field(default_factory=list)
    offers: list[dict[str, str | None]] = field(default_factory=list)
    product_facts: list[str] = field(default_factory=list)
    palette: list[dict[str, str | None]] = field(default_factory=list)
    fonts: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    logo_path: str | None = None
    unusable_sections: list[str] = field(default_factory=list)


class BookReader:
    """Reads grouped sections into a `Derivation`; each `_read_*` returns True when it used the line."""

    def __init__(self) -> None:
        self.out = Derivation()
        self.pending_proof_kind: str | None = None

    def read(self, sections: list[Section]) -> Derivation:
        for section in sections:
            if section.kind == "script" or "script" in heading_roles(section.trail):
                continue  # examples of past ads, not rules
            if self.out.name is None and section.trail and section.trail[0] == section.document_title:
                self.out.name = brand_name_from_title(section.document_title)
            self._section(section)
            roles = heading_roles(section.trail)
            if not section.used and not section.preamble and not roles & _KEPT_WITHOUT_FIELDS and section.lines:
                self.out.unusable_sections.append(section.title)
        return self.out

    # ---- one section
    def _section(self, section: Section) -> None:
        roles = heading_roles(section.trail)
        self.pending_proof_kind = "press" if re.search(r"\bpress\b", section.title, re.I) else None
        lines = section.lines
        if any(line.lstrip().startswith("|") for line in lines):
            table = [line for line in lines if line.lstrip().startswith("|")]
            lines = [line for line in lines if not line.lstrip().startswith("|")]
            section.used |= self._table(table, roles)
        bulleted = any(_BULLET.match(line) for line in lines)
        bold_leads = any(re.match(r"^\s*(?:\*\*|__)[^*_]{3,}(?:\*\*|__)", _bare(line)) for line in lines)
        index = 0
        while index < len(lines):
            line = lines[index]
            nxt = lines[index + 1] if index + 1 < len(lines) else None
            used, skip = self._line(line, nxt, roles, section, bulleted=bulleted, bold_leads=bold_leads)
            section.used |= used
            index += 1 + skip

    def _line(self, line: str, nxt: str | None, roles: set[str], section: Section, *, bulleted: bool,
              bold_leads: bool) -> tuple[bool, int]:
        text = _bare(line)
        if not text:
            return False, 0
        quote = self._quote(line, nxt, roles)
        if quote is not None:
            return True, quote
        labelled = _label(line)
        if labelled and self._labelled(*labelled, roles):
            return True, 0
        plain = strip_markup(text)
        if self._ban_sentence(plain, roles):
            return True, 0
        if "proof" in roles and self._proof_sentence(plain, labelled):
            return True, 0
        used = False
        if roles & {"banned", "banned_words", "banned_claims"} and _BULLET.match(line):
            used |= self._banned_bullet(text, roles)
        if "voice" in roles:
            used |= self._voice(line, plain)
        if "value_prop" in roles:
            used |= self._value_prop(line, text, bulleted=bulleted, bold_leads=bold_leads)
        if "offers" in roles and not _lead_in(plain):
            used |= self._offer(plain)
        if "cta" in roles and not used:
            used |= self._cta_line(plain)
        if "product" in roles or section.preamble:
            used |= self._product(line, plain, preamble=section.preamble and "product" not in roles)
        if "palette" in roles:
            used |= self._palette_line(text)
        if "logo" in plain.lower() and _LOGO_PATH.search(plain) and self.out.logo_path is None:
            self.out.logo_path = _LOGO_PATH.search(plain).group(1).rstrip(".")
            used = True
        return used, 0

    # ---- labelled lines ("Tone: …", "CTAs: …", "Banned claims: …", "Rating: …", "Press:")
    def _labelled(self, label: str, value: str, roles: set[str]) -> bool:
        if not value:
            if re.search(r"\bpress\b", label):
                self.pending_proof_kind = "press"
                return True
            if re.search(r"\b(customers?|reviews?|testimonials?|customer voice)\b", label):
                self.pending_proof_kind = "quote"
                return True
            return False
        if re.search(r"\b(tone|voice|personality|adjectives?)\b", label) and not re.search(r"\brules?\b", label):
            items = [i.lower() for i in split_list(value) if len(i.split()) <= 3]
            if items and len(items) >= len(split_list(value)) / 2:
                self.out.tone.extend(items)
                return True
            return False
        ban = self._ban_label(label)
        if ban:
            sentence = _BAN_SENTENCE.match(value)
            terms = split_list(sentence.group("rest") if sentence else value)
            self._add_bans(terms, ban)
            return True
        if re.search(r"\b(calls? to action|ctas?)\b", label) and not _NEGATIVE.search(label + " " + value):
            ctas = [c for c in _cta_items(value) if len(c.split()) <= 6]
            self.out.cta_preferences.extend(ctas)
            return bool(ctas)
        if re.search(r"\b(ratings?|reviews?|stars?|google|trustpilot|yelp|amazon|g2|capterra|app store)\b", label) \
                and _RATING.search(value):
            generic = re.fullmatch(r"(average )?(ratings?|reviews?|stars?)", label)
            self.out.proof.append({"kind": "rating", "text": value.strip(" ."),
                                   "attribution": None if generic else _original_case_label(label, value)})
            return True
        if re.search(r"\b(study|survey|research|trial)\b", label):
            return self._proof_sentence(value, None, default_kind="study")
        if _FONT_LABELS.match(label) and not _NEGATIVE.search(value) and not HEX_IN_TEXT.search(value):
            families = [f for f in (_font_family(i) for i in re.split(r"\s*(?:,|;|/|\band\b)\s*", value)) if f]
            self.out.fonts.extend(families)
            return bool(families)
        if re.search(r"\b(languages?|locales?)\b", label):
            codes = languages_of(value)
            self.out.languages.extend(codes)
            return bool(codes)
        if "logo" in label and _LOGO_PATH.search(value):
            self.out.logo_path = self.out.logo_path or _LOGO_PATH.search(value).group(1).rstrip(".")
            return True
        if re.search(r"\b(palette|colou?rs?)\b", label):
            colours = parse_palette_line(value)
            self.out.palette.extend(colours)
            return bool(colours)
        if "offers" in roles and re.search(r"\b(offers?|promo(tion)?s?|deals?)\b", label):
            return self._offer(value)
        return False

    @staticmethod
    def _ban_label(label: str) -> str | None:
        if re.search(r"\bclaims?\b", label) and re.search(r"\b(banned|never|avoid|don'?t|do not|forbidden|"
                                                           r"prohibited|not)\b", label):
            return "claims"
        if re.fullmatch(r"(banned|forbidden|prohibited)( words?| terms?| phrases?)?|"
                        r"(never|don'?t|do not) (say|use|write)|words? (we|to) (avoid|skip|never use|don'?t use|"
                        r"do not use)|(words?|phrases?|terms?) to avoid", label):
            return "words" if re.search(r"\bwords?\b", label) else "any"
        return None

    # ---- bans
    def _add_bans(self, terms: list[str], target: str) -> None:
        for term in terms:
            term = re.sub(r"\s+", " ", term).strip(" .!?,;:*_\"'“”")
            if not term or len(term.split()) > 14:
                continue
            if target == "claims":
                self.out.banned_claims.append(term)
            elif target == "words" or " " not in term:
                self.out.banned_words.append(term.lower())
            else:
                self.out.banned_claims.append(term)

    def _ban_sentence(self, sentence: str, roles: set[str]) -> bool:
        """'We never use the words cheap, fast fashion or must-have.' / 'Please avoid the word luxury as well; …'
        / 'Never say miracle, cure, or anti-aging' / "Don't claim guaranteed ROI."."""
        match = _BAN_SENTENCE.match(sentence)
        if not match:
            return False
        verb = (match.group("verb") or "").lower()
        words = match.group("words") or match.group("avoided") or ""
        quoted = _QUOTED.findall(match.group("rest"))
        in_ban_section = bool(roles & {"banned", "banned_words", "banned_claims"})
        if not (words or verb in ("say", "claim", "call it") or quoted or in_ban_section):
            return False  # "Never use more than one CTA" is a rule, not a banned term
        rest = re.split(r"\s*[;:]\s|\s+[—–]\s", match.group("rest"))[0]
        rest = re.sub(r"\s+(as well|too|either|also|in (any|our) (copy|ads?))\s*\.?$", "", rest.strip(" ."))
        if verb == "claim" or "claim" in words or "banned_claims" in roles:
            target = "claims"
            terms = quoted if quoted else [rest.strip(" .")]
        else:
            target = "words" if ("word" in words or "banned_words" in roles) else "any"
            terms = quoted or split_list(rest)
        self._add_bans(terms, target)
        return True

    def _banned_bullet(self, text: str, roles: set[str]) -> bool:
        plain = strip_markup(text)
        quoted = _QUOTED.findall(plain)
        if quoted:
            terms = quoted
        else:
            plain = re.sub(r"^(?:never|no|don'?t|do not)\s+(?:say|use|claim|write|mention)?\s*", "", plain,
                           flags=re.IGNORECASE)
            terms = [re.sub(r"\s*\([^)]*\)\s*$", "", plain).strip()]
        # a heading that says "words" makes every item a word; under "claims" a single word is still a word
        self._add_bans(terms, "words" if "banned_words" in roles else "any")
        return bool(terms)

    # ---- voice
    def _voice(self, line: str, plain: str) -> bool:
        used = False
        if _BULLET.match(line):
            bold = re.match(r"^(?:\*\*|__)(.+?)(?:\*\*|__)", _bare(line))
            if bold and len(bold.group(1).split()) <= 2 and bold.group(1)[0].isalpha():
                self.out.tone.append(bold.group(1).strip(" :.").lower())
            if not _lead_in(plain):
                self.out.voice_rules.append(plain)
            return True
        dashed = re.match(r"^(?:tone|voice|personality)(?: of voice)?\s+[—–-]+\s+(.+)$", plain, re.IGNORECASE)
        if dashed:  # "Tone — encouraging, plain, a bit nerdy."
            items = split_list(dashed.group(1))
            if items and all(len(i.split()) <= 3 for i in items):
                self.out.tone.extend(i.lower() for i in items)
                return True
        for sentence in split_sentences(plain):
            tone = re.match(r"^(?:our (?:brand )?voice is|we are|we sound|our tone is)\s+(.+?)\.?$", sentence, re.I)
            if tone and ("," in tone.group(1) or " and " in tone.group(1)):
                items = split_list(tone.group(1))
                if all(len(i.split()) <= 3 for i in items):
                    self.out.tone.extend(i.lower() for i in items)
                    used = True
                    continue
            if not _lead_in(sentence) and _INSTRUCTION.match(sentence) and len(sentence.split()) >= 2:
                self.out.voice_rules.append(sentence)
                used = True
        return used

    # ---- value propositions
    def _value_prop(self, line: str, text: str, *, bulleted: bool, bold_leads: bool) -> bool:
        bold = re.match(r"^(?:\*\*|__)(.+?)(?:\*\*|__)\s*[:.—–-]?\s*(.*)$", text)
        if bold:
            title = bold.group(1).strip(" :")
            self._add_value_prop(title, bold.group(2))
            return True
        if bulleted or bold_leads:
            if not _BULLET.match(line):
                return False  # an introduction to the list
            plain = strip_markup(text)
            title, sep, detail = plain.partition(": ")
            if sep and len(title.split()) <= 8:
                self._add_value_prop(title, detail)
            else:
                self._add_value_prop(plain, "")
            return True
        plain = strip_markup(text)
        if _lead_in(plain) or len(plain.split()) > 16 or re.match(r"^(these|this|here|we make|below)\b", plain, re.I):
            return False
        self._add_value_prop(plain, "")
        return True

    def _add_value_prop(self, title: str, detail: str) -> None:
        title = title.strip().rstrip(".")
        if not title:
            return
        self.out.value_props.append(title)
        if detail.strip():
            self.out.value_prop_details[title] = detail.strip()

    # ---- proof
    def _quote(self, line: str, nxt: str | None, roles: set[str]) -> int | None:
        """A customer or press quote with its attribution (same line after a dash, or the next line). Returns how
        many following lines were consumed, or None when the line is not a quote."""
        text = strip_markup(_bare(line))
        if not text or text[0] not in _QUOTE_CHARS:
            return None
        closing = max(text.rfind(c) for c in "\"”»")
        if closing <= 0:
            return None
        body = text[1:closing].strip()
        tail = text[closing + 1:].strip()
        if len(body.split()) < 4:
            return None
        attribution = None
        consumed = 0
        dash = _DASH_ATTRIBUTION.match(tail) if tail else None
        if dash:
            attribution = dash.group(1).strip()
        elif nxt is not None:
            following = strip_markup(_bare(nxt))
            dashed = _DASH_ATTRIBUTION.match(following)
            if dashed:
                attribution, consumed = dashed.group(1).strip(), 1
            elif ("proof" in roles and following and following[0] not in _QUOTE_CHARS and len(following.split()) <= 12
                  and not _label(nxt)):
                attribution, consumed = following.strip(), 1
        if attribution is None and "proof" not in roles:
            return None  # a quoted phrase in a rule, not a testimonial
        kind = self.pending_proof_kind or "quote"
        self.out.proof.append({"kind": kind, "text": body, "attribution": attribution})
        self.pending_proof_kind = None
        return consumed

    def _proof_sentence(self, text: str, labelled: tuple[str, str] | None, default_kind: str | None = None) -> bool:
        used = False
        for sentence in split_sentences(text):
            lead = re.match(r"^(?:in|according to)\s+(?:an?|the|our)\s+(.+?(?:study|survey|trial|research|poll)"
                            r"(?:\s*\([^)]*\))?),\s*(.+)$", sentence, re.IGNORECASE)
            if lead:
                self.out.proof.append({"kind": "study", "text": lead.group(2).strip(),
                                       "attribution": lead.group(1).strip()})
                used = True
                continue
            claim = sentence.rsplit(": ", 1)[-1]
            paren = re.match(r"^(.*\d.*?)\s*\(([^)]*)\)\s*\.?$", claim)
            if paren and _STUDY_WORD.search(paren.group(2)):
                self.out.proof.append({"kind": "study", "text": paren.group(1).strip(),
                                       "attribution": paren.group(2).strip()})
                used = True
                continue
            if _RATING.search(sentence) and len(sentence.split()) <= 14:
                self.out.proof.append({"kind": "rating", "text": sentence.strip(" ."), "attribution": None})
                used = True
                continue
            if default_kind and re.search(r"\d", sentence):
                self.out.proof.append({"kind": default_kind, "text": sentence.strip(), "attribution": None})
                used = True
        return used

    # ---- offers and CTAs
    def _offer(self, text: str) -> bool:
        text = text.strip()
        if not text or _NEGATIVE.match(text):
            return False
        condition = None
        paren = re.match(r"^(.+?)\s*\(([^)]+)\)\s*\.?$", text)
        sentences = split_sentences(text)
        if paren:
            text, condition = paren.group(1), paren.group(2)
        elif len(sentences) > 1:
            text, condition = sentences[0], " ".join(sentences[1:])
        elif ", " in text and _CONDITION_WORDS.search(text.rsplit(", ", 1)[1]):
            text, condition = text.rsplit(", ", 1)
        else:
            when = re.match(r"^(.+?)\s+((?:when|if|with code|using code)\s+.+)$", text, re.IGNORECASE)
            if when:
                text, condition = when.group(1), when.group(2)
        self.out.offers.append({"text": text.strip(), "condition": condition.strip() if condition else None})
        return True

    def _cta_line(self, text: str) -> bool:
        if _NEGATIVE.search(text) or _lead_in(text):
            return False
        items = _cta_items(text)
        if not items or any(len(item.split()) > 6 for item in items):
            return False
        self.out.cta_preferences.extend(items)
        return True

    # ---- product facts
    def _product(self, line: str, plain: str, *, preamble: bool) -> bool:
        if _lead_in(plain):
            return False
        if preamble:
            name = self.out.name
            facts = [s for s in split_sentences(plain)
                     if name and re.match(rf"^(?:the\s+)?{re.escape(name)}\b[^.]{{0,40}}?\b(is|are|makes|sells)\b", s,
                                          re.IGNORECASE)]
        elif _BULLET.match(line):
            facts = [plain]
        else:
            facts = split_sentences(plain)
        self.out.product_facts.extend(facts)
        return bool(facts)

    # ---- palette
    def _palette_line(self, text: str) -> bool:
        if _NEGATIVE.search(text):
            return False  # "never use #FF0000" names a colour that is NOT in the palette
        colours = parse_palette_line(text)
        self.out.palette.extend(colours)
        return bool(colours)

    # ---- tables (offers with conditions, palettes with roles)
    def _table(self, rows: list[str], roles: set[str]) -> bool:
        cells = [[c.strip() for c in row.strip().strip("|").split("|")] for row in rows]
        cells = [r for r in cells if not all(re.fullmatch(r":?-{2,}:?", c) or not c for c in r)]
        if len(cells) < 2:
            return False
        header = [h.lower() for h in cells[0]]
        used = False
        for row in cells[1:]:
            record = dict(zip(header, row, strict=False))
            hex_cell = next((c for c in row if HEX_IN_TEXT.fullmatch(c.strip())), None)
            if "palette" in roles and hex_cell:
                name = next((record[h] for h in header if re.search(r"\b(name|colou?r)\b", h) and record.get(h)
                             and not HEX_IN_TEXT.search(record[h])), None)
                role = next((record[h] for h in header if re.search(r"\b(role|use|usage)\b", h) and record.get(h)),
                            None)
                self.out.palette.append({"hex": normalise_hex(hex_cell), "name": strip_markup(name) if name else None,
                                         "role": strip_markup(role).lower() if role else None})
                used = True
            elif "offers" in roles and any(re.search(r"\b(offers?|promo|deal)\b", h) for h in header):
                text = next(record[h] for h in header if re.search(r"\b(offers?|promo|deal)\b", h))
                condition = next((record[h] for h in header if re.search(r"\b(conditions?|terms|rules|details)\b", h)
                                  and record.get(h)), None)
                if text:
                    self.out.offers.append({"text": strip_markup(text), "condition": strip_markup(condition)
                                            if condition else None})
                    used = True
        return used


def _cta_items(value: str) -> list[str]:
    quoted = _QUOTED.findall(value)
    if quoted:
        return [q.strip(" .") for q in quoted if q.strip(" .")]
    items = re.split(r"\s*(?:;|,|\s/\s|/|\s\|\s|·)\s*", re.sub(r"\([^)]*\)", "", value))
    return [item.strip(" .!*_") for item in items if item.strip(" .!*_")]


def _original_case_label(label: str, value: str) -> str:
    return " ".join(word.capitalize() if word.islower() else word for word in label.split())


def parse_palette_line(line: str) -> list[dict[str, str | None]]:
    """Every hex code on a line with its name and role, whichever side of the code they are written on:
    `Moss green #2F4A3A (primary)`, `#2B2D42 navy`, `Primary: Sunny Yellow #FFC300`, `Thistle — #7B5EA7`."""
    colours: list[dict[str, str | None]] = []
    text = _bare(line)
    matches = list(HEX_IN_TEXT.finditer(text))
    for index, match in enumerate(matches):
        start = matches[index - 1].end() if index else 0
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        before, after = text[start:match.start()], text[match.end():end]
        role = None
        label = re.match(r"^\s*([A-Za-z][A-Za-z ]{1,30}?)\s*[:：]\s*(.*)$", before)
        if label:
            if label.group(1).strip().lower() in _ROLE_WORDS:
                role = label.group(1).strip()
            before = label.group(2)
        in_parens = re.search(r"\(([^)]*)\)", after)
        after_text = re.sub(r"\([^)]*\)", " ", after)
        if role is None:
            for candidate in ([in_parens.group(1)] if in_parens else []) + [after_text, before]:
                found = next((r for r in _ROLE_WORDS if re.search(rf"\b{r}\b", candidate.lower())), None)
                if found:
                    role = found
                    break
        name = _colour_name(before) or _colour_name(re.split(r"[,;(—–]|\s-\s", after_text)[0])
        if name and name.lower() in _ROLE_WORDS:
            role, name = role or name.lower(), None
        colours.append({"hex": normalise_hex(match.group(0)), "name": name, "role": role.lower() if role else None})
    return colours


def _colour_name(text: str) -> str | None:
    text = re.sub(r"[*_`\[\]=,;|]+", " ", text)
    text = re.sub(r"^\s*(?:[-–—:]\s*)+|(?:\s*[-–—:])+\s*$", "", text).strip()
    words = [w for w in text.split() if w.lower() not in {"and", "or", "on", "for"}]
    return " ".join(words[-4:]) or None


_FONT_STYLE_WORDS = {
    "thin", "hairline", "extralight", "ultralight", "light", "regular", "book", "normal", "medium", "semibold",
    "demibold", "bold", "extrabold", "ultrabold", "heavy", "black", "italic", "oblique", "condensed", "variable",
}
_FONT_LABELS = re.compile(
    r"^(headlines?|headings?|display|titles?|body( copy| text)?|copy|primary( font| typeface)?|"
    r"secondary( font| typeface)?|fonts?|typefaces?|typography|captions?|accent font)$", re.IGNORECASE)
_LOGO_PATH = re.compile(r"([\w./\\~-]+\.(?:svg|png|jpe?g|webp|eps|pdf))\b", re.IGNORECASE)
_LANGUAGE_CODES = {
    "english": "en", "french": "fr", "german": "de", "spanish": "es", "italian": "it", "portuguese": "pt",
    "dutch": "nl", "swedish": "sv", "danish": "da", "norwegian": "no", "finnish": "fi", "polish": "pl",
    "czech": "cs", "greek": "el", "turkish": "tr", "russian": "ru", "ukrainian": "uk", "arabic": "ar",
    "hebrew": "he", "hindi": "hi", "japanese": "ja", "korean": "ko", "chinese": "zh", "mandarin": "zh",
    "thai": "th", "vietnamese": "vi", "indonesian": "id", "malay": "ms", "romanian": "ro", "hungarian": "hu",
}
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$")


def _font_family(item: str) -> str | None:
    item = re.sub(r"\(.*?\)", "", item).strip(" .*_\"'“”")
    words: list[str] = []
    for word in item.split():
        bare = word.strip(".,")
        if bare.lower() in _FONT_STYLE_WORDS or re.fullmatch(r"\d{3}", bare) or not bare[:1].isupper():
            break
        words.append(bare)
    return " ".join(words) or None


def languages_of(value: str) -> list[str]:
    """'English (en, primary), French (fr)' → ['en', 'fr'], primary first."""
    found: list[tuple[bool, str]] = []
    for item in re.split(r"\s*(?:,(?![^()]*\))|;)\s*", value):
        code = language_code(item)
        if code:
            found.append(("primary" in item.lower(), code))
    return [c for p, c in found if p] + [c for p, c in found if not p]


def language_code(item: str) -> str | None:
    """'English (en, primary)' → 'en'; 'fr-CA' → 'fr-CA'; 'German' → 'de'."""
    item = item.strip(" .")
    in_parens = re.search(r"\(\s*([a-z]{2,3}(?:-[A-Za-z]{2,4})?)\s*[,)]", item)
    if in_parens:
        return in_parens.group(1)
    word = re.sub(r"\(.*?\)", "", item).strip(" .").lower()
    if word in _LANGUAGE_CODES:
        return _LANGUAGE_CODES[word]
    first = word.split()[0] if word.split() else ""
    if first in _LANGUAGE_CODES:
        return _LANGUAGE_CODES[first]
    bare = item.split()[0] if item.split() else ""
    return bare if _LANGUAGE_CODE.match(bare) and bare.lower() not in {"and", "or", "the"} else None


def derive(chunks: Iterable[tuple[Any, ...]]) -> Derivation:
    """The profile facts of `(kind, heading, body[, position])` chunks in reading order."""
    return BookReader().read(group_sections(chunks))
