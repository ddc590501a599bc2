"""Queue handlers: variant generation as a job (progress, cancellation, idempotent retries on another worker).

Two kinds so routing is explicit: `creator.generate` runs anywhere; `creator.generate_gpu` (diffusion scenes) only
on GPU workers. The job renders into its folder of the shared storage (`variants/<job id>` unless the payload names
one), so a retried attempt — on this worker or another — resumes from the manifest there instead of starting over,
and the result names storage keys the caller reads back on its own machine.
"""

from __future__ import annotations

from typing import Any

from tools.core.jobs import JobCancelled, JobContext, job
from tools.core.runtime import build_runtime
from tools.creator.api import generate_variants
from tools.creator.generate import GenerationCancelled
from tools.creator.shared import to_keys


def _run(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    runtime = build_runtime(ctx.settings, ctx.workspace)
    folder = ctx.storage.folder(str(payload.get("output") or f"variants/{ctx.job_id}"))
    try:
        result = generate_variants(
            runtime, source=payload.get("source", "winner"), n=int(payload.get("n", 20)),
            formats=payload.get("formats", "1x1,4x5,9x16"), video=bool(payload.get("video", False)),
            out_dir=folder, language=payload.get("language"), period=payload.get("period", "last-week"),
            metric=payload.get("metric"), asset=payload.get("asset"),
            progress=lambda event: ctx.progress(event.done, event.total, event.message, event.stage),
            should_cancel=ctx.cancelled,
        )
    except GenerationCancelled as exc:  # finished variants stay in the manifest; the job ends cancelled
        raise JobCancelled(ctx.job_id) from exc
    return {"variants": to_keys(result, ctx.storage)}


@job("creator.generate")
def generate(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    return _run(ctx, payload)


@job("creator.generate_gpu", gpu=True)
def generate_gpu(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    return _run(ctx, payload)
