"""Naming-convention parser: `{brand}_{format}_{hook}_{colour}_v{n}` → {"format": ..., "hook_type": ...}.

Why: many accounts encode creative attributes only in the ad name; a configurable pattern turns those names into
the same attribute columns an export's free-text columns would give. It lives in performance because both
`performance_query` (filters and breakdowns by attribute) and the analyst (features) read these attributes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tools.core.errors import InputError

DEFAULT_PATTERN = "{brand}_{format}_{hook}_{colour}_v{n}"
# fields that name the same attribute as an export column
FIELD_ALIASES = {"hook": "hook_type", "hook_type": "hook_type", "color": "colour", "colour": "colour",
                 "bg": "background", "cta": "cta_type"}
NUMERIC_FIELDS = {"n", "v", "version", "iteration"}
_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def normalise_key(name: str) -> str:
    """'Hook type' → 'hook_type'."""
    return re.sub(r"[^0-9a-z]+", "_", name.strip().lower()).strip("_")


def normalise_value(value: object) -> str | None:
    """'Bold claim', 'bold-claim', 'BOLD_CLAIM' → 'bold_claim'; blanks → None."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    text = re.sub(r"[^0-9a-z]+", "_", str(value).strip().lower()).strip("_")
    return text or None


@lru_cache(maxsize=32)
def compile_pattern(pattern: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    fields = _FIELD.findall(pattern)
    if not fields:
        raise InputError(f"Naming pattern {pattern!r} has no {{field}}; expected e.g. {DEFAULT_PATTERN!r}.",
                         field="naming_pattern")
    if len(set(fields)) != len(fields):
        raise InputError(f"Naming pattern {pattern!r} repeats a field name.", field="naming_pattern")
    parts: list[str] = []
    pos = 0
    for match in _FIELD.finditer(pattern):
        parts.append(re.escape(pattern[pos:match.start()]))
        name = match.group(1)
        following = pattern[match.end():match.end() + 1]
        if name in NUMERIC_FIELDS:
            parts.append(f"(?P<{name}>\\d+)")
        elif following and following != "{":
            parts.append(f"(?P<{name}>[^{re.escape(following)}]+)")
        else:
            parts.append(f"(?P<{name}>.+?)")
        pos = match.end()
    parts.append(re.escape(pattern[pos:]))
    return re.compile("^" + "".join(parts) + "$", re.IGNORECASE), tuple(fields)


def parse_name(name: str | None, pattern: str = DEFAULT_PATTERN) -> dict[str, str] | None:
    """Attributes encoded in `name`, keyed by canonical attribute names; None when the name does not match."""
    if not name:
        return None
    regex, _fields = compile_pattern(pattern)
    match = regex.match(name.strip())
    if match is None:
        return None
    out: dict[str, str] = {}
    for key, value in match.groupdict().items():
        canonical = FIELD_ALIASES.get(key, normalise_key(key))
        normalised = value if key in NUMERIC_FIELDS else normalise_value(value)
        if normalised is not None:
            out[canonical] = normalised
    return out
