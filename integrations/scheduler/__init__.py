"""The check-in scheduler: `start_scheduler(settings)` runs it in a background thread (inside `hookline slack`);
`hookline scheduler` runs it as its own process. Several may share one database; each check-in posts once."""

from integrations.scheduler.service import Scheduler, SchedulerHandle, TickReport, start_scheduler

__all__ = ["Scheduler", "SchedulerHandle", "TickReport", "start_scheduler"]
