"""Asking why a deal was lost: a few common reasons, the ones typed before, or a new one."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core.db import Database
from funneldesk.core.deals import deal_names, remembered_lost_reasons
from funneldesk.core.validation import MAX_TEXT
from funneldesk.ui.widgets.dialog_buttons import confirm_cancel

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


SHOWN_DEALS = 5


def deal_line(title: str, customer: str | None) -> str:
    """“Tea set” — 张三: a deal as the dialogs name it."""
    named = QCoreApplication.translate("LostReason", "“%1”").replace("%1", title)
    return f"{named} — {customer}" if customer else named


class LostReasonDialog(QDialog):
    def __init__(self, db: Database, deal_ids: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = reason_choices(db)
        names = deal_names(db, deal_ids)
        count = len(names) or len(deal_ids)
        if count == 1 and names:
            self.setWindowTitle(self.tr("Mark as lost: %1").replace("%1", names[0][0]))
            question = self.tr("Why was %1 lost?").replace("%1", deal_line(*names[0]))
        else:
            self.setWindowTitle(self.tr("Mark %n deals as lost", "", count))
            lines = [deal_line(*name) for name in names[:SHOWN_DEALS]]
            if len(names) > SHOWN_DEALS:
                lines.append(self.tr("and %n more", "", len(names) - SHOWN_DEALS))
            question = (
                self.tr("Why were these %n deals lost?", "", count)
                + "\n"
                + "\n".join("• " + line for line in lines)
            )
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(self._choices)
        self.reason.setCurrentIndex(-1)
        self.reason.lineEdit().setPlaceholderText(self.tr("Pick or type a reason (optional)"))
        self.reason.lineEdit().setMaxLength(500)
        self.reason.setMinimumWidth(340)
        buttons = confirm_cancel(self, text=self.tr("Mark lost"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        self.question = QLabel(question)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.question)
        layout.addWidget(self.reason)
        layout.addSpacing(8)
        layout.addWidget(buttons)

    def result_reason(self) -> LostReason:
        text = self.reason.currentText().strip()[:MAX_TEXT] or None
        return LostReason(text, bool(text) and text not in self._choices)


def ask_lost_reason(parent: QWidget | None, db: Database, deal_ids: list[int]) -> LostReason | None:
    """The reason chosen, or ``None`` when the user cancelled (then nothing changes)."""
    dialog = LostReasonDialog(db, deal_ids, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.result_reason()
