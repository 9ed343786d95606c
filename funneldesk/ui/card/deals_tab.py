"""The card's Deals: this customer's deals with stage, status and value; opens them on the
board, and starts a new one for the customer.

Below the table, :attr:`DealsTab.score_area` is an empty, hidden panel kept for the lead
score of the selected open deal (DESIGN §3): :attr:`DealsTab.deal_selected` tells it which.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import clock
from funneldesk.core.customer_card import CustomerCard, DealEntry
from funneldesk.ui import labels
from funneldesk.ui.card.record_tree import record_tree
from funneldesk.ui.context import AppContext
from funneldesk.ui.funnel.lead_score_panel import LeadScorePanel
from funneldesk.ui.icons import icon
from funneldesk.ui.pipeline.card_look import money
from funneldesk.ui.theme import semantic, stage_colour, tabular

STATUS_TONES = {"won": "won", "lost": "lost"}


class DealsTab(QWidget):
    deal_selected = Signal(object)  # deal id of the selected open deal, or None

    def __init__(
        self, context: AppContext, ensure_customer: Callable[[], int | None], parent=None
    ) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.context = context
        self.ensure_customer = ensure_customer
        self.entries: list[DealEntry] = []

        self.new_button = QPushButton(icon("plus"), self.tr("New deal…"))
        self.new_button.clicked.connect(self.new_deal)
        self.open_button = QPushButton(icon("view-column-outline"), self.tr("Open on board"))
        self.open_button.clicked.connect(self.open_selected)
        self.total = QLabel()
        self.total.setFont(tabular())
        self.tree = record_tree(
            [
                self.tr("Deal"),
                self.tr("Stage"),
                self.tr("Status"),
                self.tr("Value"),
                self.tr("Expected close"),
            ],
            0,
        )
        self.tree.itemDoubleClicked.connect(lambda *_: self.open_selected())
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.score_area = QWidget()
        self.score_area.setLayout(QVBoxLayout())
        self.score_area.layout().setContentsMargins(0, 0, 0, 0)
        self.score_area.hide()
        self.score_panel = LeadScorePanel(context.db)
        self.score_area.layout().addWidget(self.score_panel)
        self.deal_selected.connect(self._show_score)

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.total)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.score_area)
        self._selection_changed()

    def load(self, card: CustomerCard | None) -> None:
        self.entries = card.deals if card else []
        self.tree.clear()
        open_totals: dict[str, float] = {}
        today = clock.today().isoformat()
        for entry in self.entries:
            stage = f"{entry.stage_name}  {entry.stage_position}/{entry.stage_count}"
            item = QTreeWidgetItem(
                [
                    entry.title,
                    stage if entry.status == "open" else entry.stage_name,
                    labels.label(labels.DEAL_STATUS, entry.status),
                    money(entry.value, entry.currency),
                    labels.short_date(date.fromisoformat(entry.expected_close[:10]))
                    if entry.expected_close
                    else "",
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, entry.id)
            item.setIcon(0, icon("briefcase-outline"))
            item.setFont(3, tabular())
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if entry.status == "open" and (entry.expected_close or "9999") < today:
                item.setForeground(4, semantic("overdue"))  # should have closed by now
            if entry.status == "open":
                colour = stage_colour(entry.stage_position - 1, max(entry.stage_count, 1))
                item.setIcon(1, icon("circle", colour))
                open_totals[entry.currency or ""] = (
                    open_totals.get(entry.currency or "", 0.0) + entry.value
                )
            elif entry.status in STATUS_TONES:
                item.setForeground(2, semantic(STATUS_TONES[entry.status]))
            self.tree.addTopLevelItem(item)
        for column in range(1, 5):
            self.tree.resizeColumnToContents(column)
        totals = " + ".join(money(value, code) for code, value in sorted(open_totals.items()))
        self.total.setText(self.tr("Open: %1").replace("%1", totals) if totals else "")
        self._selection_changed()

    def selected(self) -> DealEntry | None:
        item = self.tree.currentItem()
        if item is None or not item.isSelected():
            return None
        deal_id = item.data(0, Qt.ItemDataRole.UserRole)
        return next((e for e in self.entries if e.id == deal_id), None)

    def _selection_changed(self) -> None:
        entry = self.selected()
        self.open_button.setEnabled(entry is not None)
        self.deal_selected.emit(entry.id if entry is not None and entry.status == "open" else None)

    def _show_score(self, deal_id: int | None) -> None:
        self.score_area.setVisible(deal_id is not None)
        self.score_panel.show_deal(deal_id)

    def wait(self) -> None:
        """Let a lead score being computed finish, so it never lands in a closed card."""
        self.score_panel.wait()

    def open_selected(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.context.navigate.emit("pipeline", {"deal_id": entry.id})

    def new_deal(self) -> None:
        customer_id = self.ensure_customer()
        if customer_id is None:
            return
        from funneldesk.ui.pipeline.deal_dialog import edit_deal  # the board imports the card

        edit_deal(self, self.context, None, customer_id=customer_id)
