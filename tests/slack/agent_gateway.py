"""The production agent gateway (real `AgentService`), with a record of each call so tests can count agent turns."""

from __future__ import annotations

import threading
from typing import Any

from integrations.slack.agent_port import HooklineAgentGateway, TurnResult


class RecordingAgentGateway(HooklineAgentGateway):
    def __init__(self) -> None:
        super().__init__()
        self.chats: list[dict[str, Any]] = []
        self.resumes: list[dict[str, Any]] = []
        self._record = threading.Lock()

    def chat(self, runtime: Any, **kwargs: Any) -> TurnResult:  # type: ignore[override]
        with self._record:
            self.chats.append({"workspace": runtime.workspace, **kwargs})
        return super().chat(runtime, **kwargs)

    def resume(self, runtime: Any, **kwargs: Any) -> TurnResult:  # type: ignore[override]
        with self._record:
            self.resumes.append({"workspace": runtime.workspace, **kwargs})
        return super().resume(runtime, **kwargs)

    def service(self, runtime: Any) -> Any:
        return self._service(runtime)
