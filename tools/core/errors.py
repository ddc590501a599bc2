"""Error types shared by every layer; the CLI maps them to exit codes (2 bad input, 1 internal).

Why at the bottom: importers, tools and the agent all raise them, and the edges (CLI, Slack) translate them into
a message for the user.
"""

from __future__ import annotations


class HooklineError(Exception):
    """Base class for errors Hookline raises on purpose."""


class InputError(HooklineError):
    """The user's input is unusable (file, row, column, option). Nothing was changed.

    The message must name what was wrong (file/row/column/field) and what was expected, in one paragraph.
    """

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None,
                 column: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.file = file
        self.row = row
        self.column = column
        self.field = field

    def to_dict(self) -> dict[str, object]:
        """Structured form for `--json` output and Slack replies."""
        return {
            "message": str(self),
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "field": self.field,
        }


class NotConfiguredError(HooklineError):
    """An optional provider (LLM, image model, Slack, queue) is needed but not configured.

    The message says which setting enables it; callers degrade instead of crashing.
    """


class InsufficientDataError(HooklineError):
    """There is too little data to answer honestly (e.g. no ad meets the minimum-evidence rule)."""


class NoPerformanceDataError(InsufficientDataError):
    """A workspace has no ad performance data at all.

    The message names only the workspace asked about (a Slack team must not learn of other workspaces); `elsewhere`
    lists the workspaces of this installation that do have data (dicts: name, rows, ads, date_start, date_end), so
    an operator's edge such as the CLI can say where the data is and what to type instead.
    """

    def __init__(self, workspace: str, elsewhere: list[dict[str, object]] | None = None) -> None:
        super().__init__(f"Workspace {workspace!r} has no ad performance data yet: import an ad export first "
                         "(hookline ingest FILE).")
        self.workspace = workspace
        self.elsewhere = list(elsewhere or [])
