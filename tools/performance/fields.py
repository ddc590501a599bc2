"""The fields a question can filter or group by, and how typed names and values find them.

Fields: `ad` (id or name), `campaign`, `adset` (id or name), `kind` (video, image, ...), every creative attribute the
workspace knows (generic-export attribute columns such as "Hook type", attributes parsed from the ad-naming
convention, extractor blueprint fields such as `hook_archetype` and `pace`) and audience dimensions (age, gender,
interest, placement, country, ... — the ad set's targeting, or breakdown rows when an export carried them).

Names and values match case-insensitively and ignore punctuation ("Hook type" = hook_type = "hook-type"; "UGC
video" = ugc_video). A value may also name a subset by its words: "UGC" matches "UGC video"; "video" matches every
value with that word, and the answer's `understood` line lists which values were kept. Anything that matches nothing
is an InputError listing the closest known names or values.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from tools.core.errors import InputError
from tools.performance.naming import normalise_key, normalise_value
from tools.performance.workspace_data import AdTable

FieldKind = Literal["ad", "campaign", "adset", "kind", "attribute", "audience"]
NOT_SET = "(not set)"
NOT_BROKEN_DOWN = "(not broken down)"
_FIELD_ALIASES = {
    "ads": "ad", "ad_id": "ad", "ad_name": "ad", "ad_ids": "ad", "ad_names": "ad", "name": "ad",
    "campaigns": "campaign", "campaign_name": "campaign", "campaign_id": "campaign",
    "ad_set": "adset", "ad_sets": "adset", "adsets": "adset", "ad_set_name": "adset", "ad_set_id": "adset",
    "adset_name": "adset", "adset_id": "adset", "ad_group": "adset", "adgroup": "adset", "ad_groups": "adset",
    "type": "kind", "creative_type": "kind", "creative_kind": "kind", "media_type": "kind", "kinds": "kind",
    "age_group": "age", "age_range": "age", "age_band": "age", "ages": "age", "sex": "gender", "genders": "gender",
    "interests": "interest", "interest_id": "interest", "interest_code": "interest", "placements": "placement",
    "countries": "country", "regions": "region", "devices": "device", "platforms": "platform",
    "hook": "hook_type", "hooks": "hook_type", "hook_types": "hook_type", "color": "colour", "colours": "colour",
    "colors": "colour", "formats": "format", "offers": "offer", "backgrounds": "background",
    "archetype": "hook_archetype", "hook_archetypes": "hook_archetype",
}
_FILLER = {"ad", "ads", "creative", "creatives", "the", "our"}


@dataclass(frozen=True)
class FieldSpec:
    name: str  # canonical: ad, campaign, adset, kind, hook_type, age, ...
    kind: FieldKind
    label: str  # how users know it ("Hook type")
    breakdown: bool = False  # an audience dimension that breakdown rows carry


@dataclass
class AdGroups:
    """An ad-level field as groups: `codes[ad]` indexes `keys`/`labels`; -1 = the ad has no value."""

    codes: np.ndarray
    keys: list[str]
    labels: list[str]


def value_key(value: object) -> str:
    """The comparison form of a value: 'UGC video' → 'ugc_video' (an empty value compares as itself)."""
    return normalise_value(value) or str(value).strip().lower()


def _tokens(text: str) -> set[str]:
    return {t[:-1] if len(t) > 3 and t.endswith("s") else t for t in value_key(text).split("_") if t}


@dataclass
class Catalog:
    """Every field of one workspace; groupings are built on first use."""

    ads: AdTable
    breakdown_dims: set[str] = field(default_factory=set)
    fields: dict[str, FieldSpec] = field(init=False)
    _groups: dict[str, AdGroups] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        specs = [FieldSpec("ad", "ad", "ad"), FieldSpec("campaign", "campaign", "campaign"),
                 FieldSpec("adset", "adset", "ad set"), FieldSpec("kind", "kind", "creative kind")]
        attributes = sorted({k for a in self.ads.attributes for k in a} | {k for b in self.ads.blueprint for k in b})
        audience = sorted({k for a in self.ads.audience for k in a} | self.breakdown_dims)
        specs += [FieldSpec(k, "attribute", self.ads.labels.get(k, k)) for k in attributes if k not in audience]
        specs += [FieldSpec(k, "audience", self.ads.labels.get(k, k), k in self.breakdown_dims) for k in audience]
        self.fields = {s.name: s for s in specs}

    # -- names ----------------------------------------------------------------------------------------------------
    def resolve(self, text: str, option: str = "field") -> FieldSpec:
        key = normalise_key(text)
        for candidate in (key, _FIELD_ALIASES.get(key), key[:-1] if key.endswith("s") else None):
            if candidate and candidate in self.fields:
                return self.fields[candidate]
        known = list(self.fields)
        close = difflib.get_close_matches(key, known, n=5, cutoff=0.5)
        hint = f"closest: {', '.join(close)}; " if close else ""
        raise InputError(f"{option} {text!r} matches no field of this workspace ({hint}known fields: "
                         f"{', '.join(known)}).", field=option)

    # -- ad-level values -------------------------------------------------------------------------------------------
    def ad_groups(self, spec: FieldSpec) -> AdGroups:
        """Per ad, its value of an ad-level field (an audience dimension here is the ad set's targeting)."""
        if spec.name in self._groups:
            return self._groups[spec.name]
        ads = self.ads
        raw: list[tuple[str, str] | None]
        if spec.kind == "ad":
            raw = [(i, n or i) for i, n in zip(ads.ad_id, ads.name, strict=True)]
        elif spec.kind in ("campaign", "adset"):
            tree = ads.campaign if spec.kind == "campaign" else ads.adset
            raw = [(v[0], v[1] or v[0]) if v else None for v in tree]
        elif spec.kind == "kind":
            raw = [(k, k) for k in ads.kind]
        else:
            source = ads.audience if spec.kind == "audience" else [
                {**b, **a} for a, b in zip(ads.attributes, ads.blueprint, strict=True)]
            raw = [(value_key(v), v) if (v := values.get(spec.name)) is not None else None for values in source]
        index: dict[str, int] = {}
        keys: list[str] = []
        labels: list[str] = []
        codes = np.full(len(raw), -1, dtype=np.int64)
        for i, item in enumerate(raw):
            if item is None:
                continue
            key, label = item
            code = index.get(key)
            if code is None:
                code = index[key] = len(keys)
                keys.append(key)
                labels.append(label)
            codes[i] = code
        self._groups[spec.name] = AdGroups(codes, keys, labels)
        return self._groups[spec.name]

    def ad_mask(self, spec: FieldSpec, text: str) -> tuple[np.ndarray, list[str]]:
        """Ads whose value of an ad-level field matches `text`, and the labels of the matched values."""
        groups = self.ad_groups(spec)
        if spec.kind == "ad":
            matched = self._match_ads(text)
            return matched, [self.ads.name[i] or self.ads.ad_id[i] for i in np.flatnonzero(matched)[:20]]
        extra: list[tuple[str, str]] = []
        if spec.kind in ("campaign", "adset"):  # names match too, not only ids
            extra = [(value_key(label), key) for key, label in zip(groups.keys, groups.labels, strict=True)]
        chosen = match_values(spec.label, text, groups.keys, groups.labels, extra)
        keep = np.isin(groups.codes, np.array(sorted(chosen), dtype=np.int64))
        return keep, [groups.labels[c] for c in sorted(chosen)]

    def _match_ads(self, text: str) -> np.ndarray:
        ads = self.ads
        wanted = text.strip()
        exact = np.array([i == wanted for i in ads.ad_id], dtype=bool)
        if exact.any():
            return exact
        key = value_key(wanted)
        by_name = np.array([n is not None and (n.strip().lower() == wanted.lower() or value_key(n) == key)
                            for n in ads.name], dtype=bool)
        if by_name.any():
            return by_name
        names = sorted({n for n in ads.name if n})
        close = difflib.get_close_matches(wanted, names, n=5, cutoff=0.6)
        hint = ("closest: " + ", ".join(close)) if close else f"{len(ads)} ads are known"
        raise InputError(f"ad {text!r} matches no ad ID or name in this workspace ({hint}).", field="where")


def match_values(label: str, text: str, keys: list[str], labels: list[str],
                 extra: list[tuple[str, str]] | None = None) -> set[int]:
    """Codes of the values `text` names: an exact (normalised) match, else every value containing all its words.

    `extra` maps other spellings (a campaign's name) to a key. InputError listing the closest values otherwise."""
    wanted = value_key(text)
    exact = {i for i, k in enumerate(keys) if k == wanted or value_key(labels[i]) == wanted}
    for alias, key in extra or []:
        if alias == wanted and key in keys:
            exact.add(keys.index(key))
    if exact:
        return exact
    words = _tokens(text) - _FILLER
    if words:
        partial = {i for i, lab in enumerate(labels) if words <= _tokens(lab) | _tokens(keys[i])}
        if partial:
            return partial
    shown = sorted(set(labels), key=str.lower)
    close = difflib.get_close_matches(text.strip(), shown, n=5, cutoff=0.4)
    listing = ", ".join(shown[:25]) + (f" … ({len(shown)} in all)" if len(shown) > 25 else "")
    hint = f"closest: {', '.join(close)}; " if close else ""
    raise InputError(f"{label} has no value {text!r} in this workspace ({hint}known values: {listing or 'none'}).",
                     field="where")
