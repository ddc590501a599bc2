"""Creative features, one rule per module, registered by id (see `registry`)."""

from tools.extractor.features.registry import FeatureContext, Finding, evaluate, evaluate_copy, register, rules

__all__ = ["FeatureContext", "Finding", "evaluate", "evaluate_copy", "register", "rules"]
