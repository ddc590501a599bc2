"""The `brief:` source: a creative brief's elements as constraints for the creator, in one short text form.

Why a text form: the same brief travels through a Slack button's value (≤ 2000 characters), the agent's
`generate_variants(source=...)` argument and `hookline variants --from`, so it must be short, readable and safe to
parse. Form: `brief:hook=testimonial+format=ugc_video+offer=20_off+from=AD_ID` — `hook` is the hook archetype,
`from` the ad a brief iterates on, every other pair an attribute (FIELD=VALUE, the analyst's normalised names).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from tools.core.errors import InputError
from tools.performance.naming import normalise_value

PREFIX = "brief:"
MAX_LENGTH = 600
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_VALUE = re.compile(r"^[a-z0-9][a-z0-9_]{0,59}$")
_AD = re.compile(r"^[A-Za-z0-9_.:-]{1,80}$")
PATTERN = re.compile(r"\bbrief:[A-Za-z0-9_.:=+-]+")


@dataclass(frozen=True)
class BriefSpec:
    attributes: dict[str, str] = field(default_factory=dict)
    archetype: str | None = None
    iteration_of: str | None = None


def _token(value: str) -> str:
    """'UGC video' → 'ugc_video', '20% off' → '20_off': the analyst's normalised level names."""
    return normalise_value(value) or ""


def brief_source(attributes: Mapping[str, str], archetype: str | None = None, iteration_of: str | None = None) -> str:
    """The `brief:` source for these elements (values normalised; pairs in a stable order)."""
    parts = [f"hook={_token(archetype)}"] if archetype else []
    parts += [f"{_token(k)}={_token(v)}" for k, v in sorted(attributes.items()) if _token(k) and _token(v)]
    if iteration_of:
        parts.append(f"from={iteration_of}")
    return PREFIX + "+".join(parts)


def parse_brief_source(spec: str) -> BriefSpec:
    """`brief:...` → BriefSpec; InputError naming the part that is not FIELD=VALUE."""
    text = spec.strip()
    if not text.startswith(PREFIX):
        raise InputError(f"{spec!r} is not a brief source; expected brief:FIELD=VALUE+FIELD=VALUE.", field="from")
    if len(text) > MAX_LENGTH:
        raise InputError(f"The brief source is {len(text)} characters; at most {MAX_LENGTH}.", field="from")
    body = text[len(PREFIX):]
    if not body:
        raise InputError("The brief source names no elements; expected brief:FIELD=VALUE+FIELD=VALUE.", field="from")
    attributes: dict[str, str] = {}
    archetype = iteration_of = None
    for part in body.split("+"):
        key, sep, value = part.partition("=")
        if not sep:
            raise InputError(f"Brief element {part!r} is not FIELD=VALUE.", field="from")
        if key == "from":
            if not _AD.match(value):
                raise InputError(f"Brief element from={value!r}: expected an ad id.", field="from")
            iteration_of = value
        elif not _KEY.match(key) or not _VALUE.match(value):
            raise InputError(f"Brief element {part!r}: expected a lower-case field name and value "
                             "(letters, digits, '_').", field="from")
        elif key == "hook":
            archetype = value
        else:
            attributes[key] = value
    return BriefSpec(attributes=attributes, archetype=archetype, iteration_of=iteration_of)
