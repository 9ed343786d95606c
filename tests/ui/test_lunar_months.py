"""Lunar months read as a Chinese calendar writes them, with an English gloss in English."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from funneldesk.ui import labels
from funneldesk.ui.card.date_dialog import DateDialog


@pytest.fixture
def language(qapp):  # noqa: ANN001, ANN201
    before = QLocale()

    def use(name: str) -> None:
        QLocale.setDefault(QLocale(name))

    yield use
    QLocale.setDefault(before)


def test_month_names_in_english_and_chinese(language) -> None:  # noqa: ANN001
    language("en")
    assert labels.lunar_month_name(1) == "正月 (1st month)"
    assert labels.lunar_month_name(11) == "冬月 (11th month)"
    assert labels.lunar_month_name(12) == "腊月 (12th month)"
    assert labels.lunar_month_name(4, is_leap=True) == "闰四月 (leap 4th month)"
    assert labels.lunar_text(8, 15, False) == "八月十五 (lunar 8/15)"
    language("zh_CN")
    assert [labels.lunar_month_name(m) for m in (1, 10, 11, 12)] == ["正月", "十月", "冬月", "腊月"]
    assert labels.lunar_month_name(4, is_leap=True) == "闰四月"
    assert labels.lunar_text(4, 8, True) == "农历闰四月初八"


def test_the_lunar_month_picker_shows_every_name_whole(qtbot, language) -> None:  # noqa: ANN001
    language("en")
    dialog = DateDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.lunar.setChecked(True)
    QApplication.processEvents()
    month = dialog.month
    texts = [month.itemText(i) for i in range(month.count())]
    assert texts[10] == "冬月 (11th month)" and texts[11] == "腊月 (12th month)"
    widest = max(month.fontMetrics().horizontalAdvance(text) for text in texts)
    assert month.width() >= widest + 20  # "Lunar month 11" was cut to "Lunar month 1"
