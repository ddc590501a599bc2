"""The structured brand profile: derived from the material, then the user's edits applied on top.

Why two layers: derivation is heuristic (it reads labelled lines such as "Tone: warm, witty", bulleted banned
claims, hex codes in palette sections), so the user must be able to correct it — and a later `brand add` re-derives
without undoing those corrections. Everything here is pure: storage lives in `tools/brand/store.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from tools.core.colours import HEX_IN_TEXT, normalise_hex
from tools.core.domain.brand import BrandColor, BrandProfile, ProfileEdit
from tools.core.errors import InputError

LIST_FIELDS = ("tone", "banned_words", "banned_claims", "palette", "fonts", "cta_preferences", "languages",
               "value_props")
SCALAR_FIELDS = ("name", "logo_path", "color_tolerance")

_QUOTED = re.compile(r"[\"“”«»]\s*([^\"“”«»\n]{1,120}?)\s*[\"“”«»]")
_BULLET = re.compile(r"^\s*(?:[-*+•▪◦]|\d+[.)])\s+")
_LABEL = re.compile(r"^\s*(?:[-*+•]\s*)?(?:\*\*|__)?([A-Za-z][A-Za-z /'&-]{1,40}?)(?:\*\*|__)?\s*[:：]\s*(.+)$")
_NEGATIVE = re.compile(r"\b(never|avoid|don'?t|do not|no longer|not allowed|banned|instead of)\b", re.IGNORECASE)
_ROLES = ("primary", "secondary", "accent", "background", "text", "highlight", "neutral", "cta", "border")
_FONT_STYLE_WORDS = {
    "thin", "hairline", "extralight", "ultralight", "light", "regular", "book", "normal", "medium", "semibold",
    "demibold", "bold", "extrabold", "ultrabold", "heavy", "black", "italic", "oblique", "condensed", "variable",
}
_FONT_LABELS = re.compile(
    r"^(headlines?|headings?|display|titles?|body( copy| text)?|copy|primary( font| typeface)?|"
    r"secondary( font| typeface)?|fonts?|typefaces?|typography|captions?|accent font)$", re.IGNORECASE)
_LANGUAGE_CODES = {
    "english": "en", "french": "fr", "german": "de", "spanish": "es", "italian": "it", "portuguese": "pt",
    "dutch": "nl", "swedish": "sv", "danish": "da", "norwegian": "no", "finnish": "fi", "polish": "pl",
    "czech": "cs", "greek": "el", "turkish": "tr", "russian": "ru", "ukrainian": "uk", "arabic": "ar",
    "hebrew": "he", "hindi": "hi", "japanese": "ja", "korean": "ko", "chinese": "zh", "mandarin": "zh",
    "thai": "th", "vietnamese": "vi", "indonesian": "id", "malay": "ms", "romanian": "ro", "hungarian": "hu",
}
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$")
_BRAND_DOC_TITLE = re.compile(
    r"^(.{1,60}?)\s*[-–—:]?\s*\b(brand (book|bible|guide(lines)?|dna|platform|manual)|style ?guide|"
    r"tone of voice guide)\b", re.IGNORECASE)
_LOGO_PATH = re.compile(r"([\w./\\~-]+\.(?:svg|png|jpe?g|webp|eps|pdf))\b", re.IGNORECASE)
_CTA_HEADING = re.compile(r"\b(calls? to action|ctas?)\b", re.IGNORECASE)


# ----------------------------------------------------------------------------------------------- derivation

def derive_profile(chunks: Iterable[tuple[str, str, str]]) -> dict[str, Any]:
    """Profile fields found in `(kind, heading, body)` chunks. Scripts are examples, not rules: skipped."""
    found: dict[str, Any] = {field: [] for field in LIST_FIELDS}
    found.update({"name": None, "logo_path": None})
    for kind, heading, body in chunks:
        if kind == "script":
            continue
        if found["name"] is None:
            found["name"] = _brand_name(heading)
        lines = [line for line in body.split("\n") if line.strip()]
        if kind == "voice":
            found["tone"].extend(_tone(lines))
        for term in _banned(lines) if kind == "banned" else _labelled_bans(lines):
            found["banned_claims" if " " in term else "banned_words"].append(term)
        if kind == "value_prop":
            found["value_props"].extend(_value_props(lines))
        found["palette"].extend(_palette(lines, whole_chunk=kind == "palette"))
        found["fonts"].extend(_fonts(lines))
        found["languages"].extend(_languages(lines))
        found["cta_preferences"].extend(_ctas(lines, in_cta_section=bool(_CTA_HEADING.search(heading))))
        if found["logo_path"] is None:
            found["logo_path"] = _logo(lines)
    return merge_derived({}, found)


def merge_derived(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Union of two derivations, order kept, no duplicates; scalars keep the first value found."""
    merged: dict[str, Any] = {}
    for field in LIST_FIELDS:
        values = list(old.get(field) or []) + list(new.get(field) or [])
        merged[field] = _merge_palette(values) if field == "palette" else _unique(values)
    for field in ("name", "logo_path"):
        merged[field] = old.get(field) or new.get(field)
    return merged


def _brand_name(heading: str) -> str | None:
    top = heading.split(">")[0].strip()
    match = _BRAND_DOC_TITLE.match(top)
    if match:
        name = match.group(1).strip(" -–—:'’s")
        return name or None
    return None


def _label(line: str) -> tuple[str, str] | None:
    match = _LABEL.match(line)
    return (match.group(1).strip().lower(), match.group(2).strip()) if match else None


_LIST_ITEM = re.compile(r"[\"“”«»]([^\"“”«»\n]{1,120}?)[\"“”«»]|([^,;/\"“”«»]+)")


def _split_list(value: str) -> list[str]:
    """`cure, "boosts immunity" and detox (never)` → ["cure", "boosts immunity", "detox"]: quoted items kept
    whole, the rest split on , ; / and/or, parenthetical notes dropped."""
    items: list[str] = []
    for match in _LIST_ITEM.finditer(value):
        if match.group(1):
            items.append(match.group(1).strip())
            continue
        unquoted = re.sub(r"\(.*?\)", "", match.group(2))
        for part in re.split(r"\s*(?:\band\b|\bor\b)\s*", unquoted):
            part = part.strip(" .!*_'")
            if part:
                items.append(part)
    return items


def _lead(line: str) -> str:
    """The lead of a bullet: its bold part, else the text before ':' / ' — ' / ' - ' / '('."""
    text = _BULLET.sub("", line).strip()
    bold = re.match(r"^(?:\*\*|__)(.+?)(?:\*\*|__)", text)
    if bold:
        return bold.group(1).strip(" :.")
    return re.split(r"\s*(?::|\s[-–—]\s|\()\s*", text, maxsplit=1)[0].strip(" .!")


def _tone(lines: list[str]) -> list[str]:
    tone: list[str] = []
    for line in lines:
        labelled = _label(line)
        if labelled and re.search(r"\b(tone|voice|adjectives?|personality|we are)\b", labelled[0]) and (
            not _BULLET.match(line) or "," in labelled[1]
        ):
            tone.extend(item.lower() for item in _split_list(labelled[1]) if len(item.split()) <= 3)
        elif _BULLET.match(line):
            lead = _lead(line)
            if lead and len(lead.split()) <= 2 and lead[0].isalpha():
                tone.append(lead.lower())
    return tone


def _banned(lines: list[str]) -> list[str]:
    terms: list[str] = []
    for line in lines:
        labelled = _label(line)
        if labelled and re.search(r"\b(banned|never|avoid|forbidden|prohibited|words?|claims?)\b", labelled[0]):
            terms.extend(_split_list(labelled[1]))
            continue
        quoted = _QUOTED.findall(line)
        if quoted:
            terms.extend(quoted)
        elif _BULLET.match(line):
            lead = _lead(line)
            if lead and len(lead.split()) <= 6:
                terms.append(lead)
    return [_clean_term(term) for term in terms if _clean_term(term)]


_STRONG_BAN_LABEL = re.compile(
    r"^(banned( words?| claims?| terms?| phrases?)?|never (say|use|write|claim)|(don'?t|do not) (say|use|write|claim)|"
    r"(words?|claims?|phrases?) to avoid|forbidden( words?| claims?)?|prohibited( words?| claims?)?)$")


def _labelled_bans(lines: list[str]) -> list[str]:
    """Outside banned sections only explicit lines count, e.g. "Don't say: cheap, hacks"."""
    terms: list[str] = []
    for line in lines:
        labelled = _label(line)
        if labelled and _STRONG_BAN_LABEL.match(labelled[0]):
            terms.extend(_split_list(labelled[1]))
    return [_clean_term(term) for term in terms if _clean_term(term)]


def _clean_term(term: str) -> str:
    return re.sub(r"\s+", " ", term.strip(" .!?,;:*_\"'“”")).lower()


def _value_props(lines: list[str]) -> list[str]:
    props: list[str] = []
    for line in lines:
        if _BULLET.match(line):
            lead = _lead(line)
            if lead:
                props.append(lead[:160])
    return props


def _palette(lines: list[str], whole_chunk: bool) -> list[dict[str, str | None]]:
    colors: list[dict[str, str | None]] = []
    for line in lines:
        if _NEGATIVE.search(line):
            continue  # "never use #FF0000" names a colour that is NOT in the palette
        labelled = _label(line)
        if not whole_chunk and not (labelled and re.search(r"\b(palette|colou?rs?)\b", labelled[0])):
            continue
        colors.extend(parse_palette_line(line))
    return colors


def parse_palette_line(line: str) -> list[dict[str, str | None]]:
    """Every hex code on a line, named by the words before it and given a role when the line states one."""
    colors: list[dict[str, str | None]] = []
    previous_end = 0
    for match in HEX_IN_TEXT.finditer(line):
        hex_value = normalise_hex(match.group(0))
        before = line[previous_end:match.start()]
        after = line[match.end():]
        next_hex = HEX_IN_TEXT.search(after)
        segment_after = after[: next_hex.start()] if next_hex else after
        previous_end = match.end()
        name = _BULLET.sub("", before)
        name = re.sub(r"^.*?[:：]\s*", "", name) if ":" in name or "：" in name else name
        name = re.sub(r"[*_`()\[\]=,;|]+", " ", name).strip(" -–—:")
        name = " ".join(name.split()[-4:]) or None
        role = next((r for r in _ROLES if re.search(rf"\b{r}\b", (segment_after + " " + before).lower())), None)
        if name and name.lower() in _ROLES:
            role, name = role or name.lower(), None
        colors.append({"hex": hex_value, "name": name, "role": role})
    return colors


def _fonts(lines: list[str]) -> list[str]:
    fonts: list[str] = []
    for line in lines:
        labelled = _label(line)
        if not labelled or not _FONT_LABELS.match(labelled[0]) or _NEGATIVE.search(line):
            continue
        for item in re.split(r"\s*(?:,|;|/|\band\b)\s*", labelled[1]):
            family = _font_family(item)
            if family:
                fonts.append(family)
    return fonts


def _font_family(item: str) -> str | None:
    item = re.sub(r"\(.*?\)", "", item).strip(" .*_\"'“”")
    words: list[str] = []
    for word in item.split():
        bare = word.strip(".,")
        if bare.lower() in _FONT_STYLE_WORDS or re.fullmatch(r"\d{3}", bare) or not bare[:1].isupper():
            break
        words.append(bare)
    return " ".join(words) or None


def _languages(lines: list[str]) -> list[str]:
    languages: list[tuple[bool, str]] = []
    for line in lines:
        labelled = _label(line)
        if not labelled or not re.search(r"\b(languages?|locales?)\b", labelled[0]):
            continue
        for item in re.split(r"\s*(?:,(?![^()]*\))|;)\s*", labelled[1]):
            code = language_code(item)
            if code:
                languages.append(("primary" in item.lower(), code))
    primary = [code for is_primary, code in languages if is_primary]
    return primary + [code for is_primary, code in languages if not is_primary]


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


def _ctas(lines: list[str], in_cta_section: bool) -> list[str]:
    ctas: list[str] = []
    for line in lines:
        labelled = _label(line)
        is_cta_line = bool(labelled and _CTA_HEADING.search(labelled[0])) or "prefer" in line.lower()
        if not (in_cta_section or is_cta_line):
            continue
        if _NEGATIVE.search(line):
            continue
        quoted = _QUOTED.findall(line)
        if quoted:
            ctas.extend(q.strip(" .") for q in quoted)
        elif labelled and is_cta_line:
            ctas.extend(_split_list(labelled[1]))
        elif in_cta_section and _BULLET.match(line):
            text = _BULLET.sub("", line).strip(" .*_")
            if len(text.split()) <= 6:
                ctas.append(text)
    return ctas


def _logo(lines: list[str]) -> str | None:
    for line in lines:
        if "logo" in line.lower():
            match = _LOGO_PATH.search(line)
            if match:
                return match.group(1).rstrip(".")
    return None


def _unique(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    result: list[str] = []
    for value in values:
        key = value.casefold().strip()
        if key and key not in seen:
            seen.add(key)
            result.append(value.strip())
    return result


def _merge_palette(values: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    by_hex: dict[str, dict[str, Any]] = {}
    for value in values:
        hex_value = normalise_hex(str(value.get("hex", "")))
        if not hex_value:
            continue
        current = by_hex.setdefault(hex_value, {"hex": hex_value, "name": None, "role": None})
        current["name"] = current["name"] or value.get("name")
        current["role"] = current["role"] or value.get("role")
    return list(by_hex.values())


# ----------------------------------------------------------------------------------------------- edits

def normalise_edit(edit: ProfileEdit) -> ProfileEdit:
    """Validate field names and values; route `banned` to words or claims; raise `InputError` on bad values."""
    add: dict[str, list[str]] = {}
    remove: dict[str, list[str]] = {}
    for target, source in ((add, edit.add), (remove, edit.remove)):
        for field, values in source.items():
            for value in values:
                for name, clean in _route(field, value, removing=target is remove):
                    target.setdefault(name, []).append(clean)
    clear: list[str] = []
    for field in edit.clear:
        clear.extend(["banned_words", "banned_claims"] if _field_name(field) == "banned" else [_list_field(field)])
    scalars: dict[str, str | float | None] = {}
    for field, value in edit.set.items():
        name = _field_name(field)
        if name not in SCALAR_FIELDS:
            raise InputError(f"Unknown profile field {field!r} to set: expected one of {', '.join(SCALAR_FIELDS)}.",
                             field=field)
        scalars[name] = _scalar(name, value)
    return ProfileEdit(add=add, remove=remove, clear=clear, set=scalars)


def _field_name(field: str) -> str:
    name = field.strip().lower().replace("-", "_")
    aliases = {"font": "fonts", "cta": "cta_preferences", "ctas": "cta_preferences", "language": "languages",
               "value_prop": "value_props", "logo": "logo_path", "colour_tolerance": "color_tolerance",
               "colors": "palette", "colours": "palette", "banned_word": "banned_words",
               "banned_claim": "banned_claims"}
    return aliases.get(name, name)


def _list_field(field: str) -> str:
    name = _field_name(field)
    if name not in LIST_FIELDS:
        raise InputError(
            f"Unknown profile field {field!r}: expected one of banned, {', '.join(LIST_FIELDS)}.", field=field
        )
    return name


def _route(field: str, value: str, removing: bool) -> list[tuple[str, str]]:
    name = _field_name(field)
    text = str(value).strip()
    if not text:
        raise InputError(f"Empty value for profile field {field!r}.", field=field)
    if name == "banned":
        term = _clean_term(text)
        if removing:
            return [("banned_words", term), ("banned_claims", term)]
        return [("banned_claims" if " " in term else "banned_words", term)]
    name = _list_field(name)
    if name in ("banned_words", "banned_claims"):
        return [(name, _clean_term(text))]
    if name == "palette":
        colors = parse_palette_line(text if text.startswith("#") or "#" in text else f"#{text}")
        if not colors:
            raise InputError(
                f"Palette value {text!r} has no hex colour: expected e.g. '#1A1A2E' or 'Midnight #1A1A2E (primary)'.",
                field="palette",
            )
        return [("palette", text if "#" in text else f"#{text}")]
    if name == "languages":
        code = language_code(text)
        if not code:
            raise InputError(f"Language {text!r} is not a language code or name: expected e.g. 'en', 'fr-CA' or "
                             "'German'.", field="languages")
        return [("languages", code)]
    return [(name, text)]


def _scalar(name: str, value: str | float | None) -> str | float | None:
    if name == "color_tolerance":
        try:
            number = float(value) if value is not None else 0.0
        except (TypeError, ValueError) as exc:
            raise InputError(f"color_tolerance {value!r} is not a number: expected 0-441 (RGB distance).",
                             field="color_tolerance") from exc
        if not 0 <= number <= 442:
            raise InputError(f"color_tolerance {number} is out of range: expected 0-441 (RGB distance).",
                             field="color_tolerance")
        return number
    text = str(value).strip() if value is not None else ""
    return text or None


def merge_edits(stored: dict[str, Any], edit: ProfileEdit) -> dict[str, Any]:
    """Fold a normalised edit into the stored edits: per list field `{cleared, add, remove}`; scalars in `set`.

    Adding a value cancels an earlier removal of it and vice versa; clearing forgets earlier adds and removals.
    """
    fields: dict[str, dict[str, Any]] = {k: {"cleared": bool(v.get("cleared")), "add": list(v.get("add", [])),
                                             "remove": list(v.get("remove", []))}
                                         for k, v in (stored.get("fields") or {}).items()}
    for name in edit.clear:
        fields[name] = {"cleared": True, "add": [], "remove": []}
    for name, values in edit.remove.items():
        entry = fields.setdefault(name, {"cleared": False, "add": [], "remove": []})
        for value in values:
            key = _key(name, value)
            entry["add"] = [v for v in entry["add"] if _key(name, v) != key]
            if key not in {_key(name, v) for v in entry["remove"]}:
                entry["remove"].append(value)
    for name, values in edit.add.items():
        entry = fields.setdefault(name, {"cleared": False, "add": [], "remove": []})
        for value in values:
            key = _key(name, value)
            entry["remove"] = [v for v in entry["remove"] if _key(name, v) != key]
            entry["add"] = [v for v in entry["add"] if _key(name, v) != key] + [value]
    scalars = dict(stored.get("set") or {})
    scalars.update(edit.set)
    return {"fields": fields, "set": scalars}


def _key(field: str, value: Any) -> str:
    if field == "palette":
        if isinstance(value, dict):
            return str(normalise_hex(str(value.get("hex", ""))))
        colors = parse_palette_line(str(value))
        return str(colors[0]["hex"]) if colors else str(value).casefold()
    return str(value).casefold().strip()


def build_profile(workspace: str, derived: dict[str, Any], edits: dict[str, Any], documents: int = 0,
                  chunks: int = 0) -> BrandProfile:
    """The effective profile: derived values, minus removals, plus additions, scalars overridden."""
    values: dict[str, Any] = {}
    fields = edits.get("fields") or {}
    for name in LIST_FIELDS:
        entry = fields.get(name) or {}
        base = [] if entry.get("cleared") else list(derived.get(name) or [])
        removed = {_key(name, v) for v in entry.get("remove", [])}
        kept = [v for v in base if _key(name, v) not in removed]
        added = list(entry.get("add", []))
        if name == "palette":
            added_colors = [color for value in added for color in parse_palette_line(str(value))[:1]]
            values[name] = [BrandColor(**c) for c in _merge_palette(added_colors + kept)]
            # an edit that restates a colour wins over the derived name/role; keep the material's order otherwise
            order = [c["hex"] for c in _merge_palette(kept + added_colors)]
            values[name].sort(key=lambda color: order.index(color.hex))
        else:
            values[name] = _unique(kept + added)
    scalars = edits.get("set") or {}
    values["name"] = scalars["name"] if "name" in scalars else derived.get("name")
    values["logo_path"] = scalars["logo_path"] if "logo_path" in scalars else derived.get("logo_path")
    values["color_tolerance"] = float(scalars.get("color_tolerance") or 0.0)
    return BrandProfile(workspace=workspace, documents=documents, chunks=chunks, **values)
