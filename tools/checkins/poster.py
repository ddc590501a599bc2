"""What a check-in needs from Slack, as a protocol: the Slack Web API implementation is injected from
`integrations/slack/poster.py` (tools never import Slack). Posting is the message (with a metadata marker), then
its files in the thread.

Why a marker in the message metadata: if a process dies after `chat.postMessage` reached Slack but before the
ledger recorded the message's `ts`, the next attempt cannot know from the database alone whether the message went
out. It looks for its marker in `conversations.history` (with `include_all_metadata`) and records the ts it finds,
instead of guessing — the one way to neither lose nor duplicate the post. Reading history needs the
`channels:history` / `groups:history` (and `im:history` for DMs) scopes.

Why no automatic retry on connection errors: slack_sdk retries a failed connection by default, which can send the
same message twice when only the response was lost. Only rate-limit answers (the request was refused) are retried
here; everything uncertain goes through the marker check above.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from tools.core.errors import HooklineError

METADATA_EVENT = "hookline_checkin"


class CheckinDeliveryError(HooklineError):
    """Slack refused the request (nothing was posted by it), or a needed check could not be made."""


class PostRefused(CheckinDeliveryError):
    """chat.postMessage answered with an error: the message was certainly not posted."""


class DeliveryUncertain(HooklineError):
    """The request may or may not have reached Slack (connection lost, server error)."""


class Poster(Protocol):
    """What a check-in needs from Slack; the Slack Web API poster of `integrations/slack` is the real one (tests
    point it at a local server)."""

    def resolve_channel(self, channel: str) -> str:
        """A channel id for '#name', a channel id, or a user id (their DM with the app)."""

    def post_message(self, channel_id: str, text: str, blocks: list[dict[str, Any]],
                     metadata: dict[str, Any]) -> str:
        """Post at the top level of the channel; return the message ts."""

    def find_message(self, channel_id: str, marker: str, oldest: datetime) -> str | None:
        """The ts of a message posted since `oldest` whose metadata carries `marker`, if any."""

    def upload_file(self, channel_id: str, thread_ts: str, path: Path, title: str) -> str:
        """Upload `path` into the message's thread (files_upload_v2); return the file id."""

    def thread_file_names(self, channel_id: str, thread_ts: str) -> set[str]:
        """Names of the files already shared in the thread."""
