"""What the simulator knows and the analyst must discover: true rates, planted effects, fatigue days."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from tools.simulator.export import meta_export_frame, write_export

if TYPE_CHECKING:
    from tools.simulator.config import SimConfig

# analyst metric → simulator truth metric
_METRIC_ALIASES = {"ctr_link": "ctr", "ctr": "ctr", "hook_rate": "hook_rate", "hold_rate": "hold_rate",
                   "cvr": "cvr", "aov": "aov"}


@dataclass
class GroundTruth:
    """Per-creative truth (`creatives`: one row per ad) and the planted effects (log-multipliers)."""

    effects: dict[str, dict[str, dict[str, float]]]
    creatives: pd.DataFrame
    config: SimConfig

    def planted(self, metric: str, attribute: str, value: str) -> float:
        """The planted log-multiplier of one level (0 when none was planted)."""
        return float(self.effects.get(_METRIC_ALIASES.get(metric, metric), {}).get(attribute, {}).get(value, 0.0))

    def true_relative_lift(self, metric: str, attribute: str, value: str) -> float:
        """True lift of `value` over the average creative without it, other attributes held equal.

        This is exactly what the analyst's insight `effect` estimates: exp(β_v − mean β of the other levels,
        weighted by how often they occur) − 1. Composite metrics: CPA = 1/(CTR·CVR) per impression-cost,
        ROAS = CTR·CVR·AOV.
        """
        parts = {"cpa": [("ctr", -1.0), ("cvr", -1.0)], "roas": [("ctr", 1.0), ("cvr", 1.0), ("aov", 1.0)]}
        terms = parts.get(metric, [(_METRIC_ALIASES.get(metric, metric), 1.0)])
        frame = self.creatives
        if metric == "hook_rate":
            frame = frame[frame["true_hook_rate"].notna()]
        others = frame.loc[frame[attribute] != value, attribute].value_counts(normalize=True)
        log_lift = 0.0
        for truth_metric, sign in terms:
            own = self.planted(truth_metric, attribute, value)
            base = sum(p * self.planted(truth_metric, attribute, str(level)) for level, p in others.items())
            log_lift += sign * (own - base)
        return float(np.exp(log_lift) - 1.0)

    def true_rate(self, metric: str = "ctr_link") -> pd.Series:
        """True per-ad rate indexed by ad_id (CPA and ROAS derived per impression-cost unit)."""
        c = self.creatives.set_index("ad_id")
        if metric == "cpa":
            return 1.0 / (c["true_ctr"] * c["true_cvr"])
        if metric == "roas":
            return c["true_ctr"] * c["true_cvr"] * c["true_aov"]
        return c[f"true_{_METRIC_ALIASES.get(metric, metric)}"]


@dataclass
class SimulatedAccount:
    """A simulated account in the analyst's canonical frames, plus its ground truth.

    `daily`: one row per ad × day with PerformanceDaily's measure columns (NaN where not carried).
    `ads`: one row per ad with ad/creative keys, copy, kind and an `attributes` dict.
    """

    daily: pd.DataFrame
    ads: pd.DataFrame
    truth: GroundTruth
    currency: str
    brand: str

    def meta_export(self) -> pd.DataFrame:

        return meta_export_frame(self)

    def write(self, path: str | Path, fmt: str | None = None) -> Path:
        """Write the Ads Manager export (`.csv` by default, `.xlsx` when the suffix or `fmt` says so)."""

        return write_export(self, Path(path), fmt)
