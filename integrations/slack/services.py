"""Composition root of the Slack app: database, ledger, team directory, agent and file ports, workers, sweeper.

Built once per process (a gunicorn worker builds its own after fork). `start()` resumes work left unfinished by a
previous run — that is how jobs survive a restart — and keeps sweeping for work whose process died.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from integrations.slack.agent_port import AgentGateway, HooklineAgentGateway
from integrations.slack.approvals import ApprovalBook
from integrations.slack.config import SlackOptions, oauth_enabled
from integrations.slack.dispatch import ThreadDispatcher, WorkDispatcher
from integrations.slack.file_port import FileActions, HooklineFileActions
from integrations.slack.installation_store import SqlInstallationStore, SqlOAuthStateStore
from integrations.slack.intake import Intake
from integrations.slack.ledger import WorkLedger
from integrations.slack.poster import SlackWebApiPoster, slack_client
from integrations.slack.teams import TeamDirectory
from integrations.slack.threads import ThreadMap
from integrations.slack.worker import SlackWorker
from tools.core.db import Database
from tools.core.errors import NotConfiguredError
from tools.core.runtime import open_database
from tools.core.settings import Settings
from tools.core.work import LeaseKeeper, process_owner, work_keeper

if TYPE_CHECKING:
    from tools.checkins.clock import Clock
    from tools.core.runtime import WorkspaceRuntime

logger = logging.getLogger(__name__)


@dataclass
class SlackServices:
    settings: Settings
    options: SlackOptions
    database: Database
    ledger: WorkLedger
    teams: TeamDirectory
    threads: ThreadMap
    approvals: ApprovalBook
    agent: AgentGateway
    files: FileActions
    installation_store: SqlInstallationStore | None
    state_store: SqlOAuthStateStore | None
    dispatcher: WorkDispatcher = field(init=False)
    keeper: LeaseKeeper = field(init=False)  # renews the leases of the turns this process runs
    intake: Intake = field(init=False)
    _runtimes: dict[str, WorkspaceRuntime] = field(default_factory=dict)
    _runtime_lock: threading.Lock = field(default_factory=threading.Lock)
    _sweeper: Sweeper | None = None
    _scheduler: Any = None
    clock: Clock | None = None  # the scheduler's clock; None is the wall clock

    def runtime(self, workspace: str) -> WorkspaceRuntime:
        """One runtime per workspace per process (its heavy parts load once and are shared by jobs)."""
        with self._runtime_lock:
            runtime = self._runtimes.get(workspace)
            if runtime is None:
                from tools.core.runtime import build_runtime

                runtime = build_runtime(self.settings, workspace)
                self._runtimes[workspace] = runtime
            return runtime

    def secrets(self) -> list[str]:
        """Values that must never appear in logs."""
        values = [self.settings.slack_bot_token, self.settings.slack_signing_secret, self.settings.slack_app_token,
                  self.settings.slack_client_secret]
        return [v.get_secret_value() for v in values if v is not None]

    def start(self, *, sweep: bool = True) -> int:
        """Resume unfinished work from earlier runs, prune old rows, and start the periodic sweeper."""
        resumed = self.ledger.due(all_pending=True)
        for work_id in resumed:
            self.dispatcher.submit(work_id)
        if resumed:
            logger.info("resuming %d unfinished slack job(s)", len(resumed))
        try:
            self.ledger.prune(self.options.prune_after_days)
        except Exception:
            logger.warning("could not prune old slack work rows", exc_info=True)
        if sweep and self._sweeper is None:
            self._sweeper = Sweeper(self)
            self._sweeper.start()
        return len(resumed)

    def start_scheduler(self) -> Any:
        """Run scheduled check-ins from this process (`hookline slack` does; `hookline scheduler` is the
        alternative). Several processes may run one: each fire is taken by exactly one of them."""
        if self._scheduler is None:
            from integrations.scheduler.service import start_scheduler

            self._scheduler = start_scheduler(self.settings, clock=self.clock, poster_factory=self.poster_factory(),
                                              poll_interval=self.options.scheduler_poll_s)
        return self._scheduler

    def poster_factory(self) -> Callable[[WorkspaceRuntime], Any] | None:
        """Check-in posts go out with the bot token of the team working in the check-in's workspace."""
        if not self.teams.multi_workspace:
            return None  # the scheduler's default: SLACK_BOT_TOKEN

        def factory(runtime: WorkspaceRuntime) -> Any:

            team_id = self.teams.team_for_workspace(runtime.workspace)
            if team_id is None:
                raise NotConfiguredError(f"No Slack team works in workspace {runtime.workspace!r}: install the app "
                                         "(/slack/install) or map a team with `hookline slack map-team`.")
            token, _ = self.teams.bot_token(team_id)
            return SlackWebApiPoster(slack_client(token, self.settings.slack_api_url))

        return factory

    def stop(self, wait: bool = False) -> None:
        """Stop sweeping and working; hand running jobs back so the next start resumes them at once."""
        if self._scheduler is not None:
            self._scheduler.stop(timeout=10)
            self._scheduler = None
        if self._sweeper is not None:
            self._sweeper.stop()
            self._sweeper = None
        self.dispatcher.shutdown(wait=wait)
        self.keeper.stop()
        try:
            self.ledger.release_owned()
        except Exception:
            logger.warning("could not release slack work leases", exc_info=True)
        self.ledger.close()


class Sweeper(threading.Thread):
    """Periodically resubmits work nobody runs (stale pending rows, lapsed leases) and, on SQLite, checkpoints the
    write-ahead log so that acks never pay for it."""

    def __init__(self, services: SlackServices) -> None:
        super().__init__(name="hookline-slack-sweeper", daemon=True)
        self.services = services
        self._stop_event = threading.Event()

    def run(self) -> None:
        interval = self.services.options.sweep_interval_s
        wal_interval = min(interval, 1.0)
        next_sweep = time.monotonic() + interval
        while not self._stop_event.wait(wal_interval):
            try:
                self.services.ledger.checkpoint_wal()
                if time.monotonic() >= next_sweep:
                    next_sweep = time.monotonic() + interval
                    for work_id in self.services.ledger.due():
                        self.services.dispatcher.submit(work_id)
            except Exception:
                logger.warning("slack sweep failed", exc_info=True)

    def stop(self) -> None:
        self._stop_event.set()




def build_services(settings: Settings, options: SlackOptions | None = None, *, agent: AgentGateway | None = None,
                   files: FileActions | None = None,
                   dispatcher: Callable[[Callable[[str], None]], WorkDispatcher] | None = None,
                   clock: Clock | None = None) -> SlackServices:
    """Wire the Slack app for one process. `dispatcher(run)` may replace the in-process thread pool; `clock` is
    what the check-in scheduler reads (tests pin the calendar; production uses the wall clock)."""

    options = options or SlackOptions()
    settings.ensure_home()
    database = open_database(settings.resolved_database_url)
    ledger = WorkLedger(database, process_owner("slack"), lease_s=options.lease_s,
                        pending_grace_s=options.pending_grace_s, max_attempts=options.max_attempts)
    multi = oauth_enabled(settings)
    if not multi and settings.slack_bot_token is None:
        raise NotConfiguredError(
            "Slack is not configured: set SLACK_BOT_TOKEN (single workspace) or SLACK_CLIENT_ID and "
            "SLACK_CLIENT_SECRET (install into many workspaces through OAuth)."
        )
    teams_holder: list[TeamDirectory] = []

    def on_install(installation: object) -> None:
        team_id = getattr(installation, "team_id", None) or getattr(installation, "enterprise_id", None)
        if team_id and teams_holder:
            teams_holder[0].workspace_for(team_id, getattr(installation, "enterprise_id", None),
                                          getattr(installation, "team_name", None))

    installation_store = SqlInstallationStore(database, str(settings.slack_client_id), on_install) if multi else None
    teams = TeamDirectory(settings, database, installation_store=installation_store, max_retries=options.max_retries,
                          timeout=options.http_timeout_s)
    teams_holder.append(teams)
    ledger_threads = ThreadMap(database)
    services = SlackServices(
        settings=settings, options=options, database=database, ledger=ledger, teams=teams, threads=ledger_threads,
        approvals=ApprovalBook(database, ledger), agent=agent or HooklineAgentGateway(),
        files=files or HooklineFileActions(), installation_store=installation_store,
        state_store=SqlOAuthStateStore(database) if multi else None, clock=clock,
    )
    services.keeper = work_keeper(ledger.store, ledger.owner).start()
    worker = SlackWorker(services)
    services.dispatcher = dispatcher(worker.run) if dispatcher else ThreadDispatcher(worker.run, options.worker_threads)
    services.intake = Intake(ledger, services.dispatcher, services.approvals)
    return services
