"""The card's "Keep in touch" control: off, every 7/14/30/90 days in one click, or any number.

Customers whose last contact is older than this interval appear in Today with how many days
over (:mod:`funneldesk.core.keep_in_touch`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QInputDialog, QWidget

from funneldesk.core.keep_in_touch import PRESET_DAYS

MAX_DAYS = 3660


def every_text(days: int) -> str:
    """``Every 30 days`` (``Every day`` for 1) in the user's language."""
    if days == 1:
        return QCoreApplication.translate("KeepInTouchCombo", "Every day")
    text = QCoreApplication.translate("KeepInTouchCombo", "Every %1 days")
    return text.replace("%1", str(days))


class KeepInTouchCombo(QComboBox):
    """``value()`` is the interval in days, or ``None`` for off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem(self.tr("Off"), None)
        for days in PRESET_DAYS:
            self.addItem(every_text(days), days)
        self.addItem(self.tr("Other…"), "other")
        self.setToolTip(
            self.tr("Today lists this customer when the last contact is older than this.")
        )
        self._previous = 0
        self.activated.connect(self._chosen)

    def value(self) -> int | None:
        data = self.currentData()
        return data if isinstance(data, int) else None

    def set_value(self, days: int | None) -> None:
        index = self.findData(days) if days else 0
        if index < 0:
            self.insertItem(self.count() - 1, every_text(days), days)
            index = self.count() - 2
        self.setCurrentIndex(index)
        self._previous = index

    def _chosen(self, index: int) -> None:
        if self.itemData(index) != "other":
            self._previous = index
            return
        days, ok = QInputDialog.getInt(
            self,
            self.tr("Keep in touch"),
            self.tr("Every how many days?"),
            self.value() or 60,
            1,
            MAX_DAYS,
        )
        if ok:
            self.set_value(days)
        else:
            self.setCurrentIndex(self._previous)
