"""One colour module: hex forms, rgb()/tuples, RGB distance and WCAG 2.x contrast, as profile, compliance and the
creator use them."""

from __future__ import annotations

import pytest

from tools.core.colours import (
    HEX_IN_TEXT,
    contrast_ratio,
    distance,
    mix,
    normalise_hex,
    parse_color,
    parse_hex,
    readable_on,
    relative_luminance,
    to_hex,
    to_rgb,
)


def test_hex_forms_normalise_to_upper_case_six_digits() -> None:
    assert normalise_hex("#abc") == normalise_hex("abc") == parse_hex(" #AaBbCc ") == "#AABBCC"
    assert normalise_hex("#12345") is None and normalise_hex("bluish") is None
    with pytest.raises(ValueError, match="'bluish' is not a hex colour"):
        parse_hex("bluish")


def test_rgb_text_and_tuples() -> None:
    assert parse_color("rgb(47, 74, 59)") == parse_color((47, 74, 59)) == parse_color([47, 74, 59]) == "#2F4A3B"
    assert parse_color("RGBA(255,255,255,0.5)") == "#FFFFFF"
    assert parse_color("rgb(300, 0, 0)") is None and parse_color((1, 2)) is None
    assert to_hex((1, 2, 255)) == "#0102FF" and to_rgb("#0102ff") == to_rgb("0102FF") == (1, 2, 255)
    assert to_rgb("#abc") == (0xAA, 0xBB, 0xCC)  # short forms too, not only #RRGGBB
    assert distance("#000000", "#FFFFFF") == pytest.approx(441.67, abs=0.01) and distance("#abc", "#AABBCC") == 0


def test_hex_in_text_skips_entities_and_words() -> None:
    found = [m.group(0) for m in HEX_IN_TEXT.finditer("Moss #2f4a3a, cream #FFF; not &#123; nor issue#abc or #abcdefg")]
    assert found == ["#2f4a3a", "#FFF"]


def test_wcag_luminance_and_contrast() -> None:
    assert relative_luminance("#000") == 0 and relative_luminance("#FFF") == pytest.approx(1)
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21) == contrast_ratio("#FFFFFF", "#000000")
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # the classic "just fails AA"
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the darkest grey that passes
    # the sRGB threshold: channel 10 is linear (10/255/12.92), channel 11 already on the curve
    assert relative_luminance("#0A0A0A") == pytest.approx(10 / 255 / 12.92)
    assert relative_luminance("#0B0B0B") == pytest.approx(((11 / 255 + 0.055) / 1.055) ** 2.4)


def test_readable_on_and_mix() -> None:
    assert readable_on("#101828", ["#1A2230"]) == "#FFFFFF"  # nothing readable in the palette: white
    assert readable_on("#F4EDE1", ["#E2A03F"]) == "#111111"  # ...or near-black on a light background
    assert readable_on("#FFFFFF", ["#2F4A3A", "#000000"]) == "#000000"  # the best contrast wins
    assert mix("#000000", "#FFFFFF", 0) == "#000000" and mix("#000000", "#FFFFFF", 1) == "#FFFFFF"
    assert mix("#000", "#FFF", 0.5) == "#808080"
