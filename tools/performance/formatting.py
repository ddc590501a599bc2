"""Human formatting of KPI values (CLI tables, charts, Slack messages). JSON output never goes through here.

Why one place: "€1,234.56", "1.23 %", "2.40×" should read the same in the terminal, in a chart and in a Slack
report; absent values print as "—" so nobody mistakes a missing measure for a zero.
"""

from __future__ import annotations

from tools.performance.kpis import KPI_DEFINITIONS

_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "INR": "₹", "AUD": "A$", "CAD": "C$", "BRL": "R$"}
MISSING = "—"


def money(value: float | None, currency: str | None, decimals: int = 2) -> str:
    if value is None:
        return MISSING
    number = f"{abs(value):,.{decimals}f}"
    sign = "-" if value < 0 else ""
    code = (currency or "").upper()
    if code in _SYMBOLS:
        return f"{sign}{_SYMBOLS[code]}{number}"
    return f"{sign}{number} {code}".rstrip()


def percent(value: float | None, decimals: int = 2) -> str:
    return MISSING if value is None else f"{value * 100:.{decimals}f} %"


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
        return f"{value:.2f}×"
    return f"{value:.2f}"


def short(text: str | None, width: int = 28) -> str:
    text = text or ""
    return text if len(text) <= width else text[: width - 1] + "…"
