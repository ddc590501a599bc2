"""The default backend: a thread pool inside the caller's process, backed by the same jobs table.

Needs nothing beyond the database. Queued jobs are leased to this process (its heartbeat keeps them), so if the
process dies — a Slack app restart, a crash — the next process that opens the queue adopts them once the lease
expires and runs them: jobs survive a restart. GPU routing does not apply here: one box runs everything.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from tools.core.jobs.events import LocalEventBus
from tools.core.jobs.executor import Runner
from tools.core.jobs.queue import JobQueue
from tools.core.jobs.store import JobStore
from tools.core.settings import Settings
from tools.core.work import Ticker, process_owner, work_keeper

log = logging.getLogger("hookline.jobs")
BACKEND = "inprocess"


class InProcessQueue(JobQueue):
    backend = BACKEND

    def __init__(self, settings: Settings, store: JobStore, *, threads: int | None = None,
                 backoff_s: float = 2.0) -> None:
        super().__init__(settings, store, LocalEventBus())
        self.worker = process_owner("inprocess")
        self.keeper = work_keeper(store, self.worker)
        self.runner = Runner(worker=self.worker, settings=settings, store=store, bus=self.bus, keeper=self.keeper,
                             requeue=self._dispatch, backoff_s=backoff_s)
        self._pool = ThreadPoolExecutor(threads or settings.job_concurrency, thread_name_prefix="hookline-job")
        self._timers: set[threading.Timer] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.keeper.start()
        self._reaper = Ticker("hookline-reaper", max(0.05, store.lease_s / 2), self.reap)
        self.reap()  # adopt what a previous process left behind, right away
        self._reaper.start()

    def _owner(self) -> str | None:
        return self.worker

    def reap(self) -> list[str]:
        """Adopt queued/running jobs whose holder stopped heart-beating, and run them here."""
        adopted = self.store.reap(BACKEND, adopt_as=self.worker)
        for job in adopted:
            log.info("job %s: adopted by %s after its holder's lease expired", job.id, self.worker)
            self._dispatch(job.id, job.gpu, 0.0)
        return [job.id for job in adopted]

    def _dispatch(self, job_id: str, gpu: bool, delay: float) -> None:
        with self._lock:
            if self._closed:
                return  # the row stays queued under our lease; the next process adopts it
            if delay > 0:
                timer = threading.Timer(delay, self._fire, (job_id, gpu, timer_ref := []))
                timer_ref.append(timer)
                timer.daemon = True
                self._timers.add(timer)
                timer.start()
                return
            self._pool.submit(self._run, job_id)

    def _fire(self, job_id: str, gpu: bool, timer_ref: list[threading.Timer]) -> None:
        with self._lock:
            self._timers.discard(timer_ref[0])
        self._dispatch(job_id, gpu, 0.0)

    def _run(self, job_id: str) -> None:
        try:
            self.runner.run(job_id)
        except Exception:
            log.exception("job %s: delivery crashed; it will be retried when its lease expires", job_id)

    def _cancel_local(self, job_id: str) -> None:
        for ctx in self.keeper.running():
            if ctx.job_id == job_id:
                ctx.mark(owned=True, cancel_requested=True)

    def close(self, wait: bool = True) -> None:
        """Stop taking new work. `wait=True` first finishes the jobs already handed to the pool; otherwise they (and
        any retry waiting for its back-off) stay queued in the table and the next process adopts them."""
        with self._lock:
            self._closed = True
            for timer in self._timers:
                timer.cancel()
            self._timers.clear()
        self._reaper.stop()
        self._pool.shutdown(wait=wait, cancel_futures=not wait)
        self.keeper.stop()
