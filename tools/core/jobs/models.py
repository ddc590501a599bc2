"""The queue's boundary types: job status, a job's public record, progress events, and the errors callers see."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field

from tools.core.errors import HooklineError, InputError, InsufficientDataError, NotConfiguredError

# How a handler's own errors are recorded on the job row, so the caller can raise the same kind of error again
# (the CLI's exit 2, Slack's verbatim message) instead of a generic job failure. None of them is retried.
USER_ERRORS: dict[str, type[HooklineError]] = {
    "bad input": InputError, "not configured": NotConfiguredError, "insufficient data": InsufficientDataError,
}


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def terminal(self) -> bool:
        return self in (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)


class JobProgress(BaseModel):
    """Where a running job stands; `fraction` is done/total when total is known."""

    done: float = 0.0
    total: float | None = None
    message: str = ""
    stage: str = ""  # e.g. planning, rendering (the CLI bar's label)
    at: datetime | None = None

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return max(0.0, min(1.0, self.done / self.total))


class JobInfo(BaseModel):
    """A job as callers see it (`hookline jobs show`, `JobHandle.info()`)."""

    id: str
    kind: str
    workspace: str
    status: JobStatus
    backend: str
    gpu: bool
    idempotency_key: str
    attempts: int
    max_attempts: int
    payload: dict[str, Any] = Field(default_factory=dict)
    result: dict[str, Any] | None = None
    error: str | None = None
    progress: JobProgress | None = None
    cancel_requested: bool = False
    worker: str | None = None
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    heartbeat_at: datetime | None = None


class JobEvent(BaseModel):
    """One event on a job's stream: a status change or a progress report."""

    job_id: str
    type: Literal["status", "progress"]
    status: JobStatus
    progress: JobProgress | None = None
    error: str | None = None
    attempt: int | None = None
    worker: str | None = None
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))


class JobFailedError(HooklineError):
    """`JobHandle.result()` of a job that failed for good (after its retries)."""

    def __init__(self, job_id: str, error: str | None) -> None:
        super().__init__(f"Job {job_id} failed: {error or 'no error recorded'}")
        self.job_id = job_id
        self.error = error


def user_error_label(exc: BaseException) -> str | None:
    """The row prefix of a user-facing error ("bad input", ...), or None for anything else."""
    for label, kind in USER_ERRORS.items():
        if isinstance(exc, kind):
            return label
    return None


def user_error_from(error: str | None) -> HooklineError | None:
    """The user-facing error a failed job recorded (`bad input: ...`), rebuilt for the caller; None otherwise."""
    for label, kind in USER_ERRORS.items():
        if error and error.startswith(f"{label}: "):
            return kind(error[len(label) + 2:])
    return None


class JobCancelledError(HooklineError):
    """`JobHandle.result()` of a job that was cancelled."""

    def __init__(self, job_id: str) -> None:
        super().__init__(f"Job {job_id} was cancelled.")
        self.job_id = job_id


class JobCancelled(Exception):
    """Raised inside a handler (`ctx.raise_if_cancelled()`) to stop cooperatively; the job ends `cancelled`."""
