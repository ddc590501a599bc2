"""The structured brand profile: derived from the material, then the user's edits applied on top.

Why two layers: derivation is heuristic (it reads labelled lines such as "Tone: warm, witty", bulleted banned
claims, hex codes in palette sections), so the user must be able to correct it — and a later `brand add` re-derives
without undoing those corrections. Everything here is pure: storage lives in `tools/brand/store.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from tools.brand.derive import derive, language_code, parse_palette_line
from tools.core.colours import normalise_hex
from tools.core.domain.brand import BrandColor, BrandOffer, BrandProfile, ProfileEdit, ProofPoint
from tools.core.errors import InputError

LIST_FIELDS = ("tone", "banned_words", "banned_claims", "palette", "fonts", "cta_preferences", "languages",
               "value_props", "voice_rules", "proof", "offers", "product_facts", "unusable_sections")
SCALAR_FIELDS = ("name", "logo_path", "color_tolerance")
_RECORD_FIELDS = ("proof", "offers")  # lists of {text, …} records, keyed by their text


# ----------------------------------------------------------------------------------------------- derivation

def derive_profile(chunks: Iterable[tuple[Any, ...]]) -> dict[str, Any]:
    """Profile fields found in `(kind, heading, body[, position])` chunks, in reading order (see `derive.py`)."""
    found = derive(chunks)
    values: dict[str, Any] = {name: list(getattr(found, name)) for name in LIST_FIELDS}
    values.update({"name": found.name, "logo_path": found.logo_path,
                   "value_prop_details": dict(found.value_prop_details)})
    return merge_derived({}, values)


def merge_derived(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Union of two derivations, order kept, no duplicates; scalars keep the first value found."""
    merged: dict[str, Any] = {}
    for field in LIST_FIELDS:
        values = list(old.get(field) or []) + list(new.get(field) or [])
        if field == "palette":
            merged[field] = _merge_palette(values)
        elif field in _RECORD_FIELDS:
            merged[field] = _merge_records(values)
        else:
            merged[field] = _unique(values)
    for field in ("name", "logo_path"):
        merged[field] = old.get(field) or new.get(field)
    merged["value_prop_details"] = {**(new.get("value_prop_details") or {}), **(old.get("value_prop_details") or {})}
    return merged


def _clean_term(term: str) -> str:
    return re.sub(r"\s+", " ", term.strip(" .!?,;:*_\"'“”")).lower()


def _unique(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    result: list[str] = []
    for value in values:
        key = str(value).casefold().strip()
        if key and key not in seen:
            seen.add(key)
            result.append(str(value).strip())
    return result


def _merge_records(values: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    by_text: dict[str, dict[str, Any]] = {}
    for value in values:
        key = _record_key(value)
        if key and key not in by_text:
            by_text[key] = dict(value)
    return list(by_text.values())


def _record_key(value: Any) -> str:
    text = value.get("text", "") if isinstance(value, dict) else str(value)
    return " ".join(re.sub(r"[^\w%$#&/+-]+", " ", str(text).casefold()).split())


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


def parse_proof(text: str) -> dict[str, str | None]:
    """A proof point given by hand: '"Quote" — Name', '4.8/5 from 2,314 reviews', or a plain claim."""
    text = text.strip()
    quote = re.match(r"^[\"“](.+?)[\"”]\s*(?:[—–-]+\s*(.+))?$", text)
    if quote:
        return {"kind": "quote", "text": quote.group(1).strip(), "attribution": (quote.group(2) or "").strip() or None}
    kind = "rating" if re.search(r"\b\d(?:[.,]\d)?\s*(?:/\s*5|stars?)|\breviews\b", text, re.I) else "study"
    return {"kind": kind, "text": text, "attribution": None}


def parse_offer(text: str) -> dict[str, str | None]:
    """An offer given by hand: 'Free shipping over 40 EUR (EU only)' → text and condition."""
    match = re.match(r"^(.+?)\s*\(([^)]+)\)\s*\.?$", text.strip())
    if match:
        return {"text": match.group(1).strip(), "condition": match.group(2).strip()}
    return {"text": text.strip(), "condition": None}


# ----------------------------------------------------------------------------------------------- edits

def _as_record(field: str, value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    return parse_proof(str(value)) if field == "proof" else parse_offer(str(value))


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
               "banned_claim": "banned_claims", "voice_rule": "voice_rules", "offer": "offers",
               "product_fact": "product_facts", "facts": "product_facts"}
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
    if field in _RECORD_FIELDS:
        return _record_key(_as_record(field, value))
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
        elif name in _RECORD_FIELDS:
            model = ProofPoint if name == "proof" else BrandOffer
            added = [_as_record(name, value) for value in added]
            values[name] = [model(**record) for record in _merge_records(added + kept)]
            order = [_record_key(r) for r in _merge_records(kept + added)]
            values[name].sort(key=lambda record: order.index(_record_key(record.model_dump())))
        else:
            values[name] = _unique(kept + added)
    values["value_prop_details"] = {k: v for k, v in (derived.get("value_prop_details") or {}).items()
                                    if k in values["value_props"]}
    scalars = edits.get("set") or {}
    values["name"] = scalars["name"] if "name" in scalars else derived.get("name")
    values["logo_path"] = scalars["logo_path"] if "logo_path" in scalars else derived.get("logo_path")
    values["color_tolerance"] = float(scalars.get("color_tolerance") or 0.0)
    return BrandProfile(workspace=workspace, documents=documents, chunks=chunks, **values)
