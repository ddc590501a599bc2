"""A generation result as it travels between machines: file paths become shared-storage keys and back.

Why: a job may render on a GPU box whose shared mount sits at another path than the caller's, so the job row stores
keys relative to the workspace's storage, and each reader turns them into its own local paths.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tools.core.domain.variant import VariantsResult
from tools.core.storage import Storage


def to_keys(result: VariantsResult, storage: Storage) -> dict[str, Any]:
    """The result as JSON with every path replaced by its storage key."""
    data = result.model_dump(mode="json")
    for field in ("out_dir", "manifest", "contact_sheet"):
        if data.get(field):
            data[field] = storage.key_of(data[field])
    for variant in data["variants"]:
        for asset in variant.get("assets") or []:
            asset["path"] = storage.key_of(asset["path"])
    return data


def from_keys(data: dict[str, Any], storage: Storage, out_dir: Path | None = None) -> VariantsResult:
    """The result with local paths: the files in the shared storage, or copies in `out_dir` when given."""
    data = {**data, "variants": [{**v, "assets": [dict(a) for a in v.get("assets") or []]}
                                 for v in data.get("variants") or []]}

    def local(key: str) -> str:
        source = storage.local_path(key)
        if out_dir is None:
            return str(source)
        target = out_dir / Path(key).name
        there, here = source.stat(), target.stat() if target.is_file() else None
        if here is None or (here.st_size, here.st_mtime_ns) != (there.st_size, there.st_mtime_ns):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)  # keeps the time stamp: an unchanged file is not copied again
        return str(target)

    for variant in data["variants"]:
        for asset in variant["assets"]:
            asset["path"] = local(asset["path"])
    for field in ("manifest", "contact_sheet"):
        if data.get(field):
            data[field] = local(data[field])
    if data.get("out_dir"):
        data["out_dir"] = str(out_dir) if out_dir is not None else str(storage.path(data["out_dir"]))
    return VariantsResult.model_validate(data)
