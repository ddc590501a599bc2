"""Shared asset storage: a folder by default, any fsspec URL (memory:// stands in for a bucket), clear errors."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tools.core.errors import InputError
from tools.core.settings import Settings
from tools.core.storage import LocalStorage, Storage, open_storage, workspace_storage


def test_default_is_the_home_assets_folder_per_workspace(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home", _env_file=None)
    store = workspace_storage(settings, "acme")
    url = store.put("variants/v1/1x1.png", b"\x89PNG fake")
    path = tmp_path / "home" / "assets" / "acme" / "variants" / "v1" / "1x1.png"
    assert path.read_bytes() == b"\x89PNG fake" and url == path.resolve().as_uri()
    assert store.get("variants/v1/1x1.png") == b"\x89PNG fake" and store.exists("variants/v1/1x1.png")
    assert store.local_path("variants/v1/1x1.png") == path.resolve()
    assert store.list() == ["variants/v1/1x1.png"] and store.list("variants/v1") == ["variants/v1/1x1.png"]
    other = workspace_storage(settings, "globex")
    assert not other.exists("variants/v1/1x1.png") and other.list() == []
    store.delete("variants/v1/1x1.png")
    assert not store.exists("variants/v1/1x1.png")
    with pytest.raises(FileNotFoundError):
        store.get("variants/v1/1x1.png")


def test_put_accepts_text_and_files_and_replaces_atomically(tmp_path: Path) -> None:
    store = LocalStorage(tmp_path / "shared").scoped("acme")
    source = tmp_path / "report.pdf"
    source.write_bytes(b"%PDF" + b"x" * 100_000)
    store.put("reports/weekly.pdf", source)
    assert store.get("reports/weekly.pdf") == source.read_bytes()
    store.put("note.txt", "héllo")
    assert store.get("note.txt") == "héllo".encode()
    # readers racing a rewrite only ever see a whole old or whole new file, never half of one
    big_a, big_b = b"a" * 2_000_000, b"b" * 2_000_000
    store.put("big.bin", big_a)
    seen: set[bytes] = set()
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            data = store.get("big.bin")
            seen.add(data[:1] + data[-1:] + bytes([len(data) == 2_000_000]))

    reader = threading.Thread(target=read)
    reader.start()
    for i in range(20):
        store.put("big.bin", big_b if i % 2 == 0 else big_a)
    stop.set()
    reader.join()
    assert seen <= {b"aa\x01", b"bb\x01"}
    assert not [p for p in (tmp_path / "shared" / "acme").iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("key", ["", "/etc/passwd", "../other/x", "a/../../b", "a\\b", ".hidden", "a//b"])
def test_keys_cannot_escape_the_workspace(tmp_path: Path, key: str) -> None:
    store = LocalStorage(tmp_path).scoped("acme")
    with pytest.raises(InputError, match="Storage key") as err:
        store.put(key, b"x")
    assert err.value.field == "key"


def test_storage_url_forms(tmp_path: Path) -> None:
    folder = tmp_path / "nfs" / "hookline"
    for url in (str(folder), folder.as_uri()):
        store = open_storage(Settings(home=tmp_path, storage_url=url, _env_file=None))
        assert isinstance(store, LocalStorage) and store.root == folder.resolve()


def test_object_store_urls_are_refused_with_what_to_use_instead(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, storage_url="s3://hookline-assets/prod?endpoint_url=http://minio:9000",
                        _env_file=None)
    with pytest.raises(InputError, match=r"not a folder.*NFS.*s3:// are not supported") as err:
        open_storage(settings)
    assert err.value.field == "storage_url"


def test_keys_of_files_inside_a_view_and_refusal_of_files_outside(tmp_path: Path) -> None:
    store = Storage(tmp_path / "shared").scoped("acme")
    folder = store.folder("variants/job1")
    (folder / "a.jpg").write_bytes(b"x")
    assert store.key_of(folder / "a.jpg") == "variants/job1/a.jpg"
    assert store.local_path("variants/job1/a.jpg") == (folder / "a.jpg").resolve()
    with pytest.raises(InputError, match="not inside the shared storage"):
        store.key_of(tmp_path / "elsewhere.jpg")
