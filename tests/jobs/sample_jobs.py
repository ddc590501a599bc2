"""Job kinds used by the queue tests; workers load them through HOOKLINE_JOB_MODULES=tests.jobs.sample_jobs."""

from __future__ import annotations

import os
import re
import threading
import time
from collections import Counter
from typing import Any

from sqlalchemy import text

from tools.core.errors import InputError
from tools.core.jobs import JobContext, job

RUNS: Counter[str] = Counter()  # handler calls per job id (in-process tests)
RELEASE = threading.Event()  # lets an in-process test hold `tests.block` jobs until it says so
_TABLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@job("tests.echo")
def echo(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    RUNS[ctx.job_id] += 1
    return {"echo": payload, "pid": os.getpid(), "worker": ctx.worker, "attempt": ctx.attempt, "gpu": ctx.gpu}


@job("tests.gpu_echo", gpu=True)
def gpu_echo(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    return {"pid": os.getpid(), "worker": ctx.worker, "gpu": ctx.gpu}


@job("tests.steps")
def steps(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    """`n` steps of `sleep` s with progress. Marks each attempt's start and end in shared storage and, with
    `effects_table`, inserts one row per completed job through `ctx.on_success` (the exactly-once path)."""
    n, pause = int(payload.get("n", 5)), float(payload.get("sleep", 0.05))
    RUNS[ctx.job_id] += 1
    ctx.storage.put(f"starts/{ctx.job_id}/{ctx.attempt}", ctx.worker)
    for i in range(n):
        ctx.raise_if_cancelled()
        time.sleep(pause)
        ctx.progress(i + 1, n, f"step {i + 1}")
    table = payload.get("effects_table")
    if table:
        if not _TABLE.match(table):
            raise InputError(f"effects_table {table!r} is not a plain table name", field="effects_table")
        values = {"job_id": ctx.job_id, "worker": ctx.worker, "attempt": ctx.attempt}
        ctx.on_success(lambda session: session.execute(
            text(f"INSERT INTO {table} (job_id, worker, attempt) VALUES (:job_id, :worker, :attempt)"), values
        ))
    ctx.storage.put(f"ends/{ctx.job_id}/{ctx.attempt}", ctx.worker)
    return {"steps": n, "pid": os.getpid(), "worker": ctx.worker, "attempt": ctx.attempt}


@job("tests.flaky")
def flaky(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    """Fails its first `fail_times` attempts."""
    RUNS[ctx.job_id] += 1
    if ctx.attempt <= int(payload["fail_times"]):
        raise RuntimeError(f"transient failure on attempt {ctx.attempt}")
    return {"attempt": ctx.attempt}


@job("tests.once", max_attempts=1)
def once(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    RUNS[ctx.job_id] += 1
    raise RuntimeError("never retried")


@job("tests.bad_input")
def bad_input(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    RUNS[ctx.job_id] += 1
    raise InputError("payload field 'n' must be a positive integer", field="n")


@job("tests.bad_result")
def bad_result(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    return {"when": object()}


@job("tests.block")
def block(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    """Runs until cancelled (or RELEASE is set in-process, or `max_s` passes)."""
    RUNS[ctx.job_id] += 1
    deadline = time.monotonic() + float(payload.get("max_s", 30))
    ctx.progress(0, None, "blocking")
    while time.monotonic() < deadline and not RELEASE.is_set():
        ctx.raise_if_cancelled()
        time.sleep(0.02)
    return {"released": RELEASE.is_set()}
