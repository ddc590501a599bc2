"""The workspace runtime: the single composition root handed to every tool.

Why: tools need settings, a database session and (lazily) the vector store and models, scoped to one workspace.
Building them in one place — and passing the runtime explicitly (LangGraph context, CLI, Slack) — keeps connections
out of module globals and guarantees no query runs without a workspace.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.core.db import Database, forget_databases, open_database
from tools.core.db.models import Workspace
from tools.core.errors import HooklineError, InputError, NotConfiguredError
from tools.core.settings import Settings
from vectorstore import VectorStore, open_vector_store
from vectorstore.errors import VectorStoreConfigError, VectorStoreError

__all__ = ["WorkspaceRuntime", "build_runtime", "ensure_workspace", "forget_databases", "open_database",
           "vector_store_errors"]

_WORKSPACE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")


def validate_workspace_name(name: str) -> str:
    if not _WORKSPACE_NAME.match(name):
        raise InputError(
            f"Workspace name {name!r} is not valid: use 1-64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit.",
            field="workspace",
        )
    return name


@dataclass
class WorkspaceRuntime:
    """Everything a tool needs to act inside one workspace. Cheap to build; heavy parts load on first use."""

    settings: Settings
    workspace: str = field(default="")

    def __post_init__(self) -> None:
        self.workspace = validate_workspace_name(self.workspace or self.settings.workspace)

    @cached_property
    def database(self) -> Database:
        self.settings.ensure_home()
        return open_database(self.settings.resolved_database_url)

    @cached_property
    def workspace_id(self) -> int:
        """The workspace's row id, created on first use so a fresh install needs no setup step."""
        with self.database.session() as session:
            return ensure_workspace(session, self.workspace).id

    @cached_property
    def vectors(self) -> VectorStore:
        """Chroma (embedded or server) and the embedding model; the settings are checked here (a bad value is an
        InputError naming it), and nothing heavy loads until first used."""
        settings = self.settings
        with vector_store_errors():
            return open_vector_store(settings.chroma_url, settings.home, settings.embedding_model)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits at the end, rolls everything back on error."""
        with self.database.session() as session:
            yield session

    @property
    def home(self) -> Path:
        return self.settings.ensure_home()

    @property
    def assets_dir(self) -> Path:
        """This workspace's asset folder (generated images, videos, charts, reports)."""
        path = self.settings.assets_dir / self.workspace
        path.mkdir(parents=True, exist_ok=True)
        return path


# What the user can do about each unusable vector-store setting (the store names the setting; these are Hookline's).
_SETTING_HINTS = {
    "chroma_url": "HOOKLINE_CHROMA_URL {value!r} is not a Chroma server URL: expected http(s)://HOST:PORT.",
    "embedding_model": "Embedding model folder {value!r} does not exist: set HOOKLINE_EMBEDDING_MODEL to a local "
                       "sentence-transformers folder, or unset it to use the bundled all-MiniLM-L6-v2.",
}


def _hookline_error(exc: VectorStoreError) -> HooklineError:
    """Hookline's error for a vector-store error: a bad setting is an InputError naming it (exit 2, nothing changed);
    a server that does not answer is NotConfiguredError saying how to start it or fall back to the embedded store."""
    if isinstance(exc, VectorStoreConfigError):
        return InputError(_SETTING_HINTS[exc.setting].format(value=exc.value), field=exc.setting)
    return NotConfiguredError(
        f"{exc}. Start it with `chroma run --path DIR --host HOST --port PORT`, or unset HOOKLINE_CHROMA_URL to use "
        "the embedded store."
    )


@contextmanager
def vector_store_errors() -> Iterator[None]:
    """The one seam where the vector store's own errors become Hookline's (wrap every first touch of the store)."""
    try:
        yield
    except VectorStoreError as exc:
        raise _hookline_error(exc) from exc


def ensure_workspace(session: Session, name: str) -> Workspace:
    workspace = session.scalar(select(Workspace).where(Workspace.name == name))
    if workspace is None:
        workspace = Workspace(name=name, timezone="UTC", settings={})
        session.add(workspace)
        session.flush()
    return workspace


def build_runtime(settings: Settings | None = None, workspace: str | None = None) -> WorkspaceRuntime:
    """Composition root used by the CLI, Slack app, scheduler and workers."""
    settings = settings or Settings()
    return WorkspaceRuntime(settings=settings, workspace=workspace or settings.workspace)
