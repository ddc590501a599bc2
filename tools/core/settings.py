"""Installation settings, read once from `HOOKLINE_*` environment variables and `.env`.

Why here: every layer (db, vectorstore, tools, agent, Slack) needs the same settings, so they live at the bottom of
the dependency graph and are passed down explicitly (never read from module globals).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """All knobs of one Hookline installation; every field has an offline-safe default."""

    model_config = SettingsConfigDict(
        env_prefix="HOOKLINE_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    home: Path = Field(Path(".hookline"), description="Database, Chroma store, models and assets live here.")
    workspace: str = Field("default", description="Workspace used when none is given; a Slack team maps to one.")

    # storage and scale-out
    database_url: str | None = Field(None, description="SQLAlchemy URL; default SQLite under `home`.")
    chroma_url: str | None = Field(None, description="Chroma server URL; default embedded store under `home`.")
    queue_url: str | None = Field(None, description="redis://... enables the Celery queue; default in-process.")
    storage_url: str | None = Field(None, description="Shared asset storage (folder or s3://); default `home`/assets.")
    queue_namespace: str = Field(
        "hookline", description="Prefix of queue names and Redis keys, so installations can share one Redis."
    )
    job_modules: str | None = Field(
        None, description="Comma-separated modules whose @job handlers are loaded (besides the built-in ones)."
    )
    job_lease_s: float = Field(30.0, gt=0, description="Seconds without a heartbeat before a job is retried.")
    job_max_attempts: int = Field(3, ge=1, description="Attempts per job (first run + retries) unless set per kind.")
    job_concurrency: int = Field(2, ge=1, description="Jobs run at once by the in-process queue or one worker.")

    # fetching URLs users give (extract, brand add): tools/core/fetch.py
    fetch_allow_hosts: str | None = Field(
        None, description="Comma-separated host names allowed to resolve to private addresses (a self-hosted media "
        "server); none by default, so internal and cloud-metadata addresses are never fetched."
    )
    fetch_deadline_s: float = Field(60.0, gt=0, description="Total seconds one URL download may take.")

    # models (all optional; the product degrades with a clear message when absent)
    model: str | None = Field(None, description="LangChain chat model id for init_chat_model, e.g. openai:gpt-4o.")
    image_model: Path | None = Field(None, description="Local diffusers model folder for image generation.")
    embedding_model: Path | None = Field(None, description="Local sentence-transformers folder; default bundled.")

    # analysis defaults
    target_cpa: float | None = Field(None, description="Target CPA for fatigue and decisions, account currency.")
    min_spend: float = Field(50.0, description="Minimum spend before a creative is judged.")
    min_impressions: int = Field(1000, description="Minimum impressions before a creative is judged.")

    # the Meta Marketing API sync (docs/ingest.md)
    meta_api_url: str = Field(
        "https://graph.facebook.com/v21.0/", description="Graph API base URL (any version prefix); for tests, proxies."
    )
    secret_key: SecretStr | None = Field(
        None, description="Fernet key encrypting stored tokens; default `secret.key` in `home` (created 0600)."
    )

    # Slack (standard Slack variable names are accepted without the prefix)
    slack_bot_token: SecretStr | None = Field(
        None, validation_alias=AliasChoices("SLACK_BOT_TOKEN", "HOOKLINE_SLACK_BOT_TOKEN")
    )
    slack_signing_secret: SecretStr | None = Field(
        None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "HOOKLINE_SLACK_SIGNING_SECRET")
    )
    slack_app_token: SecretStr | None = Field(
        None, validation_alias=AliasChoices("SLACK_APP_TOKEN", "HOOKLINE_SLACK_APP_TOKEN")
    )
    slack_api_url: str = Field(
        "https://slack.com/api/", validation_alias=AliasChoices("SLACK_API_URL", "HOOKLINE_SLACK_API_URL")
    )
    slack_client_id: str | None = Field(
        None, validation_alias=AliasChoices("SLACK_CLIENT_ID", "HOOKLINE_SLACK_CLIENT_ID")
    )
    slack_client_secret: SecretStr | None = Field(
        None, validation_alias=AliasChoices("SLACK_CLIENT_SECRET", "HOOKLINE_SLACK_CLIENT_SECRET")
    )

    @property
    def resolved_database_url(self) -> str:
        """The database URL in use: the configured one, else a SQLite file inside `home`."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'hookline.db').resolve()}"

    @property
    def assets_dir(self) -> Path:
        """Where generated assets and reports are written when no shared storage is configured."""
        return self.home / "assets"

    def ensure_home(self) -> Path:
        """Create `home` on first use so a fresh install needs no setup step; a file in its place is bad input."""
        from tools.core.errors import InputError

        if self.home.exists() and not self.home.is_dir():
            raise InputError(f"--home {self.home}: is a file, not a folder. Expected a folder for Hookline's database, "
                             "vector store and assets (it is created when missing); set --home or HOOKLINE_HOME to "
                             "one.", field="home", file=str(self.home))
        try:
            self.home.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError) as exc:  # a file somewhere on the way to it
            raise InputError(f"--home {self.home}: cannot be created ({exc.strerror}: {exc.filename}). Expected a "
                             "folder path whose parents are folders.", field="home", file=str(self.home)) from None
        return self.home
