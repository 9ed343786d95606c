"""Log or edit one contact (call, meeting, greeting …); a new one can plan a follow-up call."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core.clock import format_timestamp, parse_timestamp
from funneldesk.core.customer_card import DealEntry, InteractionEntry
from funneldesk.core.customers import clean_interaction
from funneldesk.core.errors import ValidationError
from funneldesk.ui import labels
from funneldesk.ui.card.field_error import FieldError
from funneldesk.ui.error_messages import translated_error
from funneldesk.ui.widgets.choice_menu import code_combo
from funneldesk.ui.widgets.dialog_buttons import confirm_cancel


def local_datetime(timestamp: str) -> QDateTime:
    """A stored UTC timestamp as a local date and time for display and editing."""
    moment = parse_timestamp(timestamp)
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp())).toLocalTime()


def utc_timestamp(value: QDateTime) -> str:
    return format_timestamp(datetime.fromtimestamp(value.toSecsSinceEpoch(), UTC))


class InteractionDialog(QDialog):
    """Returns core-ready values from :meth:`values` after ``exec()`` was accepted."""

    def __init__(
        self,
        parent: QWidget | None,
        deals: list[DealEntry],
        entry: InteractionEntry | None = None,
        *,
        kind: str = "call",
        deal_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setWindowTitle(self.tr("Edit contact") if entry else self.tr("Log contact"))
        self.setMinimumWidth(460)

        self.kind = code_combo(labels.INTERACTION_KINDS)
        self.when = QDateTimeEdit(QDateTime.currentDateTime())
        self.when.setCalendarPopup(True)
        self.when.setTimeZone(QTimeZone.systemTimeZone())
        self.duration = QSpinBox()
        self.duration.setRange(0, 24 * 60)
        self.duration.setSuffix(self.tr(" min"))
        self.duration.setSpecialValueText(self.tr("—"))
        self.outcome = QComboBox()
        self.outcome.addItem(self.tr("—"), None)
        for code in labels.OUTCOMES:
            self.outcome.addItem(labels.label(labels.OUTCOMES, code), code)
        self.deal = QComboBox()
        self.deal.addItem(self.tr("No deal"), None)
        for deal in deals:
            self.deal.addItem(deal.title, deal.id)
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText(self.tr("What was said, what was agreed …"))
        self.summary.setMinimumHeight(110)
        self.follow_up_on = QCheckBox(self.tr("Plan a follow-up on"))
        self.follow_up = QDateEdit(QDate.currentDate().addDays(7))
        self.follow_up.setCalendarPopup(True)
        self.follow_up.setEnabled(False)
        self.follow_up_on.toggled.connect(self.follow_up.setEnabled)
        self.error = FieldError()

        follow = QHBoxLayout()
        follow.addWidget(self.follow_up_on)
        follow.addWidget(self.follow_up, 1)
        form = QFormLayout()
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("When"), self.when)
        form.addRow(self.tr("Duration"), self.duration)
        form.addRow(self.tr("Outcome"), self.outcome)
        form.addRow(self.tr("Deal"), self.deal)
        form.addRow(self.tr("Summary"), self.summary)
        if entry is None:  # a follow-up is planned as an activity when the contact is logged
            form.addRow(self.tr("Next step"), follow)
        buttons = confirm_cancel(self, QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self._select(self.kind, entry.kind if entry else kind)
        self._select(self.deal, entry.deal_id if entry else deal_id)
        if entry is not None:
            self._load(entry)
        self.summary.setFocus(Qt.FocusReason.OtherFocusReason)

    @staticmethod
    def _select(combo: QComboBox, data: Any) -> None:
        index = combo.findData(data)
        if index >= 0:
            combo.setCurrentIndex(index)

    def _load(self, entry: InteractionEntry) -> None:
        self.when.setDateTime(local_datetime(entry.occurred_at))
        self.duration.setValue(round(entry.duration_min or 0))
        self._select(self.outcome, entry.outcome)
        self.summary.setPlainText(entry.summary or "")

    def values(self) -> dict[str, Any]:
        """The contact; when new, with the day of the follow-up activity to plan."""
        values = {
            "kind": self.kind.currentData(),
            "occurred_at": utc_timestamp(self.when.dateTime()),
            "duration_min": self.duration.value() or None,
            "outcome": self.outcome.currentData(),
            "deal_id": self.deal.currentData(),
            "summary": self.summary.toPlainText(),
        }
        if self.entry is None and self.follow_up_on.isChecked():
            values["next_follow_up"] = self.follow_up.date().toString(Qt.DateFormat.ISODate)
        return values

    def accept(self) -> None:
        try:
            clean_interaction(self.values())
        except ValidationError as exc:
            self.error.show_message(translated_error(str(exc)))
            return
        super().accept()
