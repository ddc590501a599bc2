"""Runs one delivery of a job: claim, call the handler, record the outcome — the same code for both backends.

A delivery that cannot claim the job (already done, cancelled, or running under a live lease elsewhere) does
nothing: that is what makes duplicate deliveries harmless.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tools.core.errors import InputError, InsufficientDataError, NotConfiguredError
from tools.core.jobs.context import JobContext
from tools.core.jobs.models import JobCancelled, JobEvent, JobStatus, user_error_label
from tools.core.jobs.registry import load_handler
from tools.core.jobs.store import canonical_json

if TYPE_CHECKING:
    from tools.core.jobs.events import EventBus
    from tools.core.jobs.store import JobStore
    from tools.core.settings import Settings
    from tools.core.work import LeaseKeeper

log = logging.getLogger("hookline.jobs")
MAX_BACKOFF_S = 300.0

Requeue = Callable[[str, bool, float], None]  # (job_id, gpu, delay_s)


@dataclass
class Runner:
    """Everything a delivery needs, bound once per process (queue or worker)."""

    worker: str
    settings: Settings
    store: JobStore
    bus: EventBus
    keeper: LeaseKeeper
    requeue: Requeue
    backoff_s: float = 2.0
    accepts_gpu: bool = True

    def _event(self, job_id: str, status: JobStatus, *, attempt: int | None = None, error: str | None = None,
               ctx: JobContext | None = None) -> None:
        progress = ctx.last_progress if ctx is not None else None
        self.bus.publish(JobEvent(job_id=job_id, type="status", status=status, attempt=attempt, error=error,
                                  worker=self.worker, progress=progress))

    def run(self, job_id: str) -> str:
        """Execute one delivery; returns what happened (succeeded, failed, retrying, cancelled, skipped, lost)."""
        claim = self.store.claim(job_id, self.worker, accepts_gpu=self.accepts_gpu)
        if claim is None:
            log.info("job %s: delivery skipped (finished, cancelled or held by a live lease)", job_id)
            return "skipped"
        log.info("job %s (%s): attempt %s/%s on %s", job_id, claim.kind, claim.attempt, claim.max_attempts,
                 self.worker)
        self._event(job_id, JobStatus.RUNNING, attempt=claim.attempt)
        try:
            spec = load_handler(claim.handler, self.settings)
        except Exception as exc:
            error = f"cannot load handler {claim.handler!r} for kind {claim.kind!r}: {exc}"
            self.store.fail(job_id, claim.attempt, self.worker, error, retry=False)
            self._event(job_id, JobStatus.FAILED, attempt=claim.attempt, error=error)
            return "failed"

        ctx = JobContext(claim, worker=self.worker, settings=self.settings, store=self.store, bus=self.bus)
        self.keeper.add(ctx)
        try:
            return self._call(ctx, spec.func, claim.payload, claim.gpu)
        finally:
            self.keeper.remove(ctx)

    def _call(self, ctx: JobContext, func: Callable[..., object], payload: dict, gpu: bool) -> str:
        job_id, attempt = ctx.job_id, ctx.attempt
        try:
            result = func(ctx, payload)
            result = {} if result is None else result
            # keep the result as a reader will get it back from the row (paths as text, NaN as null)
            result = json.loads(canonical_json(result, what="result"))  # type: ignore[arg-type]
        except JobCancelled:
            if ctx.lease_lost:
                return "lost"
            self.store.finish_cancelled(job_id, attempt, self.worker)
            self._event(job_id, JobStatus.CANCELLED, attempt=attempt, ctx=ctx)
            return "cancelled"
        except (InputError, NotConfiguredError, InsufficientDataError) as exc:  # retrying cannot help
            log.info("job %s attempt %s: %s", job_id, attempt, exc)
            return self._failed(ctx, f"{user_error_label(exc)}: {exc}", retry=False, gpu=gpu)
        except Exception as exc:
            log.warning("job %s attempt %s failed", job_id, attempt, exc_info=True)
            where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
            location = f" (at {where.filename}:{where.lineno})" if where else ""
            return self._failed(ctx, f"{type(exc).__name__}: {exc}{location}", retry=True, gpu=gpu)
        progress = ctx.last_progress.model_dump(mode="json") if ctx.last_progress else None
        if not self.store.succeed(job_id, attempt, self.worker, result, progress, ctx.success_writes):  # type: ignore[arg-type]
            log.warning("job %s attempt %s finished after losing its lease; result discarded", job_id, attempt)
            return "lost"
        self._event(job_id, JobStatus.SUCCEEDED, attempt=attempt, ctx=ctx)
        return "succeeded"

    def _failed(self, ctx: JobContext, error: str, *, retry: bool, gpu: bool) -> str:
        status = self.store.fail(ctx.job_id, ctx.attempt, self.worker, error, retry=retry)
        if status is None:
            return "lost"
        if status is JobStatus.QUEUED:
            delay = min(MAX_BACKOFF_S, self.backoff_s * 2 ** (ctx.attempt - 1))
            self._event(ctx.job_id, JobStatus.QUEUED, attempt=ctx.attempt, error=error)
            self.requeue(ctx.job_id, gpu, delay)
            return "retrying"
        self._event(ctx.job_id, JobStatus.FAILED, attempt=ctx.attempt, error=error)
        return "failed"
