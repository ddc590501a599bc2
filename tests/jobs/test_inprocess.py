"""The in-process backend on SQLite (and Postgres, marked services): the whole job life cycle through the real table."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from tests.conftest import REPO_ROOT
from tests.jobs import sample_jobs
from tests.jobs.conftest import SAMPLE_JOBS, wait_for
from tools.core.db.base import utcnow
from tools.core.errors import InputError
from tools.core.jobs import JobCancelledError, JobFailedError, JobStatus, job_store
from tools.core.jobs.store import jobs


def test_submit_runs_job_and_returns_result(make_queue) -> None:
    queue = make_queue()
    handle = queue.submit("tests.echo", {"x": 1, "words": ["a", "b"]}, workspace="acme")
    result = handle.result(timeout=10)
    assert result["echo"] == {"x": 1, "words": ["a", "b"]}
    assert result["pid"] == os.getpid() and result["worker"] == queue.worker
    info = handle.info()
    assert info.status is JobStatus.SUCCEEDED and info.attempts == 1 and info.backend == "inprocess"
    assert info.workspace == "acme" and info.started_at <= info.finished_at
    assert sample_jobs.RUNS[handle.id] == 1


def test_progress_events_arrive_in_order_and_are_mirrored(make_queue) -> None:
    queue = make_queue()
    handle = queue.submit("tests.steps", {"n": 6, "sleep": 0.12}, workspace="acme")
    events = list(handle.events(timeout=20))
    progress = [e.progress.done for e in events if e.type == "progress"]
    assert progress == sorted(progress) and progress[-1] == 6  # ordered, final step always delivered
    assert len(progress) >= 4  # steps 120 ms apart are not throttled away
    assert events[-1].type == "status" and events[-1].status is JobStatus.SUCCEEDED
    info = handle.info()
    assert info.progress is not None and info.progress.done == 6 and info.progress.total == 6
    assert info.progress.fraction == 1.0 and info.progress.message == "step 6"


def test_a_follower_never_goes_back_to_an_older_report_than_the_row_it_started_from(make_queue) -> None:
    """A report published while a follower reads the row (so queued on its subscription) is older than that row:
    it is not shown after it (a progress bar must not jump from 8/8 back to 1/8)."""
    from tools.core.jobs.models import JobEvent, JobProgress

    queue = make_queue()
    handle = queue.submit("tests.steps", {"n": 3, "sleep": 0.5}, workspace="acme")
    wait_for(lambda: (handle.info().progress or JobProgress()).done >= 1, 10, "step 1 in the row")
    events = handle.events(timeout=20)
    first = next(events)  # subscribed, then the row: step 1 (steps are 0.5 s apart)
    assert first.progress is not None and first.progress.at is not None and first.status is JobStatus.RUNNING
    queue.bus.publish(JobEvent(job_id=handle.id, type="progress", status=JobStatus.RUNNING, attempt=first.attempt,
                               progress=JobProgress(done=0, total=3, message="starting",
                                                    at=first.progress.at - timedelta(seconds=1))))
    done = [first.progress.done] + [e.progress.done for e in events if e.type == "progress" and e.progress]
    assert done == sorted(done) and done[-1] == 3


def test_same_idempotency_key_returns_same_job_without_rerunning(make_queue) -> None:
    queue = make_queue()
    first = queue.submit("tests.echo", {"n": 1}, workspace="acme", idempotency_key="thread-1:variants")
    result = first.result(timeout=10)
    again = queue.submit("tests.echo", {"n": 1}, workspace="acme", idempotency_key="thread-1:variants")
    assert again.id == first.id and first.created and not again.created
    assert again.result(timeout=1) == result  # the stored result, not a new run
    assert sample_jobs.RUNS[first.id] == 1
    # the same key in another workspace is another job: keys never cross workspaces
    other = queue.submit("tests.echo", {"n": 1}, workspace="globex", idempotency_key="thread-1:variants")
    assert other.id != first.id and other.result(timeout=10)["echo"] == {"n": 1}


def test_concurrent_submits_with_one_key_make_one_job(make_queue) -> None:
    from concurrent.futures import ThreadPoolExecutor

    queue = make_queue()
    with ThreadPoolExecutor(8) as pool:
        handles = list(pool.map(
            lambda _: queue.submit("tests.echo", {"n": 2}, workspace="acme", idempotency_key="race"), range(16)
        ))
    assert len({h.id for h in handles}) == 1 and sum(h.created for h in handles) == 1
    handles[0].result(timeout=10)
    assert sample_jobs.RUNS[handles[0].id] == 1


def test_reused_key_with_different_payload_is_bad_input(make_queue) -> None:
    queue = make_queue()
    queue.submit("tests.echo", {"n": 1}, workspace="acme", idempotency_key="k").result(timeout=10)
    with pytest.raises(InputError, match="already used") as err:
        queue.submit("tests.echo", {"n": 2}, workspace="acme", idempotency_key="k")
    assert err.value.field == "idempotency_key"


def test_bad_submissions_are_refused_before_anything_is_stored(make_queue) -> None:
    queue = make_queue()
    with pytest.raises(InputError, match="Unknown job kind 'nope'"):
        queue.submit("nope", {}, workspace="acme")
    with pytest.raises(InputError, match="not JSON-serialisable"):
        queue.submit("tests.echo", {"when": object()}, workspace="acme")
    with pytest.raises(InputError, match="must be a JSON object"):
        queue.submit("tests.echo", [1, 2], workspace="acme")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="Workspace name"):
        queue.submit("tests.echo", {}, workspace="../etc")
    assert queue.list(None) == []


def test_transient_failure_is_retried_with_same_job(make_queue) -> None:
    queue = make_queue()
    handle = queue.submit("tests.flaky", {"fail_times": 2}, workspace="acme")
    assert handle.result(timeout=10) == {"attempt": 3}
    info = handle.info()
    assert info.attempts == 3 and info.error is None and info.status is JobStatus.SUCCEEDED
    assert sample_jobs.RUNS[handle.id] == 3


def test_failure_after_last_attempt_is_reported(make_queue) -> None:
    queue = make_queue()
    handle = queue.submit("tests.flaky", {"fail_times": 5}, workspace="acme")
    with pytest.raises(JobFailedError, match="transient failure on attempt 3"):
        handle.result(timeout=10)
    info = handle.info()
    assert info.status is JobStatus.FAILED and info.attempts == 3 == info.max_attempts
    assert "sample_jobs.py" in (info.error or "")  # where it failed
    # per-kind max_attempts=1: never retried
    once = queue.submit("tests.once", {}, workspace="acme")
    with pytest.raises(JobFailedError, match="never retried"):
        once.result(timeout=10)
    assert once.info().attempts == 1 and sample_jobs.RUNS[once.id] == 1


def test_bad_input_and_bad_result_fail_without_retry(make_queue) -> None:
    queue = make_queue()
    handle = queue.submit("tests.bad_input", {}, workspace="acme")
    with pytest.raises(JobFailedError, match="payload field 'n' must be a positive integer"):
        handle.result(timeout=10)
    assert handle.info().attempts == 1 and sample_jobs.RUNS[handle.id] == 1
    bad = queue.submit("tests.bad_result", {}, workspace="acme")
    with pytest.raises(JobFailedError, match="result is not JSON-serialisable"):
        bad.result(timeout=10)
    assert bad.info().attempts == 1


def test_retry_command_requeues_a_failed_job(make_queue) -> None:
    queue = make_queue()
    handle = queue.submit("tests.flaky", {"fail_times": 3}, workspace="acme")
    with pytest.raises(JobFailedError):
        handle.result(timeout=10)
    with pytest.raises(InputError, match="only failed or cancelled"):
        queue.retry(_succeeded(queue).id)
    again = queue.retry(handle.id)
    assert again.id == handle.id and again.result(timeout=10) == {"attempt": 4}
    assert handle.info().attempts == 4


def _succeeded(queue):  # type: ignore[no-untyped-def]
    handle = queue.submit("tests.echo", {"ok": True}, workspace="acme")
    handle.result(timeout=10)
    return handle


def test_cancel_queued_job_never_runs(make_queue) -> None:
    queue = make_queue(threads=1)
    sample_jobs.RELEASE.clear()
    blocker = queue.submit("tests.block", {"max_s": 20}, workspace="acme")
    wait_for(lambda: blocker.status() is JobStatus.RUNNING, 10, "blocker to run")
    waiting = queue.submit("tests.echo", {"n": 1}, workspace="acme")
    assert waiting.status() is JobStatus.QUEUED
    assert waiting.cancel() is JobStatus.CANCELLED
    with pytest.raises(JobCancelledError):
        waiting.result(timeout=1)
    sample_jobs.RELEASE.set()
    try:
        assert blocker.result(timeout=10) == {"released": True}
    finally:
        sample_jobs.RELEASE.clear()
    time.sleep(0.2)
    assert sample_jobs.RUNS[waiting.id] == 0 and waiting.status() is JobStatus.CANCELLED


def test_cancel_running_job_stops_it_cooperatively(make_queue) -> None:
    queue = make_queue()
    handle = queue.submit("tests.block", {"max_s": 20}, workspace="acme")
    wait_for(lambda: handle.status() is JobStatus.RUNNING, 10, "job to run")
    started = time.monotonic()
    assert handle.cancel() is JobStatus.RUNNING  # asked to stop
    with pytest.raises(JobCancelledError):
        handle.result(timeout=10)
    assert time.monotonic() - started < 2
    info = handle.info()
    assert info.status is JobStatus.CANCELLED and info.cancel_requested and info.finished_at is not None


def test_on_success_writes_commit_with_the_result_only(make_queue, job_settings) -> None:
    from sqlalchemy import text

    store = job_store(job_settings)
    with store.database.engine.begin() as conn:
        conn.execute(text("CREATE TABLE effects_ok (job_id VARCHAR(32), worker VARCHAR(200), attempt INTEGER)"))
    queue = make_queue()
    handle = queue.submit("tests.steps", {"n": 2, "sleep": 0.01, "effects_table": "effects_ok"}, workspace="acme")
    handle.result(timeout=10)
    with store.database.engine.connect() as conn:
        rows = conn.execute(text("SELECT job_id, attempt FROM effects_ok")).all()
    assert [(r.job_id, r.attempt) for r in rows] == [(handle.id, 1)]


def test_stale_attempt_cannot_record_a_result(make_queue, job_settings) -> None:
    """A worker whose lease was taken over (attempt 1) cannot overwrite what attempt 2 does."""
    store = job_store(job_settings)
    info, _ = store.create(kind="tests.echo", handler=f"{SAMPLE_JOBS}:echo", workspace="acme", idempotency_key=None,
                           payload={}, gpu=False, max_attempts=3, backend="manual")
    first = store.claim(info.id, "w1")
    assert first is not None and first.attempt == 1
    assert store.claim(info.id, "w2") is None  # live lease: nobody else
    with store.database.session() as s:  # w1 goes silent
        s.execute(update(jobs).where(jobs.c.id == info.id).values(heartbeat_at=utcnow() - timedelta(seconds=60)))
    second = store.claim(info.id, "w2")
    assert second is not None and second.attempt == 2
    assert store.succeed(info.id, 1, "w1", {"who": "w1"}, None) is False
    assert store.fail(info.id, 1, "w1", "late", retry=True) is None
    assert store.heartbeat("w1", {info.id: 1})[info.id].owned is False
    assert store.succeed(info.id, 2, "w2", {"who": "w2"}, None) is True
    assert store.info(info.id).result == {"who": "w2"}
    assert store.claim(info.id, "w3") is None  # done is done


def test_gpu_claim_refused_by_cpu_runner(job_settings) -> None:
    store = job_store(job_settings)
    info, _ = store.create(kind="tests.gpu_echo", handler=f"{SAMPLE_JOBS}:gpu_echo", workspace="acme",
                           idempotency_key=None, payload={}, gpu=True, max_attempts=3, backend="manual")
    assert store.claim(info.id, "cpu", accepts_gpu=False) is None
    assert store.claim(info.id, "gpu", accepts_gpu=True) is not None


def test_restart_adopts_jobs_left_by_a_dead_process(make_queue, job_settings) -> None:
    store = job_store(job_settings)
    long_ago = utcnow() - timedelta(seconds=120)
    made = {}
    for name, status in (("running", "running"), ("queued", "queued"), ("live", "running")):
        info, _ = store.create(kind="tests.echo", handler=f"{SAMPLE_JOBS}:echo", workspace="acme",
                               idempotency_key=f"left-{name}", payload={"left": name}, gpu=False, max_attempts=3,
                               backend="inprocess", owner=f"inprocess@gone/1-{name}")
        holder = "inprocess@alive/2-abc" if name == "live" else f"inprocess@gone/1-{name}"
        beat = utcnow() if name == "live" else long_ago
        with store.database.session() as s:
            s.execute(update(jobs).where(jobs.c.id == info.id).values(
                status=status, worker=holder, heartbeat_at=beat, attempts=1 if status == "running" else 0))
        made[name] = info.id
    queue = make_queue()  # "the app starts again"
    assert queue.get(made["running"]).result(timeout=10)["attempt"] == 2
    assert queue.get(made["queued"]).result(timeout=10)["attempt"] == 1
    time.sleep(0.3)  # the live holder's job is left alone while its lease is fresh
    with store.database.session() as s:
        live = s.execute(select(jobs.c.status, jobs.c.worker).where(jobs.c.id == made["live"])).one()
    assert (live.status, live.worker) == ("running", "inprocess@alive/2-abc")


def test_job_survives_a_killed_app_process(tmp_path, sqlite_settings) -> None:
    """A real restart: a process running a job is SIGKILLed; the next process completes it (attempt 2)."""
    job_settings = sqlite_settings.model_copy(update={
        "job_modules": SAMPLE_JOBS, "job_lease_s": 0.6, "storage_url": str(tmp_path / "storage"),
        "database_url": f"sqlite:///{tmp_path / 'app.db'}",
    })
    script = (
        "import sys, time\n"
        "from tools.core.settings import Settings\n"
        "from tools.core.jobs import get_queue\n"
        f"s = Settings(home={str(job_settings.home)!r}, database_url={job_settings.database_url!r}, "
        f"job_modules={SAMPLE_JOBS!r}, job_lease_s=0.6, storage_url={job_settings.storage_url!r}, _env_file=None)\n"
        "q = get_queue(s)\n"
        "h = q.submit('tests.steps', {'n': 20, 'sleep': 0.05}, workspace='acme', idempotency_key='survive')\n"
        "for e in h.events(timeout=30):\n"
        "    if e.type == 'progress' and e.progress.done >= 2:\n"
        "        print(h.id, flush=True)\n"
        "        time.sleep(60)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env,
                            cwd=str(REPO_ROOT))
    try:
        job_id = proc.stdout.readline().strip()  # type: ignore[union-attr]
        assert job_id, "the app process did not start the job"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    store = job_store(job_settings)
    left = store.info(job_id)
    assert left.status is JobStatus.RUNNING and left.attempts == 1 and left.progress.done >= 1  # mirrored ~1 s apart
    from tools.core.jobs.inprocess import InProcessQueue

    queue = InProcessQueue(job_settings, store, threads=1)
    try:
        handle = queue.submit("tests.steps", {"n": 20, "sleep": 0.05}, workspace="acme", idempotency_key="survive")
        assert handle.id == job_id and not handle.created
        result = handle.result(timeout=30)
    finally:
        queue.close()
    assert result["attempt"] == 2 and result["worker"] == queue.worker
    storage = tmp_path / "storage" / "acme"
    assert sorted(p.name for p in (storage / "starts" / job_id).iterdir()) == ["1", "2"]
    assert sorted(p.name for p in (storage / "ends" / job_id).iterdir()) == ["2"]  # the killed attempt never ended


def test_list_filters_by_workspace_status_and_kind(make_queue) -> None:
    queue = make_queue()
    queue.submit("tests.echo", {"a": 1}, workspace="acme").result(timeout=10)
    failed = queue.submit("tests.bad_input", {}, workspace="acme")
    with pytest.raises(JobFailedError):
        failed.result(timeout=10)
    queue.submit("tests.echo", {"b": 1}, workspace="globex").result(timeout=10)
    assert {j.kind for j in queue.list("acme")} == {"tests.echo", "tests.bad_input"}
    assert [j.id for j in queue.list("acme", status="failed")] == [failed.id]
    assert [j.workspace for j in queue.list("globex", kind="tests.echo")] == ["globex"]
    with pytest.raises(InputError, match="Unknown job status"):
        queue.list("acme", status="done")
    assert json.loads(queue.list("acme", status="failed")[0].model_dump_json())["status"] == "failed"


def test_subscribe_calls_back_for_each_event(make_queue) -> None:
    queue = make_queue()
    handle = queue.submit("tests.steps", {"n": 3, "sleep": 0.12}, workspace="acme")
    seen = []
    follower = handle.subscribe(seen.append, timeout=20)
    follower.join(timeout=20)
    assert not follower.is_alive()
    assert [e.progress.done for e in seen if e.type == "progress"] == [1, 2, 3]
    assert seen[-1].status is JobStatus.SUCCEEDED


def test_another_process_follows_through_the_job_row(make_queue) -> None:
    """A follower without the runner's in-memory events (e.g. the CLI watching the Slack app's job) reads the row."""
    runner, other = make_queue(), make_queue()
    handle = runner.submit("tests.steps", {"n": 8, "sleep": 0.25}, workspace="acme")
    events = list(other.get(handle.id).events(timeout=30))
    assert other.bus is not runner.bus
    snapshots = [e.progress.done for e in events if e.progress is not None]
    assert snapshots == sorted(snapshots) and len(set(snapshots)) >= 2  # mirrored progress, about once a second
    assert events[-1].status is JobStatus.SUCCEEDED and events[-1].progress.done == 8
