"""Asking why a deal was lost: a few common reasons, the ones typed before, or a new one."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core.db import Database
from funneldesk.core.deals import remembered_lost_reasons
from funneldesk.core.validation import MAX_TEXT

COMMON_REASONS = (
    QT_TRANSLATE_NOOP("LostReason", "Price too high"),
    QT_TRANSLATE_NOOP("LostReason", "Chose a competitor"),
    QT_TRANSLATE_NOOP("LostReason", "No budget"),
    QT_TRANSLATE_NOOP("LostReason", "Not the right time"),
    QT_TRANSLATE_NOOP("LostReason", "Stopped responding"),
    QT_TRANSLATE_NOOP("LostReason", "Needs not met"),
)


@dataclass(frozen=True)
class LostReason:
    text: str | None
    remember: bool  # a reason the user typed that is not in the list yet


def reason_choices(db: Database) -> list[str]:
    common = [QCoreApplication.translate("LostReason", r) for r in COMMON_REASONS]
    return common + [r for r in remembered_lost_reasons(db) if r not in common]


class LostReasonDialog(QDialog):
    def __init__(self, db: Database, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Mark as lost"))
        self._choices = reason_choices(db)
        question = (
            self.tr("Why was this deal lost?")
            if count == 1
            else self.tr("Why were these %1 deals lost?").replace("%1", str(count))
        )
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(self._choices)
        self.reason.setCurrentIndex(-1)
        self.reason.lineEdit().setPlaceholderText(self.tr("Pick or type a reason (optional)"))
        self.reason.lineEdit().setMaxLength(500)
        self.reason.setMinimumWidth(340)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Mark lost"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        layout.addWidget(QLabel(question))
        layout.addWidget(self.reason)
        layout.addSpacing(8)
        layout.addWidget(buttons)

    def result_reason(self) -> LostReason:
        text = self.reason.currentText().strip()[:MAX_TEXT] or None
        return LostReason(text, bool(text) and text not in self._choices)


def ask_lost_reason(parent: QWidget | None, db: Database, count: int) -> LostReason | None:
    """The reason chosen, or ``None`` when the user cancelled (then nothing changes)."""
    dialog = LostReasonDialog(db, count, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.result_reason()
