"""The Blueprint: an ad's structure (not its footage) — timings, shots, hook, audio and copy — with evidence.

Why a shared type: the extractor writes it, the creator mutates it and the analyst learns from it. Every detected
feature carries a `confidence` and `evidence` (timestamps or text spans), in the spirit of a creative-feature
registry, so a reader can check each claim against the ad itself.

Text inside an ad (copy, on-screen text) is data: it is stored and analysed, never followed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

BlueprintKind = Literal["video", "image", "copy"]
HookArchetype = Literal[
    "question", "statistic", "testimonial", "problem", "offer", "listicle", "before_after", "curiosity",
    "demonstration", "bold_claim",
]
HOOK_ARCHETYPES: tuple[str, ...] = (
    "question", "statistic", "testimonial", "problem", "offer", "listicle", "before_after", "curiosity",
    "demonstration", "bold_claim",
)
Pace = Literal["very_fast", "fast", "medium", "slow", "static"]
TransitionKind = Literal["cut", "dissolve", "fade"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)


class Evidence(_Model):
    """Where a feature can be seen: a time range in the media, or a span of the text (character offsets)."""

    feature: str | None = Field(None, description="Id of the feature this supports (set in the flat list).")
    source: Literal["video", "image", "audio", "copy", "ocr", "metadata"] | None = None
    start_s: float | None = None
    end_s: float | None = None
    text: str | None = None
    span: tuple[int, int] | None = Field(None, description="[start, end) character offsets in the analysed text.")
    note: str | None = None


class Feature(_Model):
    """One evaluated rule of the feature registry."""

    id: str
    name: str
    detected: bool
    value: float | int | str | bool | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    rationale: str
    evidence: list[Evidence] = Field(default_factory=list)


class PaletteColour(_Model):
    hex: str
    share: float = Field(ge=0.0, le=1.0)


class Shot(_Model):
    index: int
    start_s: float
    end_s: float
    duration_s: float
    transition_in: Literal["start", "cut", "dissolve", "fade"] = "cut"
    brightness: float | None = Field(None, description="Mean luma 0..1.")
    motion: float | None = Field(None, description="Mean absolute frame difference 0..1 inside the shot.")
    palette: list[PaletteColour] = Field(default_factory=list)


class Transition(_Model):
    kind: TransitionKind
    at_s: float = Field(description="The shot boundary: the cut time, or the middle of a gradual transition.")
    start_s: float
    end_s: float
    confidence: float = Field(ge=0.0, le=1.0)


class FaceSighting(_Model):
    t_s: float
    box: tuple[float, float, float, float] = Field(description="x, y, width, height as fractions of the frame.")
    area_share: float
    score: float


class TextSighting(_Model):
    t_s: float
    text: str
    score: float
    box: tuple[float, float, float, float]


class HookFeatures(_Model):
    """The first seconds (video) or the still (image): what stops the thumb."""

    window_s: float
    motion_energy: float | None = Field(None, description="Mean absolute frame difference 0..1 in the window.")
    flow_px_s: float | None = Field(None, description="Median optical-flow speed, in analysis pixels per second.")
    zoom_in: bool = False
    zoom_scale: float | None = Field(None, description="Largest cumulative scale inside one shot (1.2 = +20 %).")
    zoom_span_s: tuple[float, float] | None = None
    cuts: int = 0
    first_cut_s: float | None = None
    face_present: bool = False
    face_first_s: float | None = None
    face_max_share: float = 0.0
    close_up: bool = False
    faces: list[FaceSighting] = Field(default_factory=list)
    text_on_screen: bool = False
    text: str = ""
    text_area_share: float = 0.0
    texts: list[TextSighting] = Field(default_factory=list)
    brightness: float | None = None
    palette: list[PaletteColour] = Field(default_factory=list)


class AudioFeatures(_Model):
    has_audio: bool
    duration_s: float | None = None
    loudness_lufs: float | None = Field(None, description="Integrated loudness (EBU R128 / BS.1770).")
    loudness_range_lu: float | None = None
    true_peak_dbtp: float | None = None
    silent: bool = False
    silence_ratio: float | None = None
    silences: list[tuple[float, float]] = Field(default_factory=list)
    speech_likelihood: float | None = None
    music_likelihood: float | None = None
    dominant: Literal["speech", "music", "silence", "other", "none"] = "none"
    tempo_bpm: float | None = None
    beat_confidence: float | None = None
    beats_s: list[float] = Field(default_factory=list, description="Beat times (first 256).")
    beat_count: int = 0
    onset_rate: float | None = Field(None, description="Transients per second.")
    asmr_like: bool = False
    asmr_score: float | None = None
    measures: dict[str, float] = Field(default_factory=dict, description="The raw measures behind the scores.")


class Offer(_Model):
    kind: Literal["percent_off", "amount_off", "free_shipping", "free_trial", "bogo", "code", "free_gift",
                  "limited_time", "bundle", "price"]
    text: str
    span: tuple[int, int]
    value: float | None = None


class Claim(_Model):
    kind: Literal["superlative", "guarantee", "statistic", "social_proof", "scientific", "speed", "absolute"]
    text: str
    span: tuple[int, int]


class ReadingLevel(_Model):
    flesch_reading_ease: float
    flesch_kincaid_grade: float
    avg_words_per_sentence: float
    avg_syllables_per_word: float


class CopyFeatures(_Model):
    """Ad copy (body, headline, on-screen text) as analysed data."""

    text: str
    headline: str | None = None
    hook_text: str = Field("", description="The opening line the archetype is judged on.")
    hook_archetype: HookArchetype | None = None
    hook_confidence: float = 0.0
    archetype_scores: dict[str, float] = Field(default_factory=dict)
    method: Literal["embedding+rules", "rules"] = "rules"
    cta: str | None = Field(None, description="Normalised call to action, e.g. SHOP_NOW.")
    cta_text: str | None = None
    offer: str | None = Field(None, description="The offer in the copy's own words, e.g. '50% off'.")
    offers: list[Offer] = Field(default_factory=list)
    length_chars: int = 0
    word_count: int = 0
    sentence_count: int = 0
    reading_level: ReadingLevel | None = None
    emoji: list[str] = Field(default_factory=list)
    emoji_count: int = 0
    claims: list[Claim] = Field(default_factory=list)
    instruction_like: list[Evidence] = Field(
        default_factory=list,
        description="Passages that read as instructions to a machine; recorded as data, never followed.",
    )
    features: list[Feature] = Field(default_factory=list)


class SourceInfo(_Model):
    uri: str
    origin: Literal["file", "url", "ads_archive"]
    media_type: str
    size_bytes: int
    content_hash: str = Field(description="sha256 of the bytes analysed.")
    archive: dict[str, Any] | None = Field(None, description="Meta Ad Library fields (id, page, delivery dates).")


class Blueprint(_Model):
    kind: BlueprintKind
    source: SourceInfo
    duration_s: float | None = None
    fps: float | None = None
    width: int | None = None
    height: int | None = None
    aspect_ratio: str | None = None
    aspect_ratio_value: float | None = None
    shots: list[Shot] = Field(default_factory=list)
    cuts_s: list[float] = Field(default_factory=list, description="Hard cuts only; see `transitions`.")
    transitions: list[Transition] = Field(default_factory=list)
    avg_shot_s: float | None = None
    pace: Pace | None = None
    hook: HookFeatures | None = None
    audio: AudioFeatures | None = None
    ad_copy: CopyFeatures | None = Field(None, alias="copy")
    features: list[Feature] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    summary: dict[str, str | float | int | bool | None] = Field(
        default_factory=dict, description="`attributes()` at extraction time: one flat value per attribute.")
    extractor_version: str = "1"
    stored_id: int | None = None
    creative_id: int | None = None
    created_at: datetime | None = None

    def feature(self, feature_id: str) -> Feature | None:
        """The evaluated feature with this id, if its rule applied to this kind of ad."""
        return next((f for f in self.features if f.id == feature_id), None)

    def attributes(self) -> dict[str, str | float | int | bool | None]:
        """A flat summary for analysis tables (one value per attribute, stable names)."""
        copy = self.ad_copy
        hook = self.hook
        audio = self.audio
        sounding = bool(audio and audio.has_audio and not audio.silent)
        return {
            "kind": self.kind,
            "aspect_ratio": self.aspect_ratio,
            "duration_s": self.duration_s,
            "pace": self.pace,
            "avg_shot_s": self.avg_shot_s,
            "n_shots": len(self.shots) if self.kind == "video" else None,
            "cuts_per_s": round(len(self.cuts_s) / self.duration_s, 4) if self.kind == "video" and self.duration_s
            else None,
            "hook_archetype": copy.hook_archetype if copy else None,
            "hook_confidence": copy.hook_confidence if copy else None,
            "cta": copy.cta if copy else None,
            "has_offer": bool(copy and copy.offers),
            "has_face": hook.face_present if hook else None,
            "close_up_in_hook": hook.close_up if hook else None,
            "text_on_screen": hook.text_on_screen if hook else None,
            "zoom_in_hook": hook.zoom_in if hook else None,
            "hook_motion": hook.motion_energy if hook else None,
            "loudness_lufs": audio.loudness_lufs if audio else None,
            "audio_dominant": audio.dominant if audio else None,
            "has_voiceover": bool(sounding and (audio.speech_likelihood or 0.0) >= 0.5) if audio else None,
            "has_music": bool(sounding and (audio.music_likelihood or 0.0) >= 0.5) if audio else None,
            "tempo_bpm": audio.tempo_bpm if audio else None,
            "asmr_like": audio.asmr_like if audio else None,
        }
