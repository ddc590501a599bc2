"""Background execution of claimed Slack work: placeholder → progress → agent → summary + files, resumably.

Each step that touches Slack is checkpointed in the ledger right after it succeeds (placeholder ts, the agent's
result, summary posted, files uploaded), so a job resumed after a crash or restart continues where it stopped instead
of posting twice or re-running the agent. Errors end up in the thread in plain words; tracebacks only in the logs.
"""

from __future__ import annotations

import logging
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from integrations.slack import blocks as kit
from integrations.slack.agent_port import TurnResult
from integrations.slack.file_port import classify
from integrations.slack.files import download_private_file, safe_filename, upload_files
from integrations.slack.ledger import DONE, FAILED, SKIPPED, WorkItem, WorkLedger
from integrations.slack.redaction import redact
from tools.core.errors import HooklineError, InputError, NoPerformanceDataError
from tools.core.work import LeaseLost
from tools.core.workspaces import workspaces_with_data

if TYPE_CHECKING:
    from integrations.slack.services import SlackServices

logger = logging.getLogger(__name__)

RETRYABLE = ("mention", "dm", "file")  # turns that can simply run again ("Try again"); approvals resume instead

HELP_TEXT = (
    "Ask me about your ads in plain words, for example:\n"
    "• _make 20 variants of last week's winner_\n"
    "• _how did we do last week?_\n"
    "• _break down this competitor video_ (attach the file)\n"
    "• _every Monday 9:00 post the weekly report to #growth_\n"
    "Drop an Ads Manager or TikTok export (CSV/XLSX) into our thread or a DM and I import it."
)


class SlackLease:
    """A Slack turn's lease (attempt `attempt` of its work row) as the process's one keeper
    (`tools.core.work.work_keeper`) renews it while a long step (rendering) runs; `check` and `confirm` stop the turn
    before a side effect once another process owns it."""

    def __init__(self, ledger: WorkLedger, work_id: str, attempt: int) -> None:
        self.ledger = ledger
        self.work_id = work_id
        self.attempt = attempt
        self.lost = False

    @property
    def lease_key(self) -> str:
        return self.work_id

    def mark(self, owned: bool, cancel_requested: bool = False) -> None:
        if not owned:
            self.lost = True

    def check(self) -> None:
        """Cheap check (the background renewal's verdict), for hot paths such as progress callbacks."""
        if self.lost:
            raise LeaseLost(f"slack work {self.work_id} was taken over by another process")

    def confirm(self) -> None:
        """Authoritative check before a side effect: renew now, stop if another process owns the job."""
        self.check()
        if not self.ledger.renew(self.work_id, self.attempt):
            self.lost = True
            raise LeaseLost(f"slack work {self.work_id} was taken over by another process")


class ProgressReporter:
    """The agent's progress callback: edits the placeholder ('rendering 7/20'), at most every `interval` s."""

    def __init__(self, client: WebClient, channel: str, ts: str, interval: float, lease: SlackLease) -> None:
        self.client, self.channel, self.ts = client, channel, ts
        self.interval = interval
        self.lease = lease
        self.updates = 0
        self._last = 0.0
        self._last_text = ""

    def __call__(self, event: Any) -> None:
        self.lease.check()
        text = kit.progress_text(event)
        now = time.monotonic()
        done, total = getattr(event, "done", None), getattr(event, "total", None)
        final = total is not None and done is not None and done >= total
        if text == self._last_text or (now - self._last < self.interval and not final):
            return
        try:
            self.client.chat_update(channel=self.channel, ts=self.ts, text=text, blocks=[kit.section(text)])
            self.updates += 1
            self._last, self._last_text = now, text
        except SlackApiError as exc:  # progress is best effort; the result still gets posted
            logger.warning("progress update failed: %s", exc.response.get("error"))


def user_message(exc: BaseException, work_id: str) -> str:
    """What the user reads in the thread: our own errors verbatim, anything else without internals."""
    if isinstance(exc, HooklineError):
        return str(exc)
    if isinstance(exc, SlackApiError):
        code = exc.response.get("error") if exc.response is not None else "unknown"
        return f"Slack refused one of my requests ({code}), so I stopped. Reference: job {work_id}."
    return (f"I hit an internal error and stopped, so this request was not completed. Reference: job {work_id} "
            "(details are in the Hookline logs).")


class SlackWorker:
    """Runs one ledger item at a time per thread; `run(work_id)` is what dispatchers call."""

    def __init__(self, services: SlackServices) -> None:
        self.services = services

    # -- entry point ---------------------------------------------------------------------------------------------
    def run(self, work_id: str) -> None:
        services = self.services
        item = services.ledger.acquire(work_id)
        if item is None:
            return  # finished, or running in another process
        if item.attempts > services.options.max_attempts:
            self._fail(item, None, HooklineError(
                f"I tried this {item.attempts - 1} times and it kept failing, so I gave up; what was finished is "
                f"kept and a new try resumes from it. Reference: job {item.id}."), retry=True)
            return
        handlers = {"mention": self._chat, "dm": self._chat, "command": self._chat, "approval": self._approval,
                    "file": self._file, "home": self._home, "welcome": self._welcome}
        client: WebClient | None = None
        with services.keeper.holding(SlackLease(services.ledger, work_id, item.attempts)) as held:
            lease: SlackLease = held  # type: ignore[assignment]
            try:
                client = services.teams.client_for(item.team_id, item.enterprise_id)
                status = handlers[item.kind](item, client, lease)
                lease.confirm()
                services.ledger.finish(work_id, status)
            except LeaseLost:
                logger.warning("slack work %s was taken over by another process", work_id)
            except Exception as exc:
                if lease.lost:
                    return
                self._fail(item, client, exc)

    # -- shared steps --------------------------------------------------------------------------------------------
    def _placeholder(self, item: WorkItem, client: WebClient, channel: str, root: str | None) -> str:
        if item.placeholder_ts:
            return item.placeholder_ts
        text = kit.placeholder_text(item.kind)
        response = client.chat_postMessage(channel=channel, thread_ts=root, text=text, blocks=[kit.section(text)])
        ts = str(response["ts"])
        self.services.ledger.checkpoint(item.id, placeholder_ts=ts)
        item.placeholder_ts = ts
        return ts

    def _remember(self, item: WorkItem, **checkpoints: Any) -> None:
        self.services.ledger.checkpoint(item.id, checkpoints=checkpoints)
        item.checkpoints.update(checkpoints)

    def _deliver(self, item: WorkItem, client: WebClient, result: TurnResult, *, channel: str, root: str | None,
                 placeholder: str, lease: SlackLease) -> None:
        """Summary into the placeholder (with approval buttons), overflow blocks and files into the thread."""
        services = self.services
        lease.confirm()
        attachments = list(dict.fromkeys(
            [*result.attachments, *kit.top_variant_files(result.data, services.options.top_variant_images)]))
        summary = kit.summary_blocks(result, file_count=len(attachments))
        approval = result.approval
        approval_blocks = kit.approval_blocks(approval) if approval is not None else []
        chunks = kit.chunk_blocks(summary)
        merge_approval = bool(approval_blocks) and len(chunks[-1]) + len(approval_blocks) <= kit.MAX_BLOCKS \
            and len(chunks) == 1
        if merge_approval:
            chunks[0] = chunks[0] + approval_blocks
        if not item.checkpoints.get("summary"):
            if approval is not None:
                services.approvals.record(approval, team_id=item.team_id, channel_id=channel,
                                          thread_ts=root or "", message_ts=placeholder if merge_approval else None)
            client.chat_update(channel=channel, ts=placeholder, text=kit.fallback_text(result), blocks=chunks[0])
            for extra in chunks[1:]:
                client.chat_postMessage(channel=channel, thread_ts=root, text="(continued)", blocks=extra)
            if approval is not None and not merge_approval:
                posted = client.chat_postMessage(channel=channel, thread_ts=root, text=approval.summary or
                                                 "Approval needed", blocks=approval_blocks)
                services.approvals.set_message(approval.id, str(posted["ts"]))
            self._remember(item, summary=True)
        done = set(item.checkpoints.get("uploaded") or [])
        wanted = [a for a in attachments if a not in done]
        located = {a: self._locate(item, a) for a in wanted}
        missing = [Path(a) for a, path in located.items() if path is None]
        if wanted:
            lease.confirm()
            by_path = {path: a for a, path in located.items() if path is not None}

            def checkpoint(group: list[Path]) -> None:
                done.update(by_path[p] for p in group)
                self._remember(item, uploaded=sorted(done))

            if by_path:
                upload_files(client, channel=channel, thread_ts=root, paths=list(by_path),
                             batch=services.options.upload_batch, on_batch=checkpoint)
        if missing and not item.checkpoints.get("missing_noted"):
            names = ", ".join(p.name for p in missing[:10])
            client.chat_postMessage(channel=channel, thread_ts=root,
                                    text=f"{len(missing)} file(s) were not found and could not be sent: {names}")
            self._remember(item, missing_noted=True)

    def _locate(self, item: WorkItem, attachment: str) -> Path | None:
        """A local file for an attachment: a path on this machine, or a key in the workspace's shared storage
        (assets a GPU worker rendered elsewhere, fetched through `tools.core.storage`)."""
        path = Path(attachment)
        if path.is_file():
            return path
        if path.is_absolute() or ".." in path.parts:
            return None
        try:
            from tools.core.storage import workspace_storage

            workspace = self.services.teams.workspace_for(item.team_id, item.enterprise_id)
            return workspace_storage(self.services.settings, workspace).local_path(attachment)
        except Exception:  # not in storage either (or storage unreachable): reported as missing
            return None

    def _run_turn(self, item: WorkItem, client: WebClient, lease: SlackLease, *, channel: str, root: str | None,
                  compute: Any) -> TurnResult:
        """Placeholder, then the (checkpointed) result of `compute(progress)`, then delivery."""
        if not item.placeholder_ts:
            lease.confirm()
        placeholder = self._placeholder(item, client, channel, root)
        if item.result is not None:
            result = TurnResult.model_validate(item.result)
        else:
            progress = ProgressReporter(client, channel, placeholder, self.services.options.progress_interval_s,
                                        lease)
            result = compute(progress)
            lease.confirm()
            self.services.ledger.checkpoint(item.id, result=result.model_dump(mode="json"))
        self._deliver(item, client, result, channel=channel, root=root, placeholder=placeholder, lease=lease)
        return result

    # -- kinds ---------------------------------------------------------------------------------------------------
    def _chat(self, item: WorkItem, client: WebClient, lease: SlackLease) -> str:
        services = self.services
        channel = str(item.channel_id)
        root = item.thread_ts
        if item.kind == "command":
            root = self._command_root(item, client)
            if root is None:
                return FAILED
        workspace = services.teams.workspace_for(item.team_id, item.enterprise_id)
        runtime = services.runtime(workspace)
        thread_id = services.threads.ensure(item.team_id, channel, root, workspace)
        text = str(item.payload.get("text") or "")

        def compute(progress: ProgressReporter) -> TurnResult:
            files = item.payload.get("files") or []
            if not text and not files:
                return TurnResult(reply=HELP_TEXT)
            attachments = self._download(item, client, runtime, files)
            if not text:  # files without words: import exports, break down videos and images
                return self._process_files(runtime, attachments)
            return services.agent.chat(runtime, text=text, thread_id=thread_id, user=item.user_id,
                                       channel=channel, attachments=attachments, progress=progress)

        self._run_turn(item, client, lease, channel=channel, root=root, compute=compute)
        return DONE

    def _command_root(self, item: WorkItem, client: WebClient) -> str | None:
        """Slash commands have no thread: post the request in the channel and answer under it."""
        root = item.checkpoints.get("root_ts")
        if root:
            return str(root)
        text = f"<@{item.user_id}> asked: {item.payload.get('command', '/hookline')} {item.payload.get('text', '')}"
        try:
            response = client.chat_postMessage(channel=str(item.channel_id), text=text.strip())
        except SlackApiError as exc:
            error = exc.response.get("error") if exc.response is not None else "unknown"
            if error in {"not_in_channel", "channel_not_found", "is_archived"}:
                self._respond(item, "I can't post in this channel yet: invite me with `/invite @Hookline`, "
                                    "or message me directly.")
                return None
            raise
        root = str(response["ts"])
        self._remember(item, root_ts=root)
        return root

    def _respond(self, item: WorkItem, text: str) -> None:
        response_url = item.payload.get("response_url")
        if not response_url:
            return
        from slack_sdk.webhook import WebhookClient

        try:
            WebhookClient(response_url).send(text=text, response_type="ephemeral")
        except Exception:
            logger.warning("could not answer slash command %s via response_url", item.id)

    def _download(self, item: WorkItem, client: WebClient, runtime: Any, files: list[dict[str, Any]]) -> list[Path]:
        paths: list[Path] = []
        token = client.token or ""
        for info in files:
            url = info.get("url_private_download") or info.get("url_private")
            if not url:
                continue
            name = safe_filename(str(info.get("name") or info.get("title") or info["id"]), info["id"])
            target = self._inbox(runtime, item.team_id, str(info["id"])) / name
            if not target.is_file():
                download_private_file(str(url), token, target, api_url=self.services.settings.slack_api_url,
                                      max_bytes=int(self.services.options.max_download_mb * (1 << 20)))
            paths.append(target)
        return paths

    def _process_files(self, runtime: Any, paths: list[Path]) -> TurnResult:
        """What a bare file drop means: exports are imported together, media broken down one by one."""
        exports = [p for p in paths if classify(p.name) == "ingest"]
        media = [p for p in paths if classify(p.name) == "extract"]
        other = [p for p in paths if classify(p.name) is None]
        results = []
        if exports:
            results.append(self.services.files.ingest(runtime, exports))
        results += [self.services.files.extract(runtime, p) for p in media]
        if other:
            names = ", ".join(f"*{p.name}*" for p in other)
            results.append(TurnResult(reply=f"I can import ad exports (CSV, XLSX) and break down videos and "
                                            f"images; I don't know what to do with {names}."))
        if len(results) == 1:
            return results[0]
        return TurnResult(reply="\n\n".join(r.reply for r in results),
                          attachments=[a for r in results for a in r.attachments],
                          data={f"file_{i}": r.data for i, r in enumerate(results, start=1)})

    @staticmethod
    def _inbox(runtime: Any, team_id: str, file_id: str) -> Path:
        return Path(runtime.home) / "slack" / "files" / safe_filename(team_id) / safe_filename(file_id)

    def _approval(self, item: WorkItem, client: WebClient, lease: SlackLease) -> str:
        services = self.services
        payload = item.payload
        record = services.approvals.get(str(payload["approval_id"]))
        if record is None:
            raise HooklineError("That approval request is no longer known, so nothing was resumed.")
        approved = bool(payload.get("approved"))
        count = payload.get("count")
        if record.message_ts and not item.checkpoints.get("decided_posted"):
            client.chat_update(channel=record.channel_id, ts=record.message_ts,
                               text="Approved" if approved else "Rejected",
                               blocks=kit.decided_blocks(record.summary, approved=approved, user_id=item.user_id,
                                                         count=count))
            self._remember(item, decided_posted=True)
        workspace = services.teams.workspace_for(item.team_id, item.enterprise_id)
        runtime = services.runtime(workspace)

        def compute(progress: ProgressReporter) -> TurnResult:
            return services.agent.resume(runtime, thread_id=record.agent_thread_id, approved=approved, count=count,
                                         note=payload.get("note"), progress=progress)

        self._run_turn(item, client, lease, channel=record.channel_id, root=record.thread_ts or None,
                       compute=compute)
        return DONE

    def _file(self, item: WorkItem, client: WebClient, lease: SlackLease) -> str:
        services = self.services
        payload = item.payload
        file_id = str(payload["file_id"])
        key = f"file:{item.team_id}:{file_id}"
        if item.result is None and not item.placeholder_ts:
            wait = float(payload.get("event_time") or 0) + services.options.file_grace_s - time.time()
            if wait > 0:  # give a mention that carries this file the chance to claim it first
                time.sleep(min(wait, services.options.file_grace_s))
            holder = services.ledger.holder_of(key)
            if holder is not None and holder != item.id:
                return SKIPPED
        info = client.files_info(file=file_id)["file"]
        channel, root = locate_share(info, item.channel_id)
        if channel is None:
            return SKIPPED
        in_dm = channel.startswith("D")
        if not in_dm and not services.threads.known(item.team_id, channel, root):
            return SKIPPED  # not dropped where the bot is working: not meant for it
        if not services.ledger.claim_key(key, item.id) and services.ledger.holder_of(key) != item.id:
            return SKIPPED
        name = safe_filename(str(info.get("name") or info.get("title") or file_id), file_id)
        action = classify(name, info.get("filetype"), info.get("mimetype"))
        workspace = services.teams.workspace_for(item.team_id, item.enterprise_id)
        runtime = services.runtime(workspace)
        if root:
            services.threads.ensure(item.team_id, channel, root, workspace)

        def compute(progress: ProgressReporter) -> TurnResult:
            if action is None:
                return TurnResult(reply=f"I can import ad exports (CSV, XLSX) and break down videos and images; "
                                        f"I don't know what to do with *{name}*.")
            target = self._inbox(runtime, item.team_id, file_id) / name
            url = info.get("url_private_download") or info.get("url_private")
            if not url:
                raise InputError(f"Slack gave no download link for {name}.", file=name)
            if not target.is_file():
                download_private_file(str(url), client.token or "", target,
                                      api_url=services.settings.slack_api_url,
                                      max_bytes=int(services.options.max_download_mb * (1 << 20)))
            if action == "ingest":
                return services.files.ingest(runtime, [target])
            return services.files.extract(runtime, target)

        self._run_turn(item, client, lease, channel=channel, root=root, compute=compute)
        return DONE

    def _home(self, item: WorkItem, client: WebClient, lease: SlackLease) -> str:
        services = self.services
        workspace = services.teams.workspace_for(item.team_id, item.enterprise_id)
        runtime = services.runtime(workspace)
        report, report_note, has_data = home_report(runtime)
        schedules, schedules_note = home_schedules(runtime)
        lease.confirm()
        client.views_publish(user_id=str(item.user_id), view=kit.home_view(
            workspace, report, report_note, schedules, schedules_note, has_data=has_data))
        return DONE

    def _welcome(self, item: WorkItem, client: WebClient, lease: SlackLease) -> str:
        """The first DM: posted only into an empty conversation, so a retry after a crash (or a later claim once
        the ledger row was pruned) finds the welcome, or the person's own messages, and posts nothing."""
        channel = str(item.channel_id)
        if client.conversations_history(channel=channel, limit=1).get("messages"):
            return SKIPPED
        workspace = self.services.teams.workspace_for(item.team_id, item.enterprise_id)
        with self.services.runtime(workspace).session() as session:
            has_data = any(w.name == workspace for w in workspaces_with_data(session))
        lease.confirm()
        client.chat_postMessage(channel=channel, text=kit.WELCOME_TEXT, blocks=kit.welcome_blocks(workspace, has_data),
                                metadata={"event_type": kit.WELCOME_EVENT, "event_payload": {"workspace": workspace}})
        return DONE

    # -- failure -------------------------------------------------------------------------------------------------
    def _fail(self, item: WorkItem, client: WebClient | None, exc: BaseException | None, *,
              retry: bool = False) -> None:
        """Close the turn as failed and say so in its thread; `retry` (or an internal error on a request someone
        made) adds a one-click "Try again" — our own errors (bad input) would only fail the same way again."""
        message = user_message(exc, item.id) if exc is not None else "failed"
        retry = retry or (exc is not None and not isinstance(exc, HooklineError))
        if exc is not None and not isinstance(exc, HooklineError):
            # the traceback is rendered and scrubbed here: an exception message may quote a request or a token
            details = redact("".join(traceback.format_exception(exc)), self.services.secrets())
            logger.error("slack work %s (%s) failed:\n%s", item.id, item.kind, details)
        else:
            logger.warning("slack work %s (%s) failed: %s", item.id, item.kind,
                           redact(message, self.services.secrets()))
        try:
            client = client or self.services.teams.client_for(item.team_id, item.enterprise_id)
            self._tell(item, client, message, retry=retry and item.kind in RETRYABLE)
        except Exception:
            logger.warning("could not report the failure of slack work %s to the user", item.id)
        self.services.ledger.finish(item.id, FAILED, error=message[:2000])

    def _tell(self, item: WorkItem, client: WebClient, message: str, *, retry: bool = False) -> None:
        if item.kind in ("home", "welcome"):  # nobody asked: a failure is logged, not posted
            return
        channel = item.channel_id
        if item.kind == "approval":
            record = self.services.approvals.get(str(item.payload.get("approval_id")))
            channel = record.channel_id if record else channel
        if not channel:
            return
        error_blocks = kit.error_blocks(message, item.id if retry else None)
        if item.placeholder_ts:
            client.chat_update(channel=channel, ts=item.placeholder_ts, text=message, blocks=error_blocks)
        elif item.kind == "command" and not item.checkpoints.get("root_ts"):
            self._respond(item, message)
        else:
            root = item.checkpoints.get("root_ts") or item.thread_ts
            client.chat_postMessage(channel=channel, thread_ts=root, text=message, blocks=error_blocks)


def locate_share(info: dict[str, Any], hint_channel: str | None) -> tuple[str | None, str | None]:
    """(channel, thread root) where the file was shared, from `files.info` `shares` (public or private)."""
    shares = info.get("shares") or {}
    candidates: list[tuple[str, dict[str, Any]]] = []
    for scope in ("private", "public"):
        for channel, entries in (shares.get(scope) or {}).items():
            for entry in entries or []:
                candidates.append((channel, entry))
    if hint_channel:
        preferred = [c for c in candidates if c[0] == hint_channel]
        candidates = preferred or candidates
    if not candidates:
        channels = list(info.get("channels") or []) + list(info.get("groups") or []) + list(info.get("ims") or [])
        channel = hint_channel or (channels[0] if channels else None)
        return channel, None
    channel, entry = candidates[0]
    root = entry.get("thread_ts")
    if not root and not channel.startswith("D"):
        root = entry.get("ts")
    return channel, root


def home_report(runtime: Any) -> tuple[dict[str, Any] | None, str | None, bool]:
    """(last week's report, or why there is none, whether the workspace has any ad data)."""
    try:
        from tools.performance.api import performance_report
    except ImportError:
        return None, "KPI reports are not available in this installation.", True
    try:
        report = performance_report(runtime, period="last-week")
    except NoPerformanceDataError:
        return None, None, False
    except HooklineError as exc:
        return None, str(exc), True
    data = report.model_dump(mode="json") if hasattr(report, "model_dump") else dict(report)
    return data, None, True


def home_schedules(runtime: Any) -> tuple[list[dict[str, Any]] | None, str | None]:
    try:
        from tools.checkins.api import list_checkins
    except ImportError:
        return None, "Scheduled check-ins are not available in this installation."
    try:
        listed = list_checkins(runtime)
    except HooklineError as exc:
        return None, str(exc)
    data = listed.model_dump(mode="json") if hasattr(listed, "model_dump") else listed
    if isinstance(data, dict):
        data = data.get("schedules") or []
    return [s.model_dump(mode="json") if hasattr(s, "model_dump") else s for s in data or []], None
