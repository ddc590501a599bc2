"""`hookline doctor` finds each broken part of a setup, says how to fix it, and exits 2 — against a real local stand-in
for Slack's Web API, a real SQLite/Postgres database and a real Redis."""

from __future__ import annotations

import json
import socket
import uuid
from pathlib import Path

import pytest

from integrations.cli.commands.doctor import run_all
from integrations.slack.health import required_scopes
from tests.conftest import run_cli
from tests.support.slack_web_api import SlackWebApiMock

GOOD_TOKEN = "xoxb-1111-2222-doctor"
APP_TOKEN = "xapp-1-A0001-doctor"
SECRET = "8f742231b10e8888abcd99eeefff85a5"  # 32 hex characters, like Slack's signing secrets


def settings_for(home: Path, **values):  # type: ignore[no-untyped-def]
    from tools.core.settings import Settings

    return Settings(home=home, _env_file=None, **values)


def by_name(checks) -> dict:  # type: ignore[no-untyped-def]
    return {c.name: c for c in checks}


def identity(scopes: list[str]) -> dict[str, str]:
    return {"team_id": "T0DOC", "user_id": "UBOT", "bot_id": "BBOT", "user": "hookline", "scopes": ",".join(scopes)}


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_fresh_install_passes_and_nothing_is_created(tmp_path: Path) -> None:
    home = tmp_path / "fresh"
    result = run_cli(["doctor", "--json"], home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    doc = json.loads(result.stdout)
    checks = {c["name"]: c for c in doc["checks"]}
    assert doc["ok"] is True and doc["failed"] == []
    assert list(checks)[:4] == ["python", "install", "home", "database"]
    assert checks["database"]["status"] == "ok" and "not created yet" in checks["database"]["detail"]
    assert checks["slack"]["status"] == "off" and "hookline slack manifest" in checks["slack"]["fix"]
    assert checks["queue"]["status"] == "ok" and checks["meta"]["status"] == "off"
    assert not home.exists()  # the doctor only looks


def test_missing_scopes_are_each_named_with_the_fix(tmp_path: Path) -> None:
    needed = list(required_scopes())
    granted = [s for s in needed if s not in ("files:write", "im:history")]
    with SlackWebApiMock(tokens={GOOD_TOKEN: identity(granted)}) as api:
        result = run_cli(["doctor"], home=tmp_path / "h", env={
            "SLACK_BOT_TOKEN": GOOD_TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api.url})
    assert result.returncode == 2
    lines = {line.split()[1] + (" " + line.split()[2] if line.split()[1] == "slack" else ""): line
             for line in result.stdout.splitlines() if line[:1] in "✓✗!–"}
    assert lines["slack token"].startswith("✓") and "@hookline" in lines["slack token"]
    scopes = lines["slack scopes"]
    assert scopes.startswith("✗")
    assert "files:write (files_upload_v2 of variants" in scopes and "im:history (message.im events" in scopes
    assert "reinstall the app" in scopes and "Bot Token Scopes" in scopes
    assert "1 required check(s) fail: slack scopes." in result.stdout
    assert GOOD_TOKEN not in result.stdout + result.stderr


def test_a_wrong_token_is_refused_with_the_fix(tmp_path: Path) -> None:
    with SlackWebApiMock(tokens={GOOD_TOKEN: identity(list(required_scopes()))}) as api:
        result = run_cli(["doctor", "--json"], home=tmp_path / "h", env={
            "SLACK_BOT_TOKEN": "xoxb-not-the-right-one", "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api.url})
        assert [c.method for c in api.calls] == ["auth.test"]
    assert result.returncode == 2
    doc = json.loads(result.stdout)
    token = {c["name"]: c for c in doc["checks"]}["slack token"]
    assert token["status"] == "fail" and "invalid_auth" in token["detail"]
    assert "Bot User OAuth Token (xoxb-…)" in token["fix"]
    assert doc["failed"] == ["slack token"]


def test_a_complete_slack_setup_passes_in_both_modes(tmp_path: Path) -> None:
    with SlackWebApiMock(tokens={GOOD_TOKEN: identity(list(required_scopes()))}, app_token=APP_TOKEN) as api:
        http = by_name(run_all(settings_for(tmp_path, slack_bot_token=GOOD_TOKEN, slack_signing_secret=SECRET,
                                            slack_api_url=api.url), mode="http"))
        socket_mode = by_name(run_all(settings_for(tmp_path, slack_bot_token=GOOD_TOKEN, slack_app_token=APP_TOKEN,
                                                   slack_api_url=api.url)))
    assert [http[n].status for n in ("slack token", "slack scopes", "slack signing secret")] == ["ok"] * 3
    assert "slack socket mode" not in http
    assert socket_mode["slack socket mode"].status == "ok"
    assert socket_mode["slack signing secret"].status == "ok" and not socket_mode["slack signing secret"].required
    assert not any(c.failed for c in socket_mode.values())


def test_socket_and_http_mode_problems(tmp_path: Path) -> None:
    with SlackWebApiMock(tokens={GOOD_TOKEN: identity(list(required_scopes()))}, app_token=APP_TOKEN) as api:
        base = {"slack_bot_token": GOOD_TOKEN, "slack_api_url": api.url}
        asked = by_name(run_all(settings_for(tmp_path, **base), mode="socket"))
        refused = by_name(run_all(settings_for(tmp_path, slack_app_token="xapp-1-wrong", **base)))
        not_app = by_name(run_all(settings_for(tmp_path, slack_app_token=GOOD_TOKEN, **base)))
        no_secret = by_name(run_all(settings_for(tmp_path, **base), mode="http"))
        odd_secret = by_name(run_all(settings_for(tmp_path, slack_signing_secret="not-a-secret", **base), mode="http"))
        client_secret = by_name(run_all(settings_for(tmp_path, slack_signing_secret=SECRET, slack_client_secret=SECRET,
                                                     **base), mode="http"))
        bot_as_app = by_name(run_all(settings_for(tmp_path, slack_bot_token=APP_TOKEN, slack_api_url=api.url)))
    assert asked["slack socket mode"].failed and "SLACK_APP_TOKEN" in asked["slack socket mode"].detail
    assert refused["slack socket mode"].failed and "invalid_auth" in refused["slack socket mode"].detail
    assert "connections:write" in refused["slack socket mode"].fix
    assert not_app["slack socket mode"].failed and "xapp-" in not_app["slack socket mode"].detail
    assert no_secret["slack signing secret"].failed and "SLACK_SIGNING_SECRET" in no_secret["slack signing secret"].fix
    assert odd_secret["slack signing secret"].status == "warn"
    swapped = client_secret["slack signing secret"]
    assert swapped.failed and "client secret" in swapped.detail
    assert bot_as_app["slack token"].failed and "app-level token" in bot_as_app["slack token"].detail


def test_slack_that_does_not_answer(tmp_path: Path) -> None:
    checks = by_name(run_all(settings_for(tmp_path, slack_bot_token=GOOD_TOKEN, slack_signing_secret=SECRET,
                                          slack_api_url=f"http://127.0.0.1:{closed_port()}/api/"), timeout=2))
    assert checks["slack token"].failed and "did not answer" in checks["slack token"].detail


def test_database_problems(tmp_path: Path) -> None:
    from sqlalchemy import text

    from tools.core.db import forget_databases, open_database

    down = by_name(run_all(settings_for(tmp_path, database_url=f"postgresql://nobody@127.0.0.1:{closed_port()}/x")))
    assert down["database"].failed and "does not answer" in down["database"].detail
    assert "HOOKLINE_DATABASE_URL" in down["database"].fix

    url = f"sqlite:///{tmp_path / 'hookline.db'}"
    database = open_database(url)
    with database.engine.begin() as connection:
        heads = [r[0] for r in connection.execute(text("SELECT version_num FROM alembic_version"))]
        connection.execute(text("DELETE FROM alembic_version WHERE version_num = :v"), {"v": heads[0]})
    behind = by_name(run_all(settings_for(tmp_path, database_url=url)))["database"]
    assert behind.status == "warn" and "pending" in behind.detail and not behind.failed
    with database.engine.begin() as connection:
        connection.execute(text("INSERT INTO alembic_version VALUES ('zz_from_the_future')"))
    newer = by_name(run_all(settings_for(tmp_path, database_url=url)))["database"]
    assert newer.failed and "zz_from_the_future" in newer.detail
    forget_databases()


@pytest.mark.services
def test_postgres_reachable_and_migrated(postgres_url: str, tmp_path: Path) -> None:
    from tools.core.db import open_database

    open_database(postgres_url)
    check = by_name(run_all(settings_for(tmp_path, database_url=postgres_url)))["database"]
    assert check.status == "ok" and "schema up to date" in check.detail and "postgresql" in check.detail


def test_home_providers_and_settings(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    empty_model = tmp_path / "model"
    empty_model.mkdir()
    checks = by_name(run_all(settings_for(blocker / "home", model="nosuchprovider:some-model",
                                          image_model=empty_model, embedding_model=tmp_path / "nothing")))
    assert checks["home"].failed and "a file" in checks["home"].detail and "--home" in checks["home"].fix
    assert checks["llm"].failed and "HOOKLINE_MODEL" in checks["llm"].fix
    assert checks["image model"].failed and "model_index.json" in checks["image model"].detail
    assert checks["embedding model"].failed and "HOOKLINE_EMBEDDING_MODEL" in checks["embedding model"].fix

    bad = run_cli(["doctor"], home=tmp_path / "h", env={"HOOKLINE_MIN_SPEND": "lots"})
    assert bad.returncode == 2 and "✗ settings" in bad.stdout and "min_spend" in bad.stdout


def test_queue_url_that_does_not_answer(tmp_path: Path) -> None:
    checks = by_name(run_all(settings_for(tmp_path, queue_url=f"redis://127.0.0.1:{closed_port()}/0")))
    assert checks["queue"].failed and "does not answer" in checks["queue"].detail
    wrong = by_name(run_all(settings_for(tmp_path, queue_url="http://example.invalid")))
    assert wrong["queue"].failed and "redis://" in wrong["queue"].fix


@pytest.mark.services
def test_queue_without_a_worker_then_with_one(redis_url: str, tmp_path: Path) -> None:
    import redis

    namespace = f"doctor-{uuid.uuid4().hex[:8]}"
    settings = settings_for(tmp_path, queue_url=redis_url, queue_namespace=namespace)
    alone = by_name(run_all(settings))
    assert alone["queue"].status == "ok"
    assert alone["workers"].failed and "hookline worker" in alone["workers"].fix
    client = redis.Redis.from_url(redis_url)
    key = f"{namespace}:workers:gpu-box:1"
    try:  # what a running `hookline worker --gpu` advertises
        client.set(key, json.dumps({"name": "gpu-box", "gpu": True, "queues": ["gpu", "default"]}), ex=30)
        served = by_name(run_all(settings))
    finally:
        client.delete(key)
        client.close()
    assert served["workers"].status == "ok" and "gpu-box (gpu)" in served["workers"].detail
