"""Queue handler: training the workspace's pre-launch model as a job (on a worker when the queue is distributed).

The model file goes to the shared storage and its registry row to the shared database, so every process scores
with it. Training again is harmless: a retried attempt registers one more version, never a broken one.
"""

from __future__ import annotations

from typing import Any

from tools.analyst.api import train_model
from tools.core.jobs import JobContext, job
from tools.core.runtime import build_runtime


@job("analyst.train")
def train(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    runtime = build_runtime(ctx.settings, ctx.workspace)
    ctx.progress(0, 1, "training the pre-launch model", stage="training")
    info = train_model(runtime, metric=str(payload.get("metric", "ctr_link")),
                       use_embeddings=bool(payload.get("use_embeddings", True)))
    ctx.progress(1, 1, "trained", stage="training")
    return {"model": info.model_dump(mode="json")}


def train_model_job(runtime: Any, metric: str = "ctr_link", *, use_embeddings: bool = True,
                    timeout: float | None = None) -> dict[str, Any]:
    """Train through the queue (one code path: a worker, or the in-process queue) and wait for the model's info."""
    from tools.core.jobs import get_queue

    queue = get_queue(runtime.settings, database=runtime.database)
    handle = queue.submit("analyst.train", {"metric": metric, "use_embeddings": use_embeddings},
                          workspace=runtime.workspace)
    return handle.wait(timeout=timeout)["model"]
