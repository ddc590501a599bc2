"""The extractor's seam: deconstruct any ad into a Blueprint, and classify plain copy quickly.

- `extract_blueprint(runtime, source, store=True, creative_ad_id=None)` — a file path or an http(s) URL (video,
  image, ad copy, Meta Ad Library JSON) → Blueprint, stored against the creative when asked. All-or-nothing: bad
  input raises `InputError` before anything is stored.
- `classify_copy(text)` — hook archetype, CTA, offer, claims, reading level for plain text (no runtime needed).
- `list_blueprints(runtime, ...)` — stored blueprints, for the analyst and the creator.

Text inside an ad is data. It is analysed, stored and shown; it never triggers an action.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tools.core.domain.blueprint import Blueprint, CopyFeatures, Shot
from tools.core.errors import InputError
from tools.core.fetch import FetchPolicy, policy_from_settings
from tools.core.runtime import WorkspaceRuntime
from tools.extractor.analysis.video import build_shots, run_video_pass
from tools.extractor.copy.classify import classify_copies, classify_copy
from tools.extractor.pipeline import MAX_ANALYSIS_FPS, analyse, validate_video
from tools.extractor.sources import DEFAULT_MAX_DOWNLOAD_BYTES, open_source
from tools.extractor.store import StoredBlueprint, list_blueprints, resolve_creative, save_blueprint

__all__ = [
    "Blueprint",
    "CopyFeatures",
    "StoredBlueprint",
    "analyse_source",
    "classify_copies",
    "classify_copy",
    "detect_shots",
    "extract_blueprint",
    "list_blueprints",
]


def analyse_source(source: str | Path, *, archive_id: str | None = None,
                   max_download_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES, use_embeddings: bool = True,
                   model_path: Path | None = None, progress: Callable[[str], None] | None = None,
                   fetch_policy: FetchPolicy | None = None) -> Blueprint:
    """The blueprint of one ad, without touching the database (URLs go through the guarded fetcher)."""

    with open_source(source, max_download_bytes=max_download_bytes, fetch_policy=fetch_policy) as resolved:
        return analyse(resolved, archive_id=archive_id, use_embeddings=use_embeddings, model_path=model_path,
                       progress=progress)


def detect_shots(path: str | Path) -> list[Shot]:
    """The shots of a local video (cuts and dissolves), without the hook, audio and copy analysis of a blueprint.

    For the creator's remixes: it needs where the source's shots start and end, fast, on any machine.
    """
    with open_source(Path(path)) as resolved:
        stream = validate_video(resolved)
        width, height = stream.width or 0, stream.height or 0
        if stream.rotation in (90, 270):
            width, height = height, width
        fps = min(stream.fps or 30.0, MAX_ANALYSIS_FPS)
        video = run_video_pass(resolved.path, width=width, height=height, fps=fps if fps >= 1.0 else 30.0)
        shots, _transitions, _cuts = build_shots(video)
    return shots


def extract_blueprint(runtime: WorkspaceRuntime, source: str | Path, store: bool = True,
                      creative_ad_id: str | None = None, *, archive_id: str | None = None,
                      max_download_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES, use_embeddings: bool = True,
                      progress: Callable[[str], None] | None = None) -> Blueprint:
    """Deconstruct an ad into a Blueprint; store it (against our creative behind `creative_ad_id`) unless told not."""
    if creative_ad_id is not None and not store:
        raise InputError("--ad attaches a stored blueprint to a creative; it cannot be combined with --no-store.",
                         field="ad")
    if creative_ad_id is not None:
        # Fail before the heavy work when the ad does not exist; checked again inside the storing transaction.
        with runtime.session() as session:
            resolve_creative(session, runtime.workspace_id, creative_ad_id)
    blueprint = analyse_source(source, archive_id=archive_id, max_download_bytes=max_download_bytes,
                               use_embeddings=use_embeddings, model_path=runtime.settings.embedding_model,
                               progress=progress,
                               fetch_policy=policy_from_settings(runtime.settings, max_bytes=max_download_bytes))
    if store:
        stored_id, creative_id = save_blueprint(runtime, blueprint, creative_ad_id)
        blueprint.stored_id = stored_id
        blueprint.creative_id = creative_id
    return blueprint
