"""Choosing and caching the queue: in-process by default, Celery when `HOOKLINE_QUEUE_URL` is a Redis URL."""

from __future__ import annotations

import logging
import os
import threading
import time

from sqlalchemy.exc import IntegrityError as SAIntegrityError
from sqlalchemy.exc import OperationalError, ProgrammingError

from integrations.db import Database, make_database
from integrations.jobs.queue import JobQueue
from integrations.jobs.store import JobStore
from integrations.settings import Settings

log = logging.getLogger("hookline.jobs")
_databases: dict[str, Database] = {}
_queues: dict[tuple[str, ...], JobQueue] = {}
_lock = threading.Lock()


def _forget_after_fork() -> None:
    # A forked worker child must not use (or close) its parent's pooled connections, nor its threads' queues.
    for database in _databases.values():
        database.engine.dispose(close=False)
    _databases.clear()
    _queues.clear()


os.register_at_fork(after_in_child=_forget_after_fork)


def job_database(settings: Settings, *, retries: int = 0) -> Database:
    """The migrated database of this installation, one engine per URL per process.

    `retries` covers several workers starting at once on a fresh database, where all but one lose the race to
    create the schema and succeed when they try again.
    """
    settings.ensure_home()
    url = settings.resolved_database_url
    with _lock:
        database = _databases.get(url)
        if database is not None:
            return database
        for attempt in range(retries + 1):
            try:
                database = make_database(url)
                break
            except (OperationalError, ProgrammingError, SAIntegrityError):
                if attempt == retries:
                    raise
                log.warning("database not ready (attempt %s/%s); retrying", attempt + 1, retries + 1, exc_info=True)
                time.sleep(1.0 + attempt)
        assert database is not None
        _databases[url] = database
        return database


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
                from integrations.jobs.celery_backend import CeleryQueue

                queue = CeleryQueue(settings, store)
            else:
                from integrations.jobs.inprocess import InProcessQueue

                queue = InProcessQueue(settings, store)
            _queues[key] = queue
        return queue


def close_queues(*, wait: bool = True) -> None:
    """Stop every queue of this process and dispose their engines (tests, app shutdown)."""
    with _lock:
        queues = list(_queues.values())
        databases = list(_databases.values())
        _queues.clear()
        _databases.clear()
    for queue in queues:
        queue.close(wait=wait)
    for database in databases:
        database.dispose()
