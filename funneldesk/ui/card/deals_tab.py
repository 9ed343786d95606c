"""The card's Deals: this customer's deals with stage, status and value; opens them on the
board, and starts a new one for the customer.

Below the table, :attr:`DealsTab.score_area` is an empty, hidden panel kept for the lead
score of the selected open deal (docs/analytics.md): :attr:`DealsTab.deal_selected` tells it which.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import clock
from funneldesk.core import money as money_model
from funneldesk.core.customer_card import CustomerCard
from funneldesk.ui import labels
from funneldesk.ui.card.record_tab import RecordTab
from funneldesk.ui.funnel.lead_score_panel import LeadScorePanel
from funneldesk.ui.icons import icon
from funneldesk.ui.pipeline.card_look import money
from funneldesk.ui.theme import semantic, stage_colour, tabular

STATUS_TONES = {"won": "won", "lost": "lost"}


class DealsTab(RecordTab):
    deal_selected = Signal(object)  # deal id of the selected open deal, or None

    def headers(self) -> list[str]:
        return [
            self.tr("Deal"),
            self.tr("Stage"),
            self.tr("Status"),
            self.tr("Value"),
            self.tr("Expected close"),
        ]

    def build(self) -> None:
        self.new_button = self.add_button("plus", self.tr("New deal…"), self.new_deal)
        self.open_button = self.add_button(
            "view-column-outline",
            self.tr("Open on board"),
            self.open_selected,
            needs_selection=True,
        )
        self.buttons.addStretch(1)
        self.total = QLabel()
        self.total.setFont(tabular())
        self.buttons.addWidget(self.total)
        self.score_area = QWidget()
        self.score_area.setLayout(QVBoxLayout())
        self.score_area.layout().setContentsMargins(0, 0, 0, 0)
        self.score_area.hide()
        self.score_panel = LeadScorePanel(self.context.db)
        self.score_area.layout().addWidget(self.score_panel)
        self.deal_selected.connect(self._show_score)
        self.layout().addWidget(self.score_area)

    def load(self, card: CustomerCard | None) -> None:
        self.show_entries(card.deals if card else [])
        open_totals: dict[str, float] = {}
        today = clock.today().isoformat()
        for entry in self.entries:
            stage = f"{entry.stage_name}  {entry.stage_position}/{entry.stage_count}"
            item = self.add_row(
                [
                    entry.title,
                    stage if entry.status == "open" else entry.stage_name,
                    labels.label(labels.DEAL_STATUS, entry.status),
                    money(entry.value, entry.currency),
                    labels.short_date(date.fromisoformat(entry.expected_close[:10]))
                    if entry.expected_close
                    else "",
                ],
                entry.id,
            )
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
        self.fit_columns(range(1, 5))
        totals = " + ".join(money(value, code) for code, value in sorted(open_totals.items()))
        if len(open_totals) > 1:  # several currencies: also their sum in the reporting one
            rates = money_model.rates_of(self.context.db)
            converted = [rates.convert(value, code or None) for code, value in open_totals.items()]
            if None not in converted:
                totals += " ≈ " + money(sum(converted), rates.reporting)  # type: ignore[arg-type]
        self.total.setText(self.tr("Open: %1").replace("%1", totals) if totals else "")

    def selection_changed(self) -> None:
        super().selection_changed()
        entry = self.selected()
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
