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
from tools.core.names import distinct_names

if TYPE_CHECKING:
    from rich.console import Console

    from tools.core.runtime import WorkspaceRuntime
    from tools.core.settings import Settings


def period_option(value: str) -> str:
    """Typer callback of every `--period`: a token outside the period grammar (empty, `../../etc`) is exit 2 with the
    accepted forms, before any workspace is opened (so it is not mistaken for "no data")."""
    from tools.core.errors import InputError
    from tools.core.periods import validate_period

    try:
        validate_period(value)
    except ValueError as exc:
        raise InputError(f"--period: {exc}", field="period") from None
    return value


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

    def emit(self, data: Any, human: Callable[[Console, Any], None] | None = None, *, escape: bool = True) -> None:
        """Print the command's result: JSON (machine) or via `human(console, data)`.

        Humans get `data` with Rich markup escaped in every string (ad names, imported text, replies), so a renderer
        may put data into markup-enabled prints and tables: `[dim]` in an ad name prints as written, never as a
        style, and never swallows text. A renderer that prints data raw (markup off, YAML) passes `escape=False`.
        """
        payload = to_jsonable(data)
        if self.json or human is None:
            sys.stdout.write(dumps(payload, compact=self.json) + "\n")
            sys.stdout.flush()
            return
        human(self.out, markup_safe(payload) if escape else payload)


class EscapedText(str):
    """A data string escaped for Rich markup; `raw` keeps the original, to cut or split before escaping again (a cut
    through an escaped string could drop the backslash that keeps `[tag]` literal)."""

    raw: str


def markup_safe(value: Any) -> Any:
    """JSON-shaped data with every string escaped for Rich markup (keys untouched)."""
    from rich.markup import escape

    if isinstance(value, str):
        text = EscapedText(escape(value))
        text.raw = value
        return text
    if isinstance(value, dict):
        return {key: markup_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [markup_safe(item) for item in value]
    return value


def raw(text: Any) -> str:
    """The original of a string `markup_safe` escaped (other values as `str`)."""
    return text.raw if isinstance(text, EscapedText) else ("" if text is None else str(text))


def display_names(ads: Sequence[tuple[Any, Any]], width: int) -> list[str]:
    """Ad names for a table or list shown together, from (name, id) pairs of escaped data: cut in the middle so their
    distinguishing tails stay, never two alike for two ads, escaped again for markup."""
    from rich.markup import escape

    return [escape(label) for label in distinct_names([(raw(n) or None, raw(i)) for n, i in ads], width)]


def name_width(console: Console, rows: Sequence[Sequence[str]], cap: int = 48, floor: int = 12, *,
               boxed: bool = False) -> int:
    """Room for a name column beside `rows` (the other cells, headers included) on this console, so that numbers
    are never cut: at most `cap`, at least `floor` characters. `boxed`: the table draws borders (3 characters a
    column instead of 2)."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(*rows, strict=True)] if rows else []
    per_column = 3 if boxed else 2
    spare = console.width - sum(widths) - per_column * (len(widths) + 1) - (1 if boxed else 0)
    return max(floor, min(cap, spare))


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
