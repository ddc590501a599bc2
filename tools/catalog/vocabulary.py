"""The workspace's own names and values, per field, for the planner's scope matching ("testimonial ads", "UGC",
"the retargeting campaign", "25-34").

Why here: the planner (agent) may not read the database; the catalog sits above the capabilities and hands it plain
lists. Built from the performance area's cached workspace data and kept on it, so a new import refreshes it and a
second question in the same process costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from tools.catalog.vocabulary_cache import write_cached
from tools.core.db.models.performance_breakdowns import VALUE_SEPARATOR, PerformanceBreakdown
from tools.core.errors import InsufficientDataError
from tools.performance.workspace_data import workspace_data

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime

MAX_VALUES_PER_FIELD = 2000


def workspace_vocabulary(runtime: WorkspaceRuntime) -> dict[str, list[str]]:
    """Field → distinct values (ad names, campaign and ad-set names, attributes, audience); empty without data."""
    with runtime.session() as session:
        try:
            data = workspace_data(runtime, session)
        except InsufficientDataError:
            return {}
        cached = data.memo.get("vocabulary")
        if cached is not None:
            return cached
        ads = data.ads
        fields: dict[str, set[str]] = {
            "ad": {n for n in ads.name if n},
            "campaign": {c[1] for c in ads.campaign if c and c[1]},
            "adset": {a[1] for a in ads.adset if a and a[1]},
        }
        for table in (ads.attributes, ads.blueprint, ads.audience):
            for values in table:
                for key, value in values.items():
                    if value:
                        fields.setdefault(key, set()).add(str(value))
        if data.has_breakdowns:
            rows = session.execute(select(PerformanceBreakdown.breakdown, PerformanceBreakdown.value).distinct()
                                   .where(PerformanceBreakdown.workspace_id == data.workspace_id)).all()
            for breakdown, value in rows:
                for key, part in zip(breakdown.split(","), value.split(VALUE_SEPARATOR), strict=False):
                    if part:
                        fields.setdefault(key.strip(), set()).add(part)
        vocabulary = {k: sorted(v)[:MAX_VALUES_PER_FIELD] for k, v in fields.items() if v}
        data.memo["vocabulary"] = vocabulary
        write_cached(runtime.settings, runtime.workspace, vocabulary)
        return vocabulary
