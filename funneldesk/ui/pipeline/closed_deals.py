"""Won and lost deals of a pipeline, newest first, where a closed deal can be reopened."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import board, clock, deals
from funneldesk.core.board import ClosedDeal
from funneldesk.core.changes import ChangeSet
from funneldesk.ui.context import AppContext
from funneldesk.ui.icons import icon
from funneldesk.ui.pipeline.card_look import money, short_day
from funneldesk.ui.theme import semantic, tabular
from funneldesk.ui.widgets.muted_label import muted_label
from funneldesk.ui.widgets.search_field import search_box

SHOWN = 500


class ClosedDealsDialog(QDialog):
    def __init__(
        self,
        context: AppContext,
        pipeline_id: int,
        select_deal: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.pipeline_id = pipeline_id
        self.cards: list[ClosedDeal] = []
        self.setWindowTitle(self.tr("Closed deals"))
        self.resize(820, 520)

        self.search = search_box(self.tr("Search closed deals"), min_width=220, max_length=200)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(self._timer.start)

        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Deal"),
                self.tr("Customer"),
                self.tr("Value"),
                self.tr("Result"),
                self.tr("Closed"),
                self.tr("Lost reason"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.count = muted_label()

        self.reopen = QPushButton(icon("restore"), self.tr("Reopen"))
        self.reopen.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.reopen.setToolTip(self.tr("Put the deal back in its last stage (Ctrl+Shift+R)"))
        self.reopen.clicked.connect(self.reopen_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.reopen, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        context.changed.connect(self._changed)
        self.reload()
        if select_deal is not None:
            self.select_deal(select_deal)

    def _changed(self, changes: ChangeSet) -> None:
        if "deals" in changes.tables():
            self.reload()

    def reload(self) -> None:
        found = board.closed_deals(
            self.context.db, self.pipeline_id, self.search.text().strip(), limit=SHOWN
        )
        self.cards = found.deals
        self.table.setRowCount(len(self.cards))
        today = clock.today()
        for row, card in enumerate(self.cards):
            won = card.status == "won"
            result = QTableWidgetItem(self.tr("Won") if won else self.tr("Lost"))
            result.setForeground(semantic("won" if won else "lost"))
            value = QTableWidgetItem(money(card.value, card.currency))
            value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setFont(tabular())
            items = [
                QTableWidgetItem(card.title),
                QTableWidgetItem(card.customer_name or ""),
                value,
                result,
                QTableWidgetItem(short_day(card.closed_at, today)),
                QTableWidgetItem(card.lost_reason or ""),
            ]
            for column, item in enumerate(items):
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.count.setText(self._count_text(len(self.cards), found.total))

    def _count_text(self, shown: int, total: int) -> str:
        """All of them, or how many of how many, with the way to the others."""
        searching = bool(self.search.text().strip())
        if shown >= total:
            if searching:
                return self.tr("%Ln closed deals match, newest first", "", total)
            return self.tr("%Ln closed deals, newest first", "", total)
        if searching:
            text = self.tr("The newest %1 of %Ln matching closed deals", "", total)
        else:
            text = self.tr(
                "The newest %1 of %Ln closed deals; search to find older ones", "", total
            )
        return text.replace("%1", f"{shown:,}")

    def select_deal(self, deal_id: int) -> None:
        ids = [card.id for card in self.cards]
        if deal_id in ids:
            self.table.selectRow(ids.index(deal_id))
            self.table.scrollToItem(self.table.item(ids.index(deal_id), 0))

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.cards[row].id for row in rows if row < len(self.cards)]

    def reopen_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.context.run(deals.reopen_deals, ids, parent=self)


def show_closed_deals(
    parent: QWidget | None, context: AppContext, pipeline_id: int, deal_id: int | None = None
) -> None:
    ClosedDealsDialog(context, pipeline_id, deal_id, parent).exec()
