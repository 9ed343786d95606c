"""What every list tab of the customer card shares: a row of buttons over a list of records.

A tab (dates, contact history, deals, planned activities …) names its columns in
:meth:`RecordTab.headers` and makes its buttons in :meth:`RecordTab.build`, turns each record into a row with :meth:`RecordTab.add_row`, and finds the selected record
with :meth:`RecordTab.selected`; double-click runs :meth:`RecordTab.open_selected`, and
buttons made with ``needs_selection`` are enabled only while a row is selected. A tab whose
records are edited in a dialog adds, edits and deletes them with :meth:`RecordTab.add_through`,
:meth:`RecordTab.edit_through` and :meth:`RecordTab.delete_through`, one core operation each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from funneldesk.ui.card.record_tree import record_tree
from funneldesk.ui.context import AppContext
from funneldesk.ui.icons import icon

COLUMN_GAP = 16  # pixels between the widest text of one column and the next column


class RecordTab(QWidget):
    stretch_column = 0
    """The column that takes the room the others leave."""

    def __init__(
        self,
        context: AppContext,
        ensure_customer: Callable[[], int | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.ensure_customer = ensure_customer
        self.entries: Sequence[Any] = []  # records with an ``id``, in the order shown
        self._selection_buttons: list[QPushButton] = []
        self.tree = record_tree(self.headers(), self.stretch_column)
        self.tree.itemDoubleClicked.connect(lambda *_: self.open_selected())
        self.tree.itemSelectionChanged.connect(self.selection_changed)
        self.buttons = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(self.buttons)
        layout.addWidget(self.tree, 1)
        self.build()
        self.selection_changed()

    def headers(self) -> list[str]:
        """The list's column titles (translated)."""
        raise NotImplementedError

    def build(self) -> None:
        """The tab's buttons (and anything else it shows), once the list exists."""
        raise NotImplementedError

    def add_edit_and_delete(self) -> None:
        """The Edit… and Delete buttons of a tab whose records are edited in a dialog."""
        self.add_button(
            "pencil-outline", self.tr("Edit…"), self.edit_selected, needs_selection=True
        )
        self.add_button(
            "delete-outline", self.tr("Delete"), self.delete_selected, needs_selection=True
        )

    def edit_selected(self) -> None:
        """Edit the selected record (tabs with :meth:`add_edit_and_delete`)."""
        raise NotImplementedError

    def delete_selected(self) -> None:
        """Delete the selected record (tabs with :meth:`add_edit_and_delete`)."""
        raise NotImplementedError

    def add_button(
        self, icon_name: str, text: str, slot: Callable[[], None], *, needs_selection: bool = False
    ) -> QPushButton:
        button = QPushButton(icon(icon_name), text)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        if needs_selection:
            self._selection_buttons.append(button)
        return button

    def show_entries(self, entries: Sequence[Any]) -> None:
        """Start the list afresh with ``entries`` (rows follow through :meth:`add_row`)."""
        self.entries = entries
        self.tree.clear()

    def add_row(self, texts: list[str], entry_id: int) -> QTreeWidgetItem:
        item = QTreeWidgetItem(texts)
        item.setData(0, Qt.ItemDataRole.UserRole, entry_id)
        self.tree.addTopLevelItem(item)
        return item

    def fit_columns(self, columns: range | Sequence[int]) -> None:
        """Each column as wide as its widest text plus a gap: fitted exactly, one column's
        text ran into the next ("2000年农历冬月初五2026/12/13")."""
        for column in columns:
            self.tree.resizeColumnToContents(column)
            self.tree.setColumnWidth(column, self.tree.columnWidth(column) + COLUMN_GAP)
        self.selection_changed()

    def selected(self) -> Any | None:
        item = self.tree.currentItem()
        if item is None or not item.isSelected():
            return None
        entry_id = item.data(0, Qt.ItemDataRole.UserRole)
        return next((e for e in self.entries if e.id == entry_id), None)

    def open_selected(self) -> None:
        """What double-click does (edit, in most tabs)."""

    def selection_changed(self) -> None:
        has = self.selected() is not None
        for button in self._selection_buttons:
            button.setEnabled(has)

    def add_through(self, make_dialog: Callable[[], QDialog], add: Callable[..., Any]) -> None:
        """Add a record to the customer (saved first when new) with the values of the dialog
        ``make_dialog`` returns, through the core operation ``add(db, customer_id, values)``."""
        customer_id = self.ensure_customer()
        if customer_id is None:
            return
        dialog = make_dialog()
        if dialog.exec():
            self.context.run(add, customer_id, dialog.values(), parent=self)

    def edit_through(
        self, make_dialog: Callable[[Any], QDialog], update: Callable[..., Any]
    ) -> None:
        """Edit the selected record in ``make_dialog(entry)`` and save it with
        ``update(db, entry_id, values)``."""
        entry = self.selected()
        if entry is None:
            return
        dialog = make_dialog(entry)
        if dialog.exec():
            self.context.run(update, entry.id, dialog.values(), parent=self)

    def delete_through(self, delete: Callable[..., Any]) -> None:
        """Delete the selected record with ``delete(db, entry_id)`` (undoable, as every change)."""
        entry = self.selected()
        if entry is not None:
            self.context.run(delete, entry.id, parent=self)
