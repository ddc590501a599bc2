"""Entry point of `hookline`: global options, command discovery and the exit-code rules of CLI.md.

Exit codes: 0 success; 2 bad input (nothing changed, one-paragraph reason on stderr); 1 internal error.
Commands import heavy libraries inside their functions so `hookline --help` and light commands start fast.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

import typer

from integrations.cli import commands
from integrations.cli.context import CliState, emit_error
from tools.core.errors import HooklineError, InputError, InsufficientDataError, NotConfiguredError

app = typer.Typer(
    name="hookline",
    help="Creative intelligence for performance marketers: ad data, blueprints, on-brand variants, Slack agent.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _global_options(
    ctx: typer.Context,
    home: Path | None = typer.Option(
        None, "--home", envvar="HOOKLINE_HOME", help="Installation folder (database, Chroma, assets)."
    ),
    workspace: str | None = typer.Option(
        None, "--workspace", envvar="HOOKLINE_WORKSPACE", help="Workspace name (default: 'default')."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print exactly one JSON document on stdout."),
) -> None:
    ctx.obj = CliState(home=home, workspace=workspace, json=json_output)


def _register_commands() -> None:
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{module_info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_commands()


def _wants_json(argv: list[str]) -> bool:
    return "--json" in argv


def _is_usage_error(exc: Exception) -> bool:
    # Typer vendors Click privately; match its ClickException by shape instead of importing private modules.
    return hasattr(exc, "format_message") and hasattr(exc, "exit_code")


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and translate errors into CLI.md's exit codes."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        _run(argv)
    finally:
        _close_job_queues()


def _close_job_queues() -> None:
    """Stop the in-process queue's threads if a command opened one (without importing the queue otherwise)."""
    backend = sys.modules.get("tools.core.jobs.backend")
    if backend is not None:
        backend.close_queues(wait=False)


def _run(argv: list[str]) -> None:
    try:
        code = app(args=argv, prog_name="hookline", standalone_mode=False)
        if isinstance(code, int) and code:  # Click returns (not raises) typer.Exit codes when not standalone
            sys.exit(code)
    # bad input, nothing to judge yet, or an optional provider not configured: a clear reason, nothing changed
    except (InputError, InsufficientDataError, NotConfiguredError) as exc:
        emit_error(exc, code=2, json_mode=_wants_json(argv), argv=argv)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(1)
    except HooklineError as exc:
        emit_error(exc, code=1, json_mode=_wants_json(argv))
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if _is_usage_error(exc):  # bad option, missing argument (Typer's Click exceptions)
            code = int(getattr(exc, "exit_code", 2))
            emit_error(InputError(exc.format_message()), code=code, json_mode=_wants_json(argv))  # type: ignore[attr-defined]
            sys.exit(code)
        emit_error(exc, code=1, json_mode=_wants_json(argv), internal=True)
        sys.exit(1)
    sys.exit(0)


if __name__ == "__main__":
    main()
