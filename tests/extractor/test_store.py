"""Blueprints stored against creatives (SQLite, and Postgres under `services`): attach, upsert, all-or-nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from tools.core.db.models import Ad, AdAccount, BlueprintRecord, Creative
from tools.core.errors import InputError
from tools.extractor.api import extract_blueprint, list_blueprints

COPY = "Tired of tangled cables? Our magnetic organiser keeps your desk clean. 30% off today. Shop now."


def _seed_ad(runtime) -> int:  # type: ignore[no-untyped-def]
    with runtime.session() as session:
        account = AdAccount(workspace_id=runtime.workspace_id, platform="meta", external_id="act_1", name="Acme")
        creative = Creative(workspace_id=runtime.workspace_id, key="creative-cables", name="Cables", kind="image",
                            attributes={}, tags=[])
        session.add_all([account, creative])
        session.flush()
        session.add(Ad(workspace_id=runtime.workspace_id, account_id=account.id, creative_id=creative.id,
                       external_id="ad-42", name="Cables ad"))
        session.add(Ad(workspace_id=runtime.workspace_id, account_id=account.id, creative_id=None,
                       external_id="ad-orphan", name="No creative"))
        return creative.id


def _count(runtime) -> int:  # type: ignore[no-untyped-def]
    with runtime.session() as session:
        return session.scalar(select(func.count()).select_from(BlueprintRecord))


def test_attach_to_creative_and_upsert(runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    creative_id = _seed_ad(runtime)
    path = tmp_path / "cables.txt"
    path.write_text(COPY, encoding="utf-8")
    first = extract_blueprint(runtime, path, creative_ad_id="ad-42", use_embeddings=False)
    assert first.creative_id == creative_id and first.stored_id is not None
    again = extract_blueprint(runtime, path, creative_ad_id="ad-42", use_embeddings=False)
    assert again.stored_id == first.stored_id and _count(runtime) == 1  # same content, same creative: updated
    by_key = extract_blueprint(runtime, path, creative_ad_id="creative-cables", use_embeddings=False)
    assert by_key.stored_id == first.stored_id
    competitor = extract_blueprint(runtime, path, use_embeddings=False)  # the same copy seen on a rival's ad
    assert competitor.creative_id is None and competitor.stored_id != first.stored_id and _count(runtime) == 2
    stored = list_blueprints(runtime, creative_ids=[creative_id])
    assert len(stored) == 1
    record = stored[0]
    assert record.kind == "copy" and record.content_hash == first.source.content_hash
    assert record.attributes["hook_archetype"] == "problem" and record.attributes["has_offer"] is True
    assert record.attributes["cta"] == "SHOP_NOW"
    assert record.blueprint.ad_copy.text == COPY and record.blueprint.stored_id == record.id
    assert [b.creative_id for b in list_blueprints(runtime, competitors_only=True)] == [None]


def test_bad_input_or_unknown_ad_stores_nothing(runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _seed_ad(runtime)
    path = tmp_path / "ok.txt"
    path.write_text(COPY, encoding="utf-8")
    with pytest.raises(InputError, match="No ad or creative with id 'ad-404'") as caught:
        extract_blueprint(runtime, path, creative_ad_id="ad-404", use_embeddings=False)
    assert caught.value.field == "ad"
    with pytest.raises(InputError, match="has no creative"):
        extract_blueprint(runtime, path, creative_ad_id="ad-orphan", use_embeddings=False)
    with pytest.raises(InputError, match="--no-store"):
        extract_blueprint(runtime, path, store=False, creative_ad_id="ad-42", use_embeddings=False)
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    with pytest.raises(InputError):
        extract_blueprint(runtime, empty)
    assert _count(runtime) == 0
    assert extract_blueprint(runtime, path, store=False, use_embeddings=False).stored_id is None
    assert _count(runtime) == 0


def test_video_blueprint_round_trips_through_the_database(runtime, hook_video) -> None:  # type: ignore[no-untyped-def]
    blueprint = extract_blueprint(runtime, hook_video.path, use_embeddings=False)
    (stored,) = list_blueprints(runtime)
    assert stored.blueprint.model_dump(exclude={"stored_id", "creative_id"}) == \
        blueprint.model_dump(exclude={"stored_id", "creative_id"})
    assert stored.attributes["has_face"] is True and stored.attributes["text_on_screen"] is True
    assert stored.attributes["has_music"] is False and stored.attributes["cuts_per_s"] == pytest.approx(0.25)
    assert stored.attributes["pace"] == blueprint.pace and stored.attributes["zoom_in_hook"] is True


def test_the_analyst_reads_blueprint_features(runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tools.analyst.data import load_blueprint_features

    _seed_ad(runtime)
    path = tmp_path / "cables.txt"
    path.write_text(COPY, encoding="utf-8")
    extract_blueprint(runtime, path, creative_ad_id="ad-42", use_embeddings=False)
    with runtime.session() as session:
        features = load_blueprint_features(session, runtime.workspace_id)
    assert features["creative-cables"]["hook_archetype"] == "problem"
