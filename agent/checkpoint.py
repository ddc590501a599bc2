"""The checkpointer: where threads (messages, memory, pending approvals) persist between processes.

SQLite file under `$HOOKLINE_HOME/agent/checkpoints.sqlite` by default (langgraph-checkpoint-sqlite), the Postgres
saver when the installation's `database_url` is Postgres. Both survive restarts, which is what lets a CLI process or
a Slack button resume an approval another process paused.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tools.core.settings import Settings


def checkpoint_path(settings: Settings) -> Path:
    return settings.ensure_home() / "agent" / "checkpoints.sqlite"


def postgres_conninfo(database_url: str) -> str | None:
    """A libpq URL for a Postgres SQLAlchemy URL (`postgresql+psycopg://` → `postgresql://`), else None."""
    scheme, sep, rest = database_url.partition("://")
    if not sep or scheme.split("+")[0] not in ("postgresql", "postgres"):
        return None
    return f"postgresql://{rest}"


class Checkpointer:
    """Owns the saver and its connection(s); `close()` releases them."""

    def __init__(self, saver: Any, closer: Any) -> None:
        self.saver = saver
        self._closer = closer

    def close(self) -> None:
        if self._closer is not None:
            self._closer.close()
            self._closer = None


def sqlite_thread_exists(settings: Settings, thread_key: str) -> bool | None:
    """Whether the default SQLite store holds `thread_key` (stdlib only, for the fast `--plan` path); None when the
    installation uses Postgres and the saver must be asked."""
    if postgres_conninfo(settings.database_url or "") is not None:
        return None
    path = checkpoint_path(settings)
    if not path.exists():
        return False
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        row = connection.execute("SELECT 1 FROM checkpoints WHERE thread_id = ? LIMIT 1", (thread_key,)).fetchone()
    except sqlite3.OperationalError:  # the saver has not created its tables yet
        return False
    finally:
        connection.close()
    return row is not None


def open_checkpointer(settings: Settings) -> Checkpointer:
    conninfo = postgres_conninfo(settings.database_url or "")
    if conninfo is not None:
        from langgraph.checkpoint.postgres import PostgresSaver
        from psycopg.rows import dict_row
        from psycopg_pool import ConnectionPool

        pool = ConnectionPool(conninfo, min_size=1, max_size=4, open=True,
                              kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row})
        saver = PostgresSaver(pool)
        saver.setup()
        return Checkpointer(saver, pool)
    return open_sqlite_checkpointer(checkpoint_path(settings))


def open_sqlite_checkpointer(path: Path) -> Checkpointer:
    from langgraph.checkpoint.sqlite import SqliteSaver

    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
    saver = SqliteSaver(connection)
    saver.setup()
    return Checkpointer(saver, connection)
