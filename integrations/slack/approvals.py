"""Approval requests shown as buttons, and the first decision taken on each (later clicks change nothing)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select, update

from integrations.slack.agent_port import ApprovalInfo
from integrations.slack.ledger import WorkLedger, insert_ignore
from tools.core.db import Database
from tools.core.db.base import utcnow
from tools.core.db.models.slack import SlackApproval


class ApprovalRecord(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    approval_id: str
    agent_thread_id: str
    team_id: str
    channel_id: str
    thread_ts: str
    message_ts: str | None = None
    summary: str
    details: dict
    status: str
    decided_by: str | None = None
    count: int | None = None


class Decision(BaseModel):
    accepted: bool
    work_id: str | None = None
    record: ApprovalRecord | None = None


class ApprovalBook:
    def __init__(self, database: Database, ledger: WorkLedger) -> None:
        self.database = database
        self.ledger = ledger

    def record(self, approval: ApprovalInfo, *, team_id: str, channel_id: str, thread_ts: str,
               message_ts: str | None) -> None:
        """Store the request before its buttons are shown, so a click can always be matched."""
        with self.database.session() as session:
            insert_ignore(session, SlackApproval.__table__, {
                "approval_id": approval.id, "agent_thread_id": approval.thread_id, "team_id": team_id,
                "channel_id": channel_id, "thread_ts": thread_ts, "message_ts": message_ts,
                "summary": approval.summary, "details": approval.details, "status": "pending",
                "created_at": utcnow(),
            }, ["approval_id"])

    def set_message(self, approval_id: str, message_ts: str) -> None:
        with self.database.session() as session:
            session.execute(update(SlackApproval).where(SlackApproval.approval_id == approval_id)
                            .values(message_ts=message_ts).execution_options(synchronize_session=False))

    def get(self, approval_id: str) -> ApprovalRecord | None:
        with self.database.session() as session:
            row = session.scalars(select(SlackApproval).where(SlackApproval.approval_id == approval_id)).first()
            return ApprovalRecord.model_validate(row) if row is not None else None

    def decide(self, approval_id: str, *, approved: bool, user_id: str | None, count: int | None,
               note: str | None) -> Decision:
        """Atomically move pending → approved/rejected and claim the resume work in the same transaction."""
        with self.database.session() as session:
            changed = session.execute(
                update(SlackApproval)
                .where(SlackApproval.approval_id == approval_id, SlackApproval.status == "pending")
                .values(status="approved" if approved else "rejected", decided_by=user_id, count=count,
                        decided_at=utcnow())
                .execution_options(synchronize_session=False)
            ).rowcount
            row = session.scalars(select(SlackApproval).where(SlackApproval.approval_id == approval_id)).first()
            record = ApprovalRecord.model_validate(row) if row is not None else None
            if changed != 1 or record is None:
                return Decision(accepted=False, record=record)
            work_id = self.ledger.claim(
                f"approval:{approval_id}", "approval", record.team_id, channel_id=record.channel_id,
                thread_ts=record.thread_ts or None, user_id=user_id, session=session,
                payload={"approval_id": approval_id, "approved": approved, "count": count, "note": note},
            )
        return Decision(accepted=work_id is not None, work_id=work_id, record=record)
