"""The UI font is chosen per language: English draws “…” and quotes with a Latin font (a CJK
font only as the fallback for Chinese names), Chinese draws with a CJK font first."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontDatabase, QFontInfo, QFontMetricsF

from funneldesk.ui import i18n
from funneldesk.ui.theme import CJK_FALLBACKS, is_cjk_family, ui_font


@pytest.fixture
def cjk_installed(qapp) -> str:  # noqa: ANN001
    found = [family for family in CJK_FALLBACKS if family in QFontDatabase.families()]
    if not found:
        pytest.skip("no CJK font installed")
    return found[0]


def test_english_draws_with_a_latin_font_and_keeps_cjk_as_fallback(cjk_installed: str) -> None:
    font = ui_font("en")
    assert not is_cjk_family(QFontInfo(font).family()), font.families()
    assert cjk_installed in font.families(), "Chinese names still need a font"
    metrics = QFontMetricsF(font)
    # A CJK font sets “ full-width, as wide as 中; a Latin quote is about half of that.
    assert metrics.horizontalAdvance("“") < 0.7 * metrics.horizontalAdvance("中")


def test_chinese_draws_with_a_cjk_font_first(cjk_installed: str) -> None:
    font = ui_font("zh_CN")
    assert font.families()[0] == cjk_installed
    assert is_cjk_family(QFontInfo(font).family())


def test_the_font_follows_the_language_installed(qapp, cjk_installed: str) -> None:  # noqa: ANN001
    i18n.install_translators(qapp, "zh_CN")
    try:
        assert ui_font().families()[0] == cjk_installed
    finally:
        i18n.install_translators(qapp, "en")
    assert not is_cjk_family(ui_font().families()[0])
