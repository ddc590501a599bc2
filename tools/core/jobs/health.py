"""Is the queue usable? What `hookline doctor` asks: a queue URL that answers, and at least one worker listening."""

from __future__ import annotations

from pydantic import BaseModel, Field

from tools.core.settings import Settings


class QueueHealth(BaseModel):
    ok: bool
    backend: str  # inprocess | celery
    message: str  # one line: what was found, or what to do
    workers: list[str] = Field(default_factory=list)  # names of the workers that advertised themselves lately


def queue_health(settings: Settings, *, timeout_s: float = 3.0) -> QueueHealth:
    """Check the configured queue without running a job; every failure says what to fix."""
    if not settings.queue_url:
        return QueueHealth(ok=True, backend="inprocess",
                           message="jobs run in-process (HOOKLINE_QUEUE_URL unset): no worker needed")
    import redis

    from tools.core.jobs.celery_backend import list_workers, require_queue_url

    url = require_queue_url(settings)
    client = redis.Redis.from_url(url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s)
    try:
        client.ping()
    except Exception as exc:
        return QueueHealth(ok=False, backend="celery",
                           message=f"HOOKLINE_QUEUE_URL does not answer ({type(exc).__name__}): start Redis there or "
                                   "fix the URL (the same value on the app and every worker)")
    finally:
        client.close()
    adverts = list_workers(settings)
    names = [str(w.get("name")) for w in adverts]
    if not names:
        return QueueHealth(ok=False, backend="celery",
                           message="the queue answers but no worker is running: start `hookline worker` (with "
                                   "--gpu on GPU machines); jobs wait in the queue until one does")
    gpu = sum(1 for w in adverts if w.get("gpu"))
    return QueueHealth(ok=True, backend="celery", workers=names,
                       message=f"{len(names)} worker(s) listening ({gpu} with a GPU): {', '.join(names)}")
