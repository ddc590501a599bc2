"""The creative-feature registry: one rule per file, registered by id.

Each rule reads the measured signals of an ad (shots, hook, audio, copy) and says whether its feature is present,
how sure it is, why, and where it can be seen (timestamps or text spans). Measuring is done once by the analysis
modules; rules only interpret, so adding a feature is adding one small file in this package.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

from tools.core.domain.blueprint import (
    AudioFeatures,
    CopyFeatures,
    Evidence,
    Feature,
    HookFeatures,
    Shot,
    Transition,
)


@dataclass
class FeatureContext:
    """What rules may read. Sections an ad does not have are None (a copy-only ad has no hook or audio)."""

    kind: str
    duration_s: float | None = None
    shots: list[Shot] = field(default_factory=list)
    transitions: list[Transition] = field(default_factory=list)
    avg_shot_s: float | None = None
    pace: str | None = None
    hook: HookFeatures | None = None
    audio: AudioFeatures | None = None
    copy: CopyFeatures | None = None
    archetype_evidence: dict[str, list[Evidence]] = field(default_factory=dict)


@dataclass
class Finding:
    detected: bool
    confidence: float
    rationale: str
    evidence: list[Evidence] = field(default_factory=list)
    value: float | int | str | bool | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    section: str  # video | hook | audio | copy
    evaluate: Callable[[FeatureContext], Finding | None]


_RULES: dict[str, Rule] = {}
_loaded = False


def register(feature_id: str, *, name: str, section: str) -> Callable[[Callable[[FeatureContext], Finding | None]],
                                                                        Callable[[FeatureContext], Finding | None]]:
    """Decorator: register `evaluate(context) -> Finding | None` under `feature_id` (None: does not apply)."""
    if section not in ("video", "hook", "audio", "copy"):
        raise ValueError(f"unknown section {section!r}")

    def decorate(function: Callable[[FeatureContext], Finding | None]) -> Callable[[FeatureContext], Finding | None]:
        if feature_id in _RULES and _RULES[feature_id].evaluate is not function:
            raise ValueError(f"feature id {feature_id!r} registered twice")
        _RULES[feature_id] = Rule(feature_id, name, section, function)
        return function

    return decorate


def rules() -> dict[str, Rule]:
    """Every registered rule, importing the package's rule modules on first use."""
    global _loaded
    if not _loaded:
        from tools.extractor import features as package

        for module in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
            if module.name != "registry":
                importlib.import_module(f"{package.__name__}.{module.name}")
        _loaded = True
    return dict(_RULES)


def evaluate(context: FeatureContext, sections: tuple[str, ...] = ("video", "hook", "audio", "copy")) -> list[Feature]:
    """Run every applicable rule; the result is sorted by feature id."""
    results: list[Feature] = []
    for rule in sorted(rules().values(), key=lambda r: r.id):
        if rule.section not in sections:
            continue
        finding = rule.evaluate(context)
        if finding is None:
            continue
        evidence = [e.model_copy(update={"feature": rule.id}) for e in finding.evidence]
        results.append(Feature(
            id=rule.id, name=rule.name, detected=finding.detected,
            confidence=round(float(min(1.0, max(0.0, finding.confidence))), 3),
            rationale=finding.rationale, evidence=evidence, value=finding.value,
        ))
    return results


def evaluate_copy(copy: CopyFeatures, archetype_evidence: dict[str, list[Evidence]]) -> list[Feature]:
    """The copy rules alone, for `classify_copy` on plain text."""
    return evaluate(FeatureContext(kind="copy", copy=copy, archetype_evidence=archetype_evidence), sections=("copy",))
