"""`hookline worker`: a Celery worker process that runs Hookline jobs (generation on GPU machines, extraction,
training), advertises itself in Redis and reaps jobs whose worker died.

Why at the edge: a worker drives the tools from outside, like the CLI and Slack; the queue core it consumes
(`tools/core/jobs`) knows nothing of it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tools.core.errors import InputError
from tools.core.jobs.backend import job_store
from tools.core.jobs.celery_backend import (
    BACKEND,
    QUEUE_KINDS,
    TASK_NAME,
    advertise_key,
    celery_app,
    publish,
    queue_length,
    queue_name,
    require_queue_url,
)
from tools.core.jobs.events import RedisEventBus
from tools.core.jobs.executor import MAX_BACKOFF_S, Runner
from tools.core.jobs.registry import load_job_modules, registered
from tools.core.jsonio import dumps
from tools.core.settings import Settings
from tools.core.work import LeaseKeeper, Ticker, process_owner, work_keeper

log = logging.getLogger("hookline.jobs")


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
        from tools.core.jobs.backend import job_store

        settings: Settings = _worker_config["settings"]
        identity = process_owner(_worker_config["name"])
        store = job_store(settings)
        bus = RedisEventBus(require_queue_url(settings), settings.queue_namespace)
        keeper = work_keeper(store, identity).start()
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


def warn_if_root() -> None:
    """One clear line instead of Celery's multi-line SecurityWarning (which would also come once per child)."""
    import warnings

    warnings.filterwarnings("ignore", message=".*superuser privileges.*")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        log.warning("running as root: a job handler that is compromised owns this machine; run workers as an "
                    "unprivileged user (systemd User=, Kubernetes runAsNonRoot)")


def run_worker(settings: Settings, options: WorkerOptions, *, announce: Any = None) -> dict[str, Any]:
    """Run a Celery worker in this process until it is stopped (SIGTERM: finish running jobs, then exit)."""

    kinds = options.resolved_queues()
    url = require_queue_url(settings)
    warn_if_root()
    modules = load_job_modules(settings)
    store = job_store(settings, retries=5)  # opens and migrates the database; fails fast if unreachable
    app = celery_app(settings)
    hostname = f"{options.name}@{socket.gethostname()}"
    concurrency = options.concurrency or settings.job_concurrency
    devices = _gpu_devices() if options.gpu else []
    if options.gpu and not devices:
        log.warning("%s started with --gpu but torch sees no CUDA device; GPU jobs will run on CPU here", hostname)
    _worker_config.update(settings=settings, hostname=hostname, name=options.name, gpu=options.gpu)
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
        client.set(advertise_key(settings.queue_namespace, hostname),
                   dumps({**advert, "seen_at": time.time()}, compact=True), ex=ttl)

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
            if queue_length(client, settings.queue_namespace, gpu):
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
            client.delete(advertise_key(settings.queue_namespace, hostname))
        client.close()
        sys.stdout.flush()
    state = _worker_process[1] if _worker_process is not None else None
    return {
        "worker": hostname, "queues": list(kinds), "gpu": options.gpu, "concurrency": concurrency,
        "pool": options.pool, "exit_code": worker.exitcode or 0,
        "jobs": dict(state.counts) if state is not None else {},
    }
