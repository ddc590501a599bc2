"""Embedded and server Chroma give the same results: a real `chroma run` server on a free port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.brand.conftest import BRAND_BOOK, OTHER_BRAND
from tests.brand.test_retrieval import QUESTIONS

pytestmark = pytest.mark.services


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    chroma = Path(sys.executable).parent / "chroma"
    if not chroma.exists():
        pytest.fail(f"`chroma` CLI not found next to {sys.executable}")
    data = tmp_path_factory.mktemp("chroma-server")
    port = _free_port()
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"chroma server did not start on port {port} (exit code {process.poll()})")
            time.sleep(0.2)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_embedded_and_server_modes_give_the_same_results(chroma_server: str, tmp_path: Path) -> None:
    from tools.brand.api import brand_add, brand_context, brand_get, brand_search
    from tools.core.errors import InputError
    from tools.core.runtime import build_runtime, forget_databases
    from tools.core.settings import Settings
    from vectorstore.client import forget_clients
    from vectorstore.store import forget_collections

    embedded = build_runtime(Settings(home=tmp_path / "embedded", _env_file=None), "acme")
    server = build_runtime(Settings(home=tmp_path / "server", chroma_url=chroma_server, _env_file=None), "acme")
    assert embedded.vectors.mode == "embedded" and server.vectors.mode == "server"
    assert not (tmp_path / "server" / "chroma").exists() or not any((tmp_path / "server" / "chroma").iterdir())

    added = {name: brand_add(rt, [BRAND_BOOK]) for name, rt in (("embedded", embedded), ("server", server))}
    assert added["embedded"].added == added["server"].added and added["embedded"].kinds == added["server"].kinds

    forget_collections()  # the server path must also work from a fresh handle (embedding function rebuilt)
    forget_clients()
    for question, _ in QUESTIONS:
        local = brand_search(embedded, question, k=5).results
        remote = brand_search(server, question, k=5).results
        assert [(h.text, h.kind, h.source) for h in local] == [(h.text, h.kind, h.source) for h in remote], question
        assert [h.score for h in local] == pytest.approx([h.score for h in remote], abs=1e-4)
    local = brand_context(embedded, "write an energetic ad", k=5)
    remote = brand_context(server, "write an energetic ad", k=5)
    assert [h.text for h in local] == [h.text for h in remote]

    # isolation holds on the server too
    rival = build_runtime(server.settings, "rival")
    rival_ids = brand_add(rival, text=OTHER_BRAND).ids
    assert all(h.id in added["server"].ids for h in brand_search(server, "Fjord blue unsinkable", k=50).results)
    assert brand_get(server, rival_ids) == []
    assert {h.id for h in brand_get(rival, rival_ids)} == set(rival_ids)

    # a workspace with no collection on the server yet
    assert brand_search(build_runtime(server.settings, "nothing-yet"), "colours", k=3).results == []

    # all-or-nothing on the server
    before = brand_search(server, "anything at all", k=100).results
    with pytest.raises(InputError):
        brand_add(server, text="## New section\nFresh words.", paths=[tmp_path / "missing.md"])
    assert len(brand_search(server, "anything at all", k=100).results) == len(before)
    forget_databases()


def test_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    from tools.brand.api import brand_search
    from tools.core.errors import NotConfiguredError
    from tools.core.runtime import build_runtime
    from tools.core.settings import Settings

    runtime = build_runtime(
        Settings(home=tmp_path, chroma_url=f"http://127.0.0.1:{_free_port()}", _env_file=None), "acme"
    )
    with pytest.raises(NotConfiguredError, match="did not answer"):
        brand_search(runtime, "colours")
