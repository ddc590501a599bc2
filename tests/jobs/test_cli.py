"""`hookline jobs` and `hookline worker` through real subprocesses (in-process queue, SQLite)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli
from tests.jobs.conftest import SAMPLE_JOBS

ENV = {"HOOKLINE_JOB_MODULES": SAMPLE_JOBS}


def _json(proc) -> dict:  # type: ignore[no-untyped-def]
    assert proc.stdout.count("\n") == 1, proc.stdout  # exactly one JSON document
    return json.loads(proc.stdout)


def test_submit_wait_list_show(home: Path) -> None:
    proc = run_cli(["--workspace", "acme", "jobs", "submit", "hookline.ping", "--payload", '{"echo": "hi"}',
                    "--key", "smoke-1", "--json"], home=home, env=ENV)
    assert proc.returncode == 0, proc.stderr
    job = _json(proc)
    assert job["status"] == "succeeded" and job["created"] is True and job["workspace"] == "acme"
    assert job["result"]["echo"] == "hi" and job["result"]["asset_readable"] is True
    assert job["result"]["worker"].startswith("inprocess@") and job["fraction"] == 1.0
    asset = Path(job["result"]["asset"].removeprefix("file://"))
    assert asset.read_text().startswith("pong") and asset.is_relative_to(home / "assets" / "acme")

    again = _json(run_cli(["--workspace", "acme", "jobs", "submit", "hookline.ping", "--payload", '{"echo": "hi"}',
                           "--key", "smoke-1", "--json"], home=home, env=ENV))
    assert again["id"] == job["id"] and again["created"] is False and again["result"] == job["result"]

    listed = _json(run_cli(["--workspace", "acme", "--json", "jobs", "list"], home=home, env=ENV))
    assert [j["id"] for j in listed["jobs"]] == [job["id"]]
    assert _json(run_cli(["--workspace", "other", "jobs", "list", "--json"], home=home, env=ENV)) == {"jobs": []}
    shown = _json(run_cli(["--workspace", "acme", "jobs", "show", job["id"][:8], "--json"], home=home, env=ENV))
    assert shown["id"] == job["id"] and shown["attempts"] == 1
    human = run_cli(["--workspace", "acme", "jobs", "show", job["id"]], home=home, env=ENV)
    assert human.returncode == 0 and "succeeded" in human.stdout and "pong" not in human.stderr


def test_failed_job_exit_code_and_retry(home: Path) -> None:
    proc = run_cli(["jobs", "submit", "tests.once", "--json"], home=home, env=ENV)
    assert proc.returncode == 1
    job = _json(proc)
    assert job["status"] == "failed" and job["attempts"] == 1 and "never retried" in job["error"]
    assert "never retried" in proc.stderr
    retried = run_cli(["jobs", "retry", job["id"], "--json"], home=home, env=ENV)
    assert retried.returncode == 0, retried.stderr
    # the retry ran inside that command's process (in-process queue): a second attempt, failed again
    shown = _json(run_cli(["jobs", "show", job["id"], "--json"], home=home, env=ENV))
    assert shown["status"] == "failed" and shown["attempts"] == 2 and shown["id"] == job["id"]


def test_bad_input_exits_2_and_changes_nothing(home: Path) -> None:
    for args, needle in (
        (["jobs", "submit", "no.such.kind"], "Unknown job kind 'no.such.kind'"),
        (["jobs", "submit", "hookline.ping", "--payload", "{oops"], "not valid JSON"),
        (["jobs", "submit", "hookline.ping", "--payload", "[1]"], "must be a JSON object"),
        (["jobs", "submit", "hookline.ping", "--payload-file", str(home / "missing.json")], "missing.json"),
        (["jobs", "show", "feedfacefeedface"], "No job 'feedfacefeedface'"),
        (["worker", "--queues", "gpu"], "--gpu"),
        (["worker", "--pool", "gevent"], "Unknown --pool 'gevent'"),
    ):
        proc = run_cli([*args, "--json"], home=home, env=ENV)
        assert proc.returncode == 2, (args, proc.stderr)
        assert needle in proc.stderr and "error" in json.loads(proc.stdout)
    assert _json(run_cli(["jobs", "list", "--json"], home=home, env=ENV)) == {"jobs": []}


def test_worker_needs_a_queue_url_and_workers_lists_none(home: Path) -> None:
    proc = run_cli(["worker"], home=home)  # not configured: a clear reason and exit 2 (nothing was changed)
    assert proc.returncode == 2 and "HOOKLINE_QUEUE_URL=redis://" in proc.stderr
    assert _json(run_cli(["jobs", "workers", "--json"], home=home)) == {"backend": "inprocess", "workers": []}
    kinds = _json(run_cli(["jobs", "kinds", "--json"], home=home, env=ENV))
    by_kind = {k["kind"]: k for k in kinds["kinds"]}
    assert by_kind["hookline.ping"]["handler"] == "tools.core.jobs.builtin:ping"
    assert by_kind["tests.gpu_echo"]["gpu"] is True and SAMPLE_JOBS in kinds["modules"]
