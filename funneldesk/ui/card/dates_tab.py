"""The card's Important dates: what, when (solar or 农历), next occurrence, age, reminder."""

from __future__ import annotations

from funneldesk.core import customers
from funneldesk.core.customer_card import CustomerCard, DateEntry
from funneldesk.core.settings_ops import file_setting
from funneldesk.core.yearly_dates import feb29_rule
from funneldesk.ui import labels
from funneldesk.ui.card.date_dialog import DateDialog
from funneldesk.ui.card.record_tab import RecordTab
from funneldesk.ui.icons import icon
from funneldesk.ui.theme import tabular


def date_text(entry: DateEntry) -> str:
    if entry.calendar == "lunar":
        return labels.lunar_text(entry.month, entry.day, entry.is_leap_month, entry.year)
    return labels.solar_text(entry.month, entry.day, entry.year)


class DatesTab(RecordTab):
    def headers(self) -> list[str]:
        return [
            self.tr("Date"),
            self.tr("When"),
            self.tr("Next"),
            self.tr("Age / years"),
            self.tr("Reminder"),
        ]

    def build(self) -> None:
        self.add_button("calendar-plus", self.tr("Add date…"), self.add_date)
        self.add_edit_and_delete()
        self.buttons.addStretch(1)

    def load(self, card: CustomerCard | None) -> None:
        self.show_entries(card.dates if card else [])
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
            item = self.add_row(
                [
                    what,
                    date_text(entry),
                    upcoming,
                    labels.years_text(entry.kind, entry.years),
                    self.tr("%1 days before").replace("%1", str(entry.remind_days_before)),
                ],
                entry.id,
            )
            item.setIcon(0, icon(labels.icon_name(labels.DATE_KINDS, entry.kind)))
            for column in (2, 4):
                item.setFont(column, tabular())
        self.fit_columns(range(1, 5))

    def open_selected(self) -> None:
        self.edit_selected()

    def _dialog(self, entry: DateEntry | None) -> DateDialog:
        remind = int(file_setting(self.context.db, "remind_days_before") or 7)
        return DateDialog(self, entry, feb29=feb29_rule(self.context.db), default_remind=remind)

    def add_date(self) -> None:
        self.add_through(lambda: self._dialog(None), customers.add_important_date)

    def edit_selected(self) -> None:
        self.edit_through(self._dialog, customers.update_important_date)

    def delete_selected(self) -> None:
        self.delete_through(customers.delete_important_date)
