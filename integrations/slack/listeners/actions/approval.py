"""Approve / Reject / Edit count: the first decision resumes the agent's paused graph; later clicks change nothing.

The decision and the resume job are written in one transaction before the ack, so a double click, two people
clicking at once, or a Slack retry can never resume the graph twice.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from integrations.slack import blocks as kit
from integrations.slack.agent_port import ApprovalInfo
from integrations.slack.approvals import Decision
from integrations.slack.services import SlackServices
from tools.core.limits import MAX_VARIANTS

logger = logging.getLogger(__name__)


def parse_count(raw: Any) -> int | None:
    """A whole number from 1 to MAX_VARIANTS, else None (the modal then shows the limit on the field)."""
    try:
        value = float(str(raw).strip())
    except (TypeError, ValueError):
        return None
    if not value.is_integer() or not 1 <= value <= MAX_VARIANTS:
        return None
    return int(value)


def already_decided_text(decision: Decision) -> str:
    record = decision.record
    if record is None:
        return "That approval request is no longer known, so nothing was resumed."
    who = f"<@{record.decided_by}>" if record.decided_by else "someone"
    return f"This request was already {record.status} by {who}; nothing more was done."


def _tell_clicker(client: WebClient, body: dict[str, Any], text: str) -> None:
    channel = (body.get("channel") or {}).get("id")
    user = (body.get("user") or {}).get("id")
    if not channel or not user:
        return
    try:
        client.chat_postEphemeral(channel=channel, user=user, text=text)
    except SlackApiError as exc:
        logger.warning("could not tell the user the approval was already decided: %s", exc.response.get("error"))


def register(app: App, services: SlackServices) -> None:
    def decide_from_button(body: dict[str, Any], client: WebClient, *, approved: bool) -> None:
        approval_id = str(body["actions"][0]["value"])
        decision = services.intake.decide(approval_id, approved=approved, user_id=(body.get("user") or {}).get("id"))
        if not decision.accepted:
            _tell_clicker(client, body, already_decided_text(decision))

    def handle_approve(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        decide_from_button(body, client, approved=True)
        ack()

    def handle_reject(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        decide_from_button(body, client, approved=False)
        ack()

    def ack_edit_count(ack: Ack) -> None:
        ack()

    def open_edit_count_modal(body: dict[str, Any], client: WebClient) -> None:
        """Lazy: runs after the ack; the trigger_id stays valid for 3 s, plenty for one views.open."""
        approval_id = str(body["actions"][0]["value"])
        record = services.approvals.get(approval_id)
        if record is None or record.status != "pending":
            _tell_clicker(client, body, already_decided_text(Decision(accepted=False, record=record)))
            return

        initial = kit.approval_count(ApprovalInfo(id=record.approval_id, thread_id=record.agent_thread_id,
                                                  details=record.details))
        client.views_open(trigger_id=body["trigger_id"],
                          view=kit.edit_count_modal(approval_id, record.summary, initial))

    def handle_edit_count_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        values = (view.get("state") or {}).get("values") or {}
        raw = ((values.get(kit.COUNT_BLOCK) or {}).get(kit.COUNT_ACTION) or {}).get("value")
        count = parse_count(raw)
        if count is None:
            ack(response_action="errors", errors={kit.COUNT_BLOCK: f"Enter a whole number from 1 to {MAX_VARIANTS}."})
            return
        note = ((values.get(kit.NOTE_BLOCK) or {}).get(kit.NOTE_ACTION) or {}).get("value")
        decision = services.intake.decide(str(view.get("private_metadata")), approved=True,
                                          user_id=(body.get("user") or {}).get("id"), count=count, note=note)
        if not decision.accepted:
            ack(response_action="errors", errors={kit.COUNT_BLOCK: already_decided_text(decision)})
            return
        ack()

    app.action(kit.APPROVE)(handle_approve)
    app.action(kit.REJECT)(handle_reject)
    app.action(kit.EDIT_COUNT)(ack=ack_edit_count, lazy=[open_edit_count_modal])
    app.view(kit.EDIT_COUNT_MODAL)(handle_edit_count_submission)
