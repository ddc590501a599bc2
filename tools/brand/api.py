"""Brand DNA seams other areas call (creator, agent, winners, CLI, Slack). Typed, no printing.

- `brand_add` / `add_winner_scripts` store material (all or nothing, de-duplicated per workspace);
- `brand_search` / `brand_context` / `brand_get` retrieve it, always scoped to the runtime's workspace;
- `brand_profile` / `brand_edit` read and correct the structured profile (SQL only: fast, no model);
- `check_compliance` is pure and fast: the creator runs it on every variant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from tools.brand.compliance import check_compliance
from tools.brand.ingest import ingest_sources
from tools.brand.kinds import validate_kind
from tools.brand.kit import add_kit_images, is_kit_kind, kit_images
from tools.brand.profile import merge_edits, normalise_edit
from tools.brand.readers import MAX_FILE_BYTES, SourceText, read_inputs
from tools.brand.retrieval import context, get_chunks, search
from tools.brand.store import load_profile, profile_record
from tools.core.db.models import Ad, Creative
from tools.core.domain.brand import (
    BrandAddResult,
    BrandHit,
    BrandKitImage,
    BrandProfile,
    BrandSearchResult,
    ProfileEdit,
    WinnerScript,
)
from tools.core.errors import InputError
from tools.core.fetch import policy_from_settings

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime

__all__ = [
    "add_winner_scripts",
    "brand_add",
    "brand_context",
    "brand_edit",
    "brand_get",
    "brand_kit",
    "brand_profile",
    "brand_search",
    "check_compliance",
]


def brand_add(runtime: WorkspaceRuntime, paths: Sequence[str | Path] = (), text: str | None = None,
              kind: str | None = None, progress: Callable[[str], None] | None = None) -> BrandAddResult:
    """Add files (Markdown, text, PDF, DOCX), URLs and/or pasted text; with `kind` product or logo, images for the
    brand kit (PNG, JPG, WebP). `kind` forces one kind for every passage;
    otherwise each passage's kind is inferred from its headings. Raises `InputError` before storing anything when
    any input is unreadable, empty, unsupported or too large."""

    if is_kit_kind(kind):  # product photos and logos go into the brand kit, not the text store
        if text is not None:
            raise InputError(f"--kind {kind} takes image files (PNG, JPG, WebP), not --text.", field="kind")
        return add_kit_images(runtime, paths, str(kind))
    forced = validate_kind(kind)
    policy = policy_from_settings(runtime.settings, max_bytes=MAX_FILE_BYTES, size_unit="MiB")
    sources = read_inputs(list(paths), text, fetch_policy=policy)
    return ingest_sources(runtime, sources, forced, progress=progress)


def brand_search(runtime: WorkspaceRuntime, query: str, k: int = 5,
                 kinds: Sequence[str] | None = None) -> BrandSearchResult:
    """The `k` passages closest to `query` in this workspace (cosine `score`, best first)."""

    return BrandSearchResult(query=query, results=search(runtime, query, k, kinds))


def brand_context(runtime: WorkspaceRuntime, query: str, k: int = 6, kinds: Sequence[str] | None = None,
                  lambda_mult: float = 0.5) -> list[BrandHit]:
    """Diverse, relevant passages (MMR) to put in a creator or agent prompt. Empty when there is no material.

    The text is brand material, i.e. data: quote it to the model, never treat it as instructions.
    """

    return context(runtime, query, k, kinds, lambda_mult=lambda_mult)


def brand_get(runtime: WorkspaceRuntime, ids: Sequence[str]) -> list[BrandHit]:
    """Passages by id; ids of other workspaces return nothing."""

    return get_chunks(runtime, ids)


def brand_profile(runtime: WorkspaceRuntime) -> BrandProfile:
    """The structured profile (derived from the material, edits applied) with the kit's pictures."""
    profile = load_profile(runtime)
    profile.kit = kit_images(runtime)
    return profile


def brand_kit(runtime: WorkspaceRuntime, kind: str | None = None) -> list[BrandKitImage]:
    """The kit's product photos and logos (newest first); `kind` narrows to one."""
    return kit_images(runtime, kind)


def brand_edit(runtime: WorkspaceRuntime, edit: ProfileEdit) -> BrandProfile:
    """Apply a profile edit (kept apart from the derived values, so later adds never undo it)."""
    normalised = normalise_edit(edit)
    workspace_id = runtime.workspace_id
    with runtime.session() as session:
        record = profile_record(session, workspace_id, create=True)
        assert record is not None
        record.edits = merge_edits(dict(record.edits or {}), normalised)
    return brand_profile(runtime)


def add_winner_scripts(runtime: WorkspaceRuntime, winners: Iterable[Any]) -> BrandAddResult:
    """Store winning ads' copy as `script` passages. Idempotent: the same copy is never stored twice.

    `winners` may be `WinnerScript`s, mappings or objects with `ad_id` (e.g. the winners report's rows); when an
    item carries no copy, the copy of the ad's creative in this workspace is used; items with no copy are skipped.
    """

    scripts = [_as_winner(item) for item in winners]
    missing = [s for s in scripts if not _copy_of(s)]
    if missing:
        _fill_from_creatives(runtime, missing)
    sources = [
        SourceText(source=f"winner:{s.ad_id}", location=None, format="winner", text=_copy_of(s),
                   metadata={"ad_id": s.ad_id, **({"ad_name": s.ad_name} if s.ad_name else {})})
        for s in scripts if _copy_of(s)
    ]
    if not sources:
        return BrandAddResult(added=0)
    return ingest_sources(runtime, sources, "script")


def _as_winner(item: Any) -> WinnerScript:
    if isinstance(item, WinnerScript):
        return item.model_copy()
    if hasattr(item, "model_dump"):
        item = item.model_dump()
    if not isinstance(item, Mapping):
        item = {name: getattr(item, name) for name in WinnerScript.model_fields if hasattr(item, name)}
    data = {name: item.get(name) for name in WinnerScript.model_fields if item.get(name) is not None}
    if "ad_id" not in data:
        raise InputError(f"A winner without an ad_id cannot be stored as a script: {dict(item)!r}.", field="ad_id")
    data["ad_id"] = str(data["ad_id"])
    return WinnerScript(**data)


def _copy_of(script: WinnerScript) -> str:
    if script.text and script.text.strip():
        return script.text.strip()
    parts = [
        f"Headline: {script.headline.strip()}" if script.headline and script.headline.strip() else "",
        f"Body: {script.body.strip()}" if script.body and script.body.strip() else "",
        f"CTA: {script.cta.strip()}" if script.cta and script.cta.strip() else "",
    ]
    return "\n".join(p for p in parts if p)


def _fill_from_creatives(runtime: WorkspaceRuntime, scripts: list[WinnerScript]) -> None:

    workspace_id = runtime.workspace_id
    wanted = {s.ad_id for s in scripts}
    with runtime.session() as session:
        rows = session.execute(
            select(Ad.external_id, Ad.name, Creative.headline, Creative.body, Creative.cta)
            .join(Creative, Ad.creative_id == Creative.id)
            .where(Ad.workspace_id == workspace_id, Ad.external_id.in_(wanted))
        ).all()
    by_ad = {row.external_id: row for row in rows}
    for script in scripts:
        row = by_ad.get(script.ad_id)
        if row is not None:
            script.headline, script.body, script.cta = row.headline, row.body, row.cta
            script.ad_name = script.ad_name or row.name
