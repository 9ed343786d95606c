"""The card's Important dates: what, when (solar or 农历), next occurrence, age, reminder."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import customers
from funneldesk.core.customer_card import CustomerCard, DateEntry
from funneldesk.core.reminders import feb29_rule
from funneldesk.core.settings_ops import file_setting
from funneldesk.ui import labels
from funneldesk.ui.card.date_dialog import DateDialog
from funneldesk.ui.card.record_tree import record_tree
from funneldesk.ui.context import AppContext
from funneldesk.ui.icons import icon
from funneldesk.ui.theme import tabular


def date_text(entry: DateEntry) -> str:
    if entry.calendar == "lunar":
        return labels.lunar_text(entry.month, entry.day, entry.is_leap_month, entry.year)
    return labels.solar_text(entry.month, entry.day, entry.year)


class DatesTab(QWidget):
    def __init__(
        self, context: AppContext, ensure_customer: Callable[[], int | None], parent=None
    ) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.context = context
        self.ensure_customer = ensure_customer
        self.entries: list[DateEntry] = []
        self.tree = record_tree(
            [
                self.tr("Date"),
                self.tr("When"),
                self.tr("Next"),
                self.tr("Age / years"),
                self.tr("Reminder"),
            ],
            0,
        )
        self.tree.itemDoubleClicked.connect(lambda *_: self.edit_selected())
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton(icon("calendar-plus"), self.tr("Add date…"))
        self.add_button.clicked.connect(self.add_date)
        self.edit_button = QPushButton(icon("pencil-outline"), self.tr("Edit…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton(icon("delete-outline"), self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        self._update_buttons()

    def load(self, card: CustomerCard | None) -> None:
        self.entries = card.dates if card else []
        self.tree.clear()
        for entry in self.entries:
            kind = labels.label(labels.DATE_KINDS, entry.kind)
            what = f"{kind} · {entry.label}" if entry.label else kind
            if entry.next_date is None:
                upcoming = "—"
            else:
                upcoming = (
                    f"{labels.short_date(entry.next_date)} "
                    f"({labels.relative_days(entry.days_until or 0)})"
                )
            item = QTreeWidgetItem(
                [
                    what,
                    date_text(entry),
                    upcoming,
                    labels.years_text(entry.kind, entry.years),
                    self.tr("%1 days before").replace("%1", str(entry.remind_days_before)),
                ]
            )
            item.setIcon(0, icon(labels.icon_name(labels.DATE_KINDS, entry.kind)))
            item.setData(0, Qt.ItemDataRole.UserRole, entry.id)
            for column in (2, 4):
                item.setFont(column, tabular())
            self.tree.addTopLevelItem(item)
        for column in range(1, 5):
            self.tree.resizeColumnToContents(column)
        self._update_buttons()

    def selected(self) -> DateEntry | None:
        item = self.tree.currentItem()
        if item is None or not item.isSelected():
            return None
        date_id = item.data(0, Qt.ItemDataRole.UserRole)
        return next((e for e in self.entries if e.id == date_id), None)

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _dialog(self, entry: DateEntry | None) -> DateDialog:
        remind = int(file_setting(self.context.db, "remind_days_before") or 7)
        return DateDialog(self, entry, feb29=feb29_rule(self.context.db), default_remind=remind)

    def add_date(self) -> None:
        customer_id = self.ensure_customer()
        if customer_id is None:
            return
        dialog = self._dialog(None)
        if dialog.exec():
            self.context.run(
                customers.add_important_date, customer_id, dialog.values(), parent=self
            )

    def edit_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        dialog = self._dialog(entry)
        if dialog.exec():
            self.context.run(
                customers.update_important_date, entry.id, dialog.values(), parent=self
            )

    def delete_selected(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.context.run(customers.delete_important_date, entry.id, parent=self)
