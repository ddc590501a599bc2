"""Slack channel references as people type them ('#growth', 'growth', 'C0123ABCD', a user id for a DM).

Why checked early: a schedule with an unusable channel would only fail at its first run, days later. Names are
resolved to channel ids when posting (see `poster.py`), because the ledger must key on something stable.
"""

from __future__ import annotations

import re

from tools.core.errors import InputError

_ID = re.compile(r"^[CGDUW][A-Z0-9]{6,}$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9._\-]{0,79}$")


def is_channel_id(channel: str) -> bool:
    return bool(_ID.match(channel))


def normalise_channel(channel: str | None) -> str:
    """'#growth' for names (lower case), the id itself for ids; InputError otherwise."""
    text = (channel or "").strip()
    if text.startswith("<#") and text.endswith(">"):  # a Slack channel mention: <#C0123|growth>
        text = text[2:-1].split("|", 1)[0]
    if _ID.match(text):
        return text
    name = text.lstrip("#").lower()
    if not _NAME.match(name):
        raise InputError(
            f"channel {channel!r} is not a Slack channel: expected '#name' (lower-case letters, digits, '-', '_', "
            "'.'; at most 80), a channel id such as C0123ABCD, or a user id for a direct message.",
            field="channel",
        )
    return f"#{name}"


def same_channel(a: str | None, b: str | None) -> bool:
    return bool(a and b) and normalise_channel(a) == normalise_channel(b)
