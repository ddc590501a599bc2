"""Check-in posts through the Slack Web API (slack_sdk): the `Poster` the scheduler and `hookline checkin run` inject.

Why no automatic retry on connection errors: slack_sdk retries a failed connection by default, which can send the
same message twice when only the response was lost. Only rate-limit answers (the request was refused) are retried
here; everything uncertain goes through the marker check (see `tools/checkins/poster.py`).
"""

from __future__ import annotations

from datetime import datetime
from http.client import HTTPException
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tools.checkins.channels import is_channel_id
from tools.checkins.poster import METADATA_EVENT, CheckinDeliveryError, DeliveryUncertain, PostRefused
from tools.core.errors import NotConfiguredError

if TYPE_CHECKING:
    from slack_sdk import WebClient

    from tools.core.runtime import WorkspaceRuntime
    from tools.core.settings import Settings


def slack_client(token: str, base_url: str) -> WebClient:
    """A WebClient that retries only rate-limited calls (see the module docstring)."""
    from slack_sdk import WebClient
    from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

    url = base_url if base_url.endswith("/") else base_url + "/"
    return WebClient(token=token, base_url=url, timeout=30,
                     retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)])


class SlackWebApiPoster:
    """The Slack Web API through slack_sdk (`SLACK_BOT_TOKEN`, `SLACK_API_URL`)."""

    def __init__(self, client: WebClient) -> None:
        self.client = client
        self._channels: dict[str, str] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> SlackWebApiPoster:
        if settings.slack_bot_token is None:
            raise NotConfiguredError("Posting check-ins needs a Slack bot token: set SLACK_BOT_TOKEN (and "
                                     "SLACK_API_URL for a non-default Slack API endpoint).")
        return cls(slack_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url))

    # -- channels --------------------------------------------------------------------------------------------------
    def resolve_channel(self, channel: str) -> str:
        if channel in self._channels:
            return self._channels[channel]
        if is_channel_id(channel) and channel[0] in "CGD":
            resolved = channel
        elif is_channel_id(channel):  # a user: their direct-message channel with the app
            response = self._call("conversations.open", "conversations_open", users=channel)
            resolved = response["channel"]["id"]
        else:
            resolved = self._find_by_name(channel.lstrip("#"))
        self._channels[channel] = resolved
        return resolved

    def _find_by_name(self, name: str) -> str:
        cursor = None
        while True:
            response = self._call("conversations.list", "conversations_list", types="public_channel,private_channel",
                                  exclude_archived=True, limit=1000, cursor=cursor)
            for item in response.get("channels") or []:
                if item.get("name") == name:
                    return str(item["id"])
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                raise CheckinDeliveryError(
                    f"Slack channel #{name} was not found (or the app cannot see it): check the name, or invite the "
                    f"app with /invite @Hookline in a private channel.")

    # -- messages --------------------------------------------------------------------------------------------------
    def post_message(self, channel_id: str, text: str, blocks: list[dict[str, Any]],
                     metadata: dict[str, Any]) -> str:
        from slack_sdk.errors import SlackApiError

        kwargs = {"channel": channel_id, "text": text, "blocks": blocks, "metadata": metadata,
                  "unfurl_links": False, "unfurl_media": False}
        try:
            response = self.client.chat_postMessage(**kwargs)
        except SlackApiError as exc:
            error = _error(exc)
            if error == "not_in_channel" and channel_id.startswith("C"):
                self._call("conversations.join", "conversations_join", channel=channel_id)
                return self.post_message(channel_id, text, blocks, metadata)
            if _status(exc) >= 500:
                raise DeliveryUncertain(f"Slack answered HTTP {_status(exc)} to chat.postMessage in {channel_id}; "
                                        "the message may or may not have been posted.") from None
            raise PostRefused(f"Slack refused chat.postMessage in {channel_id}: {error}"
                                       f"{_hint(error)}") from None
        except (OSError, HTTPException) as exc:
            raise DeliveryUncertain(f"lost the connection to Slack during chat.postMessage in {channel_id} ({exc}); "
                                    "the message may or may not have been posted.") from None
        return str(response["ts"])

    def find_message(self, channel_id: str, marker: str, oldest: datetime) -> str | None:
        cursor = None
        while True:
            response = self._call("conversations.history", "conversations_history", channel=channel_id,
                                  oldest=f"{oldest.timestamp():.6f}", include_all_metadata=True, limit=200,
                                  cursor=cursor)
            for message in response.get("messages") or []:
                metadata = message.get("metadata") or {}
                payload = metadata.get("event_payload") or {}
                if metadata.get("event_type") == METADATA_EVENT and payload.get("marker") == marker:
                    return str(message["ts"])
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return None

    # -- files -----------------------------------------------------------------------------------------------------
    def upload_file(self, channel_id: str, thread_ts: str, path: Path, title: str) -> str:
        from slack_sdk.errors import SlackClientError

        try:
            response = self.client.files_upload_v2(channel=channel_id, thread_ts=thread_ts, file=str(path),
                                                   filename=path.name, title=title)
        except SlackClientError as exc:
            raise CheckinDeliveryError(f"Slack refused the upload of {path.name}: {_error(exc)}"
                                       f"{_hint(_error(exc))}") from None
        except (OSError, HTTPException) as exc:
            raise CheckinDeliveryError(f"lost the connection to Slack while uploading {path.name} ({exc}).") from None
        files = response.get("files") or ([response["file"]] if response.get("file") else [])
        return str(files[0]["id"]) if files else ""

    def thread_file_names(self, channel_id: str, thread_ts: str) -> set[str]:
        names: set[str] = set()
        cursor = None
        while True:
            response = self._call("conversations.replies", "conversations_replies", channel=channel_id, ts=thread_ts,
                                  limit=200, cursor=cursor)
            for message in response.get("messages") or []:
                names.update(str(f.get("name")) for f in message.get("files") or [] if f.get("name"))
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return names

    # -- helpers ---------------------------------------------------------------------------------------------------
    def _call(self, method: str, attribute: str, **kwargs: Any) -> Any:
        from slack_sdk.errors import SlackApiError

        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        try:
            return getattr(self.client, attribute)(**kwargs)
        except SlackApiError as exc:
            raise CheckinDeliveryError(f"Slack refused {method}: {_error(exc)}{_hint(_error(exc))}") from None
        except (OSError, HTTPException) as exc:
            raise CheckinDeliveryError(f"could not reach Slack for {method} ({exc}).") from None


def _error(exc: Any) -> str:
    response = getattr(exc, "response", None)
    try:
        return str(response.get("error") or response.status_code)  # type: ignore[union-attr]
    except Exception:
        return str(exc)


def _status(exc: Any) -> int:
    response = getattr(exc, "response", None)
    return int(getattr(response, "status_code", 200) or 200)


_HINTS = {
    "channel_not_found": " — check the channel, or invite the app to it",
    "not_in_channel": " — invite the app to the channel (/invite @Hookline)",
    "missing_scope": " — add the scope the error names to the Slack app and reinstall it",
    "invalid_auth": " — check SLACK_BOT_TOKEN",
    "not_authed": " — set SLACK_BOT_TOKEN",
    "account_inactive": " — the app was uninstalled; reinstall it or update SLACK_BOT_TOKEN",
    "is_archived": " — the channel is archived; schedule the check-in elsewhere",
}


def _hint(error: str) -> str:
    return _HINTS.get(error, "")


def settings_poster(runtime: WorkspaceRuntime) -> SlackWebApiPoster:
    """The installation's bot token (`SLACK_BOT_TOKEN`) for every workspace; multi-workspace Slack installs pass
    their own factory (one token per team)."""
    return SlackWebApiPoster.from_settings(runtime.settings)
