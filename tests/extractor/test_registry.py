"""The feature registry: one rule per module, unique ids, well-formed findings."""

from __future__ import annotations

import pkgutil
from pathlib import Path

from tools.extractor import features
from tools.extractor.features import FeatureContext, evaluate, rules


def test_one_rule_per_module_with_unique_ids() -> None:
    registered = rules()
    modules = [m.name for m in pkgutil.iter_modules(features.__path__) if m.name != "registry"]
    assert len(registered) == len(modules) >= 20
    by_module = {rule.evaluate.__module__.rsplit(".", 1)[-1]: rule.id for rule in registered.values()}
    assert sorted(by_module) == sorted(modules)
    for module, feature_id in by_module.items():
        section, name = feature_id.split(".", 1)
        assert module == f"{section}_{name}", (module, feature_id)
        source = Path(features.__path__[0], f"{module}.py").read_text(encoding="utf-8")
        assert source.count("@register(") == 1


def test_rules_skip_sections_an_ad_does_not_have() -> None:
    assert evaluate(FeatureContext(kind="copy")) == []
    ids = {f.id for f in evaluate(FeatureContext(kind="video", avg_shot_s=2.0, pace="medium"))}
    assert ids == {"video.pace", "video.jump_cuts", "video.gradual_transitions"}


def test_features_carry_evidence_with_their_id(edit_blueprint) -> None:  # type: ignore[no-untyped-def]
    for feature in edit_blueprint.features:
        assert feature.id in rules()
        assert all(e.feature == feature.id for e in feature.evidence)
        for evidence in feature.evidence:
            if evidence.start_s is not None:
                assert 0.0 <= evidence.start_s <= edit_blueprint.duration_s + 1e-6
