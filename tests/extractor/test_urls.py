"""URLs: downloaded through the guarded fetcher from a local HTTP server (allowed by name, as a self-hosted media
server would be); 404, oversize and web pages refused with exit-2 errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tools.core.errors import InputError
from tools.core.fetch import FetchPolicy
from tools.extractor.api import analyse_source

LOCAL = FetchPolicy(allow_hosts=frozenset({"127.0.0.1"}))


def test_video_and_copy_by_url(file_server: str, media_dir: Path, hook_video) -> None:  # type: ignore[no-untyped-def]
    (media_dir / "ad.txt").write_text("Nobody tells you this about sunscreen... Learn more.", encoding="utf-8")
    copy = analyse_source(f"{file_server}/ad.txt", fetch_policy=LOCAL)
    assert copy.source.origin == "url" and copy.source.uri == f"{file_server}/ad.txt"
    assert copy.ad_copy.hook_archetype == "curiosity" and copy.ad_copy.cta == "LEARN_MORE"
    video = analyse_source(f"{file_server}/{hook_video.path.name}", fetch_policy=LOCAL)
    assert video.kind == "video" and video.cuts_s == [pytest.approx(2.5, abs=1 / 30 + 1e-6)]
    assert video.source.size_bytes == hook_video.path.stat().st_size


def test_url_404(file_server: str) -> None:
    with pytest.raises(InputError, match="HTTP 404") as caught:
        analyse_source(f"{file_server}/nothing-here.mp4", fetch_policy=LOCAL)
    assert caught.value.file == f"{file_server}/nothing-here.mp4"


def test_url_too_large(file_server: str, hook_video) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="too large"):
        analyse_source(f"{file_server}/{hook_video.path.name}", max_download_bytes=10_000, fetch_policy=LOCAL)


def test_url_serving_a_web_page(file_server: str, media_dir: Path) -> None:
    (media_dir / "page").mkdir(exist_ok=True)
    (media_dir / "page" / "index.html").write_text("<html><body>ad</body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="web page"):
        analyse_source(f"{file_server}/page/", fetch_policy=LOCAL)


def test_url_mislabelled_content(file_server: str, media_dir: Path) -> None:
    shutil.copy(media_dir / "hook.mp4", media_dir / "poster.png")
    with pytest.raises(InputError, match=r"named like an image \(\.png\) but its content is a video"):
        analyse_source(f"{file_server}/poster.png", fetch_policy=LOCAL)


def test_unreachable_url() -> None:
    with pytest.raises(InputError, match="could not be downloaded"):
        analyse_source("http://127.0.0.1:9/ad.mp4", fetch_policy=LOCAL)
