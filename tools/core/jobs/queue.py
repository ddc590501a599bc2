"""The queue API other areas code against: `submit()` returns a `JobHandle` to follow, wait for or cancel a job.

Both backends share it: `InProcessQueue` (threads in the caller's process; the default, needs nothing) and
`CeleryQueue` (Redis broker, separate `hookline worker` processes). The jobs table is the source of truth either way.
"""

from __future__ import annotations

import re
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from typing import Any

from tools.core.errors import InputError
from tools.core.jobs.events import EventBus
from tools.core.jobs.models import (
    JobCancelledError,
    JobEvent,
    JobFailedError,
    JobInfo,
    JobProgress,
    JobStatus,
    user_error_from,
)
from tools.core.jobs.registry import resolve_kind
from tools.core.jobs.store import JobStore
from tools.core.settings import Settings

_WORKSPACE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
POLL_S = 0.5  # how often a follower re-reads the job row when no event arrives


class JobHandle:
    """A submitted job. `created` is False when the idempotency key matched an existing job (nothing new ran)."""

    def __init__(self, queue: JobQueue, job_id: str, *, created: bool = False) -> None:
        self.queue = queue
        self.id = job_id
        self.created = created

    def __repr__(self) -> str:
        return f"JobHandle({self.id!r})"

    def info(self) -> JobInfo:
        info = self.queue.store.info(self.id)
        if info is None:
            raise InputError(f"No job with id {self.id!r}.", field="job_id")
        return info

    def status(self) -> JobStatus:
        return self.info().status

    def cancel(self) -> JobStatus:
        """Cancel: a queued job ends `cancelled` at once; a running one is asked to stop (see `ctx.cancelled()`)."""
        return self.queue.cancel(self.id)

    def events(self, timeout: float | None = None) -> Iterator[JobEvent]:
        """Status and progress events until the job ends (the first one is the current state).

        Raises TimeoutError if the job has not ended after `timeout` seconds.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        with self.queue.bus.subscribe(self.id) as subscription:  # subscribe first: no event can slip past
            info = self.info()
            seen = _Seen()
            seen.update(_event_from(info))
            yield _event_from(info)
            if info.status.terminal:
                return
            while True:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise TimeoutError(f"job {self.id} ({info.kind}) is still {info.status} after {timeout}s")
                event = subscription.get(timeout=POLL_S if remaining is None else min(POLL_S, remaining))
                if event is None:  # quiet: read the row in case an event was missed (or comes from elsewhere)
                    info = self.info()
                    event = _event_from(info)
                if not seen.is_news(event):
                    continue  # e.g. a report published while the first row was read, older than that row
                seen.update(event)
                yield event
                if event.type == "status" and event.status.terminal:
                    return

    def subscribe(self, callback: Callable[[JobEvent], None], timeout: float | None = None) -> threading.Thread:
        """Call `callback(event)` for each event on a daemon thread (e.g. to update a Slack message)."""

        def follow() -> None:
            for event in self.events(timeout=timeout):
                callback(event)

        thread = threading.Thread(target=follow, name=f"hookline-follow-{self.id[:8]}", daemon=True)
        thread.start()
        return thread

    def result(self, timeout: float | None = None, on_event: Callable[[JobEvent], None] | None = None
               ) -> dict[str, Any]:
        """Wait for the job and return its result; JobFailedError / JobCancelledError / TimeoutError otherwise."""
        for event in self.events(timeout=timeout):  # starts from the row: returns at once for a finished job
            if on_event is not None:
                on_event(event)
        info = self.info()
        if info.status is JobStatus.SUCCEEDED:
            return info.result or {}
        if info.status is JobStatus.CANCELLED:
            raise JobCancelledError(self.id)
        raise JobFailedError(self.id, info.error)


    def wait(self, *, on_progress: Callable[[JobProgress], None] | None = None, timeout: float | None = None,
             cancel_grace_s: float = 30.0) -> dict[str, Any]:
        """What a caller that waits for its work uses (CLI, agent tools): the result, with progress as it comes.

        A job that failed for the user's reason raises that error again (InputError, NotConfiguredError,
        InsufficientDataError: the CLI's exit 2, Slack's verbatim message). Ctrl-C (KeyboardInterrupt) cancels the
        job and waits up to `cancel_grace_s` for its handler to stop before passing the interrupt on.
        """

        def forward(event: JobEvent) -> None:
            if on_progress is not None and event.progress is not None:
                on_progress(event.progress)

        try:
            return self.result(timeout=timeout, on_event=forward)
        except JobFailedError as exc:
            user = user_error_from(exc.error)
            if user is not None:
                raise user from None
            raise
        except KeyboardInterrupt:
            self.cancel()
            try:
                for _ in self.events(timeout=cancel_grace_s):
                    pass
            except (TimeoutError, KeyboardInterrupt):
                pass
            raise


class _Seen:
    """What a follower has already shown, so a re-read row only yields news (never an older progress)."""

    def __init__(self) -> None:
        self.state: tuple[str, int | None] = ("", None)
        self.progress_at: Any = None

    def is_news(self, event: JobEvent) -> bool:
        if (str(event.status), event.attempt) != self.state:
            return True
        at = event.progress.at if event.progress else None
        return at is not None and (self.progress_at is None or at > self.progress_at)

    def update(self, event: JobEvent) -> None:
        if event.type == "status":
            self.state = (str(event.status), event.attempt if event.attempt is not None else self.state[1])
        at = event.progress.at if event.progress else None
        if at is not None and (self.progress_at is None or at > self.progress_at):
            self.progress_at = at


def _event_from(info: JobInfo) -> JobEvent:
    return JobEvent(job_id=info.id, type="status", status=info.status, progress=info.progress, error=info.error,
                    attempt=info.attempts, worker=info.worker)


class JobQueue(ABC):
    """Submit jobs and look them up; subclasses decide where they run."""

    backend: str = ""

    def __init__(self, settings: Settings, store: JobStore, bus: EventBus) -> None:
        self.settings = settings
        self.store = store
        self.bus = bus

    def submit(self, kind: str, payload: dict[str, Any], *, workspace: str, idempotency_key: str | None = None,
               gpu: bool = False) -> JobHandle:
        """Queue `kind` with a JSON payload. The same (workspace, idempotency key) always gives the same job: a
        second submit returns it (running, or finished with its result) instead of running the work again."""
        if not _WORKSPACE.match(workspace or ""):
            raise InputError(f"Workspace name {workspace!r} is not valid.", field="workspace")
        spec = resolve_kind(kind, self.settings)
        info, created = self.store.create(
            kind=kind, handler=spec.handler, workspace=workspace, idempotency_key=idempotency_key, payload=payload,
            gpu=gpu or spec.gpu, max_attempts=spec.max_attempts or self.settings.job_max_attempts,
            backend=self.backend, owner=self._owner(),
        )
        if created or self._redispatch(info):
            self._dispatch(info.id, info.gpu, 0.0)
        return JobHandle(self, info.id, created=created)

    def get(self, job_id: str) -> JobHandle:
        handle = JobHandle(self, job_id)
        handle.info()  # raises InputError for an unknown id
        return handle

    def list(self, workspace: str | None, *, status: str | None = None, kind: str | None = None,
             limit: int = 50) -> list[JobInfo]:
        if status is not None and status not in set(JobStatus):
            raise InputError(
                f"Unknown job status {status!r}; expected one of {', '.join(s.value for s in JobStatus)}.",
                field="status",
            )
        return self.store.list(workspace, status=status, kind=kind, limit=limit)

    def cancel(self, job_id: str) -> JobStatus:
        status = self.store.request_cancel(job_id)
        if status is JobStatus.CANCELLED:
            self.bus.publish(JobEvent(job_id=job_id, type="status", status=status))
        self._cancel_local(job_id)
        return status

    def retry(self, job_id: str) -> JobHandle:
        """Queue a failed or cancelled job again (same id and idempotency key, fresh attempts)."""
        info = self.get(job_id).info()
        if info.status not in (JobStatus.FAILED, JobStatus.CANCELLED):
            raise InputError(f"Job {job_id} is {info.status}; only failed or cancelled jobs can be retried.",
                             field="job_id")
        try:
            attempts = resolve_kind(info.kind, self.settings).max_attempts or self.settings.job_max_attempts
        except InputError:  # the kind is not registered in this process; the worker still knows its handler
            attempts = self.settings.job_max_attempts
        status = self.store.retry(job_id, attempts, self._owner())
        if status is JobStatus.QUEUED:
            self._dispatch(job_id, info.gpu, 0.0)
        return JobHandle(self, job_id)

    def _owner(self) -> str | None:
        """Who holds a queued job's lease (the in-process queue), or None (the broker holds it)."""
        return None

    def _redispatch(self, info: JobInfo) -> bool:
        """Whether an existing job found by idempotency key needs to be handed to the runners again."""
        return False

    def _cancel_local(self, job_id: str) -> None:  # noqa: B027 - optional hook
        """Tell a handler running in this process at once (others learn it from the row)."""

    @abstractmethod
    def _dispatch(self, job_id: str, gpu: bool, delay: float) -> None:
        """Hand the job to whoever runs it (a local thread, the broker)."""

    def close(self, wait: bool = True) -> None:  # noqa: B027 - optional hook
        """Stop background threads and release connections."""
