"""What the simulator plants: attribute levels, their true effects, and the account's base rates.

Why a config object: tests and the bench need accounts whose truth is known and tunable (more creatives, no
effects, other seeds), while the demo needs one fixed, reproducible default.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import BaseModel, Field

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_BRAND_FILE = DATA_DIR / "brand_glowlab.yaml"
DEFAULT_END_DATE = date(2026, 11, 22)  # a Sunday; fixed so demos and tests are reproducible

# Export column → levels, as a marketer would type them into Ads Manager's free-text columns.
ATTRIBUTE_LEVELS: dict[str, list[str]] = {
    "Hook type": ["Testimonial", "Question", "Bold claim", "Problem solution", "How-to"],
    "Format": ["UGC video", "Studio video", "Static image"],
    "Background": ["Bathroom", "Outdoor", "Plain studio", "Kitchen"],
    "Offer": ["None", "20% off", "Free shipping", "Bundle"],
    "Colour": ["Peach", "Sage", "Cream", "Lavender"],
}
VIDEO_FORMATS = {"UGC video", "Studio video"}

# Planted effects: metric → attribute → level → log-multiplier on the creative's true rate (0 = no effect).
# Colour is deliberately inert, so any "colour wins" claim by the analyst is spurious.
DEFAULT_EFFECTS: dict[str, dict[str, dict[str, float]]] = {
    "ctr": {
        "Hook type": {"Testimonial": 0.35, "Question": 0.20, "Bold claim": -0.30},
        "Format": {"UGC video": 0.25, "Static image": -0.15},
        "Background": {"Outdoor": 0.10},
        "Offer": {"20% off": 0.15},
    },
    "hook_rate": {
        "Hook type": {"Testimonial": 0.20, "Question": 0.30, "Bold claim": 0.05},
        "Format": {"UGC video": 0.20},
    },
    "hold_rate": {"Format": {"UGC video": 0.15, "Studio video": -0.05}},
    "cvr": {
        "Offer": {"20% off": 0.30, "Bundle": 0.10},
        "Hook type": {"Testimonial": 0.15, "Bold claim": -0.10},
    },
    "aov": {"Offer": {"Bundle": 0.35, "20% off": -0.15}},
}


class SimConfig(BaseModel):
    """Knobs of one simulated account. Defaults give the bundled demo account."""

    seed: int = 7
    n_creatives: int = Field(160, ge=1)
    weeks: float = Field(12, gt=0)
    end_date: date = DEFAULT_END_DATE
    currency: str = "USD"
    brand_file: Path = DEFAULT_BRAND_FILE
    effects: dict[str, dict[str, dict[str, float]]] = Field(default_factory=lambda: DEFAULT_EFFECTS)
    # share of creatives already live on the first day (the rest launch steadily over the period)
    initial_share: float = Field(0.08, ge=0, le=1)
    # true base rates of an average creative (before attribute effects and per-creative noise)
    base_ctr: float = 0.011
    base_hook_rate: float = 0.27
    base_hold_rate: float = 0.22
    base_cvr: float = 0.035
    base_aov: float = 44.0
    # spread of creative quality that attributes do not explain (log scale)
    ctr_sigma: float = 0.28
    hook_sigma: float = 0.18
    cvr_sigma: float = 0.25
    # delivery
    budget_per_active: float = 55.0  # daily account budget = this × active ads
    cpm: float = 11.0
    learning_days: int = 3
    audience_size: float = 350_000  # median reachable people per ad
    budget_greed: float = 2.0  # how hard spend flows to the ads that look best so far
    delivery_sigma: float = 1.1  # auction luck: some ads barely deliver whatever their quality (log scale)
    learning_weight: float = 0.5  # budget weight of an ad in its learning phase (1 = an average ad)
    # fatigue: CTR decays once cumulative impressions exceed fatigue_onset × audience
    fatigue_onset: float = 0.35
    fatigue_speed: float = 0.9
    pause_losers: bool = True

    @property
    def days(self) -> int:
        return max(1, round(self.weeks * 7))
