"""Audience breakdown rows (ad × day × audience cell) into `performance_breakdowns`, apart from the daily totals.

Why replace per (ad, day, breakdown): a re-import of the same breakdown must not leave a cell the new file no longer
has (Meta folds tiny cells into "unknown" differently from one download to the next), and must never add to the
daily totals, which come from `performance_daily` only. The Meta sync can call `write_breakdowns` with its own rows.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import bindparam, delete, insert
from sqlalchemy.engine import Connection

from tools.core.db.models import PerformanceBreakdown
from tools.core.db.models.performance_breakdowns import VALUE_SEPARATOR
from tools.ingest.platforms.fields import COUNT_MEASURES
from tools.ingest.platforms.parse import BreakdownRows, day_to_date

MEASURES = ("spend", "impressions", "reach", "link_clicks", "clicks_all", "video_plays_3s", "thruplays", "purchases",
            "purchase_value", "conversions")
_CHUNK = 5000


def write_breakdowns(conn: Connection, workspace_id: int, batch_id: int, rows: BreakdownRows, ad_ids: np.ndarray,
                     currencies: list[str | None]) -> int:
    """Replace the stored cells of every (ad, day, breakdown) in `rows`; `ad_ids[i]`/`currencies[i]` belong to
    `rows.ad_index == i`. Returns the rows written."""
    if not len(rows):
        return 0
    table = PerformanceBreakdown.__table__
    breakdown = ",".join(rows.dimensions)
    db_ad = ad_ids[rows.ad_index]
    keys = sorted({(int(a), int(d)) for a, d in zip(db_ad.tolist(), rows.day.tolist(), strict=True)})
    statement = delete(table).where(table.c.ad_id == bindparam("b_ad"), table.c.day == bindparam("b_day"),
                                    table.c.breakdown == breakdown)
    for start in range(0, len(keys), _CHUNK):
        conn.execute(statement, [{"b_ad": a, "b_day": day_to_date(d)} for a, d in keys[start:start + _CHUNK]])
    records = []
    for i in range(len(rows)):
        record = {"workspace_id": workspace_id, "batch_id": batch_id, "ad_id": int(db_ad[i]),
                  "day": day_to_date(rows.day[i]), "breakdown": breakdown,
                  "value": VALUE_SEPARATOR.join(v.replace(VALUE_SEPARATOR, "/") for v in rows.values[i])[:300],
                  "currency": currencies[int(rows.ad_index[i])]}
        for name in MEASURES:
            values = rows.measures.get(name)
            value = None if values is None or np.isnan(values[i]) else float(values[i])
            record[name] = round(value) if value is not None and name in COUNT_MEASURES else value
        record["spend"] = record["spend"] or 0.0
        record["impressions"] = record["impressions"] or 0
        records.append(record)
    for start in range(0, len(records), _CHUNK):
        conn.execute(insert(table), records[start:start + _CHUNK])
    return len(records)
