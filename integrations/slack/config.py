"""Tunables of the Slack app (`HOOKLINE_SLACK_*`); credentials and the API URL live in `tools.core.settings`."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from tools.core.settings import Settings


def oauth_enabled(settings: Settings) -> bool:
    """A multi-workspace (OAuth) install: every Slack team that installs the app gets its own token."""
    return bool(settings.slack_client_id and settings.slack_client_secret)


class SlackOptions(BaseSettings):
    """Operational knobs with production defaults; tests shorten the timings."""

    model_config = SettingsConfigDict(env_prefix="HOOKLINE_SLACK_", env_file=".env", extra="ignore")

    worker_threads: int = Field(4, ge=1, le=64, description="Background workers per process running agent turns.")
    lease_s: float = Field(120.0, gt=0, description="A running job not renewed for this long is taken over.")
    sweep_interval_s: float = Field(30.0, gt=0, description="How often orphaned or stale work is looked for.")
    pending_grace_s: float = Field(30.0, ge=0, description="A pending job untouched this long is resubmitted.")
    max_attempts: int = Field(3, ge=1, description="Give up (and say so in the thread) after this many tries.")
    progress_interval_s: float = Field(1.5, ge=0, description="Minimum time between two progress edits.")
    file_grace_s: float = Field(3.0, ge=0, description="Wait for a mention that carries a shared file.")
    max_download_mb: float = Field(500.0, gt=0, description="Largest file the bot downloads from Slack.")
    upload_batch: int = Field(10, ge=1, le=10, description="Files per files_upload_v2 call.")
    top_variant_images: int = Field(3, ge=0, le=20, description="Images of the best variants sent with a result.")
    max_retries: int = Field(3, ge=0, description="Retries for 429 / connection errors per Web API call.")
    http_timeout_s: float = Field(30.0, gt=0, description="Timeout for one Web API call.")
    prune_after_days: float = Field(7.0, gt=0, description="Finished ledger rows older than this are deleted.")
    run_scheduler: bool = Field(True, description="Run the check-in scheduler inside the Slack app process.")
    scheduler_poll_s: float = Field(30.0, gt=0, description="Longest sleep of the check-in scheduler.")
