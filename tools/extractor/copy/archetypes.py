"""Hook archetype: which of ten opening moves an ad makes, by rules and by similarity to labelled exemplars.

Rules are explicit phrasing patterns (each with a weight and the matched span as evidence); they are precise but
miss paraphrases. The embedding vote is a classifier fitted at first use on the shipped exemplars
(`data/hook_exemplars.yaml`), over the bundled MiniLM sentence embeddings of each hook and of its topic-masked form:
it generalises to new phrasing but is less precise. Combined, the rules
anchor the decision when they fire and the embeddings decide when they do not. Without the model the rules alone
decide and the confidence is scaled down (and `method` says "rules").
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from tools.core.domain.blueprint import HOOK_ARCHETYPES, Evidence
from vectorstore.model import bundled_model_path, embed_texts

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
EXEMPLARS_FILE = DATA_DIR / "hook_exemplars.yaml"
RULES_ONLY_CONFIDENCE_SCALE = 0.6
EMBEDDING_WEIGHT = 0.55
_I = re.IGNORECASE
_NUMBER_WORDS = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)"

# (pattern, weight). Weights are the rule's own reliability: a noisy-OR combines several hits per archetype.
RULES: dict[str, list[tuple[re.Pattern[str], float]]] = {
    "question": [
        (re.compile(r"\?\s*$"), 0.6),
        (re.compile(r"^\s*(?:why|what|how|who|when|where|which|do|does|did|is|are|can|could|would|will|should|"
                    r"have|has|ever|ready|want|guess)\b[^?]*\?", _I), 0.35),
    ],
    "problem": [
        (re.compile(r"\b(?:tired of|sick of|fed up with|struggling (?:with|to)|struggle with|hate (?:it )?when|"
                    r"can'?t (?:stand|keep up|sleep|seem to|get rid)|frustrat\w*|annoy\w*|ruin(?:s|ing|ed)?|"
                    r"exhausted|stressed|overwhelmed|suffer\w*|worst part|no matter what you try)\b", _I), 0.7),
        (re.compile(r"\b(?:pain|aches?|aching|insomnia|acne|breakouts?|wrinkles|bloat\w*|frizz\w*|dandruff|"
                    r"clutter|debt|overdraft|snoring|itch\w*|cracked|stain(?:s|ed)?|smell\w*|odou?r)\b", _I), 0.35),
        (re.compile(r"\b(?:keeps?|still|always) (?:\w+ ){0,3}(?:dying|failing|breaking|losing|wasting|tangling|"
                    r"waking|forgetting)\b", _I), 0.5),
        (re.compile(r"\b(?:the problem|the issue|isn'?t going away|not your fault)\b", _I), 0.45),
    ],
    "statistic": [
        (re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:%|percent)(?!\s*off)", _I), 0.6),
        (re.compile(r"\b" + _NUMBER_WORDS + r" (?:in|out of) " + _NUMBER_WORDS + r"\b", _I), 0.7),
        (re.compile(r"\b\d[\d,.]*\s*(?:million|billion|thousand|k)?\s*(?:people|users|customers|buyers|reviews|"
                    r"orders|women|men|adults|families|teams|members|downloads)\b", _I), 0.55),
        (re.compile(r"\b\d(?:\.\d)?\s*(?:/|out of)\s*5\b|\b\d(?:\.\d)? stars?\b", _I), 0.45),
        (re.compile(r"\b\d+(?:\.\d+)?x (?:faster|more|better|cheaper|longer|stronger)\b", _I), 0.6),
        (re.compile(r"\b(?:study|studies|survey|clinical(?:ly)?|on average|average of)\b", _I), 0.35),
    ],
    "testimonial": [
        (re.compile(r"^\s*[\"“‘']"), 0.35),
        (re.compile(r"[\"”’']\s*[—–-]\s*[A-Z][a-z]+"), 0.6),
        (re.compile(r"\bverified (?:buyer|customer|purchase|review)\b", _I), 0.6),
        (re.compile(r"\b(?:I|I'?m|I'?ve|I was|my)\b.{0,60}\b(?:tried|used|bought|switched|skeptical|honest(?:ly)?|"
                    r"review|changed my|saved my|fixed my|finally|reorder|never going back|obsessed|love)\b", _I), 0.6),
        (re.compile(r"★|⭐|\bfive stars\b|\b5 stars\b", _I), 0.45),
        (re.compile(r"\b(?:customers|users|moms|parents|nurses|people) (?:say|love|swear)\b", _I), 0.45),
    ],
    "offer": [
        (re.compile(r"(?:\b\d+\s?%|[$€£]\s?\d+(?:[.,]\d+)?)\s?off\b", _I), 0.8),
        (re.compile(r"\b(?:bogo|buy one,? get one|2 for 1|two for one)\b", _I), 0.8),
        (re.compile(r"\bfree (?:shipping|delivery|returns|trial|gift|sample)\b|\b(?:first|1st) (?:month|box|week|order)"
                    r" (?:is )?(?:free|on us)\b|\btry (?:it )?(?:for )?free\b", _I), 0.65),
        (re.compile(r"\b(?:use|with|enter) code\b|\bcode [A-Z0-9]{3,}\b"), 0.7),
        (re.compile(r"\b(?:sale|discount|deal|save (?:up to )?\d+|limited[- ]time|today only|ends (?:tonight|"
                    r"at midnight|soon|sunday|friday)|last chance|black friday|cyber monday|clearance|"
                    r"bundle and save)\b", _I), 0.5),
    ],
    "listicle": [
        (re.compile(r"^\s*(?:here are |the |our )?(?:top\s+)?" + _NUMBER_WORDS + r"\s+(?:\w+\s+){0,3}(?:things|reasons|"
                    r"ways|tips|mistakes|signs|habits|hacks|ideas|gadgets|steps|secrets|products|stretches|ingredients|"
                    r"foods|scents|rules|lessons|tricks|apps|books|gifts)\b", _I), 0.85),
        (re.compile(r"\btop \d+\b", _I), 0.6),
        (re.compile(r"(?:^|\n)\s*1[.)].+\n\s*2[.)]", _I), 0.6),
    ],
    "before_after": [
        (re.compile(r"\bbefore\b.{0,80}\bafter\b|\b(?:before|after)\s*(?:&|and|vs\.?|/)\s*(?:after|before)\b",
                    _I | re.S), 0.85),
        (re.compile(r"\bday \d+ (?:vs\.?|versus|to|and) day \d+\b", _I), 0.85),
        (re.compile(r"\bwent from\b|\bfrom\b .{1,40}\bto\b .{1,30}\bin (?:\d+|a|one|two|three|six|eight) "
                    r"(?:days?|weeks?|months?)\b", _I), 0.6),
        (re.compile(r"\b(?:used to|no longer|not anymore|now it takes)\b", _I), 0.35),
        (re.compile(r"\b(?:vs\.?|versus|compared (?:with|to)|the difference|transformation|glow[- ]up|left side|"
                    r"right side|come back to life)\b", _I), 0.4),
    ],
    "curiosity": [
        (re.compile(r"\b(?:secrets?|nobody (?:talks|tells|knows)|no one (?:talks|tells|knows)|(?:you )?won'?t believe|"
                    r"can'?t believe|surprising|the truth about|what happens|here'?s what happened|the reason|"
                    r"this is why|weird (?:trick|habit)|one trick|don'?t want you to know|wasn'?t going to share|"
                    r"wait (?:until|till) you see|(?:wrong|all wrong) (?:this|the) whole time|changes everything)\b",
                    _I), 0.7),
        (re.compile(r"(?:\.\.\.|…)\s*$"), 0.3),
    ],
    "demonstration": [
        (re.compile(r"\b(?:watch (?:how|me|as|it|this|what)|see (?:how|it|what)|let me show you|here'?s how|how to|"
                    r"step (?:one|1)|follow along|tutorial|let'?s test|we tested|we dropped|in action|"
                    r"in (?:under )?(?:\d+|a|one|two|ten) (?:seconds?|minutes?))\b", _I), 0.7),
        (re.compile(r"\bjust (?:plug|add|pour|peel|press|tap|scan|snap|spray|wipe|twist)\b|"
                    r"\b(?:pour|stir|peel|stick|press|scan|fold|spray|wipe|blend)\b.{0,30}\b(?:and|then)\b", _I), 0.4),
    ],
    "bold_claim": [
        (re.compile(r"\b(?:the best|best \w+ (?:in|on) the (?:world|planet)|#1|no\.? ?1|number one|world'?s (?:first|"
                    r"best|most|only)|the only \w+(?: \w+)? you(?:'?ll)? (?:ever )?need|the most \w+|ever made|"
                    r"never (?:buy|need|worry)\w* (?:\w+ )?again|guaranteed|unbeatable|revolutionary|the last \w+ "
                    r"you'?ll ever|nothing (?:cleans|works|beats|compares)|outlasts?|forget everything)\b", _I), 0.65),
        (re.compile(r"\b(?:period|full stop)\.?\s*$|\bin (?:america|the world|the uk|europe)\b", _I), 0.35),
    ],
}


@dataclass
class ArchetypeVote:
    archetype: str | None
    confidence: float
    scores: dict[str, float]
    method: str
    evidence: list[Evidence]


def rule_scores(hook: str, offset: int = 0) -> tuple[dict[str, float], dict[str, list[Evidence]]]:
    """Noisy-OR of the weights of the rules that match; spans are offsets into the full text (`offset` added)."""
    scores: dict[str, float] = {}
    evidence: dict[str, list[Evidence]] = {}
    for archetype, rules in RULES.items():
        miss = 1.0
        for pattern, weight in rules:
            match = pattern.search(hook)
            if match:
                miss *= 1.0 - weight
                evidence.setdefault(archetype, []).append(Evidence(
                    source="copy", text=match.group(0).strip() or hook.strip(),
                    span=(offset + match.start(), offset + match.end()), note=f"rule: {archetype}",
                ))
        scores[archetype] = round(1.0 - miss, 4)
    # Precedence: a stated pain ("Tired of ...?") or a discount ("50% off?") is the move; the '?' is just punctuation.
    for stronger in ("problem", "offer"):
        if scores.get(stronger, 0.0) >= 0.5 and scores.get("question", 0.0) > 0:
            scores["question"] = round(scores["question"] * 0.4, 4)
    if scores.get("offer", 0.0) >= 0.5 and scores.get("statistic", 0.0) > 0:
        scores["statistic"] = round(scores["statistic"] * 0.4, 4)
    return scores, evidence


# ---------------------------------------------------------------------- embeddings

_model_lock = threading.Lock()


@lru_cache(maxsize=1)
def load_exemplars(path: Path = EXEMPLARS_FILE) -> dict[str, list[str]]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    archetypes = data.get("archetypes", {})
    unknown = set(archetypes) - set(HOOK_ARCHETYPES)
    if unknown:
        raise ValueError(f"{path}: unknown archetypes {sorted(unknown)}")
    return {name: [str(line) for line in archetypes.get(name, [])] for name in HOOK_ARCHETYPES}


def default_model_path() -> Path | None:
    """The bundled MiniLM folder; None when the package is not installed (the rules then decide alone)."""
    try:
        return bundled_model_path()
    except ImportError:
        return None


# Words that carry an ad's rhetorical move rather than its topic. The masked view of a hook keeps them (and numbers
# and punctuation) and replaces every other word, so "Tired of frizzy hair?" and "Tired of slow wifi?" look alike.
RHETORICAL_WORDS = frozenset((
    "a", "an", "the", "this", "that", "these", "those", "i", "i'm", "i've", "i'd", "my", "me", "we", "we're", "our",
    "you", "you're", "your", "it", "it's", "its", "is", "are", "was", "were", "be", "been", "do", "does", "did",
    "don't", "can", "can't", "could", "would", "will", "won't", "should", "what", "why", "how", "who", "when",
    "where", "which", "if", "ever", "ready", "want", "still", "before", "after", "from", "to", "vs", "versus", "of",
    "in", "on", "for", "with", "and", "or", "but", "not", "no", "nobody", "never", "only", "best", "most", "every",
    "first", "last", "free", "off", "today", "now", "here", "here's", "there", "just", "watch", "see", "let",
    "show", "step", "secret", "believe", "happened", "reason", "tired", "sick", "struggling", "hate", "stop", "top",
    "ways", "things", "reasons", "mistakes", "tips", "signs", "day", "days", "week", "weeks", "save", "sale",
    "code", "deal", "get", "try", "guaranteed", "world's", "ever", "again", "nothing", "everything", "forget",
    "wait", "until", "surprising", "truth", "whole", "time", "honestly", "review", "verified",
))


def mask_topic(text: str) -> str:
    return re.sub(r"[A-Za-z][A-Za-z'’]*", lambda m: m.group(0) if m.group(0).lower() in RHETORICAL_WORDS else "thing",
                  text)


def _features(model_path: str, lines: list[str]) -> np.ndarray:
    """Sentence embedding of the text and of its topic-masked form, side by side (shared model and cache)."""
    return np.hstack([embed_texts(model_path, lines), embed_texts(model_path, [mask_topic(line) for line in lines])])


@lru_cache(maxsize=4)
def _classifier(model_path: str) -> tuple[Any, np.ndarray, np.ndarray]:
    """A classifier fitted on the exemplars' embeddings, once per process per model folder; with its training
    labels and matrix.

    Nearest-exemplar voting on raw embeddings follows topic (sleep, skin, coffee) more than rhetoric; a logistic
    regression over raw + topic-masked embeddings learns the directions that separate archetypes instead
    (6-fold cross-validated accuracy on the exemplars ≈ 0.65–0.7 against ≈ 0.35 for 3-nearest voting).
    """
    from sklearn.linear_model import LogisticRegression

    labels: list[str] = []
    lines: list[str] = []
    for name, items in load_exemplars().items():
        labels.extend([name] * len(items))
        lines.extend(items)
    matrix = _features(model_path, lines)
    classifier = LogisticRegression(C=10.0, max_iter=5000)
    classifier.fit(matrix, labels)
    return classifier, np.asarray(labels), matrix


class EmbeddingUnavailable(RuntimeError):
    """The sentence model could not be loaded (package or files missing)."""


def embedding_scores(hooks: list[str], model_path: Path | None = None) -> list[dict[str, float]]:
    """Per hook: the exemplar-trained classifier's probability for each archetype."""
    path = model_path or default_model_path()
    if path is None or not Path(path).exists():
        raise EmbeddingUnavailable(f"sentence model folder not found: {path}")
    try:
        with _model_lock:
            classifier, _, _ = _classifier(str(path))
            probabilities = classifier.predict_proba(_features(str(path), hooks))
    except (ImportError, OSError, ValueError) as exc:
        raise EmbeddingUnavailable(str(exc)) from exc
    classes = list(classifier.classes_)
    return [{name: float(row[classes.index(name)]) for name in HOOK_ARCHETYPES} for row in probabilities]


# ---------------------------------------------------------------------- combination


def combine(rules: dict[str, float], embedded: dict[str, float] | None) -> tuple[str | None, float, dict[str, float],
                                                                              str]:
    """Probabilities over archetypes: the embedding classifier's, blended with the normalised rule scores."""
    rule_total = sum(rules.values())
    rule_p = {k: v / rule_total for k, v in rules.items()} if rule_total > 0 else None
    if embedded is None:
        if rule_p is None:
            return None, 0.0, {k: 0.0 for k in HOOK_ARCHETYPES}, "rules"
        best = max(rule_p, key=lambda k: rule_p[k])
        strength = max(rules.values())
        confidence = rule_p[best] * strength * RULES_ONLY_CONFIDENCE_SCALE
        return best, round(confidence, 3), {k: round(v, 4) for k, v in rule_p.items()}, "rules"
    emb_p = {k: embedded[k] for k in HOOK_ARCHETYPES}
    if rule_p is None:
        blended = emb_p
        # Without a rule to back it, the embedding vote alone decides, a little less surely.
        penalty = 0.85
    else:
        strength = max(rules.values())
        weight = EMBEDDING_WEIGHT if strength >= 0.5 else 0.75
        blended = {k: weight * emb_p[k] + (1 - weight) * rule_p[k] for k in HOOK_ARCHETYPES}
        penalty = 1.0
    best = max(blended, key=lambda k: blended[k])
    return best, round(float(blended[best]) * penalty, 3), {k: round(float(v), 4) for k, v in blended.items()}, \
        "embedding+rules"
