"""The scale-out backend: Celery with a Redis broker, and `hookline worker` processes that run the jobs.

Routing: non-GPU jobs go to `<ns>.default`, GPU jobs to `<ns>.gpu`. A GPU worker consumes both; a CPU worker only
`default` (and its claim refuses GPU jobs even if a message strays). Messages are acknowledged late and rejected
back to the queue when a worker process dies, but recovery does not depend on that: every worker also runs the
reaper, which re-publishes jobs whose lease expired. Either way the job row's conditional claim lets exactly one
delivery run, so a redelivered message is harmless.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from integrations.errors import HooklineError, InputError, NotConfiguredError
from integrations.jobs.events import RedisEventBus
from integrations.jobs.executor import MAX_BACKOFF_S, Runner
from integrations.jobs.lease import LeaseKeeper, Ticker
from integrations.jobs.models import JobInfo
from integrations.jobs.queue import JobQueue
from integrations.jobs.store import JobStore
from integrations.settings import Settings

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

        from integrations.jobs.store import jobs

        self._marks.flush()
        with self.store.database.session() as session:
            return session.scalar(select(jobs.c.published_at).where(jobs.c.id == job_id)) is not None

    def close(self, wait: bool = True) -> None:
        self._marks.flush()
        self.bus.close()


# -- the worker -----------------------------------------------------------------------------------------------------
@dataclass
class WorkerOptions:
    gpu: bool = False
    queues: tuple[str, ...] = ()
    concurrency: int | None = None
    pool: str = "threads"
    name: str = "worker"
    loglevel: str = "INFO"

    def resolved_queues(self) -> tuple[str, ...]:
        """Which queue kinds this worker consumes: a GPU worker takes gpu + default, a CPU worker default only."""
        kinds = tuple(dict.fromkeys(q.strip() for q in self.queues if q.strip())) or (
            ("gpu", "default") if self.gpu else ("default",)
        )
        unknown = [q for q in kinds if q not in QUEUE_KINDS]
        if unknown:
            raise InputError(f"Unknown queue {unknown[0]!r} in --queues; expected default and/or gpu.",
                             field="queues")
        if "gpu" in kinds and not self.gpu:
            raise InputError("Only a worker started with --gpu may consume the gpu queue (--queues gpu).",
                             field="queues")
        return kinds


@dataclass
class _WorkerProcess:
    """Per OS process (the worker, or each prefork child): its lease identity, store, bus and runner."""

    runner: Runner
    keeper: LeaseKeeper
    counts: Counter[str] = field(default_factory=Counter)


_worker_config: dict[str, Any] = {}
_worker_process: tuple[int, _WorkerProcess] | None = None
_worker_lock = threading.Lock()


def _process_state() -> _WorkerProcess:
    global _worker_process
    with _worker_lock:
        if _worker_process is not None and _worker_process[0] == os.getpid():
            return _worker_process[1]
        from integrations.jobs.backend import job_store

        settings: Settings = _worker_config["settings"]
        identity = f"{_worker_config['hostname']}/{os.getpid()}-{uuid.uuid4().hex[:6]}"
        store = job_store(settings)
        bus = RedisEventBus(require_queue_url(settings), settings.queue_namespace)
        keeper = LeaseKeeper(store, identity).start()
        runner = Runner(worker=identity, settings=settings, store=store, bus=bus, keeper=keeper,
                        requeue=lambda job_id, gpu, delay: publish(settings, store, job_id, gpu, delay),
                        accepts_gpu=_worker_config["gpu"])
        state = _WorkerProcess(runner=runner, keeper=keeper)
        _worker_process = (os.getpid(), state)
        return state


def _run_job_task(job_id: str) -> str:
    state = _process_state()
    outcome = state.runner.run(job_id)
    state.counts[outcome] += 1
    return outcome


def _queue_length(client: Any, namespace: str, gpu: bool) -> int:
    """Messages waiting in a queue's Redis list (kombu prefixes every key with `<namespace>:`)."""
    return int(client.llen(f"{namespace}:{queue_name(namespace, gpu)}"))


def _advertise_key(namespace: str, hostname: str) -> str:
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


def _gpu_devices() -> list[dict[str, Any]]:
    try:
        import torch
    except ImportError:
        return []
    if not torch.cuda.is_available():
        return []
    devices = []
    for index in range(torch.cuda.device_count()):
        props = torch.cuda.get_device_properties(index)
        devices.append({"index": index, "name": props.name, "memory_gb": round(props.total_memory / 2**30, 1)})
    return devices


def run_worker(settings: Settings, options: WorkerOptions, *, announce: Any = None) -> dict[str, Any]:
    """Run a Celery worker in this process until it is stopped (SIGTERM: finish running jobs, then exit)."""
    from integrations.jobs.backend import job_store
    from integrations.jobs.registry import load_job_modules, registered

    kinds = options.resolved_queues()
    url = require_queue_url(settings)
    modules = load_job_modules(settings)
    store = job_store(settings, retries=5)  # opens and migrates the database; fails fast if unreachable
    app = celery_app(settings)
    hostname = f"{options.name}@{socket.gethostname()}"
    concurrency = options.concurrency or settings.job_concurrency
    devices = _gpu_devices() if options.gpu else []
    if options.gpu and not devices:
        log.warning("%s started with --gpu but torch sees no CUDA device; GPU jobs will run on CPU here", hostname)
    _worker_config.update(settings=settings, hostname=hostname, gpu=options.gpu)
    app.task(name=TASK_NAME, acks_late=True, reject_on_worker_lost=True)(_run_job_task)

    import redis

    client = redis.Redis.from_url(url, socket_timeout=10)
    advert = {
        "name": hostname, "host": socket.gethostname(), "pid": os.getpid(), "gpu": options.gpu,
        "gpu_devices": devices, "queues": list(kinds), "concurrency": concurrency, "pool": options.pool,
        "kinds": sorted(registered()), "started_at": time.time(),
    }
    ttl = max(10, int(settings.job_lease_s * 3))

    def advertise() -> None:
        client.set(_advertise_key(settings.queue_namespace, hostname), json.dumps({**advert, "seen_at": time.time()}),
                   ex=ttl)

    def reap() -> None:
        for job in store.reap(BACKEND, adopt_as=None):
            log.info("job %s: its worker stopped heart-beating; queued again", job.id)
            publish(settings, store, job.id, job.gpu)
        for job in store.unpublished(BACKEND, older_than_s=settings.job_lease_s):
            log.info("job %s: recorded but never published; publishing", job.id)
            publish(settings, store, job.id, job.gpu)
        # A queue that is empty while jobs published to it long ago are still queued lost its messages (a Redis
        # restart without persistence, a flushed key): publish those jobs again. Duplicates are skipped by the claim.
        for gpu in (False, True):
            if _queue_length(client, settings.queue_namespace, gpu):
                continue  # messages are waiting: nothing can be concluded about lost ones
            for job in store.published_long_ago(BACKEND, gpu=gpu, older_than_s=3 * settings.job_lease_s,
                                                retry_grace_s=MAX_BACKOFF_S + settings.job_lease_s):
                log.warning("job %s: queued but its queue is empty (message lost?); publishing again", job.id)
                publish(settings, store, job.id, job.gpu)

    advertise()
    upkeep = [
        Ticker("hookline-advertise", max(1.0, settings.job_lease_s / 3), advertise).start(),
        Ticker("hookline-reaper", max(0.05, settings.job_lease_s / 2), reap).start(),
    ]
    if announce is not None:
        announce({**advert, "modules": modules})
    worker = app.Worker(
        hostname=hostname, queues=[queue_name(settings.queue_namespace, k == "gpu") for k in kinds],
        concurrency=concurrency, pool_cls=options.pool, loglevel=options.loglevel, quiet=True,
        without_gossip=True, without_mingle=True, without_heartbeat=True, optimization="fair",
    )
    sys.stdout.flush()
    saved_stdout = os.dup(1)
    os.dup2(2, 1)  # Celery writes shutdown notices straight to fd 1: keep stdout for the command's one document
    try:
        worker.start()
    finally:
        sys.stdout.flush()
        os.dup2(saved_stdout, 1)
        os.close(saved_stdout)
        for ticker in upkeep:
            ticker.stop()
        with contextlib.suppress(Exception):  # the advert expires on its own
            client.delete(_advertise_key(settings.queue_namespace, hostname))
        client.close()
        sys.stdout.flush()
    state = _worker_process[1] if _worker_process is not None else None
    return {
        "worker": hostname, "queues": list(kinds), "gpu": options.gpu, "concurrency": concurrency,
        "pool": options.pool, "exit_code": worker.exitcode or 0,
        "jobs": dict(state.counts) if state is not None else {},
    }
