"""Fixtures for the queue tests: an in-process queue on either database, and real `hookline worker` processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

SAMPLE_JOBS = "tests.jobs.sample_jobs"


def wait_for(predicate: Callable[[], object], timeout: float, what: str, every: float = 0.05) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@pytest.fixture
def job_settings(settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The root `settings` (SQLite, or Postgres when marked services) plus the test job kinds and a short lease."""
    return settings.model_copy(update={
        "job_modules": SAMPLE_JOBS, "job_lease_s": 0.6, "storage_url": str(tmp_path / "storage"),
    })


@pytest.fixture
def make_queue(job_settings):  # type: ignore[no-untyped-def]
    """Build in-process queues on the test database; all are closed at the end."""
    from tools.core.jobs import close_queues, job_store
    from tools.core.jobs.inprocess import InProcessQueue

    made: list[InProcessQueue] = []

    def make(threads: int = 2, settings=None):  # type: ignore[no-untyped-def]
        s = settings or job_settings
        queue = InProcessQueue(s, job_store(s), threads=threads, backoff_s=0.01)
        made.append(queue)
        return queue

    yield make
    for queue in made:
        queue.close(wait=False)
    close_queues()


class Workers:
    """Real `python -m integrations.cli worker` processes sharing one Postgres schema, Redis namespace and storage."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env = env
        self.logs = logs
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, *args: str, ready_timeout: float = 60) -> subprocess.Popen[bytes]:
        """Start a worker; its stderr (logs) goes to `<name>.log`, its stdout to `<name>.out`."""
        log_path = self.logs / f"{name}.log"
        with log_path.open("wb") as log, (self.logs / f"{name}.out").open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "integrations.cli", "worker", "--name", name, *args],
                env=self.env, cwd=str(REPO_ROOT), stdout=out, stderr=log, start_new_session=True,
            )
        self.procs[name] = proc

        def ready() -> bool:
            if proc.poll() is not None:
                raise AssertionError(f"worker {name} exited with {proc.returncode}:\n{log_path.read_text()}")
            return " ready." in log_path.read_text(errors="replace")

        wait_for(ready, ready_timeout, f"worker {name} to be ready", every=0.1)
        return proc

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    def stdout(self, name: str) -> str:
        return (self.logs / f"{name}.out").read_text(errors="replace")

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        proc = self.procs[name]
        os.killpg(proc.pid, sig)
        proc.wait(timeout=30)

    def stop_all(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=15)


@pytest.fixture
def celery_setup(postgres_url: str, redis_url: str, tmp_path: Path) -> Iterator[tuple]:
    """(settings for this test process, Workers) on a throw-away Postgres schema and a unique Redis namespace."""
    from tools.core.jobs import close_queues
    from tools.core.settings import Settings

    namespace = f"hltest-{uuid.uuid4().hex[:10]}"
    storage = tmp_path / "storage"
    home = tmp_path / "home"
    home.mkdir()
    settings = Settings(home=home, database_url=postgres_url, queue_url=redis_url, queue_namespace=namespace,
                        job_modules=SAMPLE_JOBS, storage_url=str(storage), job_lease_s=1.5, _env_file=None)
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOOKLINE_")}
    env.update({
        "HOOKLINE_HOME": str(home), "HOOKLINE_DATABASE_URL": postgres_url, "HOOKLINE_QUEUE_URL": redis_url,
        "HOOKLINE_QUEUE_NAMESPACE": namespace, "HOOKLINE_JOB_MODULES": SAMPLE_JOBS,
        "HOOKLINE_STORAGE_URL": str(storage), "HOOKLINE_JOB_LEASE_S": "1.5", "PYTHONPATH": str(REPO_ROOT),
    })
    logs = tmp_path / "logs"
    logs.mkdir()
    workers = Workers(env, logs)
    try:
        yield settings, workers
    finally:
        workers.stop_all()
        close_queues()
        import redis

        client = redis.Redis.from_url(redis_url)
        keys = list(client.scan_iter(match=f"{namespace}*", count=500))
        if keys:
            client.delete(*keys)
        client.close()
