"""The card's Preferences: value chips grouped by category (drink: latte, gift: tea …)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import customers
from funneldesk.core.customer_card import CustomerCard, PreferenceEntry
from funneldesk.ui import labels
from funneldesk.ui.context import AppContext
from funneldesk.ui.icons import icon
from funneldesk.ui.widgets.choice_menu import code_combo
from funneldesk.ui.widgets.flow_layout import FlowLayout
from funneldesk.ui.widgets.muted_label import muted_label

CHIP_STYLE = (
    "QToolButton#chip { border: 1px solid palette(mid); border-radius: 12px; "
    "padding: 2px 10px; background: palette(alternate-base); }"
    "QToolButton#chip:hover { border-color: palette(highlight); }"
    "QToolButton#chip::menu-indicator { image: none; width: 0; }"
)


class PreferencesTab(QWidget):
    def __init__(
        self, context: AppContext, ensure_customer: Callable[[], int | None], parent=None
    ) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.context = context
        self.ensure_customer = ensure_customer
        self.chips: list[QToolButton] = []

        # No category is chosen for the user (the first one, Colour, used to be): a drink
        # filed under Colour misleads every greeting that uses it. The choice then stays
        # for the next entry, as several of one kind are often noted together.
        self.category = code_combo(labels.PREFERENCE_CATEGORIES)
        self.category.setPlaceholderText(self.tr("Category…"))
        self.category.setCurrentIndex(-1)
        self.value = QLineEdit()
        self.value.setPlaceholderText(self.tr("e.g. green tea, jazz, red wine"))
        self.value.returnPressed.connect(self.add_preference)
        add = QPushButton(icon("plus"), self.tr("Add"))
        add.clicked.connect(self.add_preference)
        entry_row = QHBoxLayout()
        entry_row.addWidget(self.category)
        entry_row.addWidget(self.value, 1)
        entry_row.addWidget(add)

        self.groups = QWidget()
        self.groups.setStyleSheet(CHIP_STYLE)
        self.form = QFormLayout(self.groups)
        self.form.setContentsMargins(0, 8, 0, 0)
        self.form.setVerticalSpacing(12)
        self.empty = muted_label(
            self.tr(
                "No preferences yet. Note what they drink, enjoy or would like as a gift — "
                "greeting templates can use it."
            )
        )
        self.empty.setWordWrap(True)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.groups)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(entry_row)
        layout.addWidget(self.empty)
        layout.addWidget(scroll, 1)

    def load(self, card: CustomerCard | None) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.chips = []
        entries = card.preferences if card else []
        self.empty.setVisible(not entries)
        for code in labels.PREFERENCE_CATEGORIES:
            group = [e for e in entries if e.category == code]
            if group:
                self._add_group(code, group)
        for code in sorted({e.category for e in entries} - set(labels.PREFERENCE_CATEGORIES)):
            self._add_group(code, [e for e in entries if e.category == code])

    def _add_group(self, code: str, entries: list[PreferenceEntry]) -> None:
        caption = muted_label(labels.label(labels.PREFERENCE_CATEGORIES, code))
        row = QWidget()
        flow = FlowLayout(row)
        flow.setContentsMargins(0, 0, 0, 0)
        for entry in entries:
            chip = QToolButton()
            chip.setObjectName("chip")
            chip.setText(entry.value)
            chip.setIcon(icon(labels.icon_name(labels.PREFERENCE_CATEGORIES, code)))
            chip.setIconSize(QSize(14, 14))
            chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            chip.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            chip.setProperty("preference_id", entry.id)
            menu = QMenu(chip)
            menu.addAction(icon("pencil-outline"), self.tr("Edit…"), lambda e=entry: self.edit(e))
            menu.addAction(
                icon("delete-outline"), self.tr("Delete"), lambda e=entry: self.delete(e)
            )
            chip.setMenu(menu)
            flow.addWidget(chip)
            self.chips.append(chip)
        self.form.addRow(caption, row)

    def add_preference(self) -> None:
        if not self.value.text().strip():
            self.value.setFocus()
            return
        if self.category.currentIndex() < 0:
            self.category.setFocus()
            self.category.showPopup()
            return
        customer_id = self.ensure_customer()
        if customer_id is None:
            return
        changes = self.context.run(
            customers.add_preference,
            customer_id,
            self.category.currentData(),
            self.value.text(),
            parent=self,
        )
        if changes is not None:
            self.value.clear()

    def edit(self, entry: PreferenceEntry) -> None:
        text, ok = QInputDialog.getText(
            self,
            self.tr("Edit preference"),
            labels.label(labels.PREFERENCE_CATEGORIES, entry.category),
            text=entry.value,
        )
        if ok:
            self.context.run(
                customers.update_preference, entry.id, entry.category, text, parent=self
            )

    def delete(self, entry: PreferenceEntry) -> None:
        self.context.run(customers.delete_preference, entry.id, parent=self)
