"""`generate_variants` → `tools.creator.api.generate_variants`, with progress passed through ("rendering 7/20")."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tools.catalog.env import CALL_KEY, ProgressFn, ToolOutput
from tools.catalog.ops._common import import_area
from tools.core.jsonio import to_jsonable

if TYPE_CHECKING:
    from tools.catalog.args import GenerateVariantsArgs
    from tools.core.runtime import WorkspaceRuntime


def progress_adapter(progress: ProgressFn, total: int) -> Callable[..., None]:
    """Accept the creator's callback in any of its reasonable shapes: (done, total[, message]), an event object
    or a dict with done/total/message (and optional stage)."""

    def callback(*args: Any, **kwargs: Any) -> None:
        event: dict[str, Any] = dict(kwargs)
        if len(args) == 1 and not isinstance(args[0], int | float):
            item = args[0]
            event.update(item if isinstance(item, dict) else {
                key: getattr(item, key) for key in ("stage", "done", "total", "message") if hasattr(item, key)
            })
        else:
            for key, value in zip(("done", "total", "message"), args, strict=False):
                event[key] = value
        done = int(event.get("done") or 0)
        count = int(event.get("total") or total)
        stage = str(event.get("stage") or "rendering")
        progress(stage, done, count, str(event.get("message") or f"{stage} {done}/{count}"))

    return callback


def call_job_key() -> str | None:
    """The job key of the agent's current tool call: a resumed turn follows the job its first attempt started."""
    call = CALL_KEY.get()
    if not call:
        return None
    key = f"agent:{call}"
    if len(key) > 200:
        import hashlib

        key = f"agent:{hashlib.sha256(call.encode()).hexdigest()}"
    return key


def generate_variants(runtime: WorkspaceRuntime, args: GenerateVariantsArgs, progress: ProgressFn) -> ToolOutput:
    if args.source == "blueprint":
        from tools.core.errors import InputError

        raise InputError("No blueprint in this conversation yet: attach the ad to break down first, or say "
                         "'from blueprint:FILE'.", field="source")
    import_area("creator")  # a clear error when the capability is not installed
    from tools.creator.submit import generate_variants_job

    result = generate_variants_job(
        runtime, source=args.source, n=args.n, formats=tuple(args.formats), video=args.video,
        language=args.language, progress=progress_adapter(progress, args.n), idempotency_key=call_job_key(),
    )
    data = to_jsonable(result)
    variants = data.get("variants") or []
    files = [data[key] for key in ("contact_sheet", "manifest") if data.get(key)]
    asset_count = sum(len(v.get("assets") or []) for v in variants)
    scores = [float(s) for s in (_variant_score(v) for v in variants) if s is not None]
    source = data.get("source")
    label = source.get("label") if isinstance(source, dict) else source or args.source
    summary = f"Generated {len(variants)} variants ({asset_count} assets) from {label}"
    if len(variants) < args.n:
        warnings = data.get("warnings") or []
        summary += f" ({args.n} asked" + (f": {str(warnings[0]).rstrip('.')}" if warnings else "") + ")"
    if args.language:
        summary += f" in {args.language}"
    if scores:
        summary += f"; predicted score best {max(scores):.0f}, median {sorted(scores)[len(scores) // 2]:.0f}"
    best = variants[0].get("ad_copy") if variants else None
    if isinstance(best, dict) and best.get("headline"):
        summary += f"; top headline: \"{best['headline']}\""
    if data.get("status") == "cancelled":
        summary += " (cancelled before the end)"
    return ToolOutput(data=data, files=[str(f) for f in files], summary=summary + ".")


def _variant_score(variant: dict[str, Any]) -> float | None:
    prediction = variant.get("prediction")
    if isinstance(prediction, dict) and prediction.get("score") is not None:
        return float(prediction["score"])
    return float(variant["score"]) if variant.get("score") is not None else None
