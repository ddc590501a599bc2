"""The job queue: generation, extraction and training run as jobs, in-process or on a pool of (GPU) workers.

    from tools.core.jobs import JobContext, get_queue, job

    @job("creator.render", gpu=True)            # in an importable module, e.g. tools/creator/jobs.py
    def render(ctx: JobContext, payload: dict) -> dict:
        for i in range(payload["n"]):
            ctx.raise_if_cancelled()
            ctx.storage.put(f"variants/{ctx.job_id}/{i}.png", make_png(i))
            ctx.progress(i + 1, payload["n"], "rendering")
        return {"n": payload["n"]}

    handle = get_queue(settings).submit("creator.render", {"n": 20}, workspace="acme",
                                        idempotency_key="thread-123:variants")
    for event in handle.events(): ...           # progress (CLI bar, Slack updates)
    result = handle.result(timeout=600)

Backends: in-process threads (default) or Celery + Redis (`HOOKLINE_QUEUE_URL=redis://...`, `hookline worker`).
The jobs table is the source of truth: claims and results are conditional updates, so a job completes exactly once.
"""

from __future__ import annotations

from tools.core.jobs.backend import close_queues, get_queue, job_database, job_store
from tools.core.jobs.context import JobContext
from tools.core.jobs.models import (
    JobCancelled,
    JobCancelledError,
    JobEvent,
    JobFailedError,
    JobInfo,
    JobProgress,
    JobStatus,
)
from tools.core.jobs.queue import JobHandle, JobQueue
from tools.core.jobs.registry import job
from tools.core.storage import Storage, open_storage, workspace_storage

__all__ = [
    "JobCancelled",
    "JobCancelledError",
    "JobContext",
    "JobEvent",
    "JobFailedError",
    "JobHandle",
    "JobInfo",
    "JobProgress",
    "JobQueue",
    "JobStatus",
    "Storage",
    "close_queues",
    "get_queue",
    "job",
    "job_database",
    "job_store",
    "open_storage",
    "workspace_storage",
]
