"""The vector store as a leaf: plain arguments, its own errors (turned into Hookline's at one seam), one text cache."""

from __future__ import annotations

import ast
import socket
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import run_cli

VECTORSTORE = Path(__file__).resolve().parents[2] / "vectorstore"


def test_vectorstore_imports_no_other_hookline_layer() -> None:
    for path in sorted(VECTORSTORE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert name.split(".")[0] not in {"tools", "agent", "integrations", "prompts"}, (path.name, name)


def test_config_errors_name_the_argument_and_become_input_errors(tmp_path: Path) -> None:
    from tools.core.errors import InputError
    from tools.core.runtime import build_runtime
    from tools.core.settings import Settings
    from vectorstore import open_vector_store
    from vectorstore.errors import VectorStoreConfigError

    with pytest.raises(VectorStoreConfigError) as raised:
        open_vector_store("ftp://chroma.example", tmp_path)
    assert raised.value.setting == "chroma_url"
    with pytest.raises(VectorStoreConfigError) as raised:
        open_vector_store(None, tmp_path, tmp_path / "no-model")
    assert raised.value.setting == "embedding_model"

    for values, field, needle in (
        ({"chroma_url": "http://127.0.0.1:notaport"}, "chroma_url", "HOOKLINE_CHROMA_URL"),
        ({"embedding_model": tmp_path / "no-model"}, "embedding_model", "HOOKLINE_EMBEDDING_MODEL"),
    ):
        runtime = build_runtime(Settings(home=tmp_path, _env_file=None, **values), "acme")
        with pytest.raises(InputError, match=needle) as info:
            runtime.vectors  # noqa: B018 - the settings are checked when the store is built
        assert info.value.field == field


class _CountingModel:
    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts: list[str], **_: Any) -> np.ndarray:
        self.encoded.extend(texts)
        return np.asarray([[float(len(t)), 1.0] for t in texts], dtype=np.float32)


def test_one_bounded_cache_of_unique_texts_per_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vectorstore import model as shared

    fake = _CountingModel()
    monkeypatch.setitem(shared._models, str(tmp_path.resolve()), fake)
    monkeypatch.setitem(shared._vectors, str(tmp_path.resolve()), OrderedDict())
    monkeypatch.setattr(shared, "CACHE_SIZE", 3)
    first = shared.embed_texts(tmp_path, ["a", "bb", "a"])
    assert fake.encoded == ["a", "bb"] and first.shape == (3, 2) and first[0, 0] == first[2, 0] == 1.0
    shared.embed_texts(str(tmp_path) + "/.", ["bb", "ccc"])  # another spelling of the same folder shares the cache
    assert fake.encoded == ["a", "bb", "ccc"]
    shared.embed_texts(tmp_path, ["dddd"])  # the least recently used text ("a") is evicted
    shared.embed_texts(tmp_path, ["bb", "a"])
    assert fake.encoded == ["a", "bb", "ccc", "dddd", "a"]
    first[0, 0] = 99.0  # callers get copies: the cache is never edited through them
    assert shared.embed_texts(tmp_path, ["a"])[0, 0] == 1.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_cli_reports_unusable_vector_settings_with_exit_2(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for env, needle in (
        ({"HOOKLINE_CHROMA_URL": "ftp://chroma.example"}, "is not a Chroma server URL"),
        ({"HOOKLINE_EMBEDDING_MODEL": str(tmp_path / "missing-model")}, "Embedding model folder"),
        ({"HOOKLINE_CHROMA_URL": f"http://127.0.0.1:{_free_port()}"}, "did not answer"),
    ):
        result = run_cli(["brand", "search", "colours"], home=home, env=env)
        assert result.returncode == 2, (env, result.stderr)
        assert needle in result.stderr, (env, result.stderr)
