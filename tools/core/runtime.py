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
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.core.db import Database, forget_databases, open_database
from tools.core.db.models import Workspace
from tools.core.errors import InputError
from tools.core.settings import Settings

if TYPE_CHECKING:
    from vectorstore.store import VectorStore

__all__ = ["WorkspaceRuntime", "build_runtime", "ensure_workspace", "forget_databases", "open_database"]

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
        """Chroma (embedded or server) and the embedding model; nothing heavy loads until first used."""
        from vectorstore import open_vector_store

        return open_vector_store(self.settings)

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
