"""Job kinds: registration rules, and that only registered handlers in trusted modules ever run."""

from __future__ import annotations

import pytest

from tests.jobs import sample_jobs
from tools.core.errors import InputError
from tools.core.jobs import JobFailedError, JobStatus, job, job_store
from tools.core.jobs.registry import load_handler, load_job_modules, resolve_kind
from tools.core.settings import Settings


def test_kind_resolves_to_importable_handler(job_settings) -> None:
    spec = resolve_kind("tests.gpu_echo", job_settings)
    assert spec.handler == "tests.jobs.sample_jobs:gpu_echo" and spec.gpu is True
    assert load_handler(spec.handler, job_settings).func is sample_jobs.gpu_echo
    assert resolve_kind("tests.once", job_settings).max_attempts == 1
    assert resolve_kind("hookline.ping").handler == "tools.core.jobs.builtin:ping"


def test_registration_rules() -> None:
    with pytest.raises(ValueError, match=r"already registered by tests\.jobs\.sample_jobs:echo"):
        job("tests.echo")(sample_jobs.flaky)

    def nested(ctx, payload):  # type: ignore[no-untyped-def]
        return {}

    with pytest.raises(ValueError, match="module-level function"):
        job("tests.nested")(nested)
    with pytest.raises(ValueError, match="1-100 characters"):
        job("")


@pytest.mark.parametrize("path", ["os:system", "subprocess:run", "tools.core.jobs.store:new_job_id", "nocolon"])
def test_only_registered_handlers_in_trusted_modules_load(path: str) -> None:
    with pytest.raises(LookupError):
        load_handler(path, Settings(_env_file=None))


def test_bad_job_module_setting_is_reported(tmp_path) -> None:
    settings = Settings(home=tmp_path, job_modules="tests.jobs.sample_jobs, no_such.module", _env_file=None)
    with pytest.raises(InputError, match=r"no_such\.module") as err:
        load_job_modules(settings)
    assert err.value.field == "job_modules"


def test_job_row_naming_an_untrusted_handler_fails_without_running_it(make_queue, job_settings) -> None:
    """A tampered row or message cannot make a worker import and call arbitrary code."""
    queue = make_queue()
    store = job_store(job_settings)
    info, _ = store.create(kind="tests.echo", handler="os:system", workspace="acme", idempotency_key=None,
                           payload={"command": "touch /tmp/pwned"}, gpu=False, max_attempts=3,
                           backend="inprocess", owner=queue.worker)
    queue._dispatch(info.id, False, 0.0)
    with pytest.raises(JobFailedError, match="cannot load handler 'os:system'"):
        queue.get(info.id).result(timeout=10)
    assert queue.get(info.id).info().attempts == 1 and queue.get(info.id).status() is JobStatus.FAILED


def test_the_queue_check_says_what_is_missing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tools.core.health import check_queue
    from tools.core.settings import Settings

    [local] = check_queue(Settings(home=tmp_path, _env_file=None))
    assert local.status == "ok" and "in-process" in local.detail
    [dead] = check_queue(Settings(home=tmp_path, queue_url="redis://127.0.0.1:1/0", _env_file=None))
    assert dead.status == "fail" and "does not answer" in dead.detail and "HOOKLINE_QUEUE_URL" in (dead.fix or "")


@pytest.mark.services
def test_the_queue_check_needs_a_worker(celery_setup) -> None:  # type: ignore[no-untyped-def]
    from tools.core.health import check_queue

    settings, workers = celery_setup
    queue, lonely = check_queue(settings)
    assert queue.status == "ok" and lonely.status == "fail" and "hookline worker" in (lonely.fix or "")
    workers.start("w1")
    _, healthy = check_queue(settings)
    assert healthy.status == "ok" and "w1@" in healthy.detail
