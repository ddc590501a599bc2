"""Hand-built workspaces whose numbers the check-in tests compute by hand.

Week under report: Mon 2026-11-16 … Sun 2026-11-22 (the check-in runs Monday 2026-11-23); the week before:
2026-11-09 … 2026-11-15. Money in EUR; every ad passes the evidence rule (≥ 50 spend, ≥ 1,000 impressions).

| ad   | first day | week spend | impr   | link | purchases | value | ROAS |
|------|-----------|------------|--------|------|-----------|-------|------|
| W1   | 11-10     | 200        | 20,000 | 300  | 10        | 900   | 4.50 |  (week before: 100 spend, 300 value)
| EVIL | 11-20     | 60         | 6,000  | 30   | 3         | 150   | 2.50 |  (its name tries to mention @channel)
| M1   | 11-19     | 100        | 10,000 | 100  | 4         | 200   | 2.00 |
| L1   | 11-18     | 100        | 10,000 | 20   | 1         | 50    | 0.50 |
Totals: spend 460 (week before 100), revenue 1,300 (300), ROAS 2.826 (3.0). New creatives: 3 → velocity 3/week;
freshness = (60 + 100 + 100) / 460 = 56.5 %. OLD (5 spend on 11-07, before both weeks) only makes the data cover the
whole week before: a comparison week the data only partly covers would show no change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.performance.factories import PerformanceFactory

MONDAY = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
EVIL = "<!channel> & <http://evil.example|click>"


def build_week(runtime) -> None:  # type: ignore[no-untyped-def]
    f = PerformanceFactory(runtime)
    f.ad("W1", kind="video", name="Winner UGC")
    f.ad("EVIL", kind="image", name=EVIL)
    f.ad("M1", kind="image", name="Middle static")
    f.ad("L1", kind="image", name="Loser static")
    f.ad("OLD", kind="image", name="Old static")
    f.day("OLD", date(2026, 11, 7), spend=5, impressions=500, link_clicks=5)
    f.day("W1", date(2026, 11, 10), spend=100, impressions=10000, link_clicks=100, purchases=4, purchase_value=300)
    f.day("W1", date(2026, 11, 17), spend=200, impressions=20000, link_clicks=300, purchases=10, purchase_value=900)
    f.day("EVIL", date(2026, 11, 20), spend=60, impressions=6000, link_clicks=30, purchases=3, purchase_value=150)
    f.day("M1", date(2026, 11, 19), spend=100, impressions=10000, link_clicks=100, purchases=4, purchase_value=200)
    f.day("L1", date(2026, 11, 18), spend=100, impressions=10000, link_clicks=20, purchases=1, purchase_value=50)
    f.commit()


def build_fatigue(runtime) -> None:  # type: ignore[no-untyped-def]
    """F1: a video whose hook rate falls from 30 % to 10 % on 2026-11-16 while frequency rises 1.5 → 2.5; S1 steady.
    Rolling 7-day hook rate: 11-16 27.1 %, 11-17 24.3 %, 11-18 21.4 % (−28.6 % ≥ 20 %) → fatigued since 11-18."""
    f = PerformanceFactory(runtime)
    f.ad("F1", kind="video", name="Tired UGC")
    f.ad("S1", kind="image", name="Steady static")
    start = date(2026, 11, 1)
    for n in range(22):
        day = start + timedelta(days=n)
        early = day < date(2026, 11, 16)
        f.day("F1", day, spend=20, impressions=10000, reach=round(10000 / (1.5 if early else 2.5)), link_clicks=100,
              video_plays_3s=3000 if early else 1000, thruplays=500)
        f.day("S1", day, spend=20, impressions=10000, reach=5000, link_clicks=100)
    f.commit()


