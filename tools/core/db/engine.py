"""Engine and session factory for SQLite (default, under `$HOOKLINE_HOME`) or Postgres (`HOOKLINE_DATABASE_URL`).

Schema changes go only through Alembic (`upgrade heads`): each capability owns an Alembic branch, so a fresh install,
an upgrade and the tests all run the same migrations.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from tools.core.jsonio import dumps

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_schema_lock = threading.Lock()
MIGRATION_LOCK_TIMEOUT_S = 300.0
_databases: dict[str, Database] = {}
_databases_lock = threading.Lock()
log = logging.getLogger("hookline.db")


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


def _json_column(value: object) -> str:
    """JSON columns store Hookline values in the one encoding (`tools.core.jsonio`), compact."""
    return dumps(value, compact=True)


def make_engine(url: str) -> Engine:
    """Create an engine with sane pooling for the backend."""
    url = _normalise_url(url)
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               json_serializer=_json_column)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, json_serializer=_json_column)


def upgrade_schema(engine: Engine) -> None:
    """Bring the database to the newest schema (all Alembic heads). Safe to call on every start."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with _schema_lock, _sqlite_file_lock(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # many processes (app, scheduler, workers) may start at once on a fresh database: migrate one at a time
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(774411)")
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")


@contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    """Across processes, one SQLite migration at a time (Postgres uses an advisory lock instead).

    Why: several processes opening a brand-new home at once (the CLI, `hookline slack`, a worker) each saw no
    tables and each ran the first migration; all but one failed with "table workspaces already exists". SQLite has
    no advisory lock, so a lock file beside the database serialises them; the later ones find the schema current.
    """
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    from filelock import FileLock, Timeout

    lock = FileLock(f"{database}.migrate.lock", timeout=MIGRATION_LOCK_TIMEOUT_S)
    try:
        with lock:
            yield
    except Timeout:
        raise RuntimeError(f"{database}: another Hookline process held the migration lock ({lock.lock_file}) for "
                           f"more than {MIGRATION_LOCK_TIMEOUT_S:.0f} s") from None


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


def open_database(url: str, *, retries: int = 0) -> Database:
    """One migrated `Database` per URL per process: engines and their pools are meant to be shared.

    `retries` covers several processes starting at once on a fresh database server that is not ready yet.
    """
    with _databases_lock:
        database = _databases.get(url)
        if database is not None:
            return database
        for attempt in range(retries + 1):
            try:
                database = make_database(url)
                break
            except (OperationalError, ProgrammingError, IntegrityError):
                if attempt == retries:
                    raise
                log.warning("database not ready (attempt %s/%s); retrying", attempt + 1, retries + 1, exc_info=True)
                time.sleep(1.0 + attempt)
        assert database is not None
        _databases[url] = database
        return database


def forget_databases() -> None:
    """Dispose every cached engine (tests, worker and app shutdown)."""
    with _databases_lock:
        databases = list(_databases.values())
        _databases.clear()
    for database in databases:
        database.dispose()


def _forget_after_fork() -> None:
    # a forked child (Celery prefork, gunicorn) must not use or close its parent's pooled connections
    for database in _databases.values():
        database.engine.dispose(close=False)
    _databases.clear()


os.register_at_fork(after_in_child=_forget_after_fork)
