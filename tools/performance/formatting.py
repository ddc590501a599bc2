"""Human formatting of KPI values (CLI tables, charts, Slack messages). JSON output never goes through here.

Why one place: "€1,234.56", "1.23 %", "2.40×" should read the same in the terminal, in a chart and in a Slack
report; absent values print as "—" so nobody mistakes a missing measure for a zero. Small ratios keep three
significant digits ("0.0175 %", not "0.02 %"), so two rows that differ are never printed alike.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from tools.core.names import clip, distinct_names
from tools.performance.kpis import KPI_DEFINITIONS

if TYPE_CHECKING:
    from tools.core.domain.performance import PerformanceReport

_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "INR": "₹", "AUD": "A$", "CAD": "C$", "BRL": "R$"}
MISSING = "—"


SIGNIFICANT = 3
MAX_DECIMALS = 6


def decimals_for(value: float, minimum: int = 2, significant: int = SIGNIFICANT) -> int:
    """Decimals that show `significant` digits of `value` (never fewer than `minimum`, at most `MAX_DECIMALS`)."""
    if value == 0 or not math.isfinite(value):
        return minimum
    magnitude = math.floor(math.log10(abs(value)))
    return max(minimum, min(MAX_DECIMALS, significant - 1 - magnitude))


def money(value: float | None, currency: str | None, decimals: int | None = None) -> str:
    """Two decimals, more for amounts under 1 (a CPC of 0.0123 is not "0.01")."""
    if value is None:
        return MISSING
    decimals = decimals_for(value) if decimals is None else decimals
    number = f"{abs(value):,.{decimals}f}"
    sign = "-" if value < 0 else ""
    code = (currency or "").upper()
    if code in _SYMBOLS:
        return f"{sign}{_SYMBOLS[code]}{number}"
    return f"{sign}{number} {code}".rstrip()


def percent(value: float | None, decimals: int | None = None) -> str:
    """A fraction as a percentage with three significant digits (at least two decimals) unless told otherwise."""
    if value is None:
        return MISSING
    decimals = decimals_for(value * 100) if decimals is None else decimals
    return f"{value * 100:.{decimals}f} %"


def signed_percent(value: float | None) -> str:
    return MISSING if value is None else f"{value * 100:+.1f} %"


def kpi_value(key: str, value: float | None, currency: str | None) -> str:
    """Format one KPI by its unit (money, count, ratio, multiple, rate)."""
    if value is None:
        return MISSING
    unit = KPI_DEFINITIONS[key].unit if key in KPI_DEFINITIONS else "rate"
    if unit == "money":
        return money(value, currency)
    if unit == "count":
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    if unit == "ratio":
        return percent(value)
    if unit == "multiple":
        return f"{value:.{decimals_for(value, significant=2)}f}×"
    return f"{value:.{decimals_for(value)}f}"


def kpi_column(key: str, values: list[float | None], currency: str | None) -> list[str]:
    """A table column of one KPI: its usual format, with more decimals while two different values print alike."""
    texts = [kpi_value(key, v, currency) for v in values]
    unit = KPI_DEFINITIONS[key].unit if key in KPI_DEFINITIONS else "rate"
    if unit == "count":
        return texts
    for extra in range(1, 4):
        seen: dict[str, float] = {}
        if all(seen.setdefault(t, v) == v for t, v in zip(texts, values, strict=True) if v is not None):
            break
        texts = [_with_decimals(key, unit, v, currency, extra) for v in values]
    return texts


def _with_decimals(key: str, unit: str, value: float | None, currency: str | None, extra: int) -> str:
    if value is None:
        return MISSING
    if unit == "money":
        return money(value, currency, decimals_for(value) + extra)
    if unit == "ratio":
        return percent(value, decimals_for(value * 100) + extra)
    suffix = "×" if unit == "multiple" else ""
    return f"{value:.{decimals_for(value) + extra}f}{suffix}"


def short(text: str | None, width: int = 28) -> str:
    """Prose cut at the end (titles, buttons); ad names go through `tools.core.names` so they stay distinct."""
    return clip(text, width)


SUMMARY_KPIS = ("spend", "revenue", "roas", "cpa", "ctr_link", "cpm", "hook_rate", "hold_rate", "freshness_rate",
                "creative_velocity")


def report_summary(report: PerformanceReport, top: int = 3) -> str:
    """A few lines of plain text (Slack mrkdwn-safe) for check-ins and chat: KPIs vs the previous period, the best
    ads and the fatigued ones. KPIs whose inputs are absent are left out rather than shown as zero."""
    cur = report.kpis.model_dump()
    prev = report.previous.kpis.model_dump() if report.previous else {}
    parts = []
    for key in SUMMARY_KPIS:
        if cur.get(key) is None:
            continue
        text = f"{KPI_DEFINITIONS[key].label} {kpi_value(key, cur[key], report.currency)}"
        change = report.change.get(key)
        if change is not None:
            text += f" ({signed_percent(change)} vs {kpi_value(key, prev.get(key), report.currency)})"
        parts.append(text)
    lines = [f"*{report.period.start} – {report.period.end}*" + (f" ({report.currency})" if report.currency else "")]
    lines.append(" · ".join(parts) if parts else "No delivery in this period.")
    if report.top and report.rank_metric:
        shown = report.top[:top]
        names = distinct_names([(t.ad_name, t.ad_id) for t in shown], 32)
        best = ", ".join(f"{name} {kpi_value(report.rank_metric, t.value, report.currency)}"
                         for t, name in zip(shown, names, strict=True))
        lines.append(f"Best by {KPI_DEFINITIONS[report.rank_metric].label}: {best}")
    if report.fatigued:
        flagged = report.fatigued[:top]
        labels = distinct_names([(f.ad_name, f.ad_id) for f in flagged], 32)
        names = ", ".join(f"{label} (since {f.day})" for f, label in zip(flagged, labels, strict=True))
        more = f" and {report.fatigued_total - top} more" if report.fatigued_total > top else ""
        lines.append(f"Fatigued: {names}{more}")
    return "\n".join(lines)
