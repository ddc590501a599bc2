"""Run-scoped context (LangGraph `context_schema`): who asks, where, and with which workspace and model.

Not state: it is not checkpointed and may hold live objects (the workspace runtime, a chat model, a progress
callback). Fields left at their defaults fall back to the environment (`HOOKLINE_WORKSPACE`, `HOOKLINE_MODEL`), so
LangGraph Studio can run the graph with an empty context. Tools reach the workspace only through this object.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tools.core.chat_model import load_chat_model
from tools.core.errors import NotConfiguredError

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime

ProgressCallback = Callable[[str, int, int, str], None]


@dataclass(kw_only=True)
class AgentContext:
    workspace: str = ""
    user: str | None = None
    channel: str | None = None
    model: str | None = None  # `provider:model` for tools.core.chat_model.load_chat_model; None plans offline
    runtime: WorkspaceRuntime | None = field(default=None, repr=False)
    chat_model: Any = field(default=None, repr=False)  # a ready chat model (tests, embedding apps)
    progress: ProgressCallback | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.runtime is not None:
            self.workspace = self.runtime.workspace
            self.model = self.model or self.runtime.settings.model
        self.workspace = self.workspace or os.environ.get("HOOKLINE_WORKSPACE", "default")
        self.model = self.model or os.environ.get("HOOKLINE_MODEL") or None

    model_error: str | None = field(default=None, init=False, repr=False)
    _vocabulary: dict[str, list[str]] | None = field(default=None, init=False, repr=False)

    @property
    def uses_llm(self) -> bool:
        return self.chat_model is not None or bool(self.model)

    def planner_model(self) -> Any:
        """The chat model that plans this run, or None to plan offline. A configured model that cannot be opened
        (provider package or credentials missing) degrades to the offline planner; `model_error` says why."""
        if self.chat_model is None and self.model and self.model_error is None:
            try:
                self.chat_model = load_chat_model(self.model)
            except NotConfiguredError as exc:
                self.model_error = str(exc)
        return self.chat_model

    def workspace_runtime(self) -> WorkspaceRuntime:
        """The workspace runtime (built from settings on first use when none was given, e.g. in Studio)."""
        if self.runtime is None:
            from tools.core.runtime import build_runtime

            self.runtime = build_runtime(workspace=self.workspace)
        return self.runtime

    def vocabulary(self) -> dict[str, list[str]]:
        """The workspace's names and values for the offline planner's scope matching (empty when unavailable:
        the planner then reads no scope rather than failing the turn)."""
        if self._vocabulary is None:
            from tools.catalog.vocabulary_cache import read_cached

            runtime = self.runtime
            if runtime is not None and not hasattr(runtime, "session"):
                # the `--plan` path (a PlanningRuntime): what the last full turn cached, no database
                self._vocabulary = read_cached(runtime.settings, runtime.workspace)
                return self._vocabulary
            try:
                from tools.catalog.vocabulary import workspace_vocabulary

                self._vocabulary = workspace_vocabulary(self.workspace_runtime())
            except Exception:
                self._vocabulary = {}
        return self._vocabulary

    def report_progress(self, stage: str, done: int, total: int, message: str) -> None:
        if self.progress is not None:
            self.progress(stage, done, total, message)
