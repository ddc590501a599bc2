"""Brand DNA types shared by the brand store, the creator, the agent and the CLI.

Why one module: the creator checks every variant against `BrandProfile` and the agent quotes `BrandHit`s, so
these shapes are the contract between areas; keep them plain pydantic models without behaviour that needs I/O.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, computed_field

BrandKind = Literal["voice", "guideline", "value_prop", "banned", "palette", "script", "audience"]
BRAND_KINDS: tuple[str, ...] = ("voice", "guideline", "value_prop", "banned", "palette", "script", "audience")

ComplianceRule = Literal["banned_word", "banned_claim", "off_palette"]


class BrandAddResult(BaseModel):
    """What one `brand add` stored. `ids` are the new chunk ids; duplicates are skipped, never stored twice."""

    added: int
    ids: list[str] = Field(default_factory=list)
    skipped_duplicates: int = 0
    documents: list[str] = Field(default_factory=list, description="Sources that contributed new chunks.")
    kinds: dict[str, int] = Field(default_factory=dict, description="New chunks per kind.")


class BrandHit(BaseModel):
    """One retrieved passage of brand material; `score` is cosine similarity to the query (1 = identical)."""

    id: str
    text: str
    kind: str
    source: str
    score: float
    position: int = 0
    heading: str = ""


class BrandSearchResult(BaseModel):
    query: str
    results: list[BrandHit] = Field(default_factory=list)


class BrandColor(BaseModel):
    """A palette colour. `hex` is normalised to `#RRGGBB` upper case."""

    hex: str
    name: str | None = None
    role: str | None = Field(None, description="primary | secondary | accent | background | text, when stated.")


class ProofPoint(BaseModel):
    """Evidence the brand may cite: a customer or press quote, a rating with its review count, a study result."""

    kind: Literal["quote", "press", "rating", "study"] = "quote"
    text: str
    attribution: str | None = Field(None, description="Who said it or where it comes from, e.g. 'Marta S., Porto'.")


class BrandOffer(BaseModel):
    """An offer and the condition that goes with it (the condition must travel with the offer in copy)."""

    text: str
    condition: str | None = None


class BrandKitImage(BaseModel):
    """A product photo or logo of the brand kit, as renders use it (`treatment`: cutout or framed)."""

    id: str
    kind: str
    filename: str
    key: str
    path: str
    treatment: str
    width: int
    height: int


class BrandProfile(BaseModel):
    """The structured, editable brand profile. Usable with no material at all: every field has an empty default."""

    workspace: str
    name: str | None = None
    tone: list[str] = Field(default_factory=list, description="Tone adjectives, e.g. warm, witty.")
    banned_words: list[str] = Field(default_factory=list)
    banned_claims: list[str] = Field(default_factory=list, description="Multi-word claims that must never appear.")
    palette: list[BrandColor] = Field(default_factory=list)
    fonts: list[str] = Field(default_factory=list, description="Font families, headline font first.")
    logo_path: str | None = None
    cta_preferences: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list, description="Language codes, primary first (e.g. en, fr).")
    value_props: list[str] = Field(default_factory=list)
    value_prop_details: dict[str, str] = Field(default_factory=dict,
                                               description="The explanation the book gives after a value prop.")
    voice_rules: list[str] = Field(default_factory=list, description="Instructions to writers; never ad copy.")
    proof: list[ProofPoint] = Field(default_factory=list)
    offers: list[BrandOffer] = Field(default_factory=list)
    product_facts: list[str] = Field(default_factory=list, description="What the product or service is, as stated.")
    unusable_sections: list[str] = Field(default_factory=list,
                                         description="Sections nothing could be read from: rewrite or edit them.")
    color_tolerance: float = Field(
        0.0, ge=0, description="Max RGB distance for a colour to count as on-palette (0 = exact hex match)."
    )
    documents: int = 0
    chunks: int = 0
    kit: list[BrandKitImage] = Field(default_factory=list, description="Product photos and logos, newest first.")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def primary_language(self) -> str:
        """The language copy is written in when nobody asks for another one."""
        return self.languages[0] if self.languages else "en"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def is_empty(self) -> bool:
        """True when neither material nor edits gave the profile any content (the creator then runs unconstrained)."""
        return not (self.tone or self.banned_words or self.banned_claims or self.palette or self.fonts
                    or self.cta_preferences or self.languages or self.value_props or self.logo_path or self.name
                    or self.voice_rules or self.proof or self.offers or self.product_facts)

    @property
    def palette_hex(self) -> list[str]:
        return [color.hex for color in self.palette]


class ProfileEdit(BaseModel):
    """A change to the profile: values to add to / remove from list fields, fields to clear, scalars to set.

    Edits are kept apart from what was derived from the material, so re-deriving never undoes an edit.
    """

    add: dict[str, list[str]] = Field(default_factory=dict)
    remove: dict[str, list[str]] = Field(default_factory=dict)
    clear: list[str] = Field(default_factory=list)
    set: dict[str, str | float | None] = Field(default_factory=dict)


class ComplianceViolation(BaseModel):
    """One broken rule, with where it was broken."""

    rule: ComplianceRule
    term: str = Field(description="The rule's value: the banned word/claim, or the off-palette colour.")
    match: str = Field(description="What was found: the matching text, or the colour as given.")
    text_index: int | None = Field(None, description="Index of the text in the checked list (None for colours).")
    start: int | None = None
    end: int | None = None
    color_index: int | None = None
    nearest: str | None = Field(None, description="For off-palette colours: the closest palette colour.")
    message: str


class ComplianceReport(BaseModel):
    ok: bool
    violations: list[ComplianceViolation] = Field(default_factory=list)
    checked_texts: int = 0
    checked_colors: int = 0
    palette_checked: bool = Field(False, description="False when the profile has no palette (no colour rule).")


class WinnerScript(BaseModel):
    """A past winner's copy, stored as a `script` chunk. Give `text`, or headline/body/cta, or just `ad_id`
    (the copy is then read from the ad's creative in this workspace)."""

    ad_id: str
    ad_name: str | None = None
    text: str | None = None
    headline: str | None = None
    body: str | None = None
    cta: str | None = None
    metric: str | None = None
    value: float | None = None
