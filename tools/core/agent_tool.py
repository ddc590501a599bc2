"""One record per agent tool, declared beside its capability (`tools/<area>/agent_tools.py`).

An `AgentTool` holds everything the agent knows about a tool: the function, its typed arguments (whose docstring is
the description a model reads), the verb phrase replies use, whether it changes state or posts publicly, why a call
needs a human's approval, how the approval request describes it, what it adds to thread memory, the next steps for
its failures and example requests. The agent's tool list, guard, approvals, memory, errors, CLI help and LLM prompt
all read these records (collected by `tools.catalog`), so a tool is declared once. Importing this module stays
cheap: the `--plan` path validates plans with the argument models without loading any capability.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime

ProgressFn = Callable[[str, int, int, str], None]
"""`progress(stage, done, total, message)`: long tools report e.g. ("rendering", 7, 20, "rendering 7/20")."""


class ToolArgs(BaseModel):
    """Base: unknown fields are an error, so a planner cannot smuggle options a tool does not have."""

    model_config = ConfigDict(extra="forbid")


class ToolOutput(BaseModel):
    """Every tool returns data (JSON-ready), the files it wrote, and a one-line summary with the numbers."""

    data: dict[str, Any] = Field(default_factory=dict)
    files: list[str] = Field(default_factory=list)
    summary: str = ""


@runtime_checkable
class ToolEnvironment(Protocol):
    """The run-scoped environment a tool needs; the agent context implements it (so `tools` never imports
    `agent`)."""

    def workspace_runtime(self) -> WorkspaceRuntime: ...

    def report_progress(self, stage: str, done: int, total: int, message: str) -> None: ...


CALL_KEY: ContextVar[str | None] = ContextVar("hookline_tool_call_key", default=None)
"""The durable identity of the tool call being run (`<thread>:<tool call id>` in the agent), or None.

Tools that submit queue jobs use it as the idempotency key: when a crashed turn is resumed, the same call follows the
job it already started (finished, or adopted after the crash) instead of starting the work again."""


def no_progress(stage: str, done: int, total: int, message: str) -> None:
    """Default progress sink."""


ToolFn = Callable[["WorkspaceRuntime", Any, ProgressFn], ToolOutput]
ApprovalFn = Callable[[Mapping[str, Any], bool], list[str]]
"""`(args, image_model_configured) -> reasons`: why this call needs a human's go-ahead (empty: it may run)."""
DescribeFn = Callable[[Mapping[str, Any], Mapping[str, Any]], str]
"""`(args, thread memory) -> line`: the call as the approval request states it."""
RememberFn = Callable[[Mapping[str, Any], Mapping[str, Any], Mapping[str, Any]], dict[str, Any]]
"""`(args, result data, thread memory) -> updates`: the memory fields a successful run sets."""


@dataclass(frozen=True)
class AgentTool:
    """An agent tool, declared once."""

    name: str
    args: type[ToolArgs]
    run: ToolFn
    area: str  # the capability package it wraps (tools/<area>)
    action: str  # what it does, as a verb phrase for replies ("find the winners")
    side_effect: bool = False  # changes state: runs only when the user's own words ask for it
    public: bool = False  # posts where other people see it
    approval: ApprovalFn | None = None
    describe: DescribeFn | None = None
    remember: RememberFn | None = None
    next_steps: Mapping[str, str] = field(default_factory=dict)  # failure kind -> what the user can do instead
    count_arg: str | None = None  # the argument an approval's "count" replaces
    requested_by_files: tuple[str, ...] = ()  # file suffixes whose attachment is itself a request for this tool
    examples: tuple[str, ...] = ()  # requests a user writes for it: the offline planner's exemplar bank (n-gram
    # and MiniLM similarity), and the examples the LLM prompt and `chat --help` show

    @property
    def description(self) -> str:
        return (self.args.__doc__ or self.name).strip()

    @property
    def summary(self) -> str:
        """The description's first sentence, for help lists."""
        return " ".join(self.description.split()).split(". ")[0].rstrip(".")

    def approval_reasons(self, args: Mapping[str, Any], *, image_model_configured: bool = False) -> list[str]:
        return list(self.approval(args, image_model_configured)) if self.approval else []

    def describe_call(self, args: Mapping[str, Any], memory: Mapping[str, Any]) -> str:
        if self.describe:
            return self.describe(args, memory)
        return f"{self.name}({', '.join(f'{k}={v}' for k, v in args.items())})"

    def memory_updates(self, args: Mapping[str, Any], data: Mapping[str, Any],
                       memory: Mapping[str, Any]) -> dict[str, Any]:
        return dict(self.remember(args, data, memory)) if self.remember else {}
