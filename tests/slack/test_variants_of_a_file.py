""""Make variants of this" with an image dropped into the thread: the real agent breaks the image down, the creator
builds the variants on that very picture (the blueprint keeps its source file), and the renders posted back to the
thread show it."""

from __future__ import annotations

import json

from PIL import Image

from tests.creator.kit_media import PHOTO_ORANGE, pixels_near, source_photo
from tests.slack.agent_gateway import RecordingAgentGateway
from tests.slack.slack_support import CHANNEL, event_body, mention


def test_an_image_dropped_with_make_variants_of_this_is_in_the_renders(make_server, slack_api, loaded_workspace,
                                                                      tmp_path):
    agent = RecordingAgentGateway()
    server = make_server(agent=agent)
    ts = "1700030000.000100"
    photo = source_photo(tmp_path / "our_winner.jpg").read_bytes()
    shared = slack_api.add_file(name="our_winner.jpg", content=photo, channel=CHANNEL, thread_ts=None,
                                filetype="jpg", mimetype="image/jpeg")
    info = slack_api.file_object(shared)
    response = server.event(event_body(mention("make 3 variants of this", ts=ts, files=[info]), event_id="EvF1"))
    assert response.status_code == 200

    uploads = slack_api.wait_for(lambda: [u for u in slack_api.uploads_in(CHANNEL, ts)
                                          if u.filename == "manifest.json"] and slack_api.uploads_in(CHANNEL, ts),
                                 timeout=300)
    manifest = json.loads(next(u for u in uploads if u.filename == "manifest.json").data)
    assert manifest["source"]["kind"] == "blueprint" and len(manifest["variants"]) == 3
    assert any("own picture" in w for w in manifest["warnings"])  # the manifest says what it was built on
    assets = [a for v in manifest["variants"] for a in v["assets"]]
    assert all("picture" in a["picture_boxes"] for a in assets)  # every render is built on a picture
    images = [u for u in uploads if u.filename.endswith(".jpg")]
    assert images
    for upload in images:  # the dropped picture, reframed, is in every posted render
        path = tmp_path / upload.filename
        path.write_bytes(upload.data)
        with Image.open(path) as render:
            assert pixels_near(render, PHOTO_ORANGE) > 3000, upload.filename
    assert [c["text"] for c in agent.chats] == ["make 3 variants of this"]
