"""Settings ▸ Currencies: the exchange rates every total converts with.

One row per rate: the currency, how many units of the reporting currency one unit is worth,
and the day from which it holds (closed deals convert at the rate of their close day, open
deals at the latest). Adding, editing and deleting are core operations, undoable from
Edit ▸ Undo like any other change. Above the table, the deals whose currency has no rate —
they are left out of every total — each with a button that adds the missing rate.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import clock, money
from funneldesk.core.changes import ChangeSet
from funneldesk.ui.context import AppContext
from funneldesk.ui.theme import semantic
from funneldesk.ui.widgets.button_row import button_row
from funneldesk.ui.widgets.dialog_buttons import confirm_cancel

WATCHED = {"exchange_rates", "deals", "settings"}


class RateEditor(QDialog):
    """Currency, rate and valid-from day of one exchange rate."""

    def __init__(
        self,
        reporting: str,
        rate: money.ExchangeRate | None = None,
        currency: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Exchange rate"))
        self.currency = QLineEdit(rate.currency if rate else currency)
        self.currency.setMaxLength(3)
        self.currency.setPlaceholderText(self.tr("e.g. EUR"))
        self.rate = QDoubleSpinBox()
        self.rate.setDecimals(6)
        self.rate.setRange(0.000001, 1e9)
        self.rate.setValue(rate.rate if rate else 1.0)
        self.rate.setSuffix(f" {reporting}")
        self.valid_from = QDateEdit()
        self.valid_from.setCalendarPopup(True)
        self.valid_from.setDisplayFormat("yyyy-MM-dd")
        day = QDate.fromString(rate.valid_from, "yyyy-MM-dd") if rate else QDate(clock.today())
        self.valid_from.setDate(day)
        form = QFormLayout(self)
        form.addRow(self.tr("&Currency:"), self.currency)
        form.addRow(self.tr("1 unit is worth:"), self.rate)
        form.addRow(self.tr("&Valid from:"), self.valid_from)
        buttons = confirm_cancel(self)
        form.addRow(buttons)

    def values(self) -> dict[str, object]:
        return {
            "currency": self.currency.text().strip().upper(),
            "rate": self.rate.value(),
            "valid_from": self.valid_from.date().toString("yyyy-MM-dd"),
        }


class CurrenciesDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Currencies"))
        self.setMinimumSize(520, 420)
        self.reporting = money.reporting_currency(context.db)
        self.rates: list[money.ExchangeRate] = []

        intro = QLabel(
            self.tr(
                "Every total is shown in %1, the reporting currency (Settings ▸ Currency). "
                "Deals in other currencies are converted: open deals at the latest rate, "
                "won and lost deals at the rate valid on the day they closed."
            ).replace("%1", self.reporting)
        )
        intro.setWordWrap(True)
        self.missing = QWidget()
        self.missing_layout = QVBoxLayout(self.missing)
        self.missing_layout.setContentsMargins(0, 0, 0, 0)

        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Currency"),
                self.tr("1 unit in %1").replace("%1", self.reporting),
                self.tr("Valid from"),
            ]  # fmt: skip
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(lambda _index: self.edit_rate())
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton(self.tr("&Add rate…"))
        self.add_button.clicked.connect(lambda: self.add_rate())
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.edit_button.clicked.connect(self.edit_rate)
        self.delete_button = QPushButton(self.tr("&Delete"))
        self.delete_button.clicked.connect(self.delete_rate)
        row = button_row([self.add_button, self.edit_button, self.delete_button])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.missing)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        context.changed.connect(self._changed)
        self.reload()

    # -- showing -------------------------------------------------------------------------
    def reload(self) -> None:
        self.rates = money.list_rates(self.context.db)
        self.table.setRowCount(len(self.rates))
        for row, rate in enumerate(self.rates):
            cells = (rate.currency, f"{rate.rate:,.6g}", rate.valid_from)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self._show_missing(money.currencies_without_rate(self.context.db))
        self._update_buttons()

    def _show_missing(self, missing: dict[str, int]) -> None:
        while self.missing_layout.count():
            widget = self.missing_layout.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        for currency, count in missing.items():
            line = QWidget()
            row = QHBoxLayout(line)
            row.setContentsMargins(0, 0, 0, 0)
            text = QLabel(
                self.tr("%1 deals without an exchange rate: %2, left out of totals.")
                .replace("%1", currency)
                .replace("%2", f"{count:,}")
            )
            text.setStyleSheet(f"color: {semantic('idle').name()};")
            button = QPushButton(self.tr("Set %1 rate…").replace("%1", currency))
            button.clicked.connect(lambda _checked=False, c=currency: self.add_rate(c))
            row.addWidget(text, 1)
            row.addWidget(button)
            self.missing_layout.addWidget(line)
        self.missing.setVisible(bool(missing))

    def _selected(self) -> money.ExchangeRate | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rates[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        chosen = self._selected() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _changed(self, changes: ChangeSet) -> None:
        if changes.tables() & WATCHED:
            self.reporting = money.reporting_currency(self.context.db)
            self.reload()

    # -- changing ------------------------------------------------------------------------
    def add_rate(self, currency: str = "") -> None:
        editor = RateEditor(self.reporting, currency=currency, parent=self)
        while editor.exec() == QDialog.DialogCode.Accepted:
            if self.context.run(money.add_rate, editor.values(), parent=self) is not None:
                return

    def edit_rate(self) -> None:
        rate = self._selected()
        if rate is None:
            return
        editor = RateEditor(self.reporting, rate, parent=self)
        while editor.exec() == QDialog.DialogCode.Accepted:
            changed = self.context.run(money.update_rate, rate.id, editor.values(), parent=self)
            if changed is not None:
                return

    def delete_rate(self) -> None:
        rate = self._selected()
        if rate is not None:
            self.context.run(money.delete_rate, rate.id, parent=self)


def open_currencies(window: QWidget, context: AppContext) -> None:
    """Settings ▸ Currencies…"""
    CurrenciesDialog(context, window).exec()
