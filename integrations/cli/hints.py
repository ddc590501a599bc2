"""What to type next, added to CLI errors that have an obvious next step.

Why at the CLI: the capability raises the same error for Slack and the CLI, but only the operator's terminal may be
told about other workspaces of the installation, and only the CLI knows the command line to repeat.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence

from tools.core.errors import NoPerformanceDataError

_MAX_LISTED = 5


def with_workspace(argv: Sequence[str], workspace: str) -> str:
    """`argv` as a `hookline` command line run in `workspace` (any --workspace given is replaced)."""
    kept: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--workspace":
            skip = True
        elif not arg.startswith("--workspace="):
            kept.append(arg)
    return shlex.join(["hookline", "--workspace", workspace, *kept])


def _global_options(argv: Sequence[str]) -> list[str]:
    """The --home / --workspace given on the command line, to repeat in a suggested command."""
    kept: list[str] = []
    for i, arg in enumerate(argv):
        if arg in ("--home", "--workspace") and i + 1 < len(argv):
            kept += [arg, argv[i + 1]]
        elif arg.startswith(("--home=", "--workspace=")):
            kept.append(arg)
    return kept


def no_data_message(exc: NoPerformanceDataError, argv: Sequence[str]) -> str:
    """The error for the terminal: where the data is (workspaces, rows, dates) and the same command run there, or
    how to get data at all."""
    ingest = shlex.join(["hookline", *_global_options(argv), "ingest", "FILE"])
    if not exc.elsewhere:
        return (f"Workspace {exc.workspace!r} has no ad performance data yet, and no other workspace of this "
                f"installation has any: import an ad export with `{ingest}`, or build the demo workspace "
                "(named 'demo') with `hookline demo`.")
    listed = "; ".join(f"{w['name']!r} ({_count(w['rows'], 'daily row')}, {_count(w['ads'], 'ad')}, "
                       f"{w['date_start']} – {w['date_end']})" for w in exc.elsewhere[:_MAX_LISTED])
    more = f" and {len(exc.elsewhere) - _MAX_LISTED} more" if len(exc.elsewhere) > _MAX_LISTED else ""
    best = str(exc.elsewhere[0]["name"])
    return (f"Workspace {exc.workspace!r} has no ad performance data yet. Workspaces with data: {listed}{more}. "
            f"Run the same command there: `{with_workspace(argv, best)}`; or import an ad export into "
            f"{exc.workspace!r}: `{ingest}`.")


def _count(n: object, noun: str) -> str:
    number = int(n)  # type: ignore[call-overload]
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
