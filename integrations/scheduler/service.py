"""The scheduler: wakes up when a schedule is due, runs its check-in through `tools.checkins`, and recovers what an
earlier process left unfinished. Runs inside `hookline slack` (a background thread, `start_scheduler`) or on its own
(`hookline scheduler`); any number may share one database.

Why not APScheduler's SQLAlchemy job store: it does not support several schedulers on one store (each would run
every job), pickles job state, and reads the wall clock, which makes "fires at 09:00 Paris" and "catches up once"
untestable without waiting. Here the schedules table is the store, a compare-and-set on it hands each fire to one
scheduler, the check-in ledger guarantees one post per period, and the clock is injected. APScheduler's
`CronTrigger` still computes the fire times (see `tools/checkins/cron.py`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from integrations.scheduler import fires as fire_store
from integrations.scheduler.fires import Fire
from integrations.slack.poster import settings_poster
from tools.checkins import ledger
from tools.checkins.clock import Clock, SystemClock
from tools.checkins.cron import parse_timezone
from tools.checkins.runner import LEASE, CheckinRequest, CheckinRunner
from tools.core.errors import HooklineError, InputError, NotConfiguredError
from tools.core.runtime import open_database
from tools.core.work import process_owner
from tools.ingest.meta_api import schedule as meta_schedule

if TYPE_CHECKING:
    from tools.checkins.poster import Poster
    from tools.core.runtime import WorkspaceRuntime
    from tools.core.settings import Settings

PosterFactory = Callable[["WorkspaceRuntime"], "Poster"]
DEFAULT_POLL_S = 30.0
MAX_FIRE_ATTEMPTS = 6
log = logging.getLogger("hookline.scheduler")


@dataclass
class TickReport:
    """What one pass did (the CLI prints it with `--once`)."""

    at: datetime
    fired: list[dict[str, Any]] = field(default_factory=list)
    recovered: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    next_wakeup: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(), "fired": self.fired, "recovered": self.recovered, "errors": self.errors,
                "next_wakeup": self.next_wakeup.isoformat() if self.next_wakeup else None}


def default_poster_factory(runtime: WorkspaceRuntime) -> Poster:
    """The installation's bot token (`SLACK_BOT_TOKEN`) for every workspace; multi-workspace Slack installs pass
    their own factory (one token per team)."""

    return settings_poster(runtime)


class Scheduler:
    """One scheduler process's view of the schedules; `tick()` does one pass, `run(stop)` loops until stopped."""

    def __init__(self, settings: Settings, *, clock: Clock | None = None, poster_factory: PosterFactory | None = None,
                 workspaces: list[str] | None = None, poll_interval: float = DEFAULT_POLL_S,
                 lease: timedelta = LEASE, grace: timedelta | None = None, owner: str | None = None) -> None:
        self.settings = settings
        self.clock = clock or SystemClock()
        self.poster_factory = poster_factory or default_poster_factory
        self.workspaces = frozenset(workspaces) if workspaces else None
        self.poll_interval = poll_interval
        self.lease = lease
        self.grace = grace or max(timedelta(minutes=5), timedelta(seconds=2 * poll_interval))
        self.owner = owner or process_owner("scheduler")
        self._runtimes: dict[str, WorkspaceRuntime] = {}
        self._posters: dict[str, Poster] = {}

    @property
    def database(self):  # type: ignore[no-untyped-def]

        self.settings.ensure_home()
        return open_database(self.settings.resolved_database_url, retries=5)

    # -- one pass --------------------------------------------------------------------------------------------------
    def tick(self) -> TickReport:
        """Take due and pending fires and run them, then finish interrupted posts."""
        now = self.clock.now()
        report = TickReport(at=now)
        db = self.database
        self._run_syncs(now, report)  # the daily Meta sync runs before the check-ins of the same pass
        taken = fire_store.take_due(db, now, owner=self.owner, lease=self.lease, grace=self.grace,
                                    workspaces=self.workspaces)
        taken += fire_store.take_pending(db, now, owner=self.owner, lease=self.lease, workspaces=self.workspaces)
        for fire in taken:
            self._run_fire(fire, report)
        self._recover(report)
        report.next_wakeup = self.next_wakeup()
        return report

    def next_wakeup(self) -> datetime | None:
        times = [t for t in (fire_store.next_wakeup(self.database, self.workspaces),
                             ledger.earliest_lease(self.database),
                             meta_schedule.next_sync_at(self.database, self.clock.now(), self.workspaces))
                 if t is not None]
        return min(times) if times else None

    def _run_syncs(self, now: datetime, report: TickReport) -> None:
        """The `sync` job: each connected workspace's daily Meta sync that is due (tools/ingest/meta_api/schedule)."""
        from tools.ingest.meta_api.sync import sync_meta

        for due in meta_schedule.take_due_syncs(self.database, now, workspaces=self.workspaces):
            entry: dict[str, Any] = {"job": "sync", "workspace": due.workspace, "account": due.account}
            try:
                result = sync_meta(self._runtime(due.workspace), now=now)
            except Exception as exc:  # an expired token or an outage must not stop the check-ins
                if not isinstance(exc, HooklineError):
                    log.exception("Meta sync of %s failed", due.workspace)
                meta_schedule.finish_sync(self.database, due.workspace, self.clock.now(), str(exc))
                report.errors.append({**entry, "error": str(exc)})
                continue
            meta_schedule.finish_sync(self.database, due.workspace, self.clock.now(), None)
            entry.update(rows=result.rows, date_start=str(result.date_start), date_end=str(result.date_end))
            report.fired.append(entry)

    def _run_fire(self, fire: Fire, report: TickReport) -> None:
        db = self.database
        entry: dict[str, Any] = {"schedule_id": fire.schedule_id, "workspace": fire.workspace, "job": fire.job,
                                 "channel": fire.channel, "fire_at": fire.fire_at.isoformat(), "note": fire.note,
                                 "attempt": fire.attempt}
        try:
            runtime = self._runtime(fire.workspace)
            runner = CheckinRunner(runtime, self._poster(runtime), clock=self.clock, owner=self.owner,
                                   lease=self.lease)
            result = runner.run(CheckinRequest(
                job=fire.job, channel=fire.channel, at=fire.fire_at, tz=parse_timezone(fire.tz),
                all_quiet=fire.all_quiet, note=fire.note, schedule_id=fire.schedule_id, fire_at=fire.fire_at,
                trigger="schedule"))
        except HooklineError as exc:
            self._fire_failed(fire, entry, exc, report)
            return
        except Exception as exc:  # a bug or an outage must not stop the other schedules
            log.exception("check-in %s (%s) failed", fire.schedule_id, fire.job)
            self._fire_failed(fire, entry, exc, report)
            return
        outcome = {"posted": result.posted, "reason": result.reason, "ts": result.ts, "period": result.period.key
                   if result.period else None, "fire_at": fire.fire_at.isoformat(), "at": self.clock.now().isoformat()}
        fire_store.finish(db, fire, owner=self.owner, now=self.clock.now(), outcome=outcome)
        entry.update(posted=result.posted, reason=result.reason, ts=result.ts, run_id=result.run_id)
        log.info("check-in %s %s: %s", fire.schedule_id, fire.job, result.reason)
        report.fired.append(entry)

    def _fire_failed(self, fire: Fire, entry: dict[str, Any], exc: BaseException, report: TickReport) -> None:
        now = self.clock.now()
        outcome = {"posted": False, "error": f"{exc.__class__.__name__}: {exc}", "fire_at": fire.fire_at.isoformat(),
                   "at": now.isoformat()}
        # bad input (a channel name that is not valid, mixed currencies...) fails the same way on every retry
        attempts = 1 if isinstance(exc, InputError | NotConfiguredError) else MAX_FIRE_ATTEMPTS
        retry = fire_store.retry_later(self.database, fire, owner=self.owner, now=now, outcome=outcome,
                                       max_attempts=attempts)
        log.warning("check-in %s (%s) failed: %s; %s", fire.schedule_id, fire.job, exc,
                    f"retrying at {retry:%H:%M:%S} UTC" if retry else "giving up")
        entry.update(posted=False, error=outcome["error"], retry_at=retry.isoformat() if retry else None)
        report.errors.append(entry)

    def _recover(self, report: TickReport) -> None:
        """Ledger rows in flight whose lease ran out (their process died mid-post): finish them."""
        for run_id, workspace in ledger.expired_runs(self.database, self.clock.now()):
            if self.workspaces and workspace not in self.workspaces:
                continue
            entry: dict[str, Any] = {"run_id": run_id, "workspace": workspace}
            try:
                runtime = self._runtime(workspace)
                runner = CheckinRunner(runtime, self._poster(runtime), clock=self.clock, owner=self.owner,
                                       lease=self.lease)
                result = runner.resume(run_id)
            except Exception as exc:
                log.warning("recovering check-in run %s failed: %s", run_id, exc)
                entry["error"] = f"{exc.__class__.__name__}: {exc}"
                report.errors.append(entry)
                continue
            if result is not None:
                entry.update(job=result.job, posted=result.posted, reason=result.reason, ts=result.ts)
                report.recovered.append(entry)

    def _runtime(self, workspace: str) -> WorkspaceRuntime:
        if workspace not in self._runtimes:
            from tools.core.runtime import build_runtime

            self._runtimes[workspace] = build_runtime(self.settings, workspace)
        return self._runtimes[workspace]

    def _poster(self, runtime: WorkspaceRuntime) -> Poster:
        if runtime.workspace not in self._posters:
            self._posters[runtime.workspace] = self.poster_factory(runtime)
        return self._posters[runtime.workspace]

    # -- the loop --------------------------------------------------------------------------------------------------
    def run(self, stop: threading.Event, on_tick: Callable[[TickReport], None] | None = None) -> None:
        """Tick, sleep until the next due time (at most `poll_interval`, so new schedules are seen), repeat."""
        failures = 0
        while not stop.is_set():
            try:
                report = self.tick()
                failures = 0
            except Exception:  # the database may be briefly away; keep the thread alive and back off
                failures += 1
                log.exception("scheduler pass failed (%s in a row)", failures)
                report = TickReport(at=self.clock.now())
                report.errors.append({"error": "scheduler pass failed; see the log"})
            if on_tick is not None:
                on_tick(report)
            if stop.is_set():
                break
            self.clock.wait(self._sleep_for(report, failures), stop)

    def _sleep_for(self, report: TickReport, failures: int) -> float:
        if failures:
            return min(self.poll_interval * 2 ** min(failures, 5), 600.0)
        if report.next_wakeup is None:
            return self.poll_interval
        until = (report.next_wakeup - self.clock.now()).total_seconds()
        return max(0.0, min(self.poll_interval, until))


class SchedulerHandle:
    """A scheduler running in a background thread: `stop()` ends it cleanly (the current pass finishes first)."""

    def __init__(self, scheduler: Scheduler, name: str = "hookline-scheduler") -> None:
        self.scheduler = scheduler
        self._stop = threading.Event()
        self._ticks = 0
        self._last: TickReport | None = None
        self._changed = threading.Condition()
        self.thread = threading.Thread(target=self._main, name=name, daemon=True)

    def _main(self) -> None:
        self.scheduler.run(self._stop, self._tick_done)

    def _tick_done(self, report: TickReport) -> None:
        with self._changed:
            self._ticks += 1
            self._last = report
            self._changed.notify_all()

    @property
    def ticks(self) -> int:
        with self._changed:
            return self._ticks

    @property
    def last_report(self) -> TickReport | None:
        with self._changed:
            return self._last

    def wait_for_ticks(self, count: int, timeout: float = 30.0) -> TickReport | None:
        """Block until at least `count` passes have completed (tests, health checks)."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._ticks >= count, timeout):
                raise TimeoutError(f"scheduler completed {self._ticks} of {count} passes in {timeout}s")
            return self._last

    def is_alive(self) -> bool:
        return self.thread.is_alive()

    def stop(self, timeout: float = 30.0) -> bool:
        """Ask the loop to stop and wait for it; True when the thread ended within `timeout`."""
        self._stop.set()
        self.thread.join(timeout)
        return not self.thread.is_alive()


def start_scheduler(settings: Settings, *, clock: Clock | None = None, poster_factory: PosterFactory | None = None,
                    workspaces: list[str] | None = None, poll_interval: float = DEFAULT_POLL_S,
                    lease: timedelta = LEASE) -> SchedulerHandle:
    """Run the scheduler in a background thread (what `hookline slack` does) and return its handle."""
    handle = SchedulerHandle(Scheduler(settings, clock=clock, poster_factory=poster_factory, workspaces=workspaces,
                                       poll_interval=poll_interval, lease=lease))
    handle.thread.start()
    return handle
