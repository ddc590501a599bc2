"""Human numbers: ratios keep enough significant digits that different values never print alike."""

from __future__ import annotations

from tools.performance.formatting import kpi_column, kpi_value, money, percent


def test_small_ratios_keep_three_significant_digits() -> None:
    assert (percent(0.000175), percent(0.000248)) == ("0.0175 %", "0.0248 %")  # were "0.02 %" and "0.02 %"
    assert percent(0.0123) == "1.23 %" and percent(0.25) == "25.00 %" and percent(0.3, 0) == "30 %"
    assert money(0.0123, "EUR") == "€0.0123" and money(1234.5, "USD") == "$1,234.50"
    assert kpi_value("roas", 2.4, None) == "2.40×" and kpi_value("roas", 0.5, None) == "0.50×"
    assert kpi_value("ctr_link", None, None) == "—"


def test_a_column_adds_digits_until_its_rows_differ() -> None:
    assert kpi_column("ctr_link", [0.0123401, 0.0123459, None], None) == ["1.234 %", "1.235 %", "—"]
    assert kpi_column("cpa", [12.341, 12.344, 5.0], "EUR") == ["€12.341", "€12.344", "€5.000"]
    assert kpi_column("roas", [2.4, 2.4, 1.0], None) == ["2.40×", "2.40×", "1.00×"]  # equal values stay equal
