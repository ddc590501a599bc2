"""Copy features for pre-launch scores, and the prior used when the account's model cannot see copy.

Why a prior at all: an account whose export carries no ad copy (many do: Ads Manager exports leave it out unless
asked) trains a model on attributes only, so twenty variants of one winner would all get one score. Their copy
still differs in ways direct-response practice agrees matter — a concrete number, proof, an offer, a question, a
clear call to action, brevity — so each variant's predicted rate is moved by a small, fixed log-lift per feature.
These lifts are priors, not measurements from this account: every prediction that uses them says so, and a
model that learned copy features from the account's own creatives (`txt_*` columns) is never adjusted.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

# log-lift on the predicted rate per feature present; small on purpose (a few percent each)
PRIOR_LOG_LIFT = {
    "question": 0.02,  # a question hook invites an answer
    "number": 0.03,  # a concrete number reads as specific
    "proof": 0.04,  # a rating, a study result or a named customer's words
    "offer": 0.05,  # a discount, free trial or free shipping
    "cta": 0.02,  # a call to action that says what happens next
    "long_body": -0.04,  # more than 30 words in the body
    "long_hook": -0.03,  # more than 10 words in the hook
}
_OFFER = re.compile(r"\d+\s?%\s?off|\bfree\b|\$\d+ off|\bsave\b|\bdiscount\b", re.IGNORECASE)
_PROOF = re.compile(r"\b\d(?:[.,]\d)?\s*(?:/\s*5|stars?)|\breviews?\b|\bratings?\b|\bstudy\b|\bsurvey\b|"
                    r"[“\"].{8,}[”\"]", re.IGNORECASE)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def copy_signals(table: pd.DataFrame) -> pd.DataFrame:
    """Per candidate: which copy features it has (0/1) — hook, headline and body read together."""
    rows = []
    for _, row in table.iterrows():
        hook, headline, body, cta = (_text(row.get(k)) for k in ("hook", "headline", "body", "cta"))
        text = f"{hook} {headline} {body}"
        rows.append({
            "question": float("?" in hook or "?" in headline),
            "number": float(bool(re.search(r"\d", f"{hook} {headline}"))),
            "proof": float(bool(_PROOF.search(text))),
            "offer": float(bool(_OFFER.search(f"{text} {cta}"))),
            "cta": float(bool(cta.strip())),
            "long_body": float(len(body.split()) > 30),
            "long_hook": float(len(hook.split()) > 10),
        })
    return pd.DataFrame(rows, index=table.index, columns=list(PRIOR_LOG_LIFT), dtype=float)


def has_copy(table: pd.DataFrame) -> bool:
    return any(_text(table[c].iloc[i]).strip() for c in ("hook", "headline", "body") if c in table
               for i in range(len(table)))


def prior_log_lift(table: pd.DataFrame) -> np.ndarray:
    """The summed log-lift of each candidate's copy features (0 for candidates without copy)."""
    if table.empty or not has_copy(table):
        return np.zeros(len(table))
    signals = copy_signals(table)
    weights = np.array([PRIOR_LOG_LIFT[c] for c in signals.columns])
    return signals.to_numpy() @ weights


def model_sees_copy(space: Any) -> bool:
    """True when a fitted feature space learned from copy (text statistics or embeddings) of the account's ads."""
    if space is None:
        return False
    return bool(getattr(space, "uses_embeddings", False) or any(
        str(c).startswith("txt_") for c in getattr(space, "numeric", [])))
