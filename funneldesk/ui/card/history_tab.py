"""The card's Contact history: a timeline of calls, meetings, greetings … newest first,
with the customer's next planned activity and a button to plan one."""

from __future__ import annotations

import html

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QLabel,
)

from funneldesk.core import clock, customers
from funneldesk.core.customer_card import CustomerCard, InteractionEntry
from funneldesk.ui import labels
from funneldesk.ui.activities.dialog import activity_name, open_activity, plan_activity
from funneldesk.ui.card.interaction_dialog import InteractionDialog, local_datetime
from funneldesk.ui.card.record_tab import RecordTab
from funneldesk.ui.icons import icon
from funneldesk.ui.theme import semantic, tabular
from funneldesk.ui.widgets.muted_label import MUTED_STYLE

OUTCOME_TONES = {"positive": "won", "negative": "lost", "neutral": "muted"}


class HistoryTab(RecordTab):
    stretch_column = 4  # the summary

    def headers(self) -> list[str]:
        return [
            self.tr("Kind"),
            self.tr("Date"),
            self.tr("Duration"),
            self.tr("Outcome"),
            self.tr("Summary"),
            self.tr("Deal"),
        ]

    def build(self) -> None:
        self.card: CustomerCard | None = None
        self.add_button("plus", self.tr("Log contact…"), self.add_contact)
        self.add_edit_and_delete()
        self.buttons.addStretch(1)
        self.next_label = QLabel()
        self.next_label.linkActivated.connect(self._open_next)
        self.buttons.addWidget(self.next_label)
        self.plan_button = self.add_button(
            "calendar-plus", self.tr("Plan activity…"), self.plan_activity
        )

    def load(self, card: CustomerCard | None) -> None:
        self.card = card
        self.show_entries(card.interactions if card else [])
        locale = QLocale()
        for entry in self.entries:
            summary = (entry.summary or "").strip()
            first_line = summary.splitlines()[0] if summary else ""
            duration = (
                self.tr("%1 min").replace("%1", f"{entry.duration_min:g}")
                if entry.duration_min
                else ""
            )
            when = locale.toString(
                local_datetime(entry.occurred_at), QLocale.FormatType.ShortFormat
            )
            item = self.add_row(
                [
                    labels.label(labels.INTERACTION_KINDS, entry.kind),
                    when,
                    duration,
                    labels.label(labels.OUTCOMES, entry.outcome),
                    first_line,
                    entry.deal_title or "",
                ],
                entry.id,
            )
            item.setIcon(0, icon(labels.icon_name(labels.INTERACTION_KINDS, entry.kind)))
            item.setToolTip(4, summary[:2000])
            item.setFont(1, tabular())
            item.setFont(2, tabular())
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if entry.outcome in OUTCOME_TONES:
                item.setForeground(3, semantic(OUTCOME_TONES[entry.outcome]))
        self.fit_columns((0, 1, 2, 3))
        self._show_next_activity()

    def _show_next_activity(self) -> None:
        """The next planned step (red once it is overdue); clicking it opens the activity."""
        upcoming = self.card.next_activity() if self.card else None
        if upcoming is None:
            self.next_label.setText(self.tr("No next step planned"))
            self.next_label.setStyleSheet(MUTED_STYLE)
            return
        when = labels.relative_days((upcoming.due_date - clock.today()).days)
        if upcoming.due_time:
            when = f"{when} {upcoming.due_time}"
        text = self.tr("Next: %1 (%2)").replace("%1", activity_name(upcoming)).replace("%2", when)
        overdue = upcoming.is_overdue(clock.local_now())
        colour = semantic("overdue").name() if overdue else "palette(link)"
        link = f'<a href="next" style="color: {colour};">{html.escape(text)}</a>'
        self.next_label.setText(link)
        self.next_label.setStyleSheet("")

    def open_selected(self) -> None:
        self.edit_selected()

    def add_contact(self) -> None:
        self.add_through(self._dialog, customers.add_interaction)

    def edit_selected(self) -> None:
        self.edit_through(self._dialog, customers.update_interaction)

    def delete_selected(self) -> None:
        self.delete_through(customers.delete_interaction)

    def _dialog(self, entry: InteractionEntry | None = None) -> InteractionDialog:
        return InteractionDialog(self, self.card.deals if self.card else [], entry)

    def plan_activity(self) -> None:
        """Plan the next step with this customer (an activity the Today view and agenda show)."""
        customer_id = self.ensure_customer()
        if customer_id is not None:
            plan_activity(self, self.context, {"customer_id": customer_id})

    def _open_next(self, _link: str) -> None:
        upcoming = self.card.next_activity() if self.card else None
        if upcoming is not None:
            open_activity(self, self.context, upcoming.id)
