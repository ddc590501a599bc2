"""Shared asset storage: where jobs put what they make, so the app (and Slack) can read it from any machine.

A folder: `$HOOKLINE_HOME/assets` by default, or `HOOKLINE_STORAGE_URL` (a path or `file://` URL), which in a
scale-out deployment is a mount every box shares (NFS, SMB, a cloud file share). Object stores (S3 and friends) are
not supported: nothing here was tested against one, so the setting refuses them with a message instead of half
working (see docs/deploy.md).

Keys are relative paths such as `variants/ab12/1x1.png`, always inside one workspace's prefix. A job hands keys —
not absolute paths — back to its caller, because the shared mount may sit at a different path on each machine.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from tools.core.errors import InputError
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


class Storage:
    """Assets addressed by key in a folder (local or a shared mount); `scoped(prefix)` gives one workspace's view.

    Writes go to a temporary file, then `os.replace`: readers see the old or the new file, never half of one.
    """

    def __init__(self, root: Path, prefix: str = "") -> None:
        self.root = root.resolve()
        self.prefix = prefix

    def scoped(self, prefix: str) -> Storage:
        """The same storage seen under `prefix/` (a workspace, a job)."""
        return Storage(self.root, self._key(validate_key(prefix)))

    def _key(self, key: str) -> str:
        key = validate_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    @property
    def base(self) -> Path:
        """The folder this view starts at."""
        return self.root / self.prefix if self.prefix else self.root

    def path(self, key: str) -> Path:
        """Where `key` lives (it need not exist yet)."""
        return self.root / self._key(key)

    def folder(self, prefix: str) -> Path:
        """A folder for many files under `prefix` (created), e.g. the output of one generation job."""
        path = self.path(prefix)
        path.mkdir(parents=True, exist_ok=True)
        return path

    def key_of(self, path: str | Path) -> str:
        """The key of a file inside this view; InputError for a path outside it."""
        try:
            relative = Path(path).resolve().relative_to(self.base)
        except ValueError:
            raise InputError(f"{path} is not inside the shared storage at {self.base}.", file=str(path)) from None
        return validate_key(relative.as_posix())

    def put(self, key: str, data: Data) -> str:
        """Write bytes, text or a local file atomically; returns `url(key)`."""
        path = self.path(key)
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
        """The stored bytes; FileNotFoundError when absent."""
        return self.path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def url(self, key: str) -> str:
        """A `file://` URL other processes on a box with the same mount can open."""
        return self.path(key).as_uri()

    def local_path(self, key: str) -> Path:
        """The file itself; FileNotFoundError when absent."""
        path = self.path(key)
        if not path.is_file():
            raise FileNotFoundError(str(path))
        return path

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def list(self, prefix: str = "") -> list[str]:
        """Keys under `prefix` (relative to this view), sorted."""
        base = self.base
        start = base / validate_key(prefix) if prefix else base
        if not start.exists():
            return []
        return sorted(
            p.relative_to(base).as_posix() for p in start.rglob("*") if p.is_file() and not p.name.endswith(".tmp")
        )


LocalStorage = Storage  # the name earlier versions used


def open_storage(settings: Settings) -> Storage:
    """The installation's shared storage (all workspaces); see `workspace_storage` for one workspace's view."""
    url = settings.storage_url
    if not url:
        return Storage(settings.assets_dir)
    scheme = urlsplit(url).scheme
    if scheme == "file":
        return Storage(Path(urlsplit(url).path))
    if len(scheme) <= 1:  # a plain path (or a Windows drive letter)
        return Storage(Path(url).expanduser())
    raise InputError(
        f"HOOKLINE_STORAGE_URL={url} is not a folder. Shared storage is a folder every box mounts at the same "
        "path (NFS, SMB, a cloud file share): give its path or file:// URL. Object stores such as s3:// are not "
        "supported (see docs/deploy.md).",
        field="storage_url",
    )


def workspace_storage(settings: Settings, workspace: str) -> Storage:
    """One workspace's assets: `<storage>/<workspace>/...`, the same layout as `runtime.assets_dir`."""
    return open_storage(settings).scoped(workspace)
