"""Running one check-in: claim it in the ledger, build its message, post it, upload its files, mark it posted.

The same code serves `hookline checkin run`, the scheduler's fires and the recovery of interrupted attempts, so a
manual run and a scheduled one can never both post the same period to the same channel.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from tools.checkins import ledger
from tools.checkins.channels import normalise_channel
from tools.checkins.clock import Clock, SystemClock
from tools.checkins.content import BuildContext, build_content
from tools.checkins.content.blocks import MAX_BLOCKS, context, escape, section
from tools.checkins.ledger import ClaimRequest, RunRecord
from tools.checkins.poster import METADATA_EVENT, CheckinDeliveryError, DeliveryUncertain, Poster, PostRefused
from tools.core.domain.checkins import CheckinContent, CheckinResult
from tools.core.periods import checkin_period
from tools.core.work import LeaseLost, process_owner

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime

LEASE = timedelta(minutes=10)  # far longer than one Slack call (30 s timeout, two rate-limit retries)
RETRY_AFTER = timedelta(minutes=1)  # an uncertain send is re-checked this soon
MAX_ATTEMPTS = 6  # attempts at an uncertain/unverifiable post before it is left to a human (--force)
MARKER_LOOKBACK = timedelta(minutes=5)  # history is searched from this long before the claim
log = logging.getLogger("hookline.checkins")


@dataclass(frozen=True)
class CheckinRequest:
    job: str
    channel: str
    at: datetime  # the moment the check-in runs for (a schedule's fire time, or now)
    tz: ZoneInfo
    today: date | None = None
    all_quiet: bool = False
    force: bool = False
    note: str | None = None
    schedule_id: str | None = None
    fire_at: datetime | None = None
    trigger: str = "manual"


class CheckinRunner:
    """Carries check-ins of one workspace through the ledger states; see `ledger.py` for the guarantees."""

    def __init__(self, runtime: WorkspaceRuntime, poster: Poster, *, clock: Clock | None = None,
                 owner: str | None = None, lease: timedelta = LEASE) -> None:
        self.runtime = runtime
        self.poster = poster
        self.clock = clock or SystemClock()
        self.owner = owner or process_owner("checkin")
        self.lease = lease

    @property
    def _db(self):  # type: ignore[no-untyped-def]
        return self.runtime.database

    # -- entry points ----------------------------------------------------------------------------------------------
    def run(self, request: CheckinRequest) -> CheckinResult:
        period = checkin_period(request.job, request.at, request.tz, request.today)
        label = normalise_channel(request.channel)
        channel_id = self.poster.resolve_channel(label)
        claim = ledger.claim(self.runtime, ClaimRequest(
            job=request.job, channel=channel_id, channel_label=label, period=period, all_quiet=request.all_quiet,
            note=request.note, schedule_id=request.schedule_id, fire_at=request.fire_at, trigger=request.trigger,
            force=request.force), owner=self.owner, now=self.clock.now(), lease=self.lease)
        if claim.status != "claimed":
            return self._not_claimed(claim)
        return self._carry_out(claim.run, claim.previous_state, forced=request.force)

    def resume(self, run_id: int) -> CheckinResult | None:
        """Finish an attempt whose lease ran out (its process died or stalled); None when it is not ours to take."""
        claim = ledger.take_over(self._db, run_id, owner=self.owner, now=self.clock.now(), lease=self.lease)
        if claim is None:
            return None
        log.info("recovering check-in run %s (%s, was %s)", run_id, claim.run.job, claim.previous_state)
        return self._carry_out(claim.run, claim.previous_state)

    # -- the attempt -----------------------------------------------------------------------------------------------
    def _carry_out(self, run: RunRecord, previous_state: str | None, forced: bool = False) -> CheckinResult:
        recovered = previous_state in ledger.IN_FLIGHT
        try:
            if run.state == "claimed":
                content = self._content(run)
                if content.quiet and not run.all_quiet:
                    self._set(run, state="quiet", reason=content.reason, owner=None, lease_until=None)
                    return self._result(run, posted=False, quiet=True, recovered=recovered, forced=forced,
                                        reason=f"nothing to say: {content.reason}")
                payload = compose(content, run.note, self.runtime.workspace)
                run = self._set(run, state="sending", payload=payload, items=content.items,
                                reason=content.reason if content.quiet else None)
                ts = self._send(run)
            elif run.state == "sending":
                ts = self._find(run) or self._send(run)
            else:  # sent: the message is out, files may be missing
                ts = run.message_ts or ""
            if run.state != "sent":
                run = self._set(run, state="sent", message_ts=ts, error=None)
            run, pending = self._upload(run, check_thread=recovered)
            if pending:
                reason = (f"posted to {run.channel_label}; {pending} file(s) could not be uploaded yet and will be "
                          "retried")
                return self._result(run, posted=True, recovered=recovered, forced=forced, reason=reason)
            run = self._set(run, state="posted", posted_at=self.clock.now(), owner=None, lease_until=None)
        except LeaseLost:
            return self._result(run, posted=False, recovered=recovered, forced=forced,
                                reason="another process took this check-in over after this one's lease expired; it "
                                       "finishes the post")
        except DeliveryUncertain as exc:
            self._uncertain(run, str(exc))
            raise
        except PostRefused as exc:
            self._failed(run, str(exc), refused=True)
            raise
        except CheckinDeliveryError as exc:
            self._failed(run, str(exc))
            raise
        except Exception as exc:
            self._failed(run, f"{exc.__class__.__name__}: {exc}")
            raise
        quiet = bool(run.payload and run.payload.get("quiet"))
        what = "all-quiet note" if quiet else run.job
        reason = f"posted {what} for {run.period.key} to {run.channel_label}"
        if recovered:
            reason += " (completed an interrupted attempt)"
        if run.note:
            reason += f" — {run.note}"
        return self._result(run, posted=True, quiet=quiet, recovered=recovered, forced=forced, reason=reason)

    def _content(self, run: RunRecord) -> CheckinContent:
        charts = self.runtime.assets_dir / "checkins" / f"run-{run.id}-{run.seq}"
        ctx = BuildContext(runtime=self.runtime, job=run.job, period=run.period, charts_dir=charts,
                           already_reported=ledger.reported_items(self.runtime, run.job, run.channel))
        return build_content(run.job, ctx)

    def _send(self, run: RunRecord) -> str:
        payload = run.payload or {}
        metadata = {"event_type": METADATA_EVENT,
                    "event_payload": {"marker": run.marker, "workspace": self.runtime.workspace, "job": run.job,
                                      "period": run.period.key}}
        try:
            return self.poster.post_message(run.channel, payload.get("text") or "", payload.get("blocks") or [],
                                            metadata)
        except DeliveryUncertain:
            found = self._find(run)  # a lost response: the message may well be there
            if found:
                return found
            raise

    def _find(self, run: RunRecord) -> str | None:
        oldest = (run.created_at or self.clock.now()) - MARKER_LOOKBACK
        return self.poster.find_message(run.channel, run.marker, oldest)

    def _upload(self, run: RunRecord, *, check_thread: bool) -> tuple[RunRecord, int]:
        files = [Path(p) for p in (run.payload or {}).get("files") or []]
        done = {f.get("name") for f in run.files}
        todo = [p for p in files if p.name not in done]
        if todo and check_thread and run.message_ts:  # an interrupted attempt may have uploaded some unrecorded
            there = self.poster.thread_file_names(run.channel, run.message_ts)
            for path in [p for p in todo if p.name in there]:
                run = self._set(run, files=[*run.files, {"name": path.name, "id": ""}])
            todo = [p for p in todo if p.name not in there]
        pending = 0
        for path in todo:
            if not path.exists():
                log.warning("check-in run %s: file %s is gone; posting without it", run.id, path)
                run = self._set(run, files=[*run.files, {"name": path.name, "id": "", "missing": "1"}])
                continue
            try:
                file_id = self.poster.upload_file(run.channel, run.message_ts or "", path, _title(path))
            except CheckinDeliveryError as exc:
                log.warning("check-in run %s: upload of %s failed: %s", run.id, path.name, exc)
                pending = len(todo) - todo.index(path)
                run = self._set(run, error=str(exc), lease_until=self.clock.now() + RETRY_AFTER)
                break
            run = self._set(run, files=[*run.files, {"name": path.name, "id": file_id}])
        return run, pending

    # -- state changes ---------------------------------------------------------------------------------------------
    def _set(self, run: RunRecord, **values: Any) -> RunRecord:
        return ledger.transition(self._db, run, holder=self.owner, now=self.clock.now(), **values)

    def _uncertain(self, run: RunRecord, error: str) -> None:
        """Maybe sent: keep `sending` so the next attempt checks Slack first; give up (for a human) after many."""
        try:
            if run.attempts >= MAX_ATTEMPTS:
                self._set(run, state="abandoned", error=error, owner=None, lease_until=None,
                          reason="could not confirm whether the message reached Slack; not posting again to avoid a "
                                 "duplicate (check the channel; --force posts it again)")
            else:
                self._set(run, error=error, lease_until=self.clock.now() + RETRY_AFTER * run.attempts)
        except LeaseLost:
            pass

    def _failed(self, run: RunRecord, error: str, refused: bool = False) -> None:
        """Nothing was sent (claimed, or Slack refused the post): the period may be claimed again later."""
        try:
            if run.state == "claimed" or (run.state == "sending" and refused):
                self._set(run, state="failed", error=error, owner=None, lease_until=None)
            elif run.state == "sending":  # the history check failed: still unknown whether it went out
                self._uncertain(run, error)
            else:  # sent: the message is out; let a later attempt finish the files
                self._set(run, error=error, lease_until=self.clock.now() + RETRY_AFTER)
        except LeaseLost:
            pass

    # -- results ---------------------------------------------------------------------------------------------------
    def _not_claimed(self, claim: ledger.Claim) -> CheckinResult:
        run = claim.run
        if claim.status == "posted":
            when = f" at {run.posted_at:%Y-%m-%d %H:%M} UTC" if run.posted_at else ""
            reason = (f"already posted for {run.period.key} to {run.channel_label}{when} (message {run.message_ts}); "
                      "use --force to post it again")
        elif claim.status == "abandoned":
            reason = f"an earlier attempt was left unconfirmed ({run.error}); use --force to post it again"
        else:
            until = f" (its lease runs until {run.lease_until:%H:%M:%S} UTC)" if run.lease_until else ""
            reason = f"another process is posting this check-in right now{until}"
        return self._result(run, posted=False, reason=reason, ts=run.message_ts)

    def _result(self, run: RunRecord, *, posted: bool, reason: str, quiet: bool = False, recovered: bool = False,
                forced: bool = False, ts: str | None = None) -> CheckinResult:
        payload = run.payload or {}
        return CheckinResult(
            posted=posted, reason=reason, job=run.job, channel=run.channel_label, channel_id=run.channel,
            period=run.period, ts=ts or run.message_ts if posted or ts else None,
            files=[f["id"] for f in run.files if f.get("id")], quiet=quiet, note=run.note, recovered=recovered,
            forced=forced, run_id=run.id, text=payload.get("text"), blocks=payload.get("blocks"),
        )


def compose(content: CheckinContent, note: str | None, workspace: str) -> dict[str, Any]:
    """The message as it will be sent: the content's blocks (or the one-line all-quiet), the note, the files."""
    if content.quiet:
        blocks = [section(content.quiet_text)]
        text = content.quiet_text
        files: list[str] = []
    else:
        blocks = list(content.blocks)
        text = content.text
        files = list(content.files)
    if note:
        at = 1 if blocks and blocks[0].get("type") == "header" else 0
        blocks.insert(at, context(f":hourglass_flowing_sand: {note.capitalize()}"))
        text = f"{text}\n({note})"
    if len(blocks) > MAX_BLOCKS:
        blocks = [*blocks[:MAX_BLOCKS - 1], context("Message shortened: see `hookline report` for the rest.")]
    return {"text": escape(text)[:39_000], "blocks": blocks, "files": files, "quiet": content.quiet,
            "workspace": workspace}


def _title(path: Path) -> str:
    stem = path.stem.split("_", 2)[-1] if path.stem.count("_") >= 2 else path.stem
    return stem.replace("_", " ").capitalize()


__all__ = ["LEASE", "CheckinRequest", "CheckinRunner", "compose"]
