"""Queue handlers: variant generation as a job (progress, cancellation, idempotent retries on another worker).

Two kinds so routing is explicit: `creator.generate` runs anywhere; `creator.generate_gpu` (diffusion scenes) only
on GPU workers. A retried attempt resumes from the manifest in the job's output folder instead of starting over.
"""

from __future__ import annotations

from typing import Any

from tools.core.jobs import JobContext, job
from tools.core.runtime import build_runtime
from tools.creator.api import generate_variants, summarise


def _run(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:

    runtime = build_runtime(ctx.settings, ctx.workspace)
    out_dir = payload.get("out_dir") or str(runtime.assets_dir / "jobs" / ctx.job_id)
    result = generate_variants(
        runtime, source=payload.get("source", "winner"), n=int(payload.get("n", 20)),
        formats=payload.get("formats", "1x1,4x5,9x16"), video=bool(payload.get("video", False)), out_dir=out_dir,
        language=payload.get("language"), period=payload.get("period", "last-week"), metric=payload.get("metric"),
        progress=lambda event: ctx.progress(event.done, event.total, event.message or event.stage),
        should_cancel=ctx.cancelled,
    )
    return summarise(result)


@job("creator.generate")
def generate(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    return _run(ctx, payload)


@job("creator.generate_gpu", gpu=True)
def generate_gpu(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    return _run(ctx, payload)
