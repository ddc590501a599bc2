"""The ack path: turn a Slack payload into one durable ledger claim and hand its id to a worker.

Everything here is cheap (dict reads, one INSERT, a queue put) so Slack gets its 200 in milliseconds. A claim that
finds its key taken is a retry or redelivery and starts nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from typing import Any

from integrations.slack.approvals import ApprovalBook, Decision
from integrations.slack.dispatch import WorkDispatcher
from integrations.slack.ledger import FAILED, WorkLedger

logger = logging.getLogger(__name__)

_FILE_FIELDS = ("id", "name", "title", "filetype", "mimetype", "size", "url_private", "url_private_download")
_LEADING_MENTION = re.compile(r"^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>[\s,:]*")


def clean_text(text: str | None, bot_user_id: str | None) -> str:
    """The request without the bot's @-mention (Slack writes it as `<@U123>`)."""
    text = text or ""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>[\s,:]*", "", text)
    else:
        text = _LEADING_MENTION.sub("", text)
    return text.strip()


def team_of(body: dict[str, Any], context_team: str | None = None) -> str:
    """The Slack team the request belongs to (the installation's team for shared channels)."""
    if context_team:
        return str(context_team)
    team = body.get("team_id")
    if not team and isinstance(body.get("team"), dict):
        team = body["team"].get("id")
    if not team:
        event = body.get("event") or {}
        team = event.get("team") or (body.get("user") or {}).get("team_id")
    return str(team or "unknown")


def enterprise_of(body: dict[str, Any], context_enterprise: str | None = None) -> str | None:
    if context_enterprise:
        return str(context_enterprise)
    enterprise = body.get("enterprise_id") or body.get("enterprise")
    if isinstance(enterprise, dict):
        enterprise = enterprise.get("id")
    return str(enterprise) if enterprise else None


def file_summaries(files: Any) -> list[dict[str, Any]]:
    return [{k: f.get(k) for k in _FILE_FIELDS if f.get(k) is not None}
            for f in (files or []) if isinstance(f, dict) and f.get("id")]


def event_key(body: dict[str, Any]) -> str:
    event_id = body.get("event_id")
    if event_id:
        return f"event:{event_id}"
    event = body.get("event") or {}
    return f"event:{team_of(body)}:{event.get('type')}:{event.get('event_ts') or event.get('ts')}"


_AD_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")


class Intake:
    """Claims work for listeners; `submit` runs only for claims that were new."""

    def __init__(self, ledger: WorkLedger, dispatcher: WorkDispatcher, approvals: ApprovalBook) -> None:
        self.ledger = ledger
        self.dispatcher = dispatcher
        self.approvals = approvals

    def _claim(self, key: str, kind: str, team_id: str, **fields: Any) -> str | None:
        work_id = self.ledger.claim(key, kind, team_id, **fields)
        if work_id is None:
            logger.info("duplicate slack delivery ignored: %s", key)
            return None
        self.dispatcher.submit(work_id)
        return work_id

    def mention(self, body: dict[str, Any], *, team_id: str, enterprise_id: str | None,
                bot_user_id: str | None) -> str | None:
        event = body["event"]
        files = file_summaries(event.get("files"))
        return self._claim(
            event_key(body), "mention", team_id, enterprise_id=enterprise_id, channel_id=event.get("channel"),
            thread_ts=event.get("thread_ts") or event.get("ts"), user_id=event.get("user"),
            payload={"text": clean_text(event.get("text"), bot_user_id), "files": files, "ts": event.get("ts")},
            extra_keys=[f"file:{team_id}:{f['id']}" for f in files],
        )

    def direct_message(self, body: dict[str, Any], *, team_id: str, enterprise_id: str | None,
                       bot_user_id: str | None) -> str | None:
        event = body["event"]
        files = file_summaries(event.get("files"))
        return self._claim(
            event_key(body), "dm", team_id, enterprise_id=enterprise_id, channel_id=event.get("channel"),
            thread_ts=event.get("thread_ts"), user_id=event.get("user"),
            payload={"text": clean_text(event.get("text"), bot_user_id), "files": files, "ts": event.get("ts")},
            extra_keys=[f"file:{team_id}:{f['id']}" for f in files],
        )

    def file_shared(self, body: dict[str, Any], *, team_id: str, enterprise_id: str | None) -> str | None:
        event = body["event"]
        file_id = event.get("file_id") or (event.get("file") or {}).get("id")
        if not file_id:
            return None
        return self._claim(
            event_key(body), "file", team_id, enterprise_id=enterprise_id, channel_id=event.get("channel_id"),
            user_id=event.get("user_id"),
            payload={"file_id": file_id, "event_time": body.get("event_time") or time.time()},
        )

    def home_opened(self, body: dict[str, Any], *, team_id: str, enterprise_id: str | None) -> str | None:
        event = body["event"]
        return self._claim(event_key(body), "home", team_id, enterprise_id=enterprise_id,
                           user_id=event.get("user"), payload={})

    def welcome(self, body: dict[str, Any], *, team_id: str, enterprise_id: str | None) -> str | None:
        """A person opened the bot's DM (Messages tab): one welcome claim per person; the worker posts it only into
        an empty DM, so neither redeliveries nor later visits repeat it."""
        event = body["event"]
        user, channel = event.get("user"), event.get("channel")
        if not user or not channel:
            return None
        return self._claim(f"welcome:{team_id}:{user}", "welcome", team_id, enterprise_id=enterprise_id,
                           channel_id=channel, user_id=user, payload={})

    def command(self, body: dict[str, Any], *, team_id: str, enterprise_id: str | None) -> str | None:
        key = f"command:{body.get('trigger_id') or body.get('command_ts') or time.time()}"
        return self._claim(
            key, "command", team_id, enterprise_id=enterprise_id, channel_id=body.get("channel_id"),
            user_id=body.get("user_id"),
            payload={"text": (body.get("text") or "").strip(), "command": body.get("command") or "/hookline",
                     "response_url": body.get("response_url")},
        )

    def make_variants(self, body: dict[str, Any], *, team_id: str, enterprise_id: str | None,
                      count: int = 10) -> str | None:
        """A "make variants" button: on a fatigue alert or winner (variants of that ad) or on a creative brief
        (variants with the brief's elements as constraints), in the message's thread. The first click per message
        and target starts one agent turn; repeated clicks and retries start none.

        Only the ad id or the brief source is read from the button's value (validated, so no other text reaches
        the request); the workspace comes from the Slack team."""
        action = body["actions"][0]
        try:
            value = json.loads(action.get("value") or "{}")
        except json.JSONDecodeError:
            value = {}
        value = value if isinstance(value, dict) else {}
        target = _variants_target(value)
        if target is None:
            logger.warning("make-variants button without a usable ad id or brief ignored")
            return None
        container = body.get("container") or {}
        channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
        message_ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
        key_target = target if len(target) <= 80 else hashlib.sha256(target.encode()).hexdigest()
        return self._claim(
            f"action:make_variants:{team_id}:{channel}:{message_ts}:{key_target}", "mention", team_id,
            enterprise_id=enterprise_id, channel_id=channel, thread_ts=container.get("thread_ts") or message_ts,
            user_id=(body.get("user") or {}).get("id"),
            payload={"text": f"make {count} variants {'from' if target.startswith('brief:') else 'of'} {target}",
                     "files": [], "ts": message_ts},
        )

    def retry(self, body: dict[str, Any], *, team_id: str) -> str | None:
        """The "Try again" button on a failed turn: the same request runs once more as a new turn in the same thread.

        Only the failed turn's id is read from the button; its request comes from the ledger, and only a failed turn
        of the clicker's own Slack team is retried. The first click starts one turn; repeats and retries start none.
        A request that had rendered part of its work resumes from it (the render job follows the same key)."""
        action = body["actions"][0]
        failed = self.ledger.get(str(action.get("value") or ""))
        if failed is None or failed.team_id != team_id or failed.status != FAILED:
            logger.warning("retry button for unknown or unfinished work ignored")
            return None
        return self._claim(
            f"action:retry:{failed.id}", failed.kind, team_id,
            enterprise_id=failed.enterprise_id, channel_id=failed.channel_id, thread_ts=failed.thread_ts,
            user_id=(body.get("user") or {}).get("id") or failed.user_id, payload=dict(failed.payload),
        )

    def decide(self, approval_id: str, *, approved: bool, user_id: str | None, count: int | None = None,
               note: str | None = None) -> Decision:
        decision = self.approvals.decide(approval_id, approved=approved, user_id=user_id, count=count, note=note)
        if decision.accepted and decision.work_id is not None:
            self.dispatcher.submit(decision.work_id)
        return decision


def _variants_target(value: dict[str, Any]) -> str | None:
    """`ad:ID` for an ad's button, the validated `brief:...` source for a brief's; None when neither is usable."""
    from tools.core.errors import InputError
    from tools.creator.brief_source import brief_source, parse_brief_source

    source = value.get("source")
    if isinstance(source, str) and source.startswith("brief:"):
        try:
            spec = parse_brief_source(source)
        except InputError:
            return None
        if spec.iteration_of is not None and not _AD_ID.match(spec.iteration_of):
            return None
        return brief_source(spec.attributes, spec.archetype, spec.iteration_of)  # re-written from parsed parts
    ad_id = str(value.get("ad_id") or "")
    return f"ad:{ad_id}" if _AD_ID.match(ad_id) else None
