"""`generate_variants`: the creator's seam for the CLI, the agent, Slack and the job queue.

Builds the job's context from the workspace (brand profile and material, compliance, copy engine, embeddings,
the analyst's pre-launch model, an optional diffusion model) and runs the resumable generation job.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tools.analyst.api import predict_variants
from tools.brand.api import add_winner_scripts, brand_context, brand_profile, check_compliance
from tools.core.chat_model import load_chat_model
from tools.core.domain.analysis import Candidate
from tools.core.domain.progress import ProgressCallback
from tools.core.domain.variant import BrandStyle, Variant, VariantPrediction, VariantsResult
from tools.core.errors import InputError, NotConfiguredError
from tools.core.limits import check_variant_count
from tools.core.runtime import WorkspaceRuntime
from tools.creator.generate import (
    CreatorContext,
    GenerationRequest,
    SourceAd,
    TemplateEngine,
    run_generation,
)
from tools.creator.llm_copy import LLMEngine
from tools.creator.media import SourceMedia, open_media, remember, remembered, share_asset, still_of
from tools.creator.placements import parse_formats
from tools.creator.sources import resolve_source
from tools.creator.visuals import ColourScheme, colour_schemes
from tools.creator.vocabulary import build_vocabulary
from tools.extractor.api import detect_shots

log = logging.getLogger(__name__)
DEFAULT_PALETTE = ["#101828", "#F2F4F7", "#F79009"]
_MATERIAL_KINDS = ["value_prop", "script", "voice", "audience", "guideline"]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "source"


def _style(runtime: WorkspaceRuntime, profile) -> BrandStyle:  # type: ignore[no-untyped-def]
    """Colours, fonts and the kit's newest product photo and logo (a kit logo wins over a logo path in the book)."""
    logo = None
    if profile.logo_path:
        candidate = Path(profile.logo_path).expanduser()
        logo = candidate if candidate.is_absolute() else runtime.home / candidate
    products = [k for k in profile.kit if k.kind == "product"]
    logos = [k for k in profile.kit if k.kind == "logo"]
    if logos:
        logo = Path(logos[0].path)
    product = products[0] if products else None
    return BrandStyle(palette=profile.palette_hex or DEFAULT_PALETTE, fonts=profile.fonts, logo_path=logo,
                      product_image_path=Path(product.path) if product else None,
                      product_treatment="framed" if product and product.treatment == "framed" else "cutout",
                      brand_name=profile.name)


def _predictor(runtime: WorkspaceRuntime) -> Callable[[list[Variant]], list[VariantPrediction]]:
    def predict(variants: list[Variant]) -> list[VariantPrediction]:

        candidates = [Candidate(id=v.id, hook=v.ad_copy.hook, headline=v.ad_copy.headline, body=v.ad_copy.body,
                                cta=v.ad_copy.cta,
                                kind=v.attributes.get("kind"), attributes=v.attributes) for v in variants]
        predictions = predict_variants(runtime, candidates)
        out: list[VariantPrediction] = []
        for p in predictions:
            interval = tuple(p.interval) if p.interval and None not in p.interval else None
            model = f"workspace model v{p.model_version}" if p.model_version else "workspace model"
            basis = f"{model} (cold start)" if p.cold_start else model
            basis = f"{basis}. {p.note}" if p.note else basis
            out.append(VariantPrediction(metric=p.metric, value=p.value, interval=interval,  # type: ignore[arg-type]
                                         score=p.score, basis=basis))
        return out

    return predict


def build_context(runtime: WorkspaceRuntime, source: SourceAd, language: str | None = None,
                  use_images: bool = True, media: SourceMedia | None = None) -> tuple[CreatorContext, str, list[str]]:
    """The generation context for this workspace; returns it with the language to write in and warnings."""

    warnings: list[str] = []
    profile = brand_profile(runtime)
    language = (language or profile.primary_language).lower()
    material: list[str] = []
    if profile.chunks:
        query = " ".join(source.texts) or "value propositions, proof and calls to action"
        material = [hit.text for hit in brand_context(runtime, query, k=8, kinds=_MATERIAL_KINDS)]
    else:
        warnings.append("No brand material yet: copy is built from the source ad alone "
                        "(add a brand book with `hookline brand add FILE`).")
    vocabulary = build_vocabulary(brand=profile.name, product=profile.name, value_props=profile.value_props,
                                  ctas=profile.cta_preferences, tone=profile.tone, material=material,
                                  source_texts=source.texts, value_prop_details=profile.value_prop_details,
                                  proof=profile.proof, offers=profile.offers, product_facts=profile.product_facts)
    settings = runtime.settings
    if settings.model:
        engine = LLMEngine(chat_model=load_chat_model(settings.model, temperature=0.8), vocabulary=vocabulary,
                           source_text=" ".join(source.texts) or (
                               source.summary.ad_copy.body if source.summary.ad_copy else ""),
                           banned=profile.banned_words + profile.banned_claims, voice_rules=profile.voice_rules,
                           name=settings.model)
    else:
        if language != "en":
            raise NotConfiguredError(
                f"Writing in '{language}' needs a language model: set HOOKLINE_MODEL (e.g. openai:gpt-4o-mini). "
                "Offline, variants are written in English."
            )
        engine = TemplateEngine(vocabulary, video_source=_is_video(source))

    def check(texts: list[str], colours: list[str]) -> list[str]:
        report = check_compliance(profile, texts, colours if profile.palette else ())
        return [violation.message for violation in report.violations]

    images = None
    if use_images and settings.image_model:
        from tools.creator.imagegen import load_image_generator

        try:
            images = load_image_generator(settings.image_model)
        except NotConfiguredError as exc:
            warnings.append(str(exc))
    style = _style(runtime, profile)
    schemes = colour_schemes(style.palette)
    if not schemes:  # no accent reads on any pair: the best-contrast pair, with the text colour as the accent
        from itertools import permutations

        from tools.core.colours import contrast_ratio

        background, text = max(permutations(style.palette, 2), key=lambda pair: contrast_ratio(*pair))
        schemes = [ColourScheme(background=background, text=text, accent=text)]
        warnings.append(f"No third palette colour reads as an accent on {background}/{text} (WCAG 4.5:1), so the "
                        "CTA uses the text colour; add a contrasting accent with `hookline brand edit --palette`.")
    still, shots = None, []
    if media is not None:
        still = still_of(media)
        if media.media == "video":
            shots = [(shot.start_s, shot.end_s) for shot in detect_shots(media.path)]
    context = CreatorContext(vocabulary=vocabulary, style=style, schemes=schemes,
                             engine=engine, check=check, embed=runtime.vectors.embed, predict=_predictor(runtime),
                             images=images, media=media, still=still, shots=shots)
    return context, language, warnings


def _is_video(source: SourceAd) -> bool:
    kind = (source.attributes.get("kind") or "").lower()
    return kind == "video" or bool(source.summary.duration_s)


def generate_variants(runtime: WorkspaceRuntime, source: str = "winner", n: int = 20,
                      formats: str | Sequence[str] = ("1x1", "4x5", "9x16"), video: bool = False,
                      out_dir: str | Path | None = None, language: str | None = None,
                      progress: ProgressCallback | None = None, should_cancel: Callable[[], bool] | None = None,
                      *, period: str = "last-week", metric: str | None = None, seed: int = 7,
                      asset: str | Path | None = None) -> VariantsResult:
    """N on-brand variants of the source, scored and rendered; resumable when rerun with the same arguments.

    `asset` is the source ad's own image or video: a shared-storage key (what jobs carry) or a local file. Given
    for an ad, it is remembered for that ad; without it, the ad's remembered file (or a blueprint's source file)
    is used.
    """
    check_variant_count(n)  # before the source is resolved: a bad count costs nothing
    placements = parse_formats(formats)
    resolved = resolve_source(runtime, source, period=period, metric=metric)
    if resolved.summary.kind == "winner" and resolved.summary.ad_id:
        _remember_winner(runtime, resolved)
    media = source_media(runtime, resolved, asset)
    context, language, warnings = build_context(runtime, resolved, language, media=media)
    if media is not None:
        what = "footage" if media.media == "video" else "picture"
        warnings.append(f"Built on the source's own {what} ({media.path.name}).")
    if out_dir is None:
        stamp = datetime.now(UTC).strftime("%Y%m%d")
        out_dir = runtime.assets_dir / "variants" / f"{stamp}-{_slug(resolved.summary.label)}-n{n}-{language}"
    request = GenerationRequest(source=resolved, n=n, formats=placements, out_dir=Path(out_dir), video=video,
                                language=language, seed=seed, media_key=media.key if media else None,
                                notes=warnings)
    return run_generation(request, context, progress=progress, should_cancel=should_cancel)


def source_media(runtime: WorkspaceRuntime, source: SourceAd, asset: str | Path | None) -> SourceMedia | None:
    """The source's own file: the given asset (remembered for the ad), else the ad's remembered one, else its media
    synced from the ad account, else the file a blueprint was extracted from when it is still on this box."""
    settings, workspace = runtime.settings, runtime.workspace
    ad_id = source.summary.ad_id
    if asset is not None:
        key = str(asset)
        if Path(key).expanduser().is_file():
            key = share_asset(settings, workspace, Path(key))
        media = open_media(settings, workspace, key)
        if ad_id:
            remember(runtime, ad_id, media)
        return media
    if ad_id:
        known = remembered(runtime, ad_id)
        if known is not None or not source.media_key:
            return known
        try:  # the ad's own image or video as synced from its ad account
            return open_media(settings, workspace, source.media_key)
        except InputError:
            log.warning("the synced media %s of ad %s is not usable", source.media_key, ad_id)
            return None
    if source.media_path is not None and Path(source.media_path).is_file():
        try:
            return open_media(settings, workspace, share_asset(settings, workspace, source.media_path))
        except InputError:
            log.warning("the blueprint's source file %s is not usable media", source.media_path)
    return None


def _remember_winner(runtime: WorkspaceRuntime, source: SourceAd) -> None:
    """Winning copy becomes Brand DNA (`script`), so later variants and the agent can draw on it."""

    try:
        add_winner_scripts(runtime, [{"ad_id": source.summary.ad_id, "ad_name": source.summary.label}])
    except Exception:  # never block generation on it; the next winner run retries
        log.warning("could not add the winner's copy to the brand store", exc_info=True)


def summarise(result: VariantsResult) -> dict[str, Any]:
    """CLI.md's keys (flat per variant) plus the full detail under `details`."""
    return {
        "source": result.source.model_dump(mode="json"),
        "variants": [
            {"id": v.id, "rank": v.rank, "hook": v.ad_copy.hook, "headline": v.ad_copy.headline,
             "body": v.ad_copy.body, "cta": v.ad_copy.cta, "score": v.score,
             "predicted": v.prediction.model_dump(mode="json") if v.prediction else None,
             "changes": [c.model_dump(mode="json") for c in v.changes],
             "assets": [a.path for a in v.assets]}
            for v in result.variants
        ],
        "contact_sheet": result.contact_sheet,
        "manifest": result.manifest,
        "out_dir": result.out_dir,
        "diversity": result.diversity.model_dump(mode="json") if result.diversity else None,
        "copy_engine": result.copy_engine,
        "image_engine": result.image_engine,
        "warnings": result.warnings,
        "scoring": result.scoring.model_dump(mode="json") if result.scoring else None,
    }
