"""Per-invocation CLI state and output: one JSON document on stdout with `--json`, Rich for humans otherwise."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from integrations.cli.hints import no_data_message
from tools.core.errors import InputError, NoPerformanceDataError
from tools.core.jsonio import dumps, to_jsonable

if TYPE_CHECKING:
    from rich.console import Console

    from tools.core.runtime import WorkspaceRuntime
    from tools.core.settings import Settings


@dataclass
class CliState:
    """Global options given before the command name."""

    home: Path | None = None
    workspace: str | None = None
    json: bool = False


class Cli:
    """What a command needs: settings, the workspace runtime, and the right output channel."""

    def __init__(self, ctx: typer.Context, json_output: bool = False) -> None:
        state = ctx.find_object(CliState) or CliState()
        self.state = state
        self.json = json_output or state.json
        self._runtime: WorkspaceRuntime | None = None

    @property
    def settings(self) -> Settings:
        from tools.core.settings import Settings

        overrides: dict[str, Any] = {}
        if self.state.home is not None:
            overrides["home"] = self.state.home
        if self.state.workspace:
            overrides["workspace"] = self.state.workspace
        return Settings(**overrides)

    @property
    def runtime(self) -> WorkspaceRuntime:
        if self._runtime is None:
            from tools.core.runtime import build_runtime

            self._runtime = build_runtime(self.settings)
        return self._runtime

    @property
    def out(self) -> Console:
        from rich.console import Console

        return Console(file=sys.stdout)

    @property
    def err(self) -> Console:
        from rich.console import Console

        return Console(file=sys.stderr)

    def progress(self, message: str) -> None:
        """Progress and logs always go to stderr so stdout stays one JSON document."""
        if not self.json:
            self.err.print(f"[dim]{message}[/dim]")

    def emit(self, data: Any, human: Callable[[Console, Any], None] | None = None) -> None:
        """Print the command's result: JSON (machine) or via `human(console, data)`."""
        payload = to_jsonable(data)
        if self.json or human is None:
            sys.stdout.write(dumps(payload, compact=self.json) + "\n")
            sys.stdout.flush()
            return
        human(self.out, payload)


def emit_error(exc: BaseException, *, code: int, json_mode: bool, internal: bool = False,
               argv: Sequence[str] = ()) -> None:
    """One paragraph on stderr (and an `error` document on stdout in JSON mode)."""
    message = str(exc) or exc.__class__.__name__
    if isinstance(exc, NoPerformanceDataError):
        message = no_data_message(exc, argv)
    if internal:
        message = f"Internal error ({exc.__class__.__name__}): {message}"
    sys.stderr.write(f"Error: {message}\n")
    if internal and _debug():
        traceback.print_exception(exc, file=sys.stderr)
    if json_mode:
        detail: dict[str, Any] = {"code": code, "message": message}
        if isinstance(exc, InputError):
            detail.update({k: v for k, v in exc.to_dict().items() if v is not None and k != "message"})
        if isinstance(exc, NoPerformanceDataError):
            detail["workspaces_with_data"] = exc.elsewhere
        sys.stdout.write(dumps({"error": detail}, compact=True) + "\n")


def _debug() -> bool:
    import os

    return os.environ.get("HOOKLINE_DEBUG", "") not in ("", "0", "false")


JSON_OPTION = typer.Option(False, "--json", help="Print exactly one JSON document on stdout.")
