"""Example hooks for a brief, in the brand's voice: the creator's own copywriter over the brand profile.

Why the creator's hook bank: the hooks a brief shows are then exactly the kind the "Make variants" button writes
(same templates, same material, same grammar checks), and the brand's banned words and claims are checked here too.
No retrieval and no model: the structured profile is SQL only, so briefs stay fast.
"""

from __future__ import annotations

from collections.abc import Iterable

from tools.brand.api import check_compliance
from tools.core.domain.brand import BrandProfile
from tools.creator.copywriter import ARCHETYPES, HookBank
from tools.creator.sources import archetype_from_label
from tools.creator.vocabulary import build_vocabulary


def archetype_of(hook_value: str | None) -> str | None:
    """An attribute's hook value ('problem_solution', 'how_to', 'Bold claim') as a copywriter archetype."""
    if not hook_value:
        return None
    if hook_value in ARCHETYPES:
        return hook_value
    return archetype_from_label(hook_value.replace("_", " "))


class Voice:
    """Hooks in one brand's voice; remembers what it already gave, so briefs never share an example hook."""

    def __init__(self, profile: BrandProfile | None) -> None:
        self.profile = profile
        self.used: set[str] = set()
        self._banks: dict[tuple[str, bool], HookBank] = {}
        self.vocabulary = None
        if profile is not None and profile.name and profile.value_props:
            self.vocabulary = build_vocabulary(
                brand=profile.name, product=profile.name, value_props=profile.value_props,
                ctas=profile.cta_preferences, tone=profile.tone, value_prop_details=profile.value_prop_details,
                proof=profile.proof, offers=profile.offers, product_facts=profile.product_facts)

    @property
    def available(self) -> bool:
        return self.vocabulary is not None

    def hooks(self, archetype: str | None, *, video: bool, n: int = 2, avoid: Iterable[str] = ()) -> list[str]:
        """`n` hooks of `archetype` (its neighbours when the material runs out), never one already given."""
        if self.vocabulary is None or self.profile is None:
            return []
        kind = archetype if archetype in ARCHETYPES else "question"
        key = (kind, video)
        if key not in self._banks:
            self._banks[key] = HookBank.build(self.vocabulary, kind, video=video)
        skip = {a.lower() for a in avoid} | self.used
        out: list[str] = []
        for hook in self._banks[key].hooks:
            text = hook.text
            if text.lower() in skip or check_compliance(self.profile, [text]).violations:
                continue
            out.append(text)
            self.used.add(text.lower())
            if len(out) == n:
                break
        return out
