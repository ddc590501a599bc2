"""What a handler gets besides its payload: progress reporting, cooperative cancellation, shared storage.

Progress is published to followers at most ~10 times a second and mirrored into the job row about once a second
(always the first and the final report), so a handler can call `progress()` in a tight loop without flooding Redis
or the database.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from tools.core.jobs.models import JobCancelled, JobEvent, JobProgress, JobStatus
from tools.core.storage import workspace_storage

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tools.core.jobs.events import EventBus
    from tools.core.jobs.store import Claim, JobStore
    from tools.core.settings import Settings
    from tools.core.storage import Storage

PUBLISH_EVERY_S = 0.1
MIRROR_EVERY_S = 1.0


class JobContext:
    """Handed to `handler(ctx, payload)`; one per attempt."""

    def __init__(self, claim: Claim, *, worker: str, settings: Settings, store: JobStore, bus: EventBus) -> None:
        self.job_id = claim.id
        self.kind = claim.kind
        self.workspace = claim.workspace
        self.attempt = claim.attempt
        self.max_attempts = claim.max_attempts
        self.gpu = claim.gpu
        self.worker = worker
        self.settings = settings
        self._store = store
        self._bus = bus
        self._lock = threading.Lock()
        self._progress: JobProgress | None = None
        self._published_at = 0.0
        self._mirrored_at = 0.0
        self._cancel = threading.Event()
        self._lease_lost = threading.Event()
        self._checked_at = time.monotonic()
        self._on_success: list[Callable[[Session], None]] = []

    @cached_property
    def storage(self) -> Storage:
        """Shared storage scoped to this job's workspace (`put`, `get`, `url`, `local_path`, ...)."""

        return workspace_storage(self.settings, self.workspace)

    # -- progress ---------------------------------------------------------------------------------------------------
    def progress(self, done: float, total: float | None = None, message: str = "", stage: str = "") -> None:
        """Report progress (e.g. 3 of 20 variants rendered). Cheap: throttled before it reaches Redis or the DB."""
        if self._lease_lost.is_set():
            return  # another attempt owns the job now: its followers must not see this one's progress
        now = time.monotonic()
        snapshot = JobProgress(done=done, total=total, message=message, stage=stage, at=datetime.now(UTC))
        with self._lock:
            first = self._progress is None
            self._progress = snapshot
            final = total is not None and done >= total
            publish = first or final or now - self._published_at >= PUBLISH_EVERY_S
            mirror = first or final or now - self._mirrored_at >= MIRROR_EVERY_S
            if publish:
                self._published_at = now
            if mirror:
                self._mirrored_at = now
        if publish:
            self._bus.publish(JobEvent(job_id=self.job_id, type="progress", status=JobStatus.RUNNING,
                                       progress=snapshot, attempt=self.attempt, worker=self.worker))
        if mirror and not self._store.save_progress(self.job_id, self.attempt, self.worker,
                                                    snapshot.model_dump(mode="json")):
            self._lease_lost.set()

    @property
    def last_progress(self) -> JobProgress | None:
        return self._progress

    # -- cancellation -----------------------------------------------------------------------------------------------
    def cancelled(self) -> bool:
        """True once cancellation was requested (or this attempt lost its lease): stop soon, side effects undone."""
        if self._cancel.is_set() or self._lease_lost.is_set():
            return True
        now = time.monotonic()
        if now - self._checked_at >= min(1.0, self._store.lease_s / 3):
            self._checked_at = now
            if self._store.cancel_requested(self.job_id):
                self._cancel.set()
        return self._cancel.is_set()

    def raise_if_cancelled(self) -> None:
        """Stop here if cancelled; the job then ends `cancelled` (or, after a lost lease, is left to its new owner)."""
        if self.cancelled():
            raise JobCancelled(self.job_id)

    @property
    def lease_lost(self) -> bool:
        return self._lease_lost.is_set()

    @property
    def lease_key(self) -> str:
        return self.job_id

    def mark(self, owned: bool, cancel_requested: bool = False) -> None:
        """What the lease keeper learnt: lost (another attempt owns the job now) and/or cancellation requested."""
        if not owned:
            self._lease_lost.set()
        if cancel_requested:
            self._cancel.set()

    # -- exactly-once side effects ----------------------------------------------------------------------------------
    def on_success(self, write: Callable[[Session], Any]) -> None:
        """Run `write(session)` in the same transaction that records this job's result.

        Database side effects registered here happen exactly once: they commit together with `succeeded`, and are
        discarded if this attempt lost its lease (another worker took the job over).
        """
        self._on_success.append(write)

    @property
    def success_writes(self) -> list[Callable[[Session], Any]]:
        return list(self._on_success)
