"""Column widths of the customer table: the name gets the room, the user's widths are kept.

Every column has a preferred width (the user's, once they drag it; else a default) and a
minimum. When the table is too narrow for all preferred widths, the other columns shrink
toward their minimums in proportion, and the name takes whatever is left, never less than
its own minimum: on a 13-inch screen "Agnieszka Kowalska" stays readable while the phone
column gives up its spare room. Widths the user drags are remembered between sessions.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QHeaderView

from funneldesk.ui import preferences

# per column: (preferred, minimum) in pixels; the first column is the name
DEFAULT_WIDTHS = (
    (220, 160),  # name
    (170, 65),  # company: cut with "…" on a small screen either way
    (140, 125),  # phone: a whole international number
    (100, 70),  # city
    (100, 70),  # source
    (95, 80),  # last contact
    (155, 140),  # next birthday: "May 21 · in 165 days" whole
    (110, 75),  # open deals
)
WIDTHS_KEY = "customers/column_widths"


class ColumnFit(QObject):
    def __init__(self, header: QHeaderView) -> None:
        super().__init__(header)
        self.header = header
        self._fitting = False
        self.preferred = [width for width, _ in DEFAULT_WIDTHS]
        saved = preferences.remembered(WIDTHS_KEY).split(",")
        if len(saved) == len(DEFAULT_WIDTHS) and all(part.isdigit() for part in saved):
            self.preferred = [
                max(int(part), low) for part, (_, low) in zip(saved, DEFAULT_WIDTHS, strict=True)
            ]
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(min(low for _, low in DEFAULT_WIDTHS) // 2)
        header.sectionResized.connect(self._dragged)

    def widths_for(self, available: int) -> list[int]:
        """The widths that fill ``available`` pixels (more only when the minimums need it)."""
        name_min = DEFAULT_WIDTHS[0][1]
        others = self.preferred[1:]
        room = available - name_min
        if sum(others) > room:
            floors = [low for _, low in DEFAULT_WIDTHS[1:]]
            spare = sum(others) - sum(floors)
            share = max(0.0, (room - sum(floors)) / spare) if spare > 0 else 0.0
            others = [
                low + int((width - low) * share) for width, low in zip(others, floors, strict=True)
            ]
        return [max(name_min, available - sum(others)), *others]

    def fit(self, available: int) -> None:
        self._fitting = True
        try:
            for section, width in enumerate(self.widths_for(available)):
                self.header.resizeSection(section, width)
        finally:
            self._fitting = False

    def _dragged(self, section: int, _old: int, new: int) -> None:
        """A width the user chose becomes that column's preferred one (the name's is the rest)."""
        if self._fitting or section == 0:
            return
        self.preferred[section] = max(new, DEFAULT_WIDTHS[section][1])
        preferences.remember(WIDTHS_KEY, ",".join(str(width) for width in self.preferred))
