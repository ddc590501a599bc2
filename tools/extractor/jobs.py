"""Queue handler: breaking down a video as a job, on a worker when the queue is distributed.

The input travels through the shared storage (the caller put it there), the blueprint comes back in the job's
result, and storing it is an upsert on the content hash, so a retried attempt never stores it twice.
"""

from __future__ import annotations

from typing import Any

from tools.core.jobs import JobContext, job
from tools.core.runtime import build_runtime
from tools.extractor.api import analyse_source
from tools.extractor.store import save_blueprint


@job("extractor.extract")
def extract(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    runtime = build_runtime(ctx.settings, ctx.workspace)
    path = ctx.storage.local_path(str(payload["input"]))
    ctx.progress(0, None, "analysing", stage="extracting")
    blueprint = analyse_source(path, model_path=runtime.settings.embedding_model,
                               progress=lambda message: ctx.progress(0, None, message, stage="extracting"))
    if payload.get("uri"):
        blueprint.source.uri = str(payload["uri"])  # what the user gave, not the storage copy
    if payload.get("store", True):
        blueprint.stored_id, blueprint.creative_id = save_blueprint(runtime, blueprint, payload.get("creative_ad_id"))
    return {"blueprint": blueprint.model_dump(mode="json")}
