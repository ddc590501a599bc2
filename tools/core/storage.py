"""Shared asset storage: where jobs put what they make, so the app (and Slack) can read it from any machine.

A local folder by default (`$HOOKLINE_HOME/assets`, or a shared mount such as NFS), or any fsspec URL — an
S3-compatible bucket with `HOOKLINE_STORAGE_URL=s3://bucket/prefix` (needs the optional `s3fs`; MinIO and other
S3-compatible servers via `?endpoint_url=http://host:9000` or `AWS_ENDPOINT_URL`). The interface stays tiny on purpose:
put, get, exists, url, local_path, delete — keys are relative paths such as `variants/ab12/1x1.png`, always inside one
workspace's prefix.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from tools.core.errors import InputError, NotConfiguredError
from tools.core.settings import Settings

_KEY_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.=@+\-]*$")
Data = bytes | str | Path


def validate_key(key: str) -> str:
    """Keys are relative, '/'-separated paths without '..' so no key can escape its workspace."""
    parts = key.split("/") if key else []
    if not parts or any(not _KEY_PART.match(p) for p in parts):
        raise InputError(
            f"Storage key {key!r} is not valid: expected a relative path of names made of letters, digits, "
            "'_', '.', '-', '=', '@' or '+' (each starting with a letter or digit), separated by '/'.",
            field="key",
        )
    return "/".join(parts)


def _as_bytes(data: Data) -> bytes | None:
    if isinstance(data, bytes):
        return data
    if isinstance(data, str):
        return data.encode("utf-8")
    return None


class Storage(ABC):
    """Assets addressed by key; `scoped(prefix)` gives the view of one workspace."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix

    def scoped(self, prefix: str) -> Storage:
        """The same storage seen under `prefix/` (a workspace, a job)."""
        clone = self.__class__.__new__(self.__class__)
        clone.__dict__.update(self.__dict__)
        clone.prefix = self._key(validate_key(prefix))
        return clone

    def _key(self, key: str) -> str:
        key = validate_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    @abstractmethod
    def put(self, key: str, data: Data) -> str:
        """Write bytes, text or a local file atomically (readers never see half a file); returns `url(key)`."""

    @abstractmethod
    def get(self, key: str) -> bytes:
        """The stored bytes; FileNotFoundError when absent."""

    @abstractmethod
    def exists(self, key: str) -> bool: ...

    @abstractmethod
    def url(self, key: str) -> str:
        """A URL other processes can open: `file://` for folders, a presigned https URL for S3."""

    @abstractmethod
    def local_path(self, key: str) -> Path:
        """A local file with the content (the file itself for folders, a cached download otherwise)."""

    @abstractmethod
    def delete(self, key: str) -> None: ...

    @abstractmethod
    def list(self, prefix: str = "") -> list[str]:
        """Keys under `prefix` (relative to this view), sorted."""


class LocalStorage(Storage):
    """A folder, local or a shared mount. Writes go to a temporary file then `os.replace` (atomic)."""

    def __init__(self, root: Path, prefix: str = "") -> None:
        super().__init__(prefix)
        self.root = root.resolve()

    def _path(self, key: str) -> Path:
        return self.root / self._key(key)

    def put(self, key: str, data: Data) -> str:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                raw = _as_bytes(data)
                if raw is not None:
                    out.write(raw)
                else:
                    with Path(data).open("rb") as src:  # type: ignore[arg-type]
                        shutil.copyfileobj(src, out)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path.as_uri()

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def url(self, key: str) -> str:
        return self._path(key).as_uri()

    def local_path(self, key: str) -> Path:
        path = self._path(key)
        if not path.is_file():
            raise FileNotFoundError(str(path))
        return path

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def list(self, prefix: str = "") -> list[str]:
        base = self.root / self.prefix if self.prefix else self.root
        start = base / validate_key(prefix) if prefix else base
        if not start.exists():
            return []
        return sorted(
            p.relative_to(base).as_posix() for p in start.rglob("*") if p.is_file() and not p.name.endswith(".tmp")
        )


class FsspecStorage(Storage):
    """Any fsspec filesystem (s3://, gcs://, memory:// in tests). Object stores make single-object writes atomic."""

    def __init__(self, url: str, cache_dir: Path, prefix: str = "", **options: Any) -> None:
        super().__init__(prefix)
        import fsspec

        self.url_root = url
        try:
            self.fs, root = fsspec.core.url_to_fs(url, **options)
        except ImportError as exc:
            scheme = urlsplit(url).scheme
            package = {"s3": "s3fs", "s3a": "s3fs", "gs": "gcsfs", "gcs": "gcsfs", "az": "adlfs"}.get(scheme, scheme)
            raise NotConfiguredError(
                f"HOOKLINE_STORAGE_URL={url} needs the optional package {package!r} (pip install "
                f"'hookline[s3]' for S3-compatible buckets), or set HOOKLINE_STORAGE_URL to a shared folder."
            ) from exc
        self.root = root.rstrip("/")
        self.cache_dir = cache_dir

    def _path(self, key: str) -> str:
        return f"{self.root}/{self._key(key)}"

    def put(self, key: str, data: Data) -> str:
        path = self._path(key)
        raw = _as_bytes(data)
        if raw is not None:
            self.fs.pipe_file(path, raw)
        else:
            self.fs.put_file(str(data), path)
        return self.url(key)

    def get(self, key: str) -> bytes:
        return self.fs.cat_file(self._path(key))

    def exists(self, key: str) -> bool:
        return bool(self.fs.exists(self._path(key)))

    def url(self, key: str) -> str:
        path = self._path(key)
        try:
            return str(self.fs.url(path, expires=7 * 24 * 3600))  # s3fs: a presigned https URL
        except (AttributeError, NotImplementedError, TypeError):
            return self.fs.unstrip_protocol(path)

    def local_path(self, key: str) -> Path:
        path = self._path(key)
        digest = hashlib.sha256(self.url_root.encode()).hexdigest()[:16]
        target = self.cache_dir / digest / self._key(key)
        if not self.fs.exists(path):
            raise FileNotFoundError(self.fs.unstrip_protocol(path))
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        try:
            self.fs.get_file(path, tmp)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def delete(self, key: str) -> None:
        path = self._path(key)
        if self.fs.exists(path):
            self.fs.rm_file(path)

    def list(self, prefix: str = "") -> list[str]:
        base = f"{self.root}/{self.prefix}" if self.prefix else self.root
        start = f"{base}/{validate_key(prefix)}" if prefix else base
        if not self.fs.exists(start):
            return []
        found = self.fs.find(start)
        strip = self.fs._strip_protocol(base).rstrip("/") + "/"
        return sorted(str(p)[len(strip):] if str(p).startswith(strip) else str(p) for p in found)


def _split_options(url: str) -> tuple[str, dict[str, Any]]:
    """`s3://bucket/p?endpoint_url=http://minio:9000` → ('s3://bucket/p', {'endpoint_url': ...})."""
    parts = urlsplit(url)
    options: dict[str, Any] = dict(parse_qsl(parts.query))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")), options


def open_storage(settings: Settings) -> Storage:
    """The installation's shared storage (all workspaces); see `workspace_storage` for one workspace's view."""
    url = settings.storage_url
    if not url:
        return LocalStorage(settings.assets_dir)
    scheme = urlsplit(url).scheme
    if scheme == "file":
        return LocalStorage(Path(urlsplit(url).path))
    if len(scheme) <= 1:  # a plain path (or a Windows drive letter)
        return LocalStorage(Path(url).expanduser())
    base, options = _split_options(url)
    return FsspecStorage(base, cache_dir=settings.home / "cache" / "storage", **options)


def workspace_storage(settings: Settings, workspace: str) -> Storage:
    """One workspace's assets: `<storage>/<workspace>/...`, the same layout as `runtime.assets_dir`."""
    return open_storage(settings).scoped(workspace)
