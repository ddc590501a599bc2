"""Queue benchmark: small no-op jobs through Celery + Redis with 1 and 2 `hookline worker` processes, against the
in-process queue on the same Postgres; then real work — "20 variants × 3 formats" of the demo account's winner —
through a warm Celery worker against the warm in-process queue (target: Celery ≤ 1.3× in-process). Prints one JSON
document.

    python bench/job_queue.py [--jobs 300] [--latency-jobs 40] [--concurrency 4] [--variant-runs 3]
        [--postgres postgresql://postgres@127.0.0.1:5432/test] [--redis redis://127.0.0.1:6379/0]

Measures:
- drain: N jobs queued before the worker(s) start, first claim to last result (job-row timestamps): what 1 and 2
  workers can consume;
- end_to_end: one caller submitting N jobs back to back while the workers run them, until the last result;
- latency: one job at a time, submit → result (the path a Slack request takes).
- variants: wall time of `generate_variants_job` (submit → progress → result → assets read back from the shared
  storage), median of N runs after one warm-up run each side (models loaded in the worker and in this process).
"Overhead per job" is the median round trip of a no-op job minus the direct function call: what the queue costs.
It uses a throw-away Postgres schema and a unique Redis key prefix and removes both afterwards.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/job_queue.py`, this file's folder comes first on sys.path and would shadow the standard
# library's `queue` module (which redis and concurrent.futures import): put the repository root there instead.
ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from typing import Any  # noqa: E402

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _latency(queue: Any, n: int) -> dict[str, float]:
    samples = []
    for i in range(n):
        started = time.perf_counter()
        queue.submit("hookline.noop", {"n": i}, workspace="bench").result(timeout=60)
        samples.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(samples), 2), "p95_ms": round(_percentile(samples, 0.95), 2),
            "n": n}


def _throughput(queue: Any, n: int) -> dict[str, float]:
    """One caller submitting n jobs back to back while the workers run them; until the last result is recorded."""
    started = time.perf_counter()
    ids = [queue.submit("hookline.noop", {"n": i}, workspace="bench").id for i in range(n)]
    submitted = time.perf_counter() - started
    _wait_done(queue.store, ids)
    elapsed = time.perf_counter() - started
    return {"jobs": n, "seconds": round(elapsed, 3), "jobs_per_s": round(n / elapsed, 1),
            "submit_per_s": round(n / submitted, 1)}


def _direct_call_us() -> float:
    from tools.core.jobs.builtin import noop

    started = time.perf_counter()
    for i in range(10_000):
        noop(None, {"n": i})  # type: ignore[arg-type]
    return round((time.perf_counter() - started) / 10_000 * 1e6, 3)


class Worker:
    def __init__(self, name: str, env: dict[str, str], concurrency: int, logs: Path) -> None:
        self.name = name
        self.log = logs / f"{name}.log"
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "integrations.cli", "worker", "--name", name, "--concurrency", str(concurrency)],
                env=env, cwd=str(ROOT), stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )

    def wait_ready(self) -> Worker:
        deadline = time.monotonic() + 120
        while " ready." not in self.log.read_text(errors="replace"):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker {self.name} did not start:\n{self.log.read_text()}")
            time.sleep(0.1)
        return self

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def _wait_done(store: Any, ids: list[str], timeout: float = 600) -> None:
    started = time.perf_counter()
    while True:
        counts = store.count_by_status(ids)
        if counts.get("succeeded", 0) + counts.get("failed", 0) >= len(ids):
            if counts.get("failed"):
                raise RuntimeError(f"{counts['failed']} no-op jobs failed")
            return
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"jobs did not finish: {counts}")
        time.sleep(0.02)


def _drain(store: Any, ids: list[str]) -> dict[str, float]:
    """Worker-side rate over jobs that were all queued before the workers started: first claim to last result."""
    import sqlalchemy as sa

    from tools.core.jobs.store import jobs

    _wait_done(store, ids)
    with store.database.session() as session:
        first, last = session.execute(
            sa.select(sa.func.min(jobs.c.started_at), sa.func.max(jobs.c.finished_at)).where(jobs.c.id.in_(ids))
        ).one()
    seconds = (last - first).total_seconds()
    return {"jobs": len(ids), "seconds": round(seconds, 3), "jobs_per_s": round(len(ids) / seconds, 1)}


def _variant_runs(runtime: Any, runs: int) -> dict[str, Any]:
    """Warm-up once, then `runs` timed requests of 20 variants × 3 formats (each a new job: nothing reused)."""
    from tools.creator.submit import generate_variants_job

    generate_variants_job(runtime, n=20, formats="1x1,4x5,9x16")
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        result = generate_variants_job(runtime, n=20, formats="1x1,4x5,9x16")
        seconds.append(time.perf_counter() - started)
        assert sum(len(v.assets) for v in result.variants) == 60
    return {"runs": runs, "median_s": round(statistics.median(seconds), 3), "seconds": [round(x, 3) for x in seconds]}


def _variants(common: dict[str, Any], env: dict[str, str], logs: Path, runs: int, redis_url: str) -> dict[str, Any]:
    from tools.core.jobs import close_queues
    from tools.core.runtime import build_runtime
    from tools.core.settings import Settings
    from tools.demo.build import build_demo_workspace

    inproc_runtime = build_runtime(Settings(**common, _env_file=None), "bench")
    build_demo_workspace(inproc_runtime, Path(common["home"]).parent / "demo-data")
    inprocess = _variant_runs(inproc_runtime, runs)
    close_queues()
    worker = Worker("variants-0", env, 1, logs).wait_ready()
    try:
        celery_runtime = build_runtime(Settings(**common, queue_url=redis_url, _env_file=None), "bench")
        celery = _variant_runs(celery_runtime, runs)
    finally:
        worker.stop()
    return {"request": "20 variants x 3 formats (1x1, 4x5, 9x16) of the demo winner", "inprocess": inprocess,
            "celery_1_worker": celery, "celery_vs_inprocess": round(celery["median_s"] / inprocess["median_s"], 3),
            "target": 1.3}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=300)
    parser.add_argument("--latency-jobs", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=4, help="threads per worker (and in-process)")
    parser.add_argument("--variant-runs", type=int, default=3, help="timed variant requests per side (0: skip)")
    parser.add_argument("--postgres", default=os.environ.get("HOOKLINE_TEST_POSTGRES_URL",
                                                             "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--redis", default=os.environ.get("HOOKLINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"))
    args = parser.parse_args()

    import redis
    import sqlalchemy as sa

    from tools.core.jobs import close_queues, get_queue, job_store
    from tools.core.jobs.inprocess import InProcessQueue
    from tools.core.settings import Settings

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    namespace = f"hlbench-{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(args.postgres.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in args.postgres else "?"
    database_url = f"{args.postgres}{sep}options=-csearch_path%3D{schema}"
    tmp = Path(tempfile.mkdtemp(prefix="hookline-bench-queue-"))
    common = {"home": tmp / "home", "database_url": database_url, "storage_url": str(tmp / "storage"),
              "job_lease_s": 30.0, "queue_namespace": namespace}
    workers: list[Worker] = []
    report: dict[str, Any] = {
        "benchmark": "queue", "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                          "loadavg_before": Path("/proc/loadavg").read_text().split()[:3]},
        "config": {"jobs": args.jobs, "latency_jobs": args.latency_jobs, "concurrency": args.concurrency,
                   "database": "postgres", "broker": "redis"},
    }
    try:
        report["direct_call_us"] = _direct_call_us()

        inproc_settings = Settings(**common, job_concurrency=args.concurrency, _env_file=None)
        inproc = InProcessQueue(inproc_settings, job_store(inproc_settings), threads=args.concurrency)
        _latency(inproc, 10)  # warm-up
        report["inprocess"] = {"latency": _latency(inproc, args.latency_jobs),
                               "end_to_end": _throughput(inproc, args.jobs)}
        inproc.close()

        settings = Settings(**common, queue_url=args.redis, _env_file=None)
        queue = get_queue(settings)
        env = {k: v for k, v in os.environ.items() if not k.startswith("HOOKLINE_")}
        env.update({"HOOKLINE_HOME": str(common["home"]), "HOOKLINE_DATABASE_URL": database_url,
                    "HOOKLINE_QUEUE_URL": args.redis, "HOOKLINE_QUEUE_NAMESPACE": namespace,
                    "HOOKLINE_STORAGE_URL": str(common["storage_url"]), "HOOKLINE_JOB_LEASE_S": "30",
                    "PYTHONPATH": str(ROOT)})
        logs = tmp / "logs"
        logs.mkdir()
        for count in (1, 2):
            key = "celery_1_worker" if count == 1 else "celery_2_workers"
            for worker in workers:  # a clean start: nothing consumes while the backlog is queued
                worker.stop()
            backlog = [queue.submit("hookline.noop", {"n": i}, workspace="bench").id for i in range(args.jobs)]
            workers = [Worker(f"bench{count}-{i}", env, args.concurrency, logs) for i in range(count)]
            for worker in workers:
                worker.wait_ready()
            drain = _drain(queue.store, backlog)
            _latency(queue, 10)  # warm-up: connections, first imports
            report[key] = {"drain": drain, "latency": _latency(queue, args.latency_jobs),
                           "end_to_end": _throughput(queue, args.jobs)}
        inproc_ms = report["inprocess"]["latency"]["median_ms"]
        celery_ms = report["celery_1_worker"]["latency"]["median_ms"]
        direct_ms = report["direct_call_us"] / 1000
        report["overhead_per_job_ms"] = {
            "inprocess": round(inproc_ms - direct_ms, 2),
            "celery": round(celery_ms - direct_ms, 2),
            "celery_minus_inprocess": round(celery_ms - inproc_ms, 2),
        }
        report["drain_scaling_2_vs_1_workers"] = round(
            report["celery_2_workers"]["drain"]["jobs_per_s"] / report["celery_1_worker"]["drain"]["jobs_per_s"], 2)
        for worker in workers:
            worker.stop()
        workers = []
        if args.variant_runs:
            report["variants"] = _variants(common, env, logs, args.variant_runs, args.redis)
        with open("/proc/loadavg") as handle:
            report["machine"]["loadavg_after"] = handle.read().split()[:3]
    finally:
        for worker in workers:
            worker.stop()
        close_queues()
        client = redis.Redis.from_url(args.redis)
        keys = list(client.scan_iter(match=f"{namespace}*", count=500))
        if keys:
            client.delete(*keys)
        client.close()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
