"""Progress and status events from the process running a job to whoever follows it (CLI bar, Slack message).

In-process: a small in-memory fan-out. Celery: Redis pub/sub on `<namespace>:job-events:<id>`. Events are a fast
path only — every event is also mirrored into the job row, and followers fall back to reading the row, so a missed
message (subscriber connected late, Redis hiccup) delays an update but never loses the outcome.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from abc import ABC, abstractmethod
from collections import defaultdict
from typing import Any

from tools.core.jobs.models import JobEvent
from tools.core.jsonio import dumps


class Subscription(ABC):
    @abstractmethod
    def get(self, timeout: float) -> JobEvent | None:
        """The next event, or None after `timeout` seconds without one."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Subscription:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class EventBus(ABC):
    @abstractmethod
    def publish(self, event: JobEvent) -> None: ...

    @abstractmethod
    def subscribe(self, job_id: str) -> Subscription: ...

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""


class _LocalSubscription(Subscription):
    def __init__(self, bus: LocalEventBus, job_id: str) -> None:
        self.bus = bus
        self.job_id = job_id
        self.queue: queue.Queue[JobEvent] = queue.Queue()

    def get(self, timeout: float) -> JobEvent | None:
        try:
            return self.queue.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self) -> None:
        self.bus._remove(self)


class LocalEventBus(EventBus):
    """Fan-out inside one process (the in-process backend)."""

    def __init__(self) -> None:
        self._subscribers: dict[str, list[_LocalSubscription]] = defaultdict(list)
        self._lock = threading.Lock()

    def publish(self, event: JobEvent) -> None:
        with self._lock:
            targets = list(self._subscribers.get(event.job_id, ()))
        for subscription in targets:
            subscription.queue.put(event)

    def subscribe(self, job_id: str) -> Subscription:
        subscription = _LocalSubscription(self, job_id)
        with self._lock:
            self._subscribers[job_id].append(subscription)
        return subscription

    def _remove(self, subscription: _LocalSubscription) -> None:
        with self._lock:
            listeners = self._subscribers.get(subscription.job_id, [])
            if subscription in listeners:
                listeners.remove(subscription)
            if not listeners:
                self._subscribers.pop(subscription.job_id, None)


class _RedisSubscription(Subscription):
    def __init__(self, pubsub: Any, channel: str) -> None:
        self.pubsub = pubsub
        self.pubsub.subscribe(channel)

    def get(self, timeout: float) -> JobEvent | None:
        message = self.pubsub.get_message(ignore_subscribe_messages=True, timeout=timeout)
        if message is None or message.get("type") != "message":
            return None
        try:
            return JobEvent.model_validate_json(message["data"])
        except ValueError:
            return None

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing a dead connection is not worth failing over
            self.pubsub.close()


class RedisEventBus(EventBus):
    """Redis pub/sub between processes and machines."""

    def __init__(self, redis_url: str, namespace: str) -> None:
        import redis

        self.client = redis.Redis.from_url(redis_url, socket_timeout=10, socket_connect_timeout=5,
                                           health_check_interval=30)
        self.namespace = namespace

    def channel(self, job_id: str) -> str:
        return f"{self.namespace}:job-events:{job_id}"

    def publish(self, event: JobEvent) -> None:
        with contextlib.suppress(Exception):  # best effort: the job row carries the truth
            self.client.publish(self.channel(event.job_id), dumps(event, compact=True))

    def subscribe(self, job_id: str) -> Subscription:
        return _RedisSubscription(self.client.pubsub(), self.channel(job_id))

    def close(self) -> None:
        self.client.close()
