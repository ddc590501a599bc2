"""A local websocket server speaking Slack's Socket Mode protocol: hello, envelopes out, acks back (recorded)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from typing import Any

from websockets.asyncio.server import ServerConnection, serve


class MockSocketModeServer:
    def __init__(self) -> None:
        self.acks: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self._connections: list[ServerConnection] = []
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Future[None] | None = None
        self._changed = threading.Condition()
        self.port = 0
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link/?ticket=t-{uuid.uuid4().hex[:6]}&app_id=A0001"

    def __enter__(self) -> MockSocketModeServer:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("socket mode mock did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set_result, None)
        self._thread.join(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._main())

    async def _main(self) -> None:
        self._stop = self._loop.create_future()
        async with serve(self._handle, "127.0.0.1", 0) as server:
            self.port = next(iter(server.sockets)).getsockname()[1]
            self._ready.set()
            await self._stop

    async def _handle(self, connection: ServerConnection) -> None:
        self.paths.append(connection.request.path if connection.request else "")
        self._connections.append(connection)
        await connection.send(json.dumps({"type": "hello", "num_connections": 1,
                                          "connection_info": {"app_id": "A0001"},
                                          "debug_info": {"host": "mock", "approximate_connection_time": 3600}}))
        try:
            async for message in connection:
                with self._changed:
                    self.acks.append(json.loads(message))
                    self._changed.notify_all()
        finally:
            self._connections.remove(connection)

    def wait_connected(self, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while not self._connections:
            if time.monotonic() > deadline:
                raise AssertionError("the app never connected over Socket Mode")
            time.sleep(0.02)

    def send(self, envelope: dict[str, Any]) -> None:
        connection = self._connections[-1]
        asyncio.run_coroutine_threadsafe(connection.send(json.dumps(envelope)), self._loop).result(5)

    def envelope(self, kind: str, payload: dict[str, Any], *, retry_attempt: int = 0) -> dict[str, Any]:
        envelope_id = f"env-{uuid.uuid4().hex[:8]}"
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload,
                    "accepts_response_payload": kind != "events_api", "retry_attempt": retry_attempt,
                    "retry_reason": "timeout" if retry_attempt else ""}
        self.send(envelope)
        return envelope

    def wait_ack(self, envelope_id: str, timeout: float = 10) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for ack in self.acks:
                    if ack.get("envelope_id") == envelope_id:
                        return ack
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no ack for {envelope_id}; acks: {self.acks}")
                self._changed.wait(remaining)
