"""What a catalog tool receives besides its arguments: the workspace runtime and a progress callback.

The agent's LangGraph context satisfies `ToolEnvironment` structurally, so `tools` never imports `agent`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime

ProgressFn = Callable[[str, int, int, str], None]
"""`progress(stage, done, total, message)`: long tools report e.g. ("rendering", 7, 20, "rendering 7/20")."""


@runtime_checkable
class ToolEnvironment(Protocol):
    """The run-scoped environment a tool needs; the agent context implements it."""

    def workspace_runtime(self) -> WorkspaceRuntime: ...

    def report_progress(self, stage: str, done: int, total: int, message: str) -> None: ...


CALL_KEY: ContextVar[str | None] = ContextVar("hookline_tool_call_key", default=None)
"""The durable identity of the tool call being run (`<thread>:<tool call id>` in the agent), or None.

Tools that submit queue jobs use it as the idempotency key: when a crashed turn is resumed, the same call follows the
job it already started (finished, or adopted after the crash) instead of starting the work again."""


class ToolOutput(BaseModel):
    """Every tool returns data (JSON-ready), the files it wrote, and a one-line summary with the numbers."""

    data: dict[str, Any] = Field(default_factory=dict)
    files: list[str] = Field(default_factory=list)
    summary: str = ""


def no_progress(stage: str, done: int, total: int, message: str) -> None:
    """Default progress sink."""
