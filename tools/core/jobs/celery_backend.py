"""The scale-out backend: Celery with a Redis broker; `integrations/worker` runs the processes that take the jobs.

Routing: non-GPU jobs go to `<ns>.default`, GPU jobs to `<ns>.gpu`. A GPU worker consumes both; a CPU worker only
`default` (and its claim refuses GPU jobs even if a message strays). Messages are acknowledged late and rejected
back to the queue when a worker process dies, but recovery does not depend on that: every worker also runs the
reaper, which re-publishes jobs whose lease expired. Either way the job row's conditional claim lets exactly one
delivery run, so a redelivered message is harmless.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from typing import TYPE_CHECKING, Any

from tools.core.errors import HooklineError, NotConfiguredError
from tools.core.jobs.events import RedisEventBus
from tools.core.jobs.models import JobInfo
from tools.core.jobs.queue import JobQueue
from tools.core.jobs.store import JobStore, jobs
from tools.core.settings import Settings

if TYPE_CHECKING:
    from celery import Celery

log = logging.getLogger("hookline.jobs")
BACKEND = "celery"
TASK_NAME = "hookline.run_job"
QUEUE_KINDS = ("default", "gpu")

_apps: dict[tuple[str, str], Celery] = {}
_apps_lock = threading.Lock()


def queue_name(namespace: str, gpu: bool) -> str:
    return f"{namespace}.{'gpu' if gpu else 'default'}"


def require_queue_url(settings: Settings) -> str:
    url = settings.queue_url
    if not url or not url.startswith(("redis://", "rediss://", "unix://")):
        raise NotConfiguredError(
            "The distributed job queue needs HOOKLINE_QUEUE_URL=redis://HOST:6379/0 (the same value on the app and "
            "every worker). Without it, jobs run in-process inside the app and no worker is needed."
        )
    return url


def celery_app(settings: Settings) -> Celery:
    """One Celery app per (broker URL, namespace) per process; all keys carry the namespace prefix."""
    url = require_queue_url(settings)
    key = (url, settings.queue_namespace)
    with _apps_lock:
        app = _apps.get(key)
        if app is None:
            app = _make_app(url, settings.queue_namespace)
            _apps[key] = app
        return app


def _make_app(url: str, namespace: str) -> Celery:
    from celery import Celery

    app = Celery(f"hookline-{namespace}", broker=url, set_as_current=False)
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,  # results live in the jobs table
        task_acks_late=True,  # ack after the run: a worker that dies mid-job leaves the message to be redelivered
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # long jobs: never hoard messages another worker could start now
        task_default_queue=queue_name(namespace, False),
        task_create_missing_queues=True,
        broker_transport_options={"global_keyprefix": f"{namespace}:"},
        broker_connection_retry_on_startup=True,
        worker_enable_remote_control=False,
        worker_send_task_events=False,
        worker_redirect_stdouts=False,
        worker_hijack_root_logger=False,
        worker_cancel_long_running_tasks_on_connection_loss=False,
        control_exchange=f"{namespace}.control",
    )
    return app


def send(settings: Settings, job_id: str, gpu: bool, delay: float = 0.0) -> None:
    """Put one delivery of the job on its queue (`<ns>.gpu` or `<ns>.default`)."""
    app = celery_app(settings)
    try:
        app.send_task(TASK_NAME, args=[job_id], queue=queue_name(settings.queue_namespace, gpu),
                      countdown=delay or None, retry=True,
                      retry_policy={"max_retries": 3, "interval_start": 0.2, "interval_step": 0.5})
    except Exception as exc:
        raise HooklineError(
            f"The job queue at {settings.queue_url} did not accept job {job_id}: {exc}. The job is recorded and a "
            "worker's reaper publishes it once the broker is reachable."
        ) from exc


def publish(settings: Settings, store: JobStore, job_id: str, gpu: bool, delay: float = 0.0) -> None:
    """Hand a job to the broker, then note it on the row (a job never noted is re-published by the reaper)."""
    send(settings, job_id, gpu, delay)
    store.mark_published(job_id)


class _PublishedMarks:
    """Notes "handed to the broker" on job rows in small batches, off the submit path.

    A mark lost with its process only means the reaper publishes that job once more, which the claim makes harmless.
    """

    def __init__(self, store: JobStore) -> None:
        self.store = store
        self._pending: list[str] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, job_id: str) -> None:
        with self._lock:
            self._pending.append(job_id)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="hookline-published", daemon=True)
                self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            time.sleep(0.05)  # gather a burst of submits into one UPDATE
            self._wake.clear()
            self.flush()

    def flush(self) -> None:
        with self._lock:
            batch, self._pending = self._pending, []
        if not batch:
            return
        try:
            self.store.mark_published(*batch)
        except Exception:
            log.warning("could not note %s jobs as published; the reaper will publish them again", len(batch),
                        exc_info=True)


class CeleryQueue(JobQueue):
    """The caller's side: submit publishes to Redis; progress and results come back through Redis and the row."""

    backend = BACKEND

    def __init__(self, settings: Settings, store: JobStore) -> None:
        url = require_queue_url(settings)
        super().__init__(settings, store, RedisEventBus(url, settings.queue_namespace))
        celery_app(settings)
        self._marks = _PublishedMarks(store)

    def _dispatch(self, job_id: str, gpu: bool, delay: float) -> None:
        send(self.settings, job_id, gpu, delay)
        self._marks.add(job_id)

    def _redispatch(self, info: JobInfo) -> bool:
        # the first submit recorded the job but could not publish it: publish now instead of waiting for a reaper
        return info.status == "queued" and info.backend == BACKEND and not self._published(info.id)

    def _published(self, job_id: str) -> bool:
        from sqlalchemy import select


        self._marks.flush()
        with self.store.database.session() as session:
            return session.scalar(select(jobs.c.published_at).where(jobs.c.id == job_id)) is not None

    def close(self, wait: bool = True) -> None:
        self._marks.flush()
        self.bus.close()


def queue_length(client: Any, namespace: str, gpu: bool) -> int:
    """Messages waiting in a queue's Redis list (kombu prefixes every key with `<namespace>:`)."""
    return int(client.llen(f"{namespace}:{queue_name(namespace, gpu)}"))


def advertise_key(namespace: str, hostname: str) -> str:
    return f"{namespace}:workers:{hostname}:{os.getpid()}"


def list_workers(settings: Settings) -> list[dict[str, Any]]:
    """Workers that advertised themselves in the last few lease periods (`hookline jobs workers`)."""
    import redis

    client = redis.Redis.from_url(require_queue_url(settings), socket_timeout=5)
    try:
        found = []
        for key in client.scan_iter(match=f"{settings.queue_namespace}:workers:*", count=200):
            raw = client.get(key)
            if raw:
                found.append(json.loads(raw))
        return sorted(found, key=lambda w: w.get("name", ""))
    finally:
        client.close()
