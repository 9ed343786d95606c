"""Add or edit one important date: solar or lunar (农历, with leap month), year optional.

While the user types, the dialog shows when the date next falls and how old it will be, or
why it cannot exist (31 February, lunar day 31) — and Save stays off until it can.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import clock
from funneldesk.core.customer_card import DateEntry
from funneldesk.core.customers import clean_important_date
from funneldesk.core.errors import ValidationError
from funneldesk.core.yearly_dates import next_occurrence, years_at
from funneldesk.ui import labels
from funneldesk.ui.card.field_error import FieldError
from funneldesk.ui.error_messages import translated_error
from funneldesk.ui.widgets.choice_menu import code_combo
from funneldesk.ui.widgets.dialog_buttons import confirm_cancel


class DateDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        entry: DateEntry | None = None,
        *,
        feb29: str = "02-28",
        default_remind: int = 7,
    ) -> None:
        super().__init__(parent)
        self.feb29 = feb29
        self.setWindowTitle(self.tr("Edit date") if entry else self.tr("Add date"))
        self.setMinimumWidth(440)

        self.kind = code_combo(labels.DATE_KINDS)
        self.label = QLineEdit()
        self.label.setPlaceholderText(self.tr("e.g. daughter Lily, wedding, 中秋节"))
        self.solar = QRadioButton(self.tr("Solar"))
        self.lunar = QRadioButton(self.tr("Lunar (农历)"))
        self.solar.setChecked(True)
        calendars = QButtonGroup(self)
        calendars.addButton(self.solar)
        calendars.addButton(self.lunar)
        self.month = QComboBox()
        self.month.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # 冬月 whole
        self.day = QSpinBox()
        self.day.setRange(1, 31)
        self.leap = QCheckBox(self.tr("Leap month (闰月)"))
        self.year_known = QCheckBox(self.tr("Year known"))
        self.year = QSpinBox()
        self.year.setRange(1800, 2200)
        self.year.setValue(clock.today().year - 30)
        self.year.setGroupSeparatorShown(False)
        self.remind = QSpinBox()
        self.remind.setRange(0, 365)
        self.remind.setValue(default_remind)
        self.remind.setSuffix(self.tr(" days before"))
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.error = FieldError()

        calendar_row = QHBoxLayout()
        calendar_row.addWidget(self.solar)
        calendar_row.addWidget(self.lunar)
        calendar_row.addStretch(1)
        day_row = QHBoxLayout()
        day_row.addWidget(self.month, 2)
        day_row.addWidget(self.day, 1)
        day_row.addWidget(self.leap)
        year_row = QHBoxLayout()
        year_row.addWidget(self.year_known)
        year_row.addWidget(self.year, 1)
        form = QFormLayout()
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Label"), self.label)
        form.addRow(self.tr("Calendar"), calendar_row)
        form.addRow(self.tr("Month and day"), day_row)
        form.addRow(self.tr("Year"), year_row)
        form.addRow(self.tr("Remind me"), self.remind)
        self.buttons = confirm_cancel(self, QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self._fill_months()
        if entry is not None:
            self._load(entry)
        for signal in (
            self.kind.currentIndexChanged,
            self.month.currentIndexChanged,
            self.day.valueChanged,
            self.year.valueChanged,
            self.remind.valueChanged,
        ):
            signal.connect(self.update_preview)
        for toggle in (self.leap, self.year_known, self.lunar):
            toggle.toggled.connect(self.update_preview)
        self.lunar.toggled.connect(self._fill_months)
        self.update_preview()

    def _fill_months(self) -> None:
        current = self.month.currentIndex()
        self.month.blockSignals(True)
        self.month.clear()
        for month in range(1, 13):
            if self.lunar.isChecked():
                text = labels.lunar_month_name(month)
            else:
                text = QLocale().standaloneMonthName(month, QLocale.FormatType.LongFormat)
            self.month.addItem(text, month)
        self.month.setCurrentIndex(max(current, 0))
        self.month.setMinimumWidth(self.month.sizeHint().width())  # the widest name, whole
        self.month.blockSignals(False)

    def _load(self, entry: DateEntry) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(entry.kind), 0))
        self.label.setText(entry.label or "")
        self.lunar.setChecked(entry.calendar == "lunar")
        self._fill_months()
        self.month.setCurrentIndex(entry.month - 1)
        self.day.setValue(entry.day)
        self.leap.setChecked(entry.is_leap_month)
        self.year_known.setChecked(entry.year is not None)
        if entry.year is not None:
            self.year.setValue(entry.year)
        self.remind.setValue(entry.remind_days_before)

    def values(self) -> dict[str, Any]:
        lunar = self.lunar.isChecked()
        return {
            "kind": self.kind.currentData(),
            "label": self.label.text(),
            "month": self.month.currentData(),
            "day": self.day.value(),
            "year": self.year.value() if self.year_known.isChecked() else None,
            "calendar": "lunar" if lunar else "solar",
            "is_leap_month": 1 if lunar and self.leap.isChecked() else 0,
            "remind_days_before": self.remind.value(),
        }

    def update_preview(self) -> None:
        """Show the next occurrence, or why the date is impossible (and disable Save)."""
        self.leap.setEnabled(self.lunar.isChecked())
        self.year.setEnabled(self.year_known.isChecked())
        values = self.values()
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        try:
            clean_important_date(values)
            today = clock.today()
            upcoming = next_occurrence(
                values["month"],
                values["day"],
                values["calendar"],
                bool(values["is_leap_month"]),
                today,
                self.feb29,
            )
            years = years_at(values["year"], values["calendar"], upcoming)
        except ValidationError as exc:
            self.error.show_message(translated_error(str(exc)))
            self.preview.clear()
            save.setEnabled(False)
            return
        self.error.clear_message()
        save.setEnabled(True)
        text = (
            self.tr("Next: %1 (%2)")
            .replace("%1", labels.long_date(upcoming))
            .replace("%2", labels.relative_days((upcoming - today).days))
        )
        extra = labels.years_text(values["kind"], years)
        self.preview.setText(f"{text} · {extra}" if extra else text)

    def accept(self) -> None:
        self.update_preview()
        if self.error.isVisible():
            return
        super().accept()
