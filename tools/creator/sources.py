"""Resolve what to mutate: the period's winner, one of our ads, or a blueprint file from the extractor.

Our own ads' copy counts as brand material (their numbers are ours); a blueprint is often a competitor's, so its text
is used only to recognise what changed — never as facts, and never as instructions.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tools.core.db.models import Ad, Creative
from tools.core.domain.variant import AdCopy, SourceSummary
from tools.core.errors import InputError, InsufficientDataError
from tools.core.runtime import WorkspaceRuntime
from tools.core.storage import workspace_storage
from tools.creator.brief_source import PREFIX as BRIEF_PREFIX
from tools.creator.brief_source import parse_brief_source
from tools.creator.generate import SourceAd
from tools.extractor.api import classify_copy, list_blueprints
from tools.ingest.meta_api.media import picture_of

_ARCHETYPE_WORDS = {
    "question": "question", "statistic": "statistic", "stat": "statistic", "testimonial": "testimonial",
    "review": "testimonial", "ugc": "testimonial", "problem": "problem", "pain": "problem", "offer": "offer",
    "discount": "offer", "listicle": "listicle", "list": "listicle", "before": "before_after",
    "curiosity": "curiosity", "demo": "demonstration", "demonstration": "demonstration", "how": "demonstration",
    "solution": "problem", "bold": "bold_claim",
    "claim": "bold_claim",
}


def archetype_from_label(label: str | None) -> str | None:
    """'Bold claim' / 'before_after' / 'Testimonial' → the extractor's archetype ids."""
    if not label:
        return None
    for word in re.split(r"[^a-z]+", label.lower()):
        if word in _ARCHETYPE_WORDS:
            return _ARCHETYPE_WORDS[word]
    return None


def _classify(text: str) -> str | None:
    """The extractor's copy classifier (embedding + rules) on our ad's own text."""

    return classify_copy(text).hook_archetype


def _stored_blueprint(runtime: WorkspaceRuntime, creative_id: int) -> dict[str, Any] | None:
    """The newest blueprint extracted from this creative (its pace and archetype), if any."""

    stored = list_blueprints(runtime, creative_ids=[creative_id], limit=1)
    return stored[0].blueprint.model_dump(mode="json", by_alias=True) if stored else None


def from_ad(runtime: WorkspaceRuntime, ad_external_id: str, kind: str = "ad",
            metrics: dict[str, float | None] | None = None) -> SourceAd:
    with runtime.session() as session:
        row = session.execute(
            select(Ad, Creative).join(Creative, Ad.creative_id == Creative.id, isouter=True)
            .where(Ad.workspace_id == runtime.workspace_id, Ad.external_id == str(ad_external_id))
        ).first()
        if row is None:
            raise InputError(f"No ad with id {ad_external_id!r} in workspace {runtime.workspace!r}; "
                             "`hookline winners` lists ad ids.", field="source")
        ad, creative = row
        headline = (creative.headline if creative else None) or ""
        body = (creative.body if creative else None) or ""
        cta = (creative.cta if creative else None) or ""
        attributes = {str(k): str(v) for k, v in ((creative.attributes if creative else None) or {}).items()}
        name = ad.name or (creative.name if creative else None) or str(ad_external_id)
        creative_id = creative.id if creative else None
        creative_kind = creative.kind if creative else "unknown"
        media_key = creative.media_uri if creative else None
    blueprint = _stored_blueprint(runtime, creative_id) if creative_id else None
    hook_label = next((v for k, v in attributes.items() if "hook" in k.lower()), None)
    text = " ".join(t for t in (headline, body) if t)
    archetype = (archetype_from_label(hook_label) or _blueprint_archetype(blueprint)
                 or archetype_from_label(name) or (_classify(text) if text else None))
    pace = duration = None
    if blueprint:
        pace, duration = blueprint.get("avg_shot_s"), blueprint.get("duration_s")
    summary = SourceSummary(
        kind="winner" if kind == "winner" else "ad", label=name, ad_id=str(ad_external_id), archetype=archetype,
        ad_copy=AdCopy(hook=headline or name, headline=headline or name, body=body, cta=_human_cta(cta))
        if (headline or body) else None,
        metrics=metrics or {}, pace_s=pace, duration_s=duration, media=_picture(runtime, media_key),
    )
    texts = [t for t in (headline, body, _human_cta(cta) if cta else "") if t]
    attributes.setdefault("kind", creative_kind)
    return SourceAd(summary=summary, attributes=attributes, texts=texts, media_key=media_key)


def _picture(runtime: WorkspaceRuntime, media_key: str | None) -> str | None:
    """The ad's stored media (`creatives.media_uri`, a key in the workspace's storage) as a still picture path."""
    if not media_key:
        return None
    try:
        path = workspace_storage(runtime.settings, runtime.workspace).path(media_key)
    except InputError:
        return None
    picture = picture_of(path)
    return str(picture) if picture is not None else None


def _human_cta(cta: str | None) -> str:
    """Meta's call-to-action enums (SHOP_NOW) as the words people see (Shop now)."""
    if not cta:
        return "Shop now"
    return cta.replace("_", " ").capitalize() if cta.isupper() else cta


def _blueprint_archetype(blueprint: dict[str, Any] | None) -> str | None:
    if not blueprint:
        return None
    copy = blueprint.get("copy") or {}
    hook = copy.get("hook_archetype")
    return hook if isinstance(hook, str) else None


def from_blueprint_file(path: Path) -> SourceAd:
    """A blueprint JSON written by `hookline extract --json` (ours or a competitor's)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"Blueprint file {path} does not exist.", file=str(path)) from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"Blueprint file {path} is not readable JSON ({exc}); expected the output of "
                         "`hookline extract --json`.", file=str(path)) from exc
    if not isinstance(data, dict) or "kind" not in data:
        raise InputError(f"Blueprint file {path} has no 'kind' field; expected the output of "
                         "`hookline extract --json`.", file=str(path))
    copy = data.get("copy") or {}
    text = copy.get("text") or ""
    summary = SourceSummary(
        kind="blueprint", label=Path(path).name, archetype=_blueprint_archetype(data),
        pace_s=data.get("avg_shot_s"), duration_s=data.get("duration_s"),
    )
    cta = copy.get("cta_text") or copy.get("cta")
    if text:
        first = re.split(r"(?<=[.!?])\s+", text.strip())[0][:90]
        summary.ad_copy = AdCopy(hook=first, headline=first, body=text[:230], cta=str(cta or "Learn more")[:32])
    origin = data.get("source") or {}
    media_path = None
    if isinstance(origin, dict) and origin.get("origin") == "file" and origin.get("uri"):
        uri = str(origin["uri"])
        candidate = Path(uri[len("file://"):] if uri.startswith("file://") else uri).expanduser()
        media_path = candidate if candidate.is_file() else None  # blueprints keep their source file when it is here
    return SourceAd(summary=summary, attributes={"kind": str(data.get("kind"))}, texts=[], media_path=media_path)


_VIDEO_WORDS = ("video", "reel", "ugc")
_IMAGE_WORDS = ("image", "static", "photo", "carousel")


def from_brief(runtime: WorkspaceRuntime, spec: str) -> SourceAd:
    """A creative brief's elements as constraints: its hook archetype leads the hooks, its attributes (format,
    offer, colour, ...) are the variants' attributes the analyst scores, and an iteration starts from its ad's copy.
    """
    brief = parse_brief_source(spec)
    base = from_ad(runtime, brief.iteration_of) if brief.iteration_of else None
    archetype = brief.archetype or archetype_from_label(brief.attributes.get("hook_type")) or (
        base.summary.archetype if base else None)
    attributes = {**(base.attributes if base else {}), **brief.attributes}
    fmt = brief.attributes.get("format", "")
    if any(word in fmt for word in _VIDEO_WORDS):
        attributes["kind"] = "video"
    elif any(word in fmt for word in _IMAGE_WORDS):
        attributes["kind"] = "image"
    attributes.setdefault("kind", "unknown")
    elements = ", ".join(f"{k} {v.replace('_', ' ')}" for k, v in brief.attributes.items())
    label = f"brief: {(archetype or 'any').replace('_', ' ')} hook" + (f", {elements}" if elements else "")
    if base is not None:
        label += f" (iterating on {base.summary.label})"
    summary = SourceSummary(kind="brief", label=label[:200], ad_id=brief.iteration_of, archetype=archetype,
                            ad_copy=base.summary.ad_copy if base else None,
                            metrics=base.summary.metrics if base else {},
                            pace_s=base.summary.pace_s if base else None,
                            duration_s=base.summary.duration_s if base else None)
    return SourceAd(summary=summary, attributes=attributes, texts=base.texts if base else [])


def resolve_source(runtime: WorkspaceRuntime, source: str, *, period: str = "last-week",
                   metric: str | None = None) -> SourceAd:
    """`winner` | `ad:ID` | `blueprint:FILE` | `brief:FIELD=VALUE+...` → the SourceAd to mutate."""
    spec = source.strip()
    if spec.startswith(BRIEF_PREFIX):
        return from_brief(runtime, spec)
    if spec == "winner":
        from tools.performance.api import find_winners

        result = find_winners(runtime, period=period, metric=metric or "roas", top=1)
        if not result.winners:
            lacking = ", ".join(i.ad_id for i in result.insufficient_data[:5])
            raise InsufficientDataError(
                f"No winner in {result.period.start}..{result.period.end}: no ad met the minimum evidence "
                f"(spend ≥ {runtime.settings.min_spend:g}, impressions ≥ {runtime.settings.min_impressions})"
                + (f"; not yet judged: {lacking}" if lacking else "")
                + ". Try a longer period (e.g. --period last-30-days) or a given ad (--from ad:ID)."
            )
        winner = result.winners[0]
        metrics = {"value": winner.value, "spend": winner.spend, "impressions": float(winner.impressions)}
        resolved = from_ad(runtime, winner.ad_id, kind="winner", metrics={result.metric: winner.value, **metrics})
        resolved.summary.label = f"{winner.ad_name or winner.ad_id} (best {result.metric} {result.period.start}.." \
                                 f"{result.period.end})"
        return resolved
    if spec.startswith("ad:"):
        return from_ad(runtime, spec[3:].strip())
    if spec.startswith("blueprint:"):
        return from_blueprint_file(Path(spec[len("blueprint:"):].strip()).expanduser())
    raise InputError(f"Unknown source {source!r}: expected winner, ad:ID, blueprint:FILE or brief:FIELD=VALUE+....",
                     field="from")
