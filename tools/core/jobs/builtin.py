"""Job kinds that ship with the queue itself: a deployment smoke test and a no-op for measuring overhead."""

from __future__ import annotations

import os
import socket
from typing import Any

from tools.core.jobs.context import JobContext
from tools.core.jobs.registry import job


@job("hookline.ping")
def ping(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    """Answer with who ran the job: `hookline jobs submit hookline.ping --wait` checks a deployment end to end
    (app → Redis → worker → database and shared storage → app)."""
    key = f"jobs/{ctx.job_id}/ping.txt"
    url = ctx.storage.put(key, f"pong from {ctx.worker}\n")
    ctx.progress(1, 1, "pong")
    return {"worker": ctx.worker, "host": socket.gethostname(), "pid": os.getpid(), "attempt": ctx.attempt,
            "echo": payload.get("echo"), "asset": url, "asset_readable": ctx.storage.get(key).startswith(b"pong")}


@job("hookline.noop")
def noop(ctx: JobContext, payload: dict[str, Any]) -> dict[str, Any]:
    """Does nothing: what remains of its run time is the queue's own overhead (bench/queue.py)."""
    return {"n": payload.get("n")}
