"""The generation job: plan → write copy → guardrails → de-duplicate → score → render → manifest.

Why a job with a manifest: rendering N variants × formats (and videos, and GPU scenes) takes long enough that a
crash or a cancel must not lose finished work or leave half-written files. Every asset is written atomically, the
manifest is rewritten after each finished variant, and a rerun with the same request skips what is already done.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
from PIL import Image

import prompts
from tools.core.domain.progress import ProgressCallback, ProgressEvent
from tools.core.domain.variant import (
    AdCopy,
    AxisChange,
    BrandStyle,
    DiversityReport,
    RenderedAsset,
    ScoringSummary,
    SourceSummary,
    Variant,
    VariantPrediction,
    VariantsResult,
    VisualWrapper,
)
from tools.core.errors import HooklineError, InsufficientDataError
from tools.core.jsonio import dumps
from tools.core.limits import check_variant_count
from tools.creator.compositor import CopyDoesNotFit, Rendered, render_variant, save_image
from tools.creator.contact_sheet import build_contact_sheet
from tools.creator.copywriter import ARCHETYPES, Copywriter
from tools.creator.drawing import open_picture
from tools.creator.fonts import resolve_font
from tools.creator.fontstack import missing_glyphs
from tools.creator.grammar import copy_problems
from tools.creator.imagegen import ImageGenerator, compose_product
from tools.creator.layouts import choose_layout, real_quote, stated_offer
from tools.creator.media import SourceMedia
from tools.creator.mutation import Plan, candidate_pool, select_diverse
from tools.creator.placements import Placement
from tools.creator.remix import remix_video
from tools.creator.video import build_video
from tools.creator.visuals import ColourScheme
from tools.creator.vocabulary import Vocabulary

NEAR_DUPLICATE_DISTANCE = 0.08  # cosine distance below which two variants' copy counts as the same message


class GenerationCancelled(HooklineError):
    """The caller cancelled the job; finished variants are in the manifest."""


class CopyEngine(Protocol):
    name: str

    def write(self, plans: Sequence[Plan], archetype: str, language: str) -> list[AdCopy | None]: ...


@dataclass
class TemplateEngine:
    """Offline copy from the brand's vocabulary (the default; needs no model)."""

    vocabulary: Vocabulary
    name: str = "templates"
    video_source: bool = False  # "Watch…" hooks only over moving pictures
    _writers: dict[str, Copywriter] = field(default_factory=dict)

    def writer(self, archetype: str) -> Copywriter:
        if archetype not in self._writers:
            self._writers[archetype] = Copywriter(self.vocabulary, archetype, video=self.video_source)
        return self._writers[archetype]

    def hook_options(self, archetype: str) -> int:
        return self.writer(archetype).hook_options

    def archetype_of(self, copy: AdCopy, archetype: str) -> str:
        return self.writer(archetype).archetype_of(copy.hook)

    def write(self, plans: Sequence[Plan], archetype: str, language: str) -> list[AdCopy | None]:
        writer = self.writer(archetype)
        return [writer.write(plan.copy, language) for plan in plans]


@dataclass
class SourceAd:
    """The ad being mutated, as the creator needs it."""

    summary: SourceSummary
    attributes: dict[str, str] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    media_path: Path | None = None  # a blueprint's source file, when it was a local file
    media_key: str | None = None  # the ad's own media synced from its ad account (a shared-storage key)


@dataclass
class CreatorContext:
    """Everything the job needs, built by `api.py` from the workspace runtime (injected here for testability)."""

    vocabulary: Vocabulary
    style: BrandStyle
    schemes: list[ColourScheme]
    engine: CopyEngine
    check: Callable[[list[str], list[str]], list[str]]  # (texts, colours) → violated rules, empty when compliant
    embed: Callable[[list[str]], np.ndarray] | None = None
    predict: Callable[[list[Variant]], list[VariantPrediction]] | None = None
    images: ImageGenerator | None = None
    media: SourceMedia | None = None  # the source ad's own image or video
    still: Image.Image | None = None  # the picture image variants build on (the image, or a frame of the video)
    shots: list[tuple[float, float]] = field(default_factory=list)  # the source video's shots (start, end) in s


@dataclass
class GenerationRequest:
    source: SourceAd
    n: int
    formats: list[Placement]
    out_dir: Path
    video: bool = False
    language: str = "en"
    seed: int = 7
    media_key: str | None = None  # the source's own file in the shared storage
    notes: list[str] = field(default_factory=list)  # warnings from the caller, recorded with the result

    def fingerprint(self) -> str:
        """The manifest's resume key; plain `json` on purpose: its exact bytes must not change between versions."""
        fields = {"source": self.source.summary.model_dump(mode="json"), "n": self.n, "seed": self.seed,
                  "formats": [p.id for p in self.formats], "video": self.video, "language": self.language}
        if self.media_key:  # only when set, so runs without source media keep their earlier key
            fields["media"] = self.media_key
        key = json.dumps(fields, sort_keys=True)
        return hashlib.sha256(key.encode()).hexdigest()[:16]


def _emit(progress: ProgressCallback | None, stage: str, done: int, total: int, message: str) -> None:
    if progress is not None:
        progress(ProgressEvent(stage=stage, done=done, total=total, message=message))


def _plan_id(plan: Plan, fingerprint: str) -> str:
    return hashlib.sha1(f"{fingerprint}:{plan.axes()}".encode()).hexdigest()[:8]


def _wrapper(plan: Plan, schemes: list[ColourScheme], style: BrandStyle, scene: bool) -> VisualWrapper:
    scheme = schemes[plan.scheme % len(schemes)]
    return VisualWrapper(layout=plan.layout, background="diffusion" if scene else plan.background,
                         background_colour=scheme.background, accent_colour=scheme.accent, text_colour=scheme.text,
                         font=style.fonts[0] if style.fonts else None, seed=plan.copy.hook * 1000 + plan.scheme)


def _changes(plan: Plan, copy: AdCopy, source: SourceAd, vocabulary: Vocabulary, wrapper: VisualWrapper,
             archetype: str, video: bool) -> list[AxisChange]:
    """Which axes this variant moved away from the source, in words a marketer can act on."""
    source_text = " ".join(source.texts).lower()
    changes = [AxisChange(axis="hook_angle", value=copy.hook,
                          why=f"new {archetype.replace('_', ' ')} hook; keeps the source's hook archetype")]
    if vocabulary.benefits:
        lead = vocabulary.benefits[plan.copy.benefit % len(vocabulary.benefits)]
        if lead.title.lower() not in source_text:
            changes.append(AxisChange(axis="benefit", value=lead.title,
                                      why="tests a different value proposition as the lead message"))
    if plan.copy.proof is not None and vocabulary.proofs:
        proof = next((p for p in vocabulary.proofs if p.lower() in copy.body.lower()), None)
        if proof and proof.lower() not in source_text:
            changes.append(AxisChange(axis="proof", value=proof, why="adds a proof point to lift trust"))
    offer_in_copy = next((o for o in vocabulary.offers if o.lower() in " ".join(copy.texts()).lower()), None)
    source_offer = next((o for o in vocabulary.offers if o.lower() in source_text), None)
    if offer_in_copy != source_offer:
        changes.append(AxisChange(axis="offer", value=offer_in_copy or "no offer",
                                  why="tests the offer's pull" if offer_in_copy else "tests the ad without a discount"))
    source_cta = source.summary.ad_copy.cta if source.summary.ad_copy else None
    if not source_cta or copy.cta.lower() != source_cta.lower():
        changes.append(AxisChange(axis="cta", value=copy.cta, why="a different next step for the viewer"))
    changes.append(AxisChange(axis="visual", value=f"{wrapper.layout} layout, {wrapper.background} background",
                              why=f"new visual wrapper in brand colours ({wrapper.text_colour} on "
                                  f"{wrapper.background_colour})"))
    if video:
        changes.append(AxisChange(axis="format", value="9:16 video",
                                  why="adds a vertical short cut at the source's pace"))
    return changes


def _attributes(source: SourceAd, wrapper: VisualWrapper, archetype: str, copy: AdCopy,
                vocabulary: Vocabulary) -> dict[str, str]:
    """The variant's attributes in the vocabulary of the account's own imports, so the analyst can score it."""
    attributes = dict(source.attributes)
    offer = next((o for o in vocabulary.offers if o.lower() in " ".join(copy.texts()).lower()), None)
    for key in list(attributes):
        lowered = key.lower()
        if "hook" in lowered:
            attributes[key] = source.attributes[key] if archetype == (source.summary.archetype or "") else archetype
        elif "background" in lowered:
            attributes[key] = wrapper.background
        elif "offer" in lowered:
            attributes[key] = offer or "None"
        elif "layout" in lowered:
            attributes[key] = wrapper.layout
    attributes.setdefault("hook_archetype", archetype)
    attributes.setdefault("layout", wrapper.layout)
    return attributes


def _cosine_distances(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = vectors / np.clip(norms, 1e-12, None)
    return 1.0 - unit @ unit.T


@dataclass
class _Accepted:
    plan: Plan
    copy: AdCopy
    wrapper: VisualWrapper
    renders: dict[str, Rendered]
    vector: np.ndarray | None


def _render_all(copy: AdCopy, wrapper: VisualWrapper, style: BrandStyle, formats: list[Placement],
                scene: Image.Image | None = None, media: Image.Image | None = None,
                offer: str | None = None) -> dict[str, Rendered] | None:
    try:
        return {p.id: render_variant(copy, wrapper, style, p, scene, media=media, offer=offer) for p in formats}
    except CopyDoesNotFit:
        return None


def _layouts(context: CreatorContext, plan: Plan, copy: AdCopy, index: int) -> list[str]:
    """Layouts to try for the `index`-th variant: a picture layout first (rotating, when there is a product or the
    source's picture), then the plan's own. Quote and testimonial layouts only frame a real customer quote."""
    quote = real_quote(copy, context.vocabulary.quotes)
    offer = stated_offer(copy, context.vocabulary.offers)
    style = context.style
    has_product = style.product_image_path is not None
    has_photo = context.still is not None or (has_product and style.product_treatment == "framed")
    picture = choose_layout(index, has_product=has_product, has_photo=has_photo, quote=quote, offer=offer)
    fallback = plan.layout if plan.layout != "quote" or quote else "stacked"
    return [name for name in dict.fromkeys([picture, fallback]) if name]


def _select(request: GenerationRequest, context: CreatorContext, archetype: str,
            progress: ProgressCallback | None, warnings: list[str]) -> tuple[list[_Accepted], int]:
    """Walk the diverse plan order; keep copy that is written, compliant, fits every format and is not a near-dup."""
    hooks = context.engine.hook_options(archetype) if hasattr(context.engine, "hook_options") else 12
    pool = candidate_pool(context.vocabulary, archetype, context.schemes, size=max(150, request.n * 12),
                          seed=request.seed, hook_templates=hooks)
    ordered = select_diverse(pool, len(pool))
    accepted: list[_Accepted] = []
    rejected = {"unwritable": 0, "non_compliant": 0, "does_not_fit": 0, "ungrammatical": 0}
    near_duplicates = 0
    batch = max(8, request.n)
    cursor = 0

    def consider(plan: Plan, copy: AdCopy, wrapper: VisualWrapper, vector: np.ndarray | None) -> None:
        nonlocal near_duplicates
        if any(a.copy.hook.lower() == copy.hook.lower() for a in accepted):
            return  # every variant opens with a hook of its own
        if vector is not None and accepted and accepted[0].vector is not None:
            previous = np.stack([a.vector for a in accepted])
            if _cosine_distances(np.vstack([previous, vector]))[-1, :-1].min() < NEAR_DUPLICATE_DISTANCE:
                near_duplicates += 1
                return
        if any(_copy_key(a.copy).lower() == _copy_key(copy).lower() for a in accepted):
            near_duplicates += 1
            return
        renders = None
        for layout in _layouts(context, plan, copy, len(accepted)):
            wrapper = wrapper.model_copy(update={"layout": layout})
            renders = _render_all(copy, wrapper, context.style, request.formats, media=context.still,
                                  offer=stated_offer(copy, context.vocabulary.offers))
            if renders is not None:
                break
        if renders is None:
            rejected["does_not_fit"] += 1
            return
        accepted.append(_Accepted(plan, copy, wrapper, renders, vector))
        _emit(progress, "writing", len(accepted), request.n, f"wrote variant {len(accepted)}/{request.n}")

    # first pass: every variant opens with its own hook; only if the material runs out may hooks repeat
    while len(accepted) < request.n and cursor < len(ordered):
        plans = ordered[cursor:cursor + batch]
        cursor += batch
        copies = context.engine.write(plans, archetype, request.language)
        candidates = []
        for plan, copy in zip(plans, copies, strict=True):
            if copy is None:
                rejected["unwritable"] += 1
                continue
            if copy_problems(copy.hook, copy.headline, copy.body, copy.cta, real_quotes=context.vocabulary.quotes):
                rejected["ungrammatical"] += 1  # the same checks for template and LLM copy
                continue
            wrapper = _wrapper(plan, context.schemes, context.style, scene=False)
            if context.check(copy.texts(), [wrapper.background_colour, wrapper.accent_colour, wrapper.text_colour]):
                rejected["non_compliant"] += 1
                continue
            if any(a.copy.hook.lower() == copy.hook.lower() for a in accepted) or any(
                    c.hook.lower() == copy.hook.lower() for _, c, _ in candidates):
                continue  # a repeated hook is filler, never shipped
            candidates.append((plan, copy, wrapper))
        vectors = _embed(context, [c for _, c, _ in candidates])
        for (plan, copy, wrapper), vector in zip(candidates, vectors, strict=True):
            if len(accepted) >= request.n:
                break
            consider(plan, copy, wrapper, vector)
    # no second pass with repeated hooks: a variant that only re-says another's opening is filler, and the warning
    # below tells the user what material would give more
    if rejected["non_compliant"]:
        warnings.append(f"{rejected['non_compliant']} draft(s) broke a brand rule and were rewritten.")
    if len(accepted) < request.n:
        missing = context.vocabulary.missing() or ["more value propositions and proof points"]
        warnings.append(f"Only {len(accepted)} distinct, on-brand variants could be written from the brand material "
                        f"and the source (asked for {request.n}); no filler was added. For more, add to the brand "
                        f"book: {'; '.join(missing)}.")
    return accepted, near_duplicates


def _archetype_of(context: CreatorContext, copy: AdCopy, archetype: str) -> str:
    """The hook archetype a variant was written in (the source's, unless the material ran out of those)."""
    of = getattr(context.engine, "archetype_of", None)
    return of(copy, archetype) if of is not None else archetype


def _embed(context: CreatorContext, copies: list[AdCopy]) -> list[np.ndarray | None]:
    if context.embed is None or not copies:
        return [None] * len(copies)
    return list(context.embed([_copy_key(c) for c in copies]))


def _copy_key(copy: AdCopy) -> str:
    return f"{copy.hook} | {copy.headline} | {copy.body}"


def _write_json(path: Path, payload: dict, *, final: bool = True) -> None:
    """Atomically. The checkpoints written after each variant are already JSON-ready (`model_dump(mode="json")`) and
    go out compact with the plain encoder — they are for resuming; the final manifest is indented for people."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(dumps(payload) if final else json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
    os.replace(tmp, path)


def _load_finished(manifest: Path, fingerprint: str) -> dict[str, Variant]:
    """Variants of an earlier run of the same request whose every asset is on disk."""
    if not manifest.is_file():
        return {}
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    if data.get("fingerprint") != fingerprint:
        return {}
    finished: dict[str, Variant] = {}
    for raw in data.get("variants", []):
        variant = Variant.model_validate(raw)
        if variant.assets and all(Path(a.path).is_file() for a in variant.assets):
            finished[variant.id] = variant
    return finished


def run_generation(request: GenerationRequest, context: CreatorContext, *, progress: ProgressCallback | None = None,
                   should_cancel: Callable[[], bool] | None = None) -> VariantsResult:
    """Generate, score and render `request.n` variants into `request.out_dir`; resumable and cancellable."""
    check_variant_count(request.n)
    if not context.vocabulary.benefits and not context.vocabulary.facts:
        raise InsufficientDataError(
            "The brand material is too thin to write honest ads: nothing says what the product is or why people "
            "buy it, and no placeholder copy is written instead. Add to the brand book (then `hookline brand add`): "
            + "; ".join(context.vocabulary.missing()) + ".")
    out_dir = request.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = out_dir / "manifest.json"
    fingerprint = request.fingerprint()
    finished = _load_finished(manifest_path, fingerprint)
    warnings: list[str] = list(request.notes)  # the caller's own (source media, brand material), in the manifest too
    archetype = request.source.summary.archetype if request.source.summary.archetype in ARCHETYPES else "question"

    _emit(progress, "planning", 0, request.n, "planning variants")
    accepted, replaced = _select(request, context, archetype, progress, warnings)
    if not accepted:
        raise InsufficientDataError(
            "No on-brand variant could be written: the brand material and the source ad give too little to work "
            "with. Add to the brand book (then `hookline brand add`): "
            + "; ".join(context.vocabulary.missing() or ["value propositions and calls to action"]) + ".")
    kept = [_archetype_of(context, item.copy, archetype) for item in accepted]
    if any(k != archetype for k in kept):
        others = sorted({k.replace("_", " ") for k in kept if k != archetype})
        warnings.append(f"{kept.count(archetype)} of {len(kept)} variants keep the source's "
                        f"{archetype.replace('_', ' ')} hook; the material gave no more distinct ones, so the rest "
                        f"open with {', '.join(others)} hooks.")

    variants: list[Variant] = []
    for item in accepted:
        variants.append(Variant(
            id=_plan_id(item.plan, fingerprint), rank=0, ad_copy=item.copy, visual=item.wrapper,
            archetype=_archetype_of(context, item.copy, archetype),
            attributes=_attributes(request.source, item.wrapper, _archetype_of(context, item.copy, archetype),
                                   item.copy, context.vocabulary),
            changes=_changes(item.plan, item.copy, request.source, context.vocabulary, item.wrapper,
                             _archetype_of(context, item.copy, archetype), request.video),
        ))
    _emit(progress, "scoring", 0, len(variants), "scoring variants")
    if context.predict is not None:
        for variant, prediction in zip(variants, context.predict(variants), strict=True):
            variant.prediction = prediction
    order = sorted(range(len(variants)), key=lambda i: (
        -(variants[i].score if variants[i].score is not None else -1.0), i))
    variants = [variants[i] for i in order]
    accepted = [accepted[i] for i in order]
    for rank, variant in enumerate(variants, start=1):
        variant.rank = rank

    scenes = _scenes(context, variants, out_dir, progress, warnings)
    result = VariantsResult(
        source=request.source.summary, variants=[], out_dir=str(out_dir), contact_sheet=None,
        manifest=str(manifest_path), copy_engine=context.engine.name,
        image_engine=f"diffusion:{context.images.model_dir.name}" if context.images else "compositor",
        warnings=warnings, diversity=_diversity(accepted, replaced), scoring=_scoring(variants),
    )
    total = len(variants)
    for done, (variant, item) in enumerate(zip(variants, accepted, strict=True), start=1):
        if should_cancel is not None and should_cancel():
            result.status = "cancelled"
            _write_json(manifest_path, {"fingerprint": fingerprint, **result.model_dump(mode="json")})
            raise GenerationCancelled(f"Cancelled after {done - 1} of {total} variants; they are in {manifest_path}.")
        previous = finished.get(variant.id)
        if previous is not None:
            variant.assets, variant.flags = previous.assets, previous.flags
        else:
            variant.assets = _save_variant(request, context, variant, item, scenes.get(variant.id), out_dir)
            variant.flags = _glyph_flags(variant, context)
        result.variants.append(variant)
        _write_json(manifest_path, {"fingerprint": fingerprint, **result.model_dump(mode="json")}, final=False)
        _emit(progress, "rendering", done, total, f"rendering {done}/{total}")

    flagged = [v for v in variants if v.flags]
    if flagged:
        result.warnings.append(f"{len(flagged)} variant(s) flagged: their copy has characters no installed font "
                               f"draws (variant {flagged[0].id}: {flagged[0].flags[0]}).")
    sheet_items = [(Path(v.assets[0].path), _caption(v)) for v in variants if v.assets]
    result.contact_sheet = str(build_contact_sheet(sheet_items, out_dir / "contact_sheet.png"))
    _write_json(manifest_path, {"fingerprint": fingerprint, **result.model_dump(mode="json")})
    return result


def _glyph_flags(variant: Variant, context: CreatorContext) -> list[str]:
    """A flag naming the characters of the variant's copy that no font of the stack can draw (empty boxes)."""
    style = context.style
    spec = variant.visual.font or (style.fonts[0] if style.fonts else None)
    copy = variant.ad_copy
    missing = missing_glyphs([copy.hook, copy.headline, copy.body, copy.cta, style.brand_name or ""],
                             resolve_font(spec, False))
    if not missing:
        return []
    shown = " ".join(f"{ch} (U+{ord(ch):04X})" for ch in missing[:8])
    return [f"missing glyphs: {shown} would render as empty boxes; edit the copy or add a font that has them "
            "(HOOKLINE_FONT_DIRS)"]


def _scoring(variants: list[Variant]) -> ScoringSummary | None:
    scores = [v.score for v in variants if v.score is not None]
    if not scores:
        return None
    basis = next((v.prediction.basis for v in variants if v.prediction and v.prediction.basis), "")
    return ScoringSummary(min_score=min(scores), max_score=max(scores), distinct_scores=len(set(scores)),
                          basis=basis, cold_start="cold start" in basis.lower())


def _caption(variant: Variant) -> str:
    score = f"score {variant.score:.0f} · " if variant.score is not None else ""
    return f"#{variant.rank} {score}{variant.ad_copy.hook}"


def _diversity(accepted: list[_Accepted], replaced: int) -> DiversityReport | None:
    vectors = [a.vector for a in accepted if a.vector is not None]
    if len(vectors) < 2:
        return None
    distances = _cosine_distances(np.stack(vectors))
    upper = distances[np.triu_indices(len(vectors), k=1)]
    return DiversityReport(min_distance=round(float(upper.min()), 4), mean_distance=round(float(upper.mean()), 4),
                           replaced_near_duplicates=replaced, threshold=NEAR_DUPLICATE_DISTANCE)


def _scenes(context: CreatorContext, variants: list[Variant], out_dir: Path,
            progress: ProgressCallback | None, warnings: list[str]) -> dict[str, Image.Image]:
    """Diffusion scenes for all variants in GPU batches, cached on disk so a resumed job never regenerates them."""
    if context.images is None:
        return {}
    cache = out_dir / ".scenes"
    cache.mkdir(exist_ok=True)
    scenes: dict[str, Image.Image] = {}
    missing = [v for v in variants if not (cache / f"{v.id}.png").is_file()]
    if missing:
        _emit(progress, "imaging", 0, len(missing), f"generating {len(missing)} scenes")
        prompts = [_scene_prompt(v, context) for v in missing]
        seeds = [v.visual.seed for v in missing]
        images = context.images.generate(prompts, seeds)
        product = open_picture(context.style.product_image_path)
        if product is not None and context.style.product_treatment == "cutout":  # scenes around the product
            composed = [compose_product(image, product) for image in images]
            refined = context.images.refine([c.image for c in composed], prompts, seeds)
            images = [c.repaste(image) for c, image in zip(composed, refined, strict=True)]
        for variant, image in zip(missing, images, strict=True):
            save_image(image, cache / f"{variant.id}.png")
    for variant in variants:
        with Image.open(cache / f"{variant.id}.png") as image:
            scenes[variant.id] = image.convert("RGB")
        variant.visual = variant.visual.model_copy(update={"background": "diffusion",
                                                            "scene_prompt": _scene_prompt(variant, context)})
    warnings.append(f"Scenes generated with {context.images.model_dir.name}.")
    return scenes


def _scene_prompt(variant: Variant, context: CreatorContext) -> str:
    return prompts.render("creator_scene", product=context.vocabulary.product, tone=context.vocabulary.tone,
                          background=variant.visual.background_colour, accent=variant.visual.accent_colour)


def _save_variant(request: GenerationRequest, context: CreatorContext, variant: Variant, item: _Accepted,
                  scene: Image.Image | None, out_dir: Path) -> list[RenderedAsset]:
    renders = item.renders
    if scene is not None:
        offer = stated_offer(variant.ad_copy, context.vocabulary.offers)
        renders = {p.id: render_variant(variant.ad_copy, variant.visual, context.style, p, scene,
                                        media=context.still, offer=offer) for p in request.formats}
    assets: list[RenderedAsset] = []
    stem = f"{variant.rank:02d}_{variant.id}"
    for placement in request.formats:
        rendered = renders[placement.id]
        path = save_image(rendered.image, out_dir / f"{stem}_{placement.id}.jpg")
        assets.append(RenderedAsset(format=placement.id, path=str(path), width=placement.width,
                                    height=placement.height, text_boxes=rendered.boxes, safe_zone=rendered.safe_zone,
                                    layout=rendered.layout, contrast=rendered.contrast,
                                    contrast_minimums=rendered.minimums, panels=rendered.panels,
                                    picture_boxes=rendered.pictures))
    media = context.media
    if media is not None and media.media == "video" and context.shots:  # a video winner: remix its own footage
        seed = int(hashlib.sha1(variant.id.encode()).hexdigest()[:8], 16)
        assets.append(remix_video(media, context.shots, variant.ad_copy, variant.visual, context.style,
                                  out_dir / f"{stem}_9x16.mp4", seed=seed, pace_s=request.source.summary.pace_s))
    elif request.video:
        summary = request.source.summary
        assets.append(build_video(variant.ad_copy, variant.visual, context.style, out_dir / f"{stem}_9x16.mp4",
                                  avg_shot_s=summary.pace_s, duration_s=summary.duration_s))
    return assets
