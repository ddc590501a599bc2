"""Job kinds: `@job(kind)` registers a handler; workers find it again from the `module:function` stored with the job.

Why by import path: a worker is a separate process (often another machine), so it cannot receive a function object,
only a name it can import. Only functions registered with `@job`, in modules Hookline ships or modules listed in
`HOOKLINE_JOB_MODULES`, ever run: a message on the broker cannot make a worker import arbitrary code.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from tools.core.errors import InputError

if TYPE_CHECKING:
    from tools.core.jobs.context import JobContext
    from tools.core.settings import Settings

Handler = Callable[["JobContext", dict[str, Any]], dict[str, Any]]
F = TypeVar("F", bound=Callable[..., Any])

# Where the areas keep their handlers (`<package>/jobs.py`). Every one exists: a missing module is an error.
BUILTIN_JOB_MODULES: tuple[str, ...] = (
    "tools.core.jobs.builtin",
    "tools.creator.jobs",
    "tools.extractor.jobs",
    "tools.analyst.jobs",
)
# Handlers may live anywhere inside these packages (and in modules named by HOOKLINE_JOB_MODULES).
TRUSTED_PACKAGES: tuple[str, ...] = ("tools", "agent", "vectorstore")


@dataclass(frozen=True)
class JobSpec:
    """A registered job kind."""

    kind: str
    func: Handler
    gpu: bool
    max_attempts: int | None

    @property
    def handler(self) -> str:
        return f"{self.func.__module__}:{self.func.__qualname__}"


_registry: dict[str, JobSpec] = {}
_lock = threading.Lock()
_loaded: set[str] = set()


def job(kind: str, *, gpu: bool = False, max_attempts: int | None = None) -> Callable[[F], F]:
    """Register `func(ctx: JobContext, payload: dict) -> dict` as the handler of `kind`.

    `gpu=True` routes the kind to GPU workers only. `max_attempts` overrides `HOOKLINE_JOB_MAX_ATTEMPTS` for this kind
    (use 1 for work that must never be repeated automatically).
    """
    if not kind or len(kind) > 100:
        raise ValueError("job kind must be 1-100 characters")

    def register(func: F) -> F:
        spec = JobSpec(kind=kind, func=func, gpu=gpu, max_attempts=max_attempts)
        if "<locals>" in spec.handler:
            raise ValueError(f"job handler for {kind!r} must be a module-level function (workers import it by name)")
        with _lock:
            existing = _registry.get(kind)
            if existing is not None and existing.handler != spec.handler:
                raise ValueError(f"job kind {kind!r} is already registered by {existing.handler}")
            _registry[kind] = spec
        func.__hookline_job__ = spec  # type: ignore[attr-defined]
        return func

    return register


def configured_modules(settings: Settings | None) -> list[str]:
    extra = (settings.job_modules or "") if settings is not None else ""
    return [*BUILTIN_JOB_MODULES, *(m.strip() for m in extra.split(",") if m.strip())]


def load_job_modules(settings: Settings | None) -> list[str]:
    """Import every handler module (built-in and configured); returns the modules that were found."""
    found: list[str] = []
    builtin = set(BUILTIN_JOB_MODULES)
    for name in configured_modules(settings):
        if name in _loaded:
            found.append(name)
            continue
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if name in builtin:
                raise
            raise InputError(
                f"Job module {name!r} (from HOOKLINE_JOB_MODULES) cannot be imported: {exc}. Expected a dotted "
                "module path importable by every worker.",
                field="job_modules",
            ) from exc
        _loaded.add(name)
        found.append(name)
    return found


def registered() -> dict[str, JobSpec]:
    with _lock:
        return dict(_registry)


def resolve_kind(kind: str, settings: Settings | None = None) -> JobSpec:
    """The spec of `kind`, importing handler modules on first use; unknown kinds are bad input."""
    spec = _registry.get(kind)
    if spec is None:
        load_job_modules(settings)
        spec = _registry.get(kind)
    if spec is None:
        known = ", ".join(sorted(_registry)) or "none"
        raise InputError(
            f"Unknown job kind {kind!r}. Registered kinds: {known}. Handlers are registered with @job in a module "
            "listed in HOOKLINE_JOB_MODULES or in an area's jobs.py.",
            field="kind",
        )
    return spec


def load_handler(path: str, settings: Settings | None = None) -> JobSpec:
    """Import the handler named `module:function` as stored on a job, refusing anything not registered with @job."""
    module_name, _, attr = path.partition(":")
    allowed = set(configured_modules(settings))
    trusted = module_name in allowed or module_name.split(".")[0] in TRUSTED_PACKAGES
    if not module_name or not attr or not trusted:
        raise LookupError(
            f"handler {path!r} is not in a trusted module (packages {', '.join(TRUSTED_PACKAGES)} or "
            "HOOKLINE_JOB_MODULES)"
        )
    module = importlib.import_module(module_name)
    target: Any = module
    for part in attr.split("."):
        target = getattr(target, part, None)
    spec = getattr(target, "__hookline_job__", None)
    if not isinstance(spec, JobSpec):
        raise LookupError(f"{path!r} is not a function registered with @job")
    return spec
