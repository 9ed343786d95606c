"""Plan, edit, complete or delete one activity (a call at 15:00, a visit on Thursday, a task).

Every view opens it through :func:`plan_activity` (a new one, maybe pre-filled) or
:func:`open_activity` (an existing one). Saving, Done and Delete are each one undoable
operation. Done asks how it went, logs the contact in the same step and offers to plan the
next one, so a deal never loses its next step.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import activities, board, clock, owners
from funneldesk.core.activities import Activity
from funneldesk.core.customer_card import customer_deals
from funneldesk.core.errors import ValidationError
from funneldesk.ui import labels
from funneldesk.ui.card.field_error import FieldError
from funneldesk.ui.context import AppContext
from funneldesk.ui.error_messages import translated_error
from funneldesk.ui.icons import icon
from funneldesk.ui.pipeline.deal_dialog import CustomerPicker
from funneldesk.ui.pipeline.lost_reason import deal_line
from funneldesk.ui.theme import heading_font
from funneldesk.ui.widgets.dialog_buttons import Button, confirm_cancel

REMINDER_CHOICES = (None, 0, 5, 10, 15, 30, 60, 120, 24 * 60)  # minutes before


def reminder_text(minutes: int | None) -> str:
    if minutes is None:
        return tr("No reminder")
    if minutes == 0:
        return tr("At the time")
    if minutes == 24 * 60:
        return tr("1 day before")
    if minutes == 60:
        return tr("1 hour before")
    if minutes % 60 == 0:
        return tr("%1 hours before").replace("%1", str(minutes // 60))
    return tr("%1 min before").replace("%1", str(minutes))


def tr(text: str) -> str:
    return QCoreApplication.translate("ActivityDialog", text)


class ActivityDialog(QDialog):
    """Create (``item is None``, from ``draft`` values) or edit one activity."""

    def __init__(
        self,
        context: AppContext,
        item: Activity | None = None,
        draft: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.item = item
        self.saved_id: int | None = None
        self.completed = False
        draft = dict(draft or {})
        self.setMinimumWidth(460)
        self.subject = QLabel()
        self.subject.setTextFormat(Qt.TextFormat.PlainText)
        self.subject.setWordWrap(True)
        self.subject.setFont(heading_font(scale=1.0))

        self.kind = QComboBox()
        for code in activities.KINDS:
            self.kind.addItem(
                icon(labels.icon_name(labels.ACTIVITY_KINDS, code)),
                labels.label(labels.ACTIVITY_KINDS, code),
                code,
            )
        self.title = QLineEdit()
        self.title.setMaxLength(500)
        self.title.setPlaceholderText(self.tr("e.g. Call about the quote"))
        self.customer = CustomerPicker(context)
        self.customer.editingFinished.connect(self._customer_changed)
        self.customer.completer().activated.connect(lambda _text: self._customer_changed())
        self.deal = QComboBox()
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.timed = QCheckBox(self.tr("at"))
        self.at = QTimeEdit()
        self.at.setDisplayFormat("HH:mm")
        self.timed.toggled.connect(self.at.setEnabled)
        self.duration = QSpinBox()
        self.duration.setRange(0, 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(self.tr(" min"))
        self.duration.setSpecialValueText(self.tr("—"))
        self.reminder = QComboBox()
        for minutes in REMINDER_CHOICES:
            self.reminder.addItem(reminder_text(minutes), minutes)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("What to prepare, what to ask …"))
        self.notes.setMinimumHeight(70)
        self.owner = QComboBox()
        self.owner.setEditable(True)
        self.owner.addItems([""] + owners.known_owners(context.db))
        self.error = FieldError()

        when = QHBoxLayout()
        when.addWidget(self.day, 1)
        when.addWidget(self.timed)
        when.addWidget(self.at)
        form = QFormLayout()
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Customer"), self.customer)
        form.addRow(self.tr("Deal"), self.deal)
        form.addRow(self.tr("When"), when)
        form.addRow(self.tr("Duration"), self.duration)
        form.addRow(self.tr("Reminder"), self.reminder)
        form.addRow(self.tr("Owner"), self.owner)
        form.addRow(self.tr("Notes"), self.notes)

        buttons = confirm_cancel(self, Button.Save, self.save)
        if item is not None:
            done = buttons.addButton(self.tr("Done…"), QDialogButtonBox.ButtonRole.ActionRole)
            done.setIcon(icon("check-circle-outline"))
            done.clicked.connect(self.complete)
            remove = buttons.addButton(self.tr("Delete"), QDialogButtonBox.ButtonRole.ActionRole)
            remove.setIcon(icon("delete-outline"))
            remove.clicked.connect(self.delete)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(self.subject)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._fill(item, draft)
        self.deal.currentIndexChanged.connect(self._show_subject)
        self._show_subject()
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- filling and reading -------------------------------------------------------------
    def _fill(self, item: Activity | None, draft: dict[str, Any]) -> None:
        values = _values_of(item) if item is not None else draft
        _select(self.kind, values.get("kind") or "call")
        self.title.setText(values.get("title") or "")
        customer_id = values.get("customer_id")
        if customer_id is not None:
            choice = board.customer_choice(self.context.db, customer_id)
            self.customer.set_customer(customer_id, choice.name if choice else None)
        self._customer_changed()
        _select(self.deal, values.get("deal_id"))
        day = values.get("due_date") or clock.today()
        self.day.setDate(QDate(day.year, day.month, day.day))
        at = values.get("due_time")
        self.timed.setChecked(at is not None)
        self.at.setEnabled(at is not None)
        start = time.fromisoformat(at) if at else _next_half_hour()
        self.at.setTime(QTime(start.hour, start.minute))
        self.duration.setValue(values.get("duration_min") or 0)
        _select(self.reminder, values.get("remind_min_before"))
        self.owner.setCurrentText(values.get("owner") or "")
        self.notes.setPlainText(values.get("notes") or "")

    def _customer_changed(self) -> None:
        """The deal menu lists the chosen customer's deals, open ones first."""
        current = self.deal.currentData()
        self.deal.clear()
        self.deal.addItem(self.tr("No deal"), None)
        customer_id = self.customer.resolved_id()
        if customer_id is None:
            self._show_subject()
            return
        for deal in customer_deals(self.context.db, customer_id):
            if deal.status == "open" or deal.id == current:
                self.deal.addItem(deal.title, deal.id)
        _select(self.deal, current)
        self._show_subject()

    def _show_subject(self) -> None:
        """Name what the activity is for — “Tea set” — 张三, as the lost-reason dialog names a
        deal — in the title and above the form, following the customer and deal chosen."""
        customer = self.customer.text().strip() or None
        deal = self.deal.currentText() if self.deal.currentData() is not None else None
        subject = deal_line(deal, customer) if deal else customer
        self.subject.setText(subject or "")
        self.subject.setVisible(bool(subject))
        title = self.tr("Edit activity: %1") if self.item else self.tr("Plan activity: %1")
        if not subject:
            title = self.tr("Edit activity") if self.item else self.tr("Plan activity")
        self.setWindowTitle(title.replace("%1", deal or customer or ""))

    def values(self) -> dict[str, Any]:
        day = self.day.date()
        return {
            "customer_id": self.customer.resolved_id(),
            "deal_id": self.deal.currentData(),
            "kind": self.kind.currentData(),
            "title": self.title.text(),
            "due_date": date(day.year(), day.month(), day.day()),
            "due_time": self.at.time().toString("HH:mm") if self.timed.isChecked() else None,
            "duration_min": self.duration.value() or None,
            "remind_min_before": self.reminder.currentData(),
            "notes": self.notes.toPlainText(),
            "owner": self.owner.currentText(),
        }

    # -- actions -------------------------------------------------------------------------
    def save(self) -> None:
        values = self.values()
        if values["customer_id"] is None:
            self.error.show_message(self.tr("Pick the customer from the list."))
            self.customer.setFocus()
            return
        try:
            activities.clean_activity(values)
        except ValidationError as exc:
            self.error.show_message(translated_error(str(exc)))
            return
        if self.item is None:
            changes = self.context.run(activities.add_activity, values, parent=self)
            if changes:
                self.saved_id = changes.inserted_ids("activities")[0]
        else:
            changes = self.context.run(
                activities.update_activity, self.item.id, values, parent=self
            )
            self.saved_id = self.item.id if changes is not None else None
        if changes is not None:
            self.accept()

    def complete(self) -> None:
        if self.item is not None and complete_activity(self.context, self.item, self):
            self.completed = True
            self.accept()

    def delete(self) -> None:
        if self.item is not None and self.context.run(
            activities.delete_activity, self.item.id, parent=self
        ):
            self.accept()


class DoneDialog(QDialog):
    """How did it go? Outcome and summary of the contact, and whether to plan the next one."""

    def __init__(self, item: Activity, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Done: %1").replace("%1", activity_name(item)))
        self.setMinimumWidth(420)
        self.outcome = QComboBox()
        self.outcome.addItem(self.tr("—"), None)
        for code in labels.OUTCOMES:
            self.outcome.addItem(labels.label(labels.OUTCOMES, code), code)
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText(self.tr("What was said, what was agreed …"))
        self.summary.setMinimumHeight(90)
        self.log = QCheckBox(self.tr("Log it in the contact history"))
        self.log.setChecked(True)
        self.next = QCheckBox(self.tr("Schedule the next one"))
        self.next.setChecked(True)
        form = QFormLayout()
        form.addRow(self.tr("Customer"), QLineEdit(item.customer_name, readOnly=True))
        form.addRow(self.tr("Outcome"), self.outcome)
        form.addRow(self.tr("Summary"), self.summary)
        form.addRow("", self.log)
        form.addRow("", self.next)
        buttons = confirm_cancel(self, text=self.tr("Mark done"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.summary.setFocus(Qt.FocusReason.OtherFocusReason)


def complete_activity(context: AppContext, item: Activity, parent: QWidget | None) -> bool:
    """Ask how it went, mark it done and log the contact (one step); then offer the next."""
    dialog = DoneDialog(item, parent)
    if not dialog.exec():
        return False
    changes = context.run(
        activities.complete_activity,
        item.id,
        outcome=dialog.outcome.currentData(),
        summary=dialog.summary.toPlainText(),
        log_contact=dialog.log.isChecked(),
        parent=parent,
    )
    if changes is None:
        return False
    if dialog.next.isChecked():
        plan_activity(parent, context, activities.next_activity_draft(item, clock.today()))
    return True


def plan_activity(
    parent: QWidget | None, context: AppContext, draft: dict[str, Any] | None = None
) -> int | None:
    """The dialog for a new activity; its id once saved, else ``None``."""
    dialog = ActivityDialog(context, None, draft, parent)
    dialog.exec()
    return dialog.saved_id


def open_activity(parent: QWidget | None, context: AppContext, activity_id: int) -> None:
    """Edit an existing activity (or say that it no longer exists)."""
    item = activities.get_activity(context.db, activity_id)
    if item is None:
        context.show_error(tr("This activity no longer exists."), parent)
        return
    ActivityDialog(context, item, None, parent).exec()


def activity_name(item: Activity) -> str:
    """The title, or the kind when the activity has none (an upgraded follow-up date)."""
    return item.title or labels.label(labels.ACTIVITY_KINDS, item.kind)


def _values_of(item: Activity) -> dict[str, Any]:
    return {
        "customer_id": item.customer_id,
        "deal_id": item.deal_id,
        "kind": item.kind,
        "title": item.title,
        "due_date": item.due_date,
        "due_time": item.due_time,
        "duration_min": item.duration_min,
        "remind_min_before": item.remind_min_before,
        "notes": item.notes,
        "owner": item.owner,
    }


def _select(combo: QComboBox, data: Any) -> None:
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)


def _next_half_hour() -> time:
    now = clock.local_now() + timedelta(minutes=30)
    return time(now.hour, 0 if now.minute < 30 else 30)
