"""Progress events emitted by long-running capabilities (generation, extraction, training).

The CLI turns them into a progress bar, the Slack app into "rendering 7/20" updates, the job queue into job-row
progress. Defined at the tools level so every layer above can pass a callback down without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel


class ProgressEvent(BaseModel):
    stage: str  # e.g. "planning", "scoring", "rendering", "video"
    done: int
    total: int
    message: str = ""


ProgressCallback = Callable[[ProgressEvent], None]
