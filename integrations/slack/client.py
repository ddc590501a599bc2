"""Web API clients that survive Slack's rate limits and flaky networks, pointed at `SLACK_API_URL`."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

DEFAULT_API_URL = "https://slack.com/api/"


def normalise_api_url(url: str | None) -> str:
    """slack_sdk joins method names onto the base URL, which therefore must end with a slash."""
    url = (url or DEFAULT_API_URL).strip()
    return url if url.endswith("/") else url + "/"


def make_web_client(token: str | None, api_url: str | None, *, max_retries: int = 3, timeout: float = 30.0,
                    team_id: str | None = None) -> WebClient:
    """A WebClient that retries 429 (honouring `Retry-After`), connection resets and 500/503 answers."""
    return WebClient(
        token=token,
        base_url=normalise_api_url(api_url),
        timeout=int(timeout),
        team_id=team_id,
        retry_handlers=[
            RateLimitErrorRetryHandler(max_retry_count=max_retries),
            ConnectionErrorRetryHandler(max_retry_count=max_retries),
            ServerErrorRetryHandler(max_retry_count=max_retries),
        ],
    )
