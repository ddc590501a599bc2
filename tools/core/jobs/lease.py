"""Background upkeep of a queue process: lease heartbeats for the jobs it holds, and the reaper for dead holders.

A lease is `worker` + `heartbeat_at` on the job row. A holder that stops heart-beating for `HOOKLINE_JOB_LEASE_S`
(killed, machine lost, network cut) loses its jobs to the reaper, which queues them again — and because the attempt
number is the lease token, the old holder can no longer record anything if it comes back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tools.core.jobs.context import JobContext
    from tools.core.jobs.store import JobStore

log = logging.getLogger("hookline.jobs")


class Ticker:
    """Call `fn` every `interval` seconds on a daemon thread until stopped; errors are logged, never fatal."""

    def __init__(self, name: str, interval: float, fn: Callable[[], None]) -> None:
        self.interval = interval
        self.fn = fn
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Ticker:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.fn()
            except Exception:
                log.warning("%s failed; retrying in %.1fs", self._thread.name, self.interval, exc_info=True)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=5)


class LeaseKeeper:
    """Renews the leases of one worker identity every lease/3 seconds and tells running handlers what changed."""

    def __init__(self, store: JobStore, worker: str, extra: Callable[[], None] | None = None) -> None:
        self.store = store
        self.worker = worker
        self.extra = extra
        self._active: dict[str, JobContext] = {}
        self._lock = threading.Lock()
        self._ticker = Ticker(f"hookline-lease-{worker}", max(0.05, store.lease_s / 3), self.tick)

    def start(self) -> LeaseKeeper:
        self._ticker.start()
        return self

    def stop(self) -> None:
        self._ticker.stop()

    def add(self, ctx: JobContext) -> None:
        with self._lock:
            self._active[ctx.job_id] = ctx

    def remove(self, ctx: JobContext) -> None:
        with self._lock:
            if self._active.get(ctx.job_id) is ctx:
                del self._active[ctx.job_id]

    def running(self) -> list[JobContext]:
        with self._lock:
            return list(self._active.values())

    def tick(self) -> None:
        with self._lock:
            active = dict(self._active)
        states = self.store.heartbeat(self.worker, {job_id: ctx.attempt for job_id, ctx in active.items()})
        for job_id, state in states.items():
            ctx = active[job_id]
            ctx._set_lease(state.owned, state.cancel_requested)
            if not state.owned:
                log.warning("job %s: lease lost by %s (attempt %s); its result will be discarded",
                            job_id, self.worker, ctx.attempt)
        if self.extra is not None:
            self.extra()
