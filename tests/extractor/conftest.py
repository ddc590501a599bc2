"""Media generated for the extractor's tests (OpenCV frames encoded by ffmpeg), with their ground truth.

Session-scoped: each clip is generated once (small: 360×640, a few seconds) and analysed once where possible.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from tools.extractor import synthetic as syn

FPS = 30.0

# Hard cuts at irregular times with sub-0.5 s shots, a 0.6 s dissolve, and a push-in shot.
EDIT_SHOTS = [
    syn.ShotSpec(1.0, seed=1),
    syn.ShotSpec(0.3, seed=2),
    syn.ShotSpec(0.2, seed=3),
    syn.ShotSpec(0.47, seed=4),
    syn.ShotSpec(1.23, seed=5),
    syn.ShotSpec(1.5, seed=6, transition_in="dissolve", transition_s=0.6),
    syn.ShotSpec(0.9, seed=7),
    syn.ShotSpec(1.9, seed=8, zoom=0.3),
]
EDIT_DURATION = sum(round(s.duration_s * FPS) for s in EDIT_SHOTS) / FPS

# The hook: a real face, pushed in (25 %/s), then a caption card.
HOOK_SHOTS = [
    syn.ShotSpec(2.5, seed=9, face=True, zoom=0.25),
    syn.ShotSpec(1.5, seed=13, text="50% OFF TODAY"),
]


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("extractor-media")


@pytest.fixture(scope="session")
def edit_video(media_dir: Path) -> syn.SyntheticVideo:
    return syn.write_video(media_dir / "edit.mp4", EDIT_SHOTS, fps=FPS,
                           audio=syn.music(EDIT_DURATION + 0.1, bpm=120.0))


@pytest.fixture(scope="session")
def hook_video(media_dir: Path) -> syn.SyntheticVideo:
    duration = sum(s.duration_s for s in HOOK_SHOTS)
    return syn.write_video(media_dir / "hook.mp4", HOOK_SHOTS, fps=FPS, audio=syn.silence(duration + 0.1))


@pytest.fixture(scope="session")
def edit_blueprint(edit_video: syn.SyntheticVideo):  # type: ignore[no-untyped-def]
    from tools.extractor.api import analyse_source

    return analyse_source(edit_video.path)


@pytest.fixture(scope="session")
def hook_blueprint(hook_video: syn.SyntheticVideo):  # type: ignore[no-untyped-def]
    from tools.extractor.api import analyse_source

    return analyse_source(hook_video.path)


@pytest.fixture(scope="session")
def file_server(media_dir: Path) -> Iterator[str]:
    """A local HTTP server over the media folder (ephemeral port); 404 for anything missing."""
    handler = partial(_QuietHandler, directory=str(media_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass
