"""Agent test fixtures: stand-in areas, a service on a fresh home, and the paraphrase memories."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.agent import standins


@pytest.fixture
def areas(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Stand-in capability areas (see standins.py); returns the module so tests can read CALLS / set STATE.

    Job handler modules bind their area's functions at import (`from tools.creator.api import ...`): ones imported
    earlier (real) are set aside for the test, and ones imported during it (stand-ins) are forgotten afterwards.
    """
    import sys

    from tools.core.jobs import registry

    for name in [n for n in sys.modules if n.startswith("tools.") and n.endswith(".jobs")]:
        monkeypatch.delitem(sys.modules, name)  # bound to the real areas: imported afresh over the stand-ins
        registry._loaded.discard(name)
    before = set(sys.modules)
    modules: dict[str, Any] = {}
    standins.install(modules)
    for name, module in modules.items():
        monkeypatch.setitem(sys.modules, name, module)
    yield standins
    for name in set(sys.modules) - before:
        if name.startswith("tools.") and name not in modules:
            del sys.modules[name]
            registry._loaded.discard(name)


@pytest.fixture
def agent_runtime(sqlite_settings: Any) -> Iterator[Any]:
    from tools.core.runtime import build_runtime, forget_databases

    yield build_runtime(sqlite_settings, "acme")
    forget_databases()


@pytest.fixture
def service(agent_runtime: Any) -> Iterator[Any]:
    from agent.service import AgentService

    svc = AgentService(agent_runtime)
    yield svc
    svc.close()


@pytest.fixture
def attachment(tmp_path: Path) -> Any:
    def make(name: str, content: bytes = b"data") -> Path:
        path = tmp_path / "files" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return path

    return make
