"""Files dropped into the bot's thread or DM: downloaded with the bot token, then ingested or broken down once —
by the real importers, extractor and agent."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from integrations.slack.files import download_private_file, token_allowed_for
from tests.ingest.exports import META_HEADERS, meta_rows, write_csv
from tests.slack.agent_gateway import RecordingAgentGateway
from tests.slack.slack_support import BOT_TOKEN, CHANNEL, USER, block_text, event_body, mention
from tools.core.errors import InputError


def file_shared(file_id: str, channel: str, user: str = USER) -> dict:
    return {"type": "file_shared", "file_id": file_id, "user_id": user, "channel_id": channel,
            "file": {"id": file_id}, "event_ts": f"{time.time():.6f}"}


def meta_export(tmp_path: Path, days: int = 4) -> bytes:
    return write_csv(tmp_path / "export.csv", META_HEADERS, meta_rows(days=days)).read_bytes()


def synthetic_video(tmp_path: Path) -> bytes:
    from tools.extractor import synthetic as syn

    shots = [syn.ShotSpec(1.0, seed=1), syn.ShotSpec(0.8, seed=2), syn.ShotSpec(1.2, seed=3)]
    return syn.write_video(tmp_path / "competitor.mp4", shots, fps=30.0, audio=syn.silence(3.1)).path.read_bytes()


def _start_thread(server, slack_api, ts: str) -> None:  # type: ignore[no-untyped-def]
    server.event(event_body(mention("hello", ts=ts)))
    slack_api.wait_for(lambda: slack_api.thread(CHANNEL, ts) and slack_api.thread(CHANNEL, ts)[0].updates,
                       timeout=120)


def _import_batches(server) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from tools.core.db.models import ImportBatch

    with server.services.runtime("acme").session() as session:
        return session.scalar(select(func.count()).select_from(ImportBatch))


def test_a_csv_dropped_into_the_bot_thread_is_downloaded_and_ingested(make_server, slack_api, tmp_path):
    from sqlalchemy import func, select

    from tools.core.db.models import ImportBatch, PerformanceDaily
    server = make_server(agent=RecordingAgentGateway())
    ts = "1700002000.000100"
    _start_thread(server, slack_api, ts)

    export = write_csv(tmp_path / "ads_export.csv", META_HEADERS, meta_rows(days=4)).read_bytes()
    shared = slack_api.add_file(name="ads_export.csv", content=export, channel=CHANNEL, thread_ts=ts,
                                filetype="csv", mimetype="text/csv")
    body = event_body(file_shared(shared.file_id, CHANNEL))
    assert server.event(body).status_code == 200
    assert server.event(body, retry_num=1).status_code == 200  # a retry changes nothing
    reply = slack_api.wait_for(lambda: [m for m in slack_api.thread(CHANNEL, ts) if m.text.startswith("Imported")],
                               timeout=60)
    assert reply[0].text == "Imported *ads_export.csv*: 12 rows for 3 ads covering 2024-03-04 → 2024-03-07 (USD)."
    assert "*Rows*\n12" in block_text(reply[0].blocks) and "*Ads*\n3" in block_text(reply[0].blocks)
    time.sleep(0.3)
    runtime = server.services.runtime("acme")
    with runtime.session() as session:
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 1
        facts = session.scalar(select(func.count()).select_from(PerformanceDaily)
                               .where(PerformanceDaily.workspace_id == runtime.workspace_id))
        impressions = session.scalar(select(func.sum(PerformanceDaily.impressions)))
    assert facts == 12
    assert impressions == sum(int(r["Impressions"]) for r in meta_rows(days=4))
    # downloaded once, from url_private_download, with the bot token
    assert slack_api.downloads == [(f"/files-pri/{shared.file_id}/download/ads_export.csv", f"Bearer {BOT_TOKEN}")]


def test_an_unreadable_export_is_explained_in_the_thread_and_nothing_is_imported(make_server, slack_api):
    from sqlalchemy import func, select

    from tools.core.db.models import ImportBatch

    server = make_server(agent=RecordingAgentGateway())
    shared = slack_api.add_file(name="notes.csv", content=b"name,colour\nalpha,red\n", channel="D0ALICE",
                                thread_ts=None, filetype="csv", mimetype="text/csv")
    assert server.event(event_body(file_shared(shared.file_id, "D0ALICE"))).status_code == 200
    reply = slack_api.wait_for(lambda: [m for m in slack_api.thread("D0ALICE", None) if ":warning:" in
                                        block_text(m.blocks)], timeout=60)
    assert "notes.csv" in reply[0].text
    with server.services.runtime("acme").session() as session:
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_files_outside_the_bots_threads_are_left_alone(make_server, slack_api, tmp_path):
    server = make_server(agent=RecordingAgentGateway())
    shared = slack_api.add_file(name="private.csv", content=meta_export(tmp_path), channel=CHANNEL,
                                thread_ts="1699999999.000100", filetype="csv", mimetype="text/csv")
    assert server.event(event_body(file_shared(shared.file_id, CHANNEL))).status_code == 200
    slack_api.wait_for(lambda: slack_api.calls_to("files.info"))
    time.sleep(0.5)
    assert slack_api.downloads == [] and _import_batches(server) == 0
    assert slack_api.thread(CHANNEL, "1699999999.000100") == []


def test_a_video_attached_to_a_mention_goes_to_the_agent_and_is_not_processed_twice(make_server, slack_api,
                                                                                     tmp_path):
    agent = RecordingAgentGateway()
    server = make_server(agent=agent)
    ts = "1700002100.000100"
    video = synthetic_video(tmp_path)
    shared = slack_api.add_file(name="competitor.mp4", content=video, channel=CHANNEL, thread_ts=None,
                                filetype="mp4", mimetype="video/mp4")
    info = slack_api.file_object(shared)
    # Slack sends file_shared and app_mention at about the same time, in either order
    assert server.event(event_body(file_shared(shared.file_id, CHANNEL))).status_code == 200
    assert server.event(event_body(mention("break down this competitor video", ts=ts, files=[info]))).status_code \
        == 200
    answer = slack_api.wait_for(lambda: [m for m in slack_api.thread(CHANNEL, ts) if m.updates
                                         and not m.text.startswith(":hourglass")], timeout=120)
    time.sleep(0.8)  # past the file_shared grace period
    assert len(agent.chats) == 1
    attachment = agent.chats[0]["attachments"][0]
    assert attachment.name == "competitor.mp4" and attachment.read_bytes() == video
    assert answer[0].text.startswith("Blueprint: video, 3.0s, 3 shots")
    fields = block_text(answer[0].blocks)
    assert "*Cuts*\n2" in fields and "*Aspect ratio*\n9:16" in fields
    uploaded = slack_api.wait_for(lambda: slack_api.uploads_in(CHANNEL, ts))
    assert uploaded[0].filename.startswith("competitor") and uploaded[0].filename.endswith(".json")
    assert len(slack_api.thread(CHANNEL, ts)) == 1  # one answer: the file_shared path stayed quiet
    assert len(slack_api.downloads) == 1


def test_download_errors_reach_the_thread_in_plain_words(make_server, slack_api, tmp_path):
    from tests.support.slack_web_api import SlackWebApiMock

    server = make_server(agent=RecordingAgentGateway())
    shared = slack_api.add_file(name="export.csv", content=meta_export(tmp_path), channel="D0ALICE",
                                thread_ts=None, filetype="csv", mimetype="text/csv")
    # Slack serves an HTML sign-in page when the token cannot read the file
    original = SlackWebApiMock.file_object

    def unreadable(self, s):  # type: ignore[no-untyped-def]
        obj = original(self, s)
        obj["url_private_download"] = obj["url_private_download"].replace(s.file_id, "FMISSING")
        return obj

    SlackWebApiMock.file_object = unreadable  # type: ignore[method-assign]
    try:
        assert server.event(event_body(file_shared(shared.file_id, "D0ALICE"))).status_code == 200
        reply = slack_api.wait_for(lambda: [m for m in slack_api.thread("D0ALICE", None)
                                            if m.text.startswith("Slack sent a sign-in page")])
    finally:
        SlackWebApiMock.file_object = original  # type: ignore[method-assign]
    assert "files:read" in reply[0].text and ":warning:" in block_text(reply[0].blocks)
    assert _import_batches(server) == 0


def test_the_bot_token_only_goes_to_slack_hosts(tmp_path: Path):
    api = "https://slack.com/api/"
    assert token_allowed_for("https://files.slack.com/files-pri/T1-F1/x.csv", api)
    assert not token_allowed_for("https://files.slack.com.evil.example/x.csv", api)
    assert not token_allowed_for("http://files.slack.com/x.csv", api)
    assert token_allowed_for("http://127.0.0.1:8080/files-pri/x", "http://127.0.0.1:8080/api/")
    assert not token_allowed_for("http://127.0.0.1:9999/files-pri/x", "http://127.0.0.1:8080/api/")
    with pytest.raises(InputError, match="not on a Slack host"):
        download_private_file("https://attacker.example/x.csv", BOT_TOKEN, tmp_path / "x.csv", api_url=api,
                              max_bytes=1000)
    assert not (tmp_path / "x.csv").exists()


def test_downloads_larger_than_the_limit_are_refused_and_leave_nothing(slack_api, tmp_path: Path):
    shared = slack_api.add_file(name="big.csv", content=b"x" * 5000, channel="D0ALICE", thread_ts=None,
                                filetype="csv", mimetype="text/csv")
    url = slack_api.file_object(shared)["url_private_download"]
    with pytest.raises(InputError, match="larger than"):
        download_private_file(url, BOT_TOKEN, tmp_path / "big.csv", api_url=slack_api.url, max_bytes=1024)
    assert list(tmp_path.iterdir()) == []
    path = download_private_file(url, BOT_TOKEN, tmp_path / "ok.csv", api_url=slack_api.url, max_bytes=10_000)
    assert path.read_bytes() == b"x" * 5000


def test_an_export_dropped_into_a_dm_without_words_is_imported_once(make_server, slack_api, tmp_path):
    from tests.slack.slack_support import direct_message

    agent = RecordingAgentGateway()
    server = make_server(agent=agent)
    shared = slack_api.add_file(name="week47.csv", content=meta_export(tmp_path, days=2), channel="D0ALICE",
                                thread_ts=None, filetype="csv", mimetype="text/csv")
    info = slack_api.file_object(shared)
    assert server.event(event_body(direct_message("", ts="1700002300.000100", files=[info]))).status_code == 200
    assert server.event(event_body(file_shared(shared.file_id, "D0ALICE"))).status_code == 200
    reply = slack_api.wait_for(lambda: [m for m in slack_api.thread("D0ALICE", None)
                                        if m.text.startswith("Imported *week47.csv*")], timeout=60)
    time.sleep(0.8)  # past the file_shared grace period: the second path must stay quiet
    assert len(reply) == 1 and agent.chats == [] and _import_batches(server) == 1
    assert "6 rows for 3 ads" in reply[0].text


def test_a_competitor_video_in_a_dm_is_broken_down_by_the_real_extractor(make_server, slack_api, tmp_path):
    from tools.extractor import synthetic as syn

    video = syn.write_video(tmp_path / "competitor.mp4", [syn.ShotSpec(1.0, seed=1), syn.ShotSpec(0.8, seed=2),
                                                          syn.ShotSpec(1.2, seed=3)], fps=30.0,
                            audio=syn.silence(3.1))
    server = make_server(agent=RecordingAgentGateway())
    shared = slack_api.add_file(name="competitor.mp4", content=video.path.read_bytes(), channel="D0ALICE",
                                thread_ts=None, filetype="mp4", mimetype="video/mp4")
    assert server.event(event_body(file_shared(shared.file_id, "D0ALICE"))).status_code == 200
    reply = slack_api.wait_for(lambda: [m for m in slack_api.thread("D0ALICE", None)
                                        if m.text.startswith("Broke down")], timeout=120)
    assert reply[0].text.startswith("Broke down *competitor.mp4* (video). 3 shots in 3.0 s")
    fields = block_text(reply[0].blocks)
    assert "*Cuts*\n2" in fields and "*Aspect ratio*\n9:16" in fields and "*Avg shot*\n1.00 s" in fields
