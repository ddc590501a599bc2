"""Choosing and caching the queue: in-process by default, Celery when `HOOKLINE_QUEUE_URL` is a Redis URL."""

from __future__ import annotations

import logging
import os
import threading

from tools.core.db import Database, forget_databases, open_database
from tools.core.jobs.queue import JobQueue
from tools.core.jobs.store import JobStore
from tools.core.settings import Settings

log = logging.getLogger("hookline.jobs")
_queues: dict[tuple[str, ...], JobQueue] = {}
_lock = threading.Lock()


def _forget_after_fork() -> None:
    # A forked worker child must not use its parent's threads' queues (engines are reset by tools.core.db).
    _queues.clear()


os.register_at_fork(after_in_child=_forget_after_fork)


def job_database(settings: Settings, *, retries: int = 0) -> Database:
    """The migrated database of this installation (the process-wide engine shared with the runtime)."""
    settings.ensure_home()
    return open_database(settings.resolved_database_url, retries=retries)


def job_store(settings: Settings, *, retries: int = 0) -> JobStore:
    return JobStore(job_database(settings, retries=retries), settings.job_lease_s)


def get_queue(settings: Settings, *, database: Database | None = None) -> JobQueue:
    """The installation's job queue, one per process: `CeleryQueue` when `queue_url` is set, else `InProcessQueue`.

    Pass the runtime's `database` to share its engine and pool; by default the queue opens its own.
    """
    backend = "celery" if settings.queue_url else "inprocess"
    key = (backend, settings.resolved_database_url, settings.queue_url or "", settings.queue_namespace)
    with _lock:
        queue = _queues.get(key)
    if queue is not None:
        return queue
    store = JobStore(database, settings.job_lease_s) if database is not None else job_store(settings)
    with _lock:
        queue = _queues.get(key)
        if queue is None:
            if backend == "celery":
                from tools.core.jobs.celery_backend import CeleryQueue

                queue = CeleryQueue(settings, store)
            else:
                from tools.core.jobs.inprocess import InProcessQueue

                queue = InProcessQueue(settings, store)
            _queues[key] = queue
        return queue


def close_queues(*, wait: bool = True) -> None:
    """Stop every queue of this process and dispose their engines (tests, app shutdown)."""
    with _lock:
        queues = list(_queues.values())
        _queues.clear()
    for queue in queues:
        queue.close(wait=wait)
    forget_databases()
