"""Variants through the job queue: what the CLI, the agent and (through the agent) Slack call.

There is one code path: the work is always a `creator.generate` job. With `HOOKLINE_QUEUE_URL` it runs on a
`hookline worker` (diffusion work on a `--gpu` one), otherwise on the in-process queue's threads in this process.
The caller follows the job's progress, can cancel it (Ctrl-C), and reads the assets back from the shared storage.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tools.core.domain.progress import ProgressCallback, ProgressEvent
from tools.core.domain.variant import VariantsResult
from tools.core.jobs import JobProgress, JobStatus, get_queue
from tools.core.limits import check_variant_count
from tools.core.runtime import WorkspaceRuntime
from tools.core.storage import workspace_storage
from tools.creator.brief_source import PREFIX as BRIEF_PREFIX
from tools.creator.brief_source import parse_brief_source
from tools.creator.media import share_asset
from tools.creator.placements import parse_formats
from tools.creator.shared import from_keys

KIND, GPU_KIND = "creator.generate", "creator.generate_gpu"


def variants_payload(source: str = "winner", n: int = 20, formats: str | Sequence[str] = ("1x1", "4x5", "9x16"),
                     video: bool = False, language: str | None = None, period: str = "last-week",
                     metric: str | None = None, asset: str | None = None) -> dict[str, object]:
    """The job's payload, checked here so bad input fails before anything is queued.

    `asset` is a shared-storage key (see `tools.creator.media.share_asset`), never a local path: the job may run
    on a box that mounts the storage elsewhere. Its key names the file's content, so it also tells requests apart.
    """
    check_variant_count(n)
    placements = parse_formats(formats)
    if source.strip().startswith(BRIEF_PREFIX):
        parse_brief_source(source)  # a malformed brief fails here, naming the element, before anything is queued
    payload: dict[str, object] = {"source": source, "n": n, "formats": ",".join(p.id for p in placements),
                                  "video": video, "language": language, "period": period, "metric": metric}
    if asset:
        payload["asset"] = asset
    return payload


def generate_variants_job(runtime: WorkspaceRuntime, source: str = "winner", n: int = 20,
                          formats: str | Sequence[str] = ("1x1", "4x5", "9x16"), video: bool = False,
                          out_dir: str | Path | None = None, language: str | None = None,
                          progress: ProgressCallback | None = None, *, period: str = "last-week",
                          metric: str | None = None, idempotency_key: str | None = None,
                          timeout: float | None = None, asset: str | Path | None = None) -> VariantsResult:
    """Render variants as a job and wait for them (see `tools.creator.api.generate_variants` for the arguments).

    `asset` (a local file or a storage key) is the source ad's own image or video. `idempotency_key` names the
    intent (an agent's tool call, a CLI request): submitting it again — after a crash or a restart — follows the
    same job (finished: its result at once) instead of rendering twice; a failed or cancelled one is queued again
    and resumes from what it had rendered.
    """
    settings = runtime.settings
    if asset is not None and Path(str(asset)).expanduser().is_file():  # a local file: share it, pass its key
        asset = share_asset(settings, runtime.workspace, Path(str(asset)))
    payload = variants_payload(source, n, formats, video, language, period, metric,
                               str(asset) if asset is not None else None)
    queue = get_queue(settings, database=runtime.database)
    handle = queue.submit(GPU_KIND if settings.image_model else KIND, payload, workspace=runtime.workspace,
                          idempotency_key=idempotency_key)
    if not handle.created and handle.status() in (JobStatus.FAILED, JobStatus.CANCELLED):
        handle = queue.retry(handle.id)

    def forward(update: JobProgress) -> None:
        if progress is not None and update.total:
            progress(ProgressEvent(stage=update.stage or "rendering", done=int(update.done), total=int(update.total),
                                   message=update.message))

    result = handle.wait(on_progress=forward, timeout=timeout)
    storage = workspace_storage(settings, runtime.workspace)
    return from_keys(result["variants"], storage, Path(out_dir) if out_dir is not None else None)
