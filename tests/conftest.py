"""Shared fixtures: an isolated home per test, both database backends, and the `services`/`gpu` marks.

- `services` tests need HOOKLINE_TEST_POSTGRES_URL / HOOKLINE_TEST_REDIS_URL (CI's `.ci/run` exports them and sets
  HOOKLINE_REQUIRE_SERVICES=1, which turns a missing service into a failure instead of a skip).
- `gpu` tests run only where torch sees CUDA.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT / "tests" / "data"  # real third-party data kept with the tests (see its README)
KAGGLE_CSV = SHARED_DATA / "kag_conversion_data.csv"

# Offline and hermetic before anything imports huggingface/chromadb/matplotlib.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("MPLBACKEND", "Agg")
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="hookline-test-home-"))
os.environ["HOME"] = str(_SESSION_HOME)  # chromadb/onnxruntime caches land here, not in the user's home
for _var in [v for v in os.environ if v.startswith("HOOKLINE_") and not v.startswith("HOOKLINE_TEST_")]:
    if _var != "HOOKLINE_REQUIRE_SERVICES":
        del os.environ[_var]
for _var in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL"):
    os.environ.pop(_var, None)

POSTGRES_URL = os.environ.get("HOOKLINE_TEST_POSTGRES_URL")
REDIS_URL = os.environ.get("HOOKLINE_TEST_REDIS_URL")
REQUIRE_SERVICES = os.environ.get("HOOKLINE_REQUIRE_SERVICES", "") not in ("", "0")


def _cuda_available() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return bool(torch.cuda.is_available())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    cuda: bool | None = None
    for item in items:
        if item.get_closest_marker("services") and not (POSTGRES_URL and REDIS_URL) and not REQUIRE_SERVICES:
            item.add_marker(pytest.mark.skip(reason="services: set HOOKLINE_TEST_POSTGRES_URL and _REDIS_URL"))
        if item.get_closest_marker("gpu"):
            if cuda is None:
                cuda = _cuda_available()
            if not cuda:
                item.add_marker(pytest.mark.skip(reason="gpu: CUDA is not available here"))


def require_service(url: str | None, name: str) -> str:
    if not url:
        if REQUIRE_SERVICES:
            pytest.fail(f"{name} URL missing but HOOKLINE_REQUIRE_SERVICES=1")
        pytest.skip(f"{name} not configured")
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A Postgres URL whose search_path is a fresh schema, dropped after the test (parallel-safe)."""
    base = require_service(POSTGRES_URL, "Postgres")
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        from tools.core.runtime import forget_databases

        forget_databases()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def redis_url() -> str:
    return require_service(REDIS_URL, "Redis")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.services)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Runs the test once on SQLite and once on Postgres (the latter marked `services`)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hookline.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def settings(home: Path, db_url: str):  # type: ignore[no-untyped-def]
    from tools.core.settings import Settings

    return Settings(home=home, database_url=db_url, _env_file=None)


@pytest.fixture
def sqlite_settings(home: Path):  # type: ignore[no-untyped-def]
    """Settings on the embedded default only (for tests that do not touch SQL differences)."""
    from tools.core.settings import Settings

    return Settings(home=home, _env_file=None)


@pytest.fixture
def runtime(settings):  # type: ignore[no-untyped-def]
    from tools.core.runtime import build_runtime, forget_databases

    yield build_runtime(settings, "acme")
    forget_databases()


@pytest.fixture
def shared_data() -> Path:
    return SHARED_DATA


def run_cli(args: list[str], *, home: Path, env: dict[str, str] | None = None, cwd: Path | None = None,
            timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run `hookline` as a separate process, exactly as a user would (fresh interpreter, real exit code)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("HOOKLINE_") or k.startswith("HOOKLINE_TEST")}
    full_env.update({"HOOKLINE_HOME": str(home), "PYTHONPATH": str(REPO_ROOT)})
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "integrations.cli", *args],
        capture_output=True, text=True, env=full_env, cwd=str(cwd or REPO_ROOT), timeout=timeout,
    )
