"""The card's Contact history: a timeline of calls, meetings, greetings … newest first,
with the next follow-up date that the Today view watches."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
)

from funneldesk.core import clock, customers
from funneldesk.core.customer_card import CustomerCard
from funneldesk.ui import labels
from funneldesk.ui.card.interaction_dialog import InteractionDialog, local_datetime
from funneldesk.ui.card.record_tab import RecordTab
from funneldesk.ui.context import AppContext
from funneldesk.ui.icons import icon
from funneldesk.ui.theme import semantic, tabular

OUTCOME_TONES = {"positive": "won", "negative": "lost", "neutral": "muted"}


class HistoryTab(RecordTab):
    def __init__(
        self, context: AppContext, ensure_customer: Callable[[], int | None], parent=None
    ) -> None:  # noqa: ANN001
        headers = [
            self.tr("Kind"),
            self.tr("Date"),
            self.tr("Duration"),
            self.tr("Outcome"),
            self.tr("Summary"),
            self.tr("Deal"),
        ]
        super().__init__(context, ensure_customer, headers, 4, parent)
        self.card: CustomerCard | None = None
        self.add_button("plus", self.tr("Log contact…"), self.add_contact)
        self.add_button(
            "pencil-outline", self.tr("Edit…"), self.edit_selected, needs_selection=True
        )
        self.add_button(
            "delete-outline", self.tr("Delete"), self.delete_selected, needs_selection=True
        )
        self.buttons.addStretch(1)
        self.follow_up_label = QLabel()
        self.buttons.addWidget(self.follow_up_label)
        self.follow_up_button = self.add_button(
            "calendar-clock", self.tr("Set follow-up…"), self.set_follow_up
        )
        self.selection_changed()

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
        self._show_follow_up()

    def _show_follow_up(self) -> None:
        due = self.card.next_follow_up() if self.card else None
        if due is None:
            self.follow_up_label.setText(self.tr("No follow-up planned"))
            self.follow_up_label.setStyleSheet("color: palette(placeholder-text);")
            return
        days = (date.fromisoformat(due) - clock.today()).days
        self.follow_up_label.setText(
            self.tr("Next follow-up: %1 (%2)")
            .replace("%1", labels.short_date(date.fromisoformat(due)))
            .replace("%2", labels.relative_days(days))
        )
        colour = semantic("overdue").name() if days < 0 else "palette(text)"
        self.follow_up_label.setStyleSheet(f"color: {colour};")

    def open_selected(self) -> None:
        self.edit_selected()

    def add_contact(self) -> None:
        customer_id = self.ensure_customer()
        if customer_id is None:
            return
        dialog = InteractionDialog(self, self.card.deals if self.card else [])
        if dialog.exec():
            self.context.run(customers.add_interaction, customer_id, dialog.values(), parent=self)

    def edit_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        dialog = InteractionDialog(self, self.card.deals if self.card else [], entry)
        if dialog.exec():
            self.context.run(customers.update_interaction, entry.id, dialog.values(), parent=self)

    def delete_selected(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.context.run(customers.delete_interaction, entry.id, parent=self)

    def set_follow_up(self) -> None:
        """Set (or clear) the follow-up date on the latest contact, the one that counts."""
        customer_id = self.ensure_customer()
        if customer_id is None:
            return
        due = self.card.next_follow_up() if self.card else None
        picked = self._ask_date(due)
        if picked is False:
            return
        latest = self.card.interactions[0] if self.card and self.card.interactions else None
        if latest is not None:
            self.context.run(
                customers.update_interaction, latest.id, {"next_follow_up": picked}, parent=self
            )
        elif picked is not None:
            values = {
                "kind": "note",
                "summary": self.tr("Follow-up planned"),
                "next_follow_up": picked,
            }
            self.context.run(customers.add_interaction, customer_id, values, parent=self)

    def _ask_date(self, current: str | None) -> str | None | bool:
        """A date (ISO), ``None`` to clear, or ``False`` when cancelled."""
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Next follow-up"))
        edit = QDateEdit(
            QDate.fromString(current, Qt.DateFormat.ISODate)
            if current
            else QDate.currentDate().addDays(7)
        )
        edit.setCalendarPopup(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        clear = buttons.addButton(self.tr("No follow-up"), QDialogButtonBox.ButtonRole.ResetRole)
        result: dict[str, str | None | bool] = {"value": False}
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)

        def cleared() -> None:
            result["value"] = None
            dialog.done(2)

        clear.clicked.connect(cleared)
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLabel(self.tr("Follow up on")))
        layout.addWidget(edit)
        layout.addWidget(buttons)
        code = dialog.exec()
        if code == QDialog.DialogCode.Accepted.value:
            return edit.date().toString(Qt.DateFormat.ISODate)
        return result["value"]
