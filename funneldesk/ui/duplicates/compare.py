"""Two cards side by side: which one to keep, and for each field they fill differently, which value.

Fields only one card fills are taken over without asking and fields both fill alike are shown
quietly; only real conflicts get a choice, defaulting to the kept card's value (notes default
to both joined, so nothing written is lost).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core.customers import CUSTOMER_FIELDS
from funneldesk.core.merge import MergePlan, merged_values
from funneldesk.ui import labels
from funneldesk.ui.card.details_form import field_captions
from funneldesk.ui.card.keep_in_touch import every_text
from funneldesk.ui.theme import heading_font

BOTH = "both"  # the notes choice that keeps both texts


def display_value(field: str, value: Any) -> str:
    """A stored value as the card shows it (codes translated, stars, intervals)."""
    if value is None or value == "":
        return "—"
    if field == "source":
        return labels.source_name(value)
    if field == "spending_level":
        return labels.label(labels.SPENDING_LEVELS, value)
    if field == "purchase_frequency":
        return labels.label(labels.PURCHASE_FREQUENCIES, value)
    if field == "satisfaction":
        return "★" * int(value) + "☆" * (5 - int(value))
    if field == "contact_every_days":
        return every_text(int(value))
    return str(value).replace("\n", " ⏎ ")


class MergeComparison(QWidget):
    """Shows a :class:`MergePlan`; :meth:`choices` gives what the user picked."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: MergePlan | None = None
        self._groups: dict[str, QButtonGroup] = {}
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.grid_host)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.summary)

    def show_plan(self, plan: MergePlan | None) -> None:
        self.plan = plan
        self._groups.clear()
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        if plan is None:
            self.summary.setText("")
            return
        kept_title = QLabel(self.tr("Card kept (#%1)").replace("%1", str(plan.kept["id"])))
        other_title = QLabel(
            self.tr("Card merged into it (#%1)").replace("%1", str(plan.other["id"]))
        )
        for column, title in ((1, kept_title), (2, other_title)):
            title.setFont(heading_font(scale=1.0))
            self.grid.addWidget(title, 0, column)
        conflicts = {conflict.field for conflict in plan.conflicts}
        captions = field_captions()
        row = 1
        for field in CUSTOMER_FIELDS:
            kept, other = plan.kept[field], plan.other[field]
            if kept in (None, "") and other in (None, ""):
                continue
            caption = QLabel(captions.get(field, field))
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(caption, row, 0)
            if field in conflicts:
                self._add_choice(field, row, kept, other)
            else:
                for column, value in ((1, kept), (2, other)):
                    label = QLabel(display_value(field, value))
                    label.setWordWrap(True)
                    if value in (None, "") or kept == other:
                        label.setStyleSheet("color: palette(placeholder-text);")
                    self.grid.addWidget(label, row, column)
            row += 1
        self.grid.setRowStretch(row, 1)
        self._update_summary()

    def _add_choice(self, field: str, row: int, kept: Any, other: Any) -> None:
        group = QButtonGroup(self)
        for column, value in ((1, kept), (2, other)):
            button = QRadioButton(display_value(field, value))
            button.setProperty("value", value)
            button.setChecked(column == 1 and field != "notes")
            group.addButton(button)
            self.grid.addWidget(button, row, column)
        if field == "notes":
            both = QRadioButton(self.tr("Keep both notes"))
            both.setProperty("value", BOTH)
            both.setChecked(True)
            group.addButton(both)
            self.grid.addWidget(both, row, 3)
        group.buttonToggled.connect(lambda *_: self.changed.emit())
        self._groups[field] = group

    def choices(self) -> dict[str, Any]:
        """Field → chosen value, for every conflict (notes left out when both are kept)."""
        picked = {}
        for field, group in self._groups.items():
            value = group.checkedButton().property("value")
            if value != BOTH:
                picked[field] = value
        return picked

    def merged(self) -> dict[str, Any]:
        """The kept card's fields after the merge, as the core will write them."""
        assert self.plan is not None
        return merged_values(self.plan.kept, self.plan.other, self.choices())

    def _update_summary(self) -> None:
        assert self.plan is not None
        names = {
            "important_dates": self.tr("important dates: %1"),
            "preferences": self.tr("preferences: %1"),
            "interactions": self.tr("contacts: %1"),
            "activities": self.tr("planned activities: %1"),
            "deals": self.tr("deals: %1"),
        }
        parts = [
            names.get(table, f"{table}: %1").replace("%1", str(count))
            for table, count in self.plan.moved.items()
        ]
        text = self.tr("Moves onto the kept card: %1.").replace("%1", ", ".join(parts))
        self.summary.setText(text if parts else self.tr("The other card has no history to move."))
