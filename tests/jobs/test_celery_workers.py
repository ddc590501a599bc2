"""Celery + Redis with real `hookline worker` processes on Postgres: remote runs, crash recovery, GPU routing."""

from __future__ import annotations

import json
import signal
import time

import pytest
import sqlalchemy as sa

from tests.conftest import run_cli
from tests.jobs.conftest import wait_for
from tools.core.jobs import JobCancelledError, JobStatus, get_queue, job_store

pytestmark = [pytest.mark.services, pytest.mark.slow]


def _starts(settings, job_id: str, folder: str = "starts") -> list[str]:  # type: ignore[no-untyped-def]
    path = settings.home.parent / "storage" / "acme" / folder / job_id
    return sorted(p.name for p in path.iterdir()) if path.exists() else []


def test_job_runs_on_a_separate_worker_with_progress_idempotency_and_cancel(celery_setup) -> None:
    settings, workers = celery_setup
    queue = get_queue(settings)
    assert queue.backend == "celery"
    worker = workers.start("w1", "--concurrency", "2", "--json")

    handle = queue.submit("tests.steps", {"n": 6, "sleep": 0.15}, workspace="acme", idempotency_key="remote-1")
    events = list(handle.events(timeout=60))
    result = handle.result(timeout=5)
    assert result["pid"] == worker.pid  # ran in the worker process, not here
    assert result["worker"].startswith("w1@") and result["attempt"] == 1
    progress = [e.progress.done for e in events if e.type == "progress"]
    assert progress == sorted(progress) and progress[-1] == 6 and len(progress) >= 4  # via Redis pub/sub
    assert all(e.worker == result["worker"] for e in events if e.type == "progress")
    info = handle.info()
    assert info.status is JobStatus.SUCCEEDED and info.progress.done == 6 and info.worker == result["worker"]

    again = queue.submit("tests.steps", {"n": 6, "sleep": 0.15}, workspace="acme", idempotency_key="remote-1")
    assert again.id == handle.id and not again.created and again.result(timeout=5) == result
    time.sleep(0.5)
    assert _starts(settings, handle.id) == ["1"]  # no second run anywhere

    # the CLI as a caller: it publishes, the worker runs, the result comes back through Postgres/Redis
    proc = run_cli(["--workspace", "acme", "jobs", "submit", "hookline.ping", "--payload", '{"echo": "cli"}',
                    "--json"], home=settings.home, env=workers.env)
    assert proc.returncode == 0, proc.stderr
    pinged = json.loads(proc.stdout)
    assert pinged["backend"] == "celery" and pinged["status"] == "succeeded"
    assert pinged["result"]["pid"] == worker.pid and pinged["result"]["asset_readable"] is True
    workers_seen = json.loads(run_cli(["jobs", "workers", "--json"], home=settings.home, env=workers.env).stdout)
    assert [w["name"].split("@")[0] for w in workers_seen["workers"]] == ["w1"]

    blocker = queue.submit("tests.block", {"max_s": 30}, workspace="acme")
    wait_for(lambda: blocker.status() is JobStatus.RUNNING, 30, "the blocking job to start")
    asked = time.monotonic()
    assert blocker.cancel() is JobStatus.RUNNING
    with pytest.raises(JobCancelledError):
        blocker.result(timeout=30)
    assert time.monotonic() - asked < 5 and blocker.info().status is JobStatus.CANCELLED

    # SIGTERM: a warm shutdown, then the command's one JSON document on stdout
    workers.kill("w1", signal.SIGTERM)
    assert worker.returncode == 0
    summary = json.loads(workers.stdout("w1"))
    assert summary["worker"].startswith("w1@") and summary["queues"] == ["default"] and summary["exit_code"] == 0
    assert summary["jobs"] == {"succeeded": 2, "cancelled": 1}


def test_worker_killed_mid_job_is_completed_by_another_exactly_once(celery_setup, postgres_url) -> None:
    settings, workers = celery_setup
    store = job_store(settings)
    with store.database.engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE job_effects (job_id VARCHAR(32), worker VARCHAR(200), attempt INTEGER)"))
    queue = get_queue(settings)
    workers.start("a", "--concurrency", "1")

    handle = queue.submit("tests.steps", {"n": 20, "sleep": 0.1, "effects_table": "job_effects"},
                          workspace="acme", idempotency_key="crash-1")
    for event in handle.events(timeout=60):
        if event.type == "progress" and event.progress.done >= 3:
            assert event.worker.startswith("a@")
            break
    workers.kill("a")  # SIGKILL the whole worker mid-job: no cleanup, message unacked
    left = handle.info()
    assert left.status is JobStatus.RUNNING and left.attempts == 1 and left.worker.startswith("a@")

    workers.start("b", "--concurrency", "1")
    result = handle.result(timeout=90)
    info = handle.info()
    assert result["worker"].startswith("b@") and result["attempt"] == 2
    assert info.status is JobStatus.SUCCEEDED and info.attempts == 2 and info.worker == result["worker"]
    assert _starts(settings, handle.id) == ["1", "2"]  # attempt 1 started on a, attempt 2 on b
    assert _starts(settings, handle.id, "ends") == ["2"]  # only one attempt ever finished
    with store.database.engine.connect() as conn:
        effects = conn.execute(sa.text("SELECT job_id, worker, attempt FROM job_effects")).all()
    assert [(e.job_id, e.attempt) for e in effects] == [(handle.id, 2)]
    assert effects[0].worker == result["worker"]

    # a duplicate delivery of the finished job (what Celery's redelivery of a's unacked message amounts to) is a no-op
    from tools.core.jobs.celery_backend import publish

    publish(settings, store, handle.id, False)
    wait_for(lambda: f"job {handle.id}: delivery skipped" in workers.log("b"), 30, "the duplicate to be skipped")
    with store.database.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM job_effects")).scalar_one() == 1
    after = handle.info()
    assert after.attempts == 2 and after.status is JobStatus.SUCCEEDED and after.result == result


def test_cpu_worker_never_takes_gpu_jobs(celery_setup) -> None:
    settings, workers = celery_setup
    queue = get_queue(settings)
    workers.start("cpu", "--concurrency", "2")
    gpu_job = queue.submit("tests.gpu_echo", {}, workspace="acme")  # gpu=True from the kind
    cpu_job = queue.submit("tests.echo", {"n": 1}, workspace="acme")
    forced = queue.submit("tests.echo", {"n": 2}, workspace="acme", gpu=True)  # gpu requested at submit
    assert cpu_job.result(timeout=60)["worker"].startswith("cpu@")
    time.sleep(2.0)  # plenty of time for a wrongly routed job to be picked up
    for job in (gpu_job, forced):
        info = job.info()
        assert info.gpu and info.status is JobStatus.QUEUED and info.attempts == 0

    # Redis loses the two GPU messages (a restart without persistence): the jobs must still run, once
    import redis

    from tools.core.jobs.celery_backend import list_workers, queue_name

    client = redis.Redis.from_url(settings.queue_url)
    gpu_list = f"{settings.queue_namespace}:{queue_name(settings.queue_namespace, True)}"
    assert client.llen(gpu_list) == 2
    client.delete(gpu_list)
    client.close()

    workers.start("gpu", "--gpu", "--concurrency", "1")
    adverts = {w["name"].split("@")[0]: w for w in list_workers(settings)}
    assert adverts["cpu"]["queues"] == ["default"] and adverts["cpu"]["gpu"] is False
    assert adverts["gpu"]["queues"] == ["gpu", "default"] and adverts["gpu"]["gpu"] is True
    assert "tests.gpu_echo" in adverts["gpu"]["kinds"]
    assert gpu_job.result(timeout=60)["worker"].startswith("gpu@")
    assert forced.result(timeout=60)["worker"].startswith("gpu@")
    # any worker's reaper re-publishes (here the CPU worker's, to the gpu queue it does not consume itself)
    assert "queue is empty (message lost?); publishing again" in workers.log("cpu") + workers.log("gpu")
    assert gpu_job.info().attempts == 1 and forced.info().attempts == 1
