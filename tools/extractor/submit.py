"""Video breakdowns through the job queue (`extractor.extract`): on a worker with `HOOKLINE_QUEUE_URL`, else on the
in-process queue — one code path. The video goes to the shared storage first, keyed by its content, so a worker on
another machine can read it and the same video submitted twice is one job."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from tools.core.domain.blueprint import Blueprint
from tools.core.errors import InputError
from tools.core.jobs import JobProgress, JobStatus, get_queue
from tools.core.runtime import WorkspaceRuntime
from tools.core.storage import workspace_storage
from tools.extractor.sources import VIDEO_EXTENSIONS

KIND = "extractor.extract"


def runs_as_job(source: str | Path) -> bool:
    """Local video files are queued; images, copy and URLs are quick and answered in place."""
    text = str(source)
    return "://" not in text and Path(text).suffix.lower() in VIDEO_EXTENSIONS


def extract_video_job(runtime: WorkspaceRuntime, path: str | Path, *, store: bool = True,
                      creative_ad_id: str | None = None, progress: Callable[[str], None] | None = None,
                      timeout: float | None = None) -> Blueprint:
    """The blueprint of a local video, computed by a job (see `tools.extractor.api.extract_blueprint`)."""
    source = Path(path).expanduser()
    if not source.is_file():
        raise InputError(f"File {str(path)!r} was not found or is not a file.", file=str(path))
    if creative_ad_id is not None and not store:
        raise InputError("--ad attaches a stored blueprint to a creative; it cannot be combined with --no-store.",
                         field="ad")
    digest = hashlib.sha256()
    with source.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    content = digest.hexdigest()
    name = re.sub(r"[^A-Za-z0-9_.=@+\-]", "_", source.name).lstrip("._-=@+") or "video.mp4"
    key = f"uploads/{content[:24]}/{name}"
    storage = workspace_storage(runtime.settings, runtime.workspace)
    if not storage.exists(key):
        storage.put(key, source)
    payload = {"input": key, "uri": str(source.resolve()), "store": store, "creative_ad_id": creative_ad_id}
    queue = get_queue(runtime.settings, database=runtime.database)
    where = hashlib.sha256(payload["uri"].encode()).hexdigest()[:8]  # type: ignore[union-attr]
    handle = queue.submit(KIND, payload, workspace=runtime.workspace,
                          idempotency_key=f"extract:{content[:32]}:{where}:{int(store)}:{creative_ad_id or ''}")
    if not handle.created and handle.status() in (JobStatus.FAILED, JobStatus.CANCELLED):
        handle = queue.retry(handle.id)

    def forward(update: JobProgress) -> None:
        if progress is not None and update.message:
            progress(update.message)

    try:
        result = handle.wait(on_progress=forward, timeout=timeout)
    except InputError as exc:  # name the user's file, not the worker's copy of it
        message = str(exc).replace(str(storage.path(key)), str(path))
        raise InputError(message, file=str(path), field=exc.field) from None
    return Blueprint.model_validate(result["blueprint"])
