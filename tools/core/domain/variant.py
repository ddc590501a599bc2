"""Creator types: a variant's copy, its visual wrapper, rendered assets and the generation result.

Shared by the creator, the analyst (pre-launch scoring), the agent and Slack, so they live here and nowhere else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from tools.core.colours import parse_hex

FormatId = Literal["1x1", "4x5", "9x16"]
Layout = Literal["stacked", "split", "quote", "bold", "hero", "lifestyle", "testimonial", "offer"]
Background = Literal["gradient", "solid", "split", "diffusion", "photo"]


class AdCopy(BaseModel):
    """The words of one variant. `hook` opens the ad (top of an image, first seconds of a video)."""

    hook: str
    headline: str
    body: str
    cta: str
    language: str = "en"

    def texts(self) -> list[str]:
        return [self.hook, self.headline, self.body, self.cta]


class BrandStyle(BaseModel):
    """What the renderer needs from the brand: colours, fonts, logo and product image (all optional)."""

    palette: list[str] = Field(default_factory=lambda: ["#101828", "#F2F4F7", "#F79009"])
    fonts: list[str] = Field(default_factory=list)  # family names or .ttf/.otf paths, preferred first
    logo_path: Path | None = None
    product_image_path: Path | None = None
    product_treatment: Literal["cutout", "framed"] = "cutout"  # a transparent cut-out, or an opaque photo to frame
    brand_name: str | None = None

    @field_validator("palette")
    @classmethod
    def _hex_colours(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("palette needs at least one colour")
        return [parse_hex(c) for c in value]


class VisualWrapper(BaseModel):
    """The visual axis of a variant: layout, background treatment and colour roles from the brand palette."""

    layout: Layout = "stacked"
    background: Background = "gradient"
    background_colour: str = "#101828"
    accent_colour: str = "#F79009"
    text_colour: str = "#FFFFFF"
    font: str | None = None
    scene_prompt: str | None = None  # for a diffusion background
    seed: int = 0


class Box(BaseModel):
    """A rectangle in pixels (left, top, right, bottom) — used to prove text stays in the safe zone."""

    left: int
    top: int
    right: int
    bottom: int

    def inside(self, other: Box) -> bool:
        return (self.left >= other.left and self.top >= other.top
                and self.right <= other.right and self.bottom <= other.bottom)


class RenderedAsset(BaseModel):
    format: FormatId | Literal["video"]
    path: str
    width: int
    height: int
    duration_s: float | None = None
    text_boxes: dict[str, Box] = Field(default_factory=dict)
    safe_zone: Box | None = None
    layout: str | None = None
    contrast: dict[str, float] = Field(default_factory=dict, description="Measured WCAG ratio per text box / logo.")
    contrast_minimums: dict[str, float] = Field(default_factory=dict, description="The ratio each box had to reach.")
    panels: dict[str, str] = Field(default_factory=dict, description="Boxes that needed a scrim, panel or plate.")
    picture_boxes: dict[str, Box] = Field(default_factory=dict)
    source_shots: list[int] = Field(default_factory=list, description="Video: the source's shots used, in order.")
    source_segments: list[tuple[float, float]] = Field(
        default_factory=list, description="Video: the stretch of the source (start, end in s) each cut plays.")
    has_audio: bool | None = None


class AxisChange(BaseModel):
    """One mutation axis a variant changed relative to its source, and why (for the marketer and the analyst)."""

    axis: Literal["hook_angle", "benefit", "proof", "offer", "cta", "visual", "format", "language"]
    value: str
    why: str


class VariantPrediction(BaseModel):
    """The analyst's pre-launch estimate for a variant (score 0–100 = percentile among the account's creatives)."""

    metric: str
    value: float | None
    interval: tuple[float, float] | None = None
    score: float | None = None
    basis: str = ""  # e.g. "workspace model v3" or "priors (cold start: fewer than 30 creatives)"


class Variant(BaseModel):
    id: str
    rank: int
    ad_copy: AdCopy
    visual: VisualWrapper
    archetype: str
    attributes: dict[str, str] = Field(default_factory=dict)
    changes: list[AxisChange] = Field(default_factory=list)
    prediction: VariantPrediction | None = None
    assets: list[RenderedAsset] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)  # problems a person must look at (e.g. glyphs no font has)

    @property
    def score(self) -> float | None:
        return self.prediction.score if self.prediction else None


class SourceSummary(BaseModel):
    """What the variants were mutated from."""

    kind: Literal["winner", "ad", "blueprint", "brief"]
    label: str
    ad_id: str | None = None
    archetype: str | None = None
    ad_copy: AdCopy | None = None
    metrics: dict[str, float | None] = Field(default_factory=dict)
    pace_s: float | None = None
    duration_s: float | None = None
    media: str | None = None  # the source ad's own picture as synced from its ad account (a still, for display)


class DiversityReport(BaseModel):
    """Pairwise cosine distance between the variants' copy embeddings (1 − similarity)."""

    min_distance: float
    mean_distance: float
    replaced_near_duplicates: int
    threshold: float


class ScoringSummary(BaseModel):
    """How the variants' pre-launch scores spread, and what evidence they rest on."""

    min_score: float | None = None
    max_score: float | None = None
    distinct_scores: int = 0
    basis: str = ""  # e.g. "workspace model v3" or "workspace model v1 (cold start). …"
    cold_start: bool = False


class VariantsResult(BaseModel):
    source: SourceSummary
    variants: list[Variant]
    out_dir: str
    contact_sheet: str | None
    manifest: str
    diversity: DiversityReport | None = None
    copy_engine: str = "templates"  # "templates" offline, or the LLM model id
    image_engine: str = "compositor"  # or "diffusion:<model folder>"
    warnings: list[str] = Field(default_factory=list)
    status: Literal["complete", "cancelled"] = "complete"
    scoring: ScoringSummary | None = None
