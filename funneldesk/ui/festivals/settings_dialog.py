"""Customers ▸ Festival greetings…: which festivals to greet for, and whom.

The choice is stored in the database file (it belongs to the customer data and travels with
its backups) and saved as one undoable operation. Today lists a chosen festival from the
file's reminder days before it until the day itself, with the chosen customers not yet
greeted (:mod:`funneldesk.core.festivals`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import clock
from funneldesk.core.errors import ValidationError
from funneldesk.core.festivals import (
    FESTIVALS,
    festival_choice,
    set_festival_choice,
    window_days,
)
from funneldesk.core.search import search_customers
from funneldesk.core.yearly_dates import customer_names
from funneldesk.ui import labels
from funneldesk.ui.card.choice_combo import ChoiceCombo
from funneldesk.ui.context import AppContext
from funneldesk.ui.widgets.dialog_buttons import confirm_cancel

SEARCH_DELAY_MS = 250


def open_festival_settings(window: QWidget, context: AppContext) -> None:
    """Customers ▸ Festival greetings…"""
    FestivalSettingsDialog(context, window).exec()


class FestivalSettingsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Festival greetings"))
        self.setMinimumWidth(640)
        choice = festival_choice(context.db)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addWidget(self._festival_group(choice.festivals))
        layout.addWidget(self._audience_group(choice))
        note = QLabel(
            self.tr(
                "Today lists a festival %1 days before it (the reminder days in Settings) "
                "with the customers not yet greeted."
            ).replace("%1", str(window_days(context.db)))
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(note)
        buttons = confirm_cancel(self)
        layout.addWidget(buttons)

    # -- festivals -----------------------------------------------------------------------
    def _festival_group(self, chosen: tuple[str, ...]) -> QGroupBox:
        group = QGroupBox(self.tr("Festivals"))
        grid = QGridLayout(group)
        self.festivals: dict[str, QCheckBox] = {}
        today = clock.today()
        chinese = [f for f in FESTIVALS if f.calendar == "lunar"]
        others = [f for f in FESTIVALS if f.calendar == "solar"]
        for column, festivals in enumerate((chinese, others)):
            for row, festival in enumerate(festivals):
                name = festival.name("zh_CN" if labels.is_chinese() else "en")
                try:
                    when = labels.short_date(festival.next_date(today))
                except ValidationError:
                    when = "—"
                box = QCheckBox(f"{name}  ·  {when}")
                box.setToolTip(f"{festival.name_zh} · {festival.name_en}")
                box.setChecked(festival.code in chosen)
                self.festivals[festival.code] = box
                grid.addWidget(box, row, column)
        return group

    # -- whom ----------------------------------------------------------------------------
    def _audience_group(self, choice) -> QGroupBox:  # noqa: ANN001
        group = QGroupBox(self.tr("Greet"))
        column = QVBoxLayout(group)
        self.audience = QButtonGroup(self)
        texts = {
            "all": self.tr("All customers"),
            "won": self.tr("Customers with a won deal"),
            "source": self.tr("Customers from one lead source:"),
            "list": self.tr("Customers I choose:"),
        }
        self.audience_buttons: dict[str, QRadioButton] = {}
        for code, text in texts.items():
            button = QRadioButton(text)
            button.setProperty("audience", code)
            self.audience.addButton(button)
            self.audience_buttons[code] = button
        self.source = ChoiceCombo(labels.SOURCES)
        self.source.set_value(choice.source)
        source_row = QHBoxLayout()
        source_row.addWidget(self.audience_buttons["source"])
        source_row.addWidget(self.source, 1)
        column.addWidget(self.audience_buttons["all"])
        column.addWidget(self.audience_buttons["won"])
        column.addLayout(source_row)
        column.addWidget(self.audience_buttons["list"])
        self.picker = self._picker(choice.customer_ids)
        column.addWidget(self.picker)
        self.audience_buttons[choice.audience].setChecked(True)
        self.audience.buttonToggled.connect(lambda *_: self._update_enabled())
        self._update_enabled()
        return group

    def _picker(self, ids: tuple[int, ...]) -> QWidget:
        """Search on the left, the chosen customers on the right."""
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Find a customer by name, phone, company…"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.chosen = QListWidget()
        self.chosen.setSortingEnabled(True)
        names = customer_names(self.context.db, ids)
        for customer_id in ids:
            if customer_id in names:
                self._add_item(self.chosen, customer_id, names[customer_id])
        timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        timer.timeout.connect(self._find)
        self.search.textChanged.connect(lambda _text: timer.start())
        add = QPushButton(self.tr("Add →"))
        add.clicked.connect(self._add_selected)
        self.results.itemDoubleClicked.connect(lambda _item: self._add_selected())
        remove = QPushButton(self.tr("← Remove"))
        remove.clicked.connect(self._remove_selected)
        self.chosen.itemDoubleClicked.connect(lambda _item: self._remove_selected())
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.results)
        middle = QVBoxLayout()
        middle.addStretch(1)
        middle.addWidget(add)
        middle.addWidget(remove)
        middle.addStretch(1)
        right = QVBoxLayout()
        self.chosen_label = QLabel()
        right.addWidget(self.chosen_label)
        right.addWidget(self.chosen)
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(24, 0, 0, 0)
        row.addLayout(left, 1)
        row.addLayout(middle)
        row.addLayout(right, 1)
        self._update_chosen_count()
        return box

    @staticmethod
    def _add_item(target: QListWidget, customer_id: int, text: str) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, customer_id)
        target.addItem(item)

    def chosen_ids(self) -> list[int]:
        return [
            self.chosen.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.chosen.count())
        ]

    def _find(self) -> None:
        self.results.clear()
        for found in search_customers(self.context.db, self.search.text(), limit=50):
            text = (
                f"{found['name']} ({found['company']})" if found.get("company") else found["name"]
            )
            self._add_item(self.results, found["id"], text)

    def _add_selected(self) -> None:
        have = set(self.chosen_ids())
        for item in self.results.selectedItems() or [self.results.currentItem()]:
            if item is not None and item.data(Qt.ItemDataRole.UserRole) not in have:
                self._add_item(self.chosen, item.data(Qt.ItemDataRole.UserRole), item.text())
        self._update_chosen_count()

    def _remove_selected(self) -> None:
        for item in self.chosen.selectedItems():
            self.chosen.takeItem(self.chosen.row(item))
        self._update_chosen_count()

    def _update_chosen_count(self) -> None:
        self.chosen_label.setText(self.tr("Chosen: %1").replace("%1", str(self.chosen.count())))

    def _update_enabled(self) -> None:
        audience = self.audience.checkedButton().property("audience")
        self.source.setEnabled(audience == "source")
        self.picker.setEnabled(audience == "list")

    # -- saving --------------------------------------------------------------------------
    def values(self) -> dict:
        return {
            "festivals": [code for code, box in self.festivals.items() if box.isChecked()],
            "audience": self.audience.checkedButton().property("audience"),
            "source": self.source.value(),
            "customer_ids": self.chosen_ids(),
        }

    def accept(self) -> None:
        if self.context.run(set_festival_choice, self.values(), parent=self) is not None:
            super().accept()
