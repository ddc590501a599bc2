"""Example hooks for a brief, in the brand's voice: the creator's own copywriter over the brand profile.

Why the creator's hook bank: the hooks a brief shows are then exactly the kind the "Make variants" button writes
(same templates, same material, same grammar checks), and the brand's banned words and claims are checked here too.
No retrieval and no model: the structured profile is SQL only, so briefs stay fast.
"""

from __future__ import annotations

from collections.abc import Iterable

from tools.brand.api import check_compliance
from tools.core.domain.brand import BrandProfile
from tools.creator.copywriter import ARCHETYPES, Hook, HookBank
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
        return [h.text for h in self._pick(archetype, video=video, n=n, avoid=avoid)]

    def hooks_with_note(self, archetype: str | None, *, video: bool, n: int = 2,
                        avoid: Iterable[str] = ()) -> tuple[list[str], str | None]:
        """The hooks, and a note when the material could not write them in the asked archetype."""
        picked = self._pick(archetype, video=video, n=n, avoid=avoid)
        kind = archetype if archetype in ARCHETYPES else None
        if not picked or kind is None or all(h.archetype == kind for h in picked):
            return [h.text for h in picked], None
        others = sorted({h.archetype.replace("_", " ") for h in picked if h.archetype != kind})
        return [h.text for h in picked], (
            f"The brand material gives nothing to write a {kind.replace('_', ' ')} hook from (for example customer "
            f"quotes or proof points in the brand book), so the example hooks are {', '.join(others)} hooks.")

    def _pick(self, archetype: str | None, *, video: bool, n: int, avoid: Iterable[str]) -> list[Hook]:
        if self.vocabulary is None or self.profile is None:
            return []
        kind = archetype if archetype in ARCHETYPES else "question"
        key = (kind, video)
        if key not in self._banks:
            self._banks[key] = HookBank.build(self.vocabulary, kind, video=video)
        skip = {a.lower() for a in avoid} | self.used
        # the asked archetype first, then its neighbours (the bank's own order)
        ordered = sorted(self._banks[key].hooks, key=lambda h: h.archetype != kind)
        out: list[Hook] = []
        for hook in ordered:
            if hook.text.lower() in skip or check_compliance(self.profile, [hook.text]).violations:
                continue
            out.append(hook)
            self.used.add(hook.text.lower())
            if len(out) == n:
                break
        return out
