"""Copy from a configured LLM (HOOKLINE_MODEL, opened by `tools.core.chat_model`), with structured output.

Same contract as the template engine: one AdCopy (or None) per plan. The prompt (`prompts/creator_copy.md`) is
grounded on the brand's own material, the source ad is passed as quoted data, and every draft still goes through the
same guardrails (length, numbers that exist in the material, the brand compliance check) before it can ship.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

import prompts
from tools.core.domain.variant import AdCopy
from tools.creator.copywriter import LIMITS
from tools.creator.mutation import Plan
from tools.creator.vocabulary import Vocabulary

LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German", "it": "Italian",
                  "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "sv": "Swedish", "da": "Danish", "ja": "Japanese"}


class DraftCopy(BaseModel):
    hook: str = Field(description="Opening line, in the source ad's hook archetype.")
    headline: str
    body: str
    cta: str


class CopyBatch(BaseModel):
    """Ad copy variants, one per requested plan, in order."""

    variants: list[DraftCopy]


@dataclass
class LLMEngine:
    chat_model: Any
    vocabulary: Vocabulary
    source_text: str
    banned: list[str] = field(default_factory=list)
    voice_rules: list[str] = field(default_factory=list)  # the brand's instructions to writers: guidance, not copy
    name: str = "llm"

    def _plan_slots(self, plan: Plan) -> dict[str, str | None]:
        v = self.vocabulary
        pick = lambda items, i: items[i % len(items)] if items and i is not None else None  # noqa: E731
        lead = pick(v.benefits, plan.copy.benefit)
        return {"benefit": lead.title if lead else v.brand, "pain": pick(v.pains, plan.copy.pain),
                "proof": pick(v.proofs, plan.copy.proof), "offer": pick(v.offers, plan.copy.offer),
                "cta": pick(v.ctas, plan.copy.cta) or "a clear next step"}

    def prompt(self, plans: Sequence[Plan], archetype: str, language: str) -> str:
        v = self.vocabulary
        material = ([f"{b.title}: {b.detail}" if b.detail else b.title for b in v.benefits] + v.facts + v.proofs
                    + [o.sentence() for o in v.offer_terms])
        return prompts.render(
            "creator_copy", brand=v.brand, count=len(plans), language_name=LANGUAGE_NAMES.get(language, language),
            tone=", ".join(v.tone), banned=", ".join(self.banned), material=material, voice_rules=self.voice_rules,
            archetype=archetype.replace("_", " "), plans=[self._plan_slots(p) for p in plans],
            source=self.source_text.replace("AD>>>", "AD>>"),
        )

    def write(self, plans: Sequence[Plan], archetype: str, language: str) -> list[AdCopy | None]:
        structured = self.chat_model.with_structured_output(CopyBatch)
        batch = structured.invoke(self.prompt(plans, archetype, language))
        drafts = batch.variants if isinstance(batch, CopyBatch) else CopyBatch.model_validate(batch).variants
        out: list[AdCopy | None] = []
        for index in range(len(plans)):
            draft = drafts[index] if index < len(drafts) else None
            out.append(self._accept(draft, language))
        return out

    def _accept(self, draft: DraftCopy | None, language: str) -> AdCopy | None:
        """Length limits and grounded numbers; anything else is rejected and the plan's slot regenerated."""
        if draft is None:
            return None
        copy = AdCopy(hook=draft.hook.strip(), headline=draft.headline.strip(), body=draft.body.strip(),
                      cta=draft.cta.strip(), language=language)
        for element, text in zip(("hook", "headline", "body", "cta"), copy.texts(), strict=True):
            if not text or len(text) > LIMITS[element]:
                return None
        if not all(self.vocabulary.numbers_grounded(text) for text in copy.texts()):
            return None
        return copy
