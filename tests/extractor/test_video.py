"""Video blueprints against generated ground truth: cut times, sub-0.5 s shots, a dissolve, a zoom, the hook."""

from __future__ import annotations

import pytest

from tests.extractor.conftest import EDIT_DURATION, EDIT_SHOTS, FPS

FRAME = 1.0 / FPS


def _close(found: list[float], truth: list[float], tolerance: float) -> tuple[list[float], list[float]]:
    missed = [t for t in truth if not any(abs(f - t) <= tolerance for f in found)]
    extra = [f for f in found if not any(abs(f - t) <= tolerance for t in truth)]
    return missed, extra


def test_hard_cuts_found_at_their_frames(edit_video, edit_blueprint) -> None:  # type: ignore[no-untyped-def]
    missed, extra = _close(edit_blueprint.cuts_s, edit_video.cuts_s, tolerance=FRAME + 1e-6)
    assert missed == [] and extra == [], (edit_blueprint.cuts_s, edit_video.cuts_s)
    # The 0.3 s, 0.2 s and 0.47 s shots all come out with their own durations.
    durations = [round(s.duration_s, 2) for s in edit_blueprint.shots]
    for expected in (0.3, 0.2, 0.47):
        assert any(abs(d - expected) <= FRAME + 0.005 for d in durations), durations


def test_dissolve_reported_as_gradual_not_cut(edit_video, edit_blueprint) -> None:  # type: ignore[no-untyped-def]
    (start, end), = edit_video.dissolves_s
    centre = (start + end) / 2
    gradual = [t for t in edit_blueprint.transitions if t.kind != "cut"]
    assert len(gradual) == 1, edit_blueprint.transitions
    assert gradual[0].kind == "dissolve"
    assert abs(gradual[0].at_s - centre) <= 0.1
    assert gradual[0].start_s >= start - 0.1 and gradual[0].end_s <= end + 0.1
    assert gradual[0].end_s - gradual[0].start_s >= 0.3  # reported as a span, not a point
    assert not any(abs(c - centre) < 0.3 for c in edit_blueprint.cuts_s)
    shot_after = next(s for s in edit_blueprint.shots if abs(s.start_s - gradual[0].at_s) < 1e-6)
    assert shot_after.transition_in == "dissolve"


def test_zoom_shot_is_not_a_transition(edit_video, edit_blueprint) -> None:  # type: ignore[no-untyped-def]
    zoom_start = EDIT_DURATION - EDIT_SHOTS[-1].duration_s
    inside = [t for t in edit_blueprint.transitions if t.at_s > zoom_start + 0.1]
    assert inside == []


def test_timings_pace_and_shot_stats(edit_video, edit_blueprint) -> None:  # type: ignore[no-untyped-def]
    b = edit_blueprint
    assert b.kind == "video"
    assert b.duration_s == pytest.approx(EDIT_DURATION, abs=FRAME)
    assert b.fps == pytest.approx(30.0)
    assert (b.width, b.height, b.aspect_ratio) == (360, 640, "9:16")
    assert len(b.shots) == len(EDIT_SHOTS)
    assert b.avg_shot_s == pytest.approx(EDIT_DURATION / len(EDIT_SHOTS), abs=0.01)
    assert b.pace == "very_fast"  # 7.5 s / 8 shots ≈ 0.94 s (very fast: under 1 s)
    assert sum(s.duration_s for s in b.shots) == pytest.approx(b.duration_s, abs=0.01)
    for shot in b.shots:
        assert 0.0 < shot.brightness < 1.0
        assert 1 <= len(shot.palette) <= 4
        assert sum(c.share for c in shot.palette) == pytest.approx(1.0, abs=0.01)
    # Different scenes, different light and colour.
    assert len({s.palette[0].hex for s in b.shots}) >= 5
    jump = b.feature("video.jump_cuts")
    assert jump and jump.detected and jump.value == 3
    assert {round(e.end_s - e.start_s, 2) for e in jump.evidence} == {0.3, 0.2, 0.47}


def test_music_soundtrack_tempo_and_beats(edit_blueprint) -> None:  # type: ignore[no-untyped-def]
    audio = edit_blueprint.audio
    assert audio.has_audio and audio.dominant == "music"
    assert audio.tempo_bpm == pytest.approx(120.0, abs=2.0)
    offsets = [(b % 0.5) for b in audio.beats_s]
    assert all(min(o, 0.5 - o) <= 0.05 for o in offsets), audio.beats_s  # beats on the kick drum grid
    assert -30.0 < audio.loudness_lufs < -15.0
    assert edit_blueprint.feature("audio.beat").detected
    assert not edit_blueprint.feature("audio.speech").detected


def test_hook_face_close_up_zoom_and_text(hook_blueprint) -> None:  # type: ignore[no-untyped-def]
    hook = hook_blueprint.hook
    assert hook.window_s == pytest.approx(3.0)
    assert hook.face_present and hook.face_first_s == 0.25
    assert hook.close_up and hook.face_max_share >= 0.04
    assert hook.zoom_in
    # 25 %/s for 2.5 s: the picture ends 1.625× as large as it started (first frame to last frame of the shot).
    assert hook.zoom_scale == pytest.approx(1.0 + 0.25 * (2.5 - FRAME), rel=0.08)
    assert hook.zoom_span_s == pytest.approx((0.0, 2.5), abs=FRAME)
    assert hook.cuts == 1 and hook.first_cut_s == pytest.approx(2.5, abs=FRAME)
    assert hook.text_on_screen and "50% OFF TODAY" in hook.text
    face_times = {f.t_s for f in hook.faces}
    assert face_times <= {0.25, 0.75, 1.25, 1.75, 2.25} and len(face_times) >= 4  # not in the caption card
    features = {f.id: f for f in hook_blueprint.features}
    for feature_id in ("hook.face", "hook.close_up", "hook.zoom_in", "hook.text_on_screen", "hook.early_cut"):
        assert feature_id in features
    assert features["hook.face"].detected and features["hook.zoom_in"].detected
    assert not features["hook.early_cut"].detected  # first change at 2.5 s
    assert features["hook.text_on_screen"].evidence[0].text == "50% OFF TODAY"


def test_on_screen_text_becomes_the_copy(hook_blueprint) -> None:  # type: ignore[no-untyped-def]
    copy = hook_blueprint.ad_copy
    assert copy is not None and copy.text == "50% OFF TODAY"
    assert copy.hook_archetype == "offer"
    assert copy.offer == "50% OFF" and copy.offers[0].value == 50.0


def test_silent_clip(hook_blueprint) -> None:  # type: ignore[no-untyped-def]
    audio = hook_blueprint.audio
    assert audio.has_audio and audio.silent and audio.dominant == "silence"
    assert audio.loudness_lufs == pytest.approx(-70.0)
    assert audio.silence_ratio == pytest.approx(1.0)
    assert audio.tempo_bpm is None
    assert hook_blueprint.feature("audio.silence").detected


def test_evidence_is_flattened_from_detected_features(edit_blueprint) -> None:  # type: ignore[no-untyped-def]
    detected = {f.id for f in edit_blueprint.features if f.detected}
    assert edit_blueprint.evidence
    assert {e.feature for e in edit_blueprint.evidence} <= detected
    for feature in edit_blueprint.features:
        assert 0.0 <= feature.confidence <= 1.0 and feature.rationale
