"""Engine and session factory for SQLite (default, under `$HOOKLINE_HOME`) or Postgres (`HOOKLINE_DATABASE_URL`).

Schema changes go only through Alembic (`upgrade heads`): each capability owns an Alembic branch, so a fresh install,
an upgrade and the tests all run the same migrations.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_schema_lock = threading.Lock()


def _normalise_url(url: str) -> str:
    """Accept plain `postgresql://` / `postgres://` URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # WAL lets readers (Slack home tab, reports) run while an import writes; FKs are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine with sane pooling for the backend."""
    url = _normalise_url(url)
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def upgrade_schema(engine: Engine) -> None:
    """Bring the database to the newest schema (all Alembic heads). Safe to call on every start."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with _schema_lock, engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")


@dataclass
class Database:
    """One database: its engine, a session factory, and a unit-of-work helper."""

    url: str
    engine: Engine = field(init=False)
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.engine = make_engine(self.url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def upgrade(self) -> None:
        upgrade_schema(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: commits when the block ends, rolls back everything on any error (all-or-nothing)."""
        with self.sessions() as session, session.begin():
            yield session

    def table_names(self) -> list[str]:
        return inspect(self.engine).get_table_names()

    def dispose(self) -> None:
        self.engine.dispose()


def make_database(url: str, *, upgrade: bool = True) -> Database:
    """Open a database and (by default) migrate it to the newest schema."""
    database = Database(url)
    if upgrade:
        database.upgrade()
    return database
