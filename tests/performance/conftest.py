"""A small hand-computable workspace shared by the report, winners and CLI tests.

Report period: last-week with today = 2024-10-13 (a Sunday) → 2024-10-07 … 2024-10-13; previous: 2024-09-30 … 10-06.

| ad | kind  | day   | spend | impr  | reach | link | all | 3s   | thru | purch | value |
|----|-------|-------|-------|-------|-------|------|-----|------|------|-------|-------|
| V1 | video | 10-01 | 100   | 10000 | 5000  | 100  | 200 | 2000 | 400  | 4     | 300   |  (previous period)
| V1 | video | 10-07 | 100   | 10000 | 5000  | 150  | 300 | 3000 | 600  | 5     | 400   |
| V1 | video | 10-08 | 50    | 5000  | 2000  | 50   | 100 | 1000 | 300  | 0     | 0     |
| I1 | image | 10-07 | 80    | 8000  | —     | 40   | 120 | —    | —    | 2     | 100   |
| I2 | image | 10-09 | 20    | 2000  | 1000  | 10   | —   | 500  | 10   | —     | —     |
| O1 | image | 09-29 | 5     | 500   | —     | 5    | —   | —    | —    | —     | —     |  (before both periods)

O1 only makes the data start before the previous period, so the comparison is fully covered (a previous period the
data only partly covers shows no change; see test_kpis.py). "—" is NULL (the export did not carry the measure). I2
is a static ad that (wrongly) reports plays: they must not count towards the hook rate, and its spend must not count
towards CPA/ROAS because it reports no purchases.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.performance.factories import PerformanceFactory

TODAY = date(2024, 10, 13)


def build_sample(runtime) -> PerformanceFactory:  # type: ignore[no-untyped-def]
    f = PerformanceFactory(runtime)
    f.ad("V1", kind="video", name="UGC hook video")
    f.ad("I1", kind="image", name="Static offer")
    f.ad("I2", kind="image", name="Static tiny")
    f.ad("O1", kind="image", name="Old static")
    f.day("O1", date(2024, 9, 29), spend=5, impressions=500, link_clicks=5)
    f.day("V1", date(2024, 10, 1), spend=100, impressions=10000, reach=5000, link_clicks=100, clicks_all=200,
          video_plays_3s=2000, thruplays=400, purchases=4, purchase_value=300)
    f.day("V1", date(2024, 10, 7), spend=100, impressions=10000, reach=5000, link_clicks=150, clicks_all=300,
          video_plays_3s=3000, thruplays=600, purchases=5, purchase_value=400)
    f.day("V1", date(2024, 10, 8), spend=50, impressions=5000, reach=2000, link_clicks=50, clicks_all=100,
          video_plays_3s=1000, thruplays=300, purchases=0, purchase_value=0)
    f.day("I1", date(2024, 10, 7), spend=80, impressions=8000, link_clicks=40, clicks_all=120, purchases=2,
          purchase_value=100)
    f.day("I2", date(2024, 10, 9), spend=20, impressions=2000, reach=1000, link_clicks=10, video_plays_3s=500,
          thruplays=10)
    f.commit()
    return f


@pytest.fixture
def sample(runtime):  # type: ignore[no-untyped-def]
    build_sample(runtime)
    return runtime
