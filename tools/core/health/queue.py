"""The job queue: in-process by default; with HOOKLINE_QUEUE_URL, Redis must answer and a worker must be listening,
or variants and video extraction wait forever."""

from __future__ import annotations

from tools.core.health.model import Check
from tools.core.health.storage import CONNECT_TIMEOUT_S, safe_url
from tools.core.settings import Settings

START_WORKER = ("Start one: `hookline worker` (on GPU machines `hookline worker --gpu`), with the same "
                "HOOKLINE_QUEUE_URL.")


def check_queue(settings: Settings) -> list[Check]:
    if not settings.queue_url:
        return [Check(name="queue", status="ok", detail="in-process: jobs run inside the CLI or Slack app (no worker "
                                                         "needed)")]
    import redis

    from tools.core.errors import NotConfiguredError
    from tools.core.jobs.celery_backend import list_workers, require_queue_url

    shown = safe_url(settings.queue_url)
    try:
        url = require_queue_url(settings)
    except NotConfiguredError as exc:
        return [Check(name="queue", status="fail", detail=f"HOOKLINE_QUEUE_URL={shown} is not a Redis URL",
                      fix=str(exc))]
    client = redis.Redis.from_url(url, socket_timeout=CONNECT_TIMEOUT_S, socket_connect_timeout=CONNECT_TIMEOUT_S)
    try:
        client.ping()
    except redis.RedisError as exc:
        return [Check(name="queue", status="fail", detail=f"{shown} does not answer ({exc})",
                      fix="Start Redis there, or fix HOOKLINE_QUEUE_URL; unset it to run jobs in-process.")]
    finally:
        client.close()
    queue = Check(name="queue", status="ok", detail=f"{shown} answers (namespace {settings.queue_namespace!r})")
    workers = list_workers(settings)
    if not workers:
        return [queue, Check(name="workers", status="fail", detail="no worker is listening on this queue",
                             fix=START_WORKER)]
    described = ", ".join(f"{w.get('name', '?')}{' (gpu)' if w.get('gpu') else ''}" for w in workers[:5])
    more = f" and {len(workers) - 5} more" if len(workers) > 5 else ""
    gpu_workers = [w for w in workers if w.get("gpu")]
    if settings.image_model is not None and not gpu_workers:
        return [queue, Check(name="workers", status="warn", detail=f"{len(workers)} listening ({described}{more}), "
                             "none with a GPU", fix="Image generation runs on GPU workers: start `hookline worker "
                                                    "--gpu` on a GPU machine.")]
    return [queue, Check(name="workers", status="ok", detail=f"{len(workers)} listening: {described}{more}")]
