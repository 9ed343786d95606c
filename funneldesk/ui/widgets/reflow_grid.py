"""A grid that re-deals its items into fewer columns as its width shrinks.

Dashboards laid out side by side on a wide screen must still be read whole on a 13-inch
laptop: instead of a horizontal scroll bar and cropped charts, the items stack. Each layout
is a number of columns; the widest one whose columns are all at least ``min_item_width``
wide is used. Items spanning the full row (``wide=True``) always take a row of their own;
with ``fill_rows`` an item left alone on its row spans it too, instead of leaving half the
row empty.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QWidget


class ReflowGrid(QWidget):
    def __init__(
        self,
        min_item_width: int,
        column_choices: tuple[int, ...] = (2, 1),
        spacing: int = 16,
        parent: QWidget | None = None,
        *,
        fill_rows: bool = False,
    ) -> None:
        super().__init__(parent)
        self.min_item_width = min_item_width
        self.fill_rows = fill_rows
        self.column_choices = tuple(sorted(column_choices, reverse=True))
        self._items: list[tuple[QWidget, bool]] = []
        self._columns = 0
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(spacing)

    def add(self, widget: QWidget, *, wide: bool = False) -> None:
        """Append ``widget``; a ``wide`` one spans every column of its own row."""
        self._items.append((widget, wide))
        self._deal(self._columns or self.column_choices[0])

    def columns(self) -> int:
        return self._columns

    def columns_for(self, width: int) -> int:
        """The most columns that each keep ``min_item_width`` at this width."""
        spacing = self._grid.spacing()
        for columns in self.column_choices:
            if columns * self.min_item_width + (columns - 1) * spacing <= width:
                return columns
        return self.column_choices[-1]

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """As narrow as the fewest columns allow, so the parent can shrink us into reflowing."""
        hint = super().minimumSizeHint()
        narrowest = min((widget.minimumSizeHint().width() for widget, _ in self._items), default=0)
        return QSize(max(narrowest, 0), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        columns = self.columns_for(event.size().width())
        if columns != self._columns:
            self._deal(columns)

    def _deal(self, columns: int) -> None:
        for widget, _ in self._items:
            self._grid.removeWidget(widget)
        for column in range(max(self._columns, columns)):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
        self._columns = columns
        row = column = 0
        for index, (widget, wide) in enumerate(self._items):
            if wide and column:
                row, column = row + 1, 0
            following = self._items[index + 1] if index + 1 < len(self._items) else None
            alone = column == 0 and (following is None or following[1])
            if wide or (alone and self.fill_rows):
                self._grid.addWidget(widget, row, 0, 1, columns)
                row += 1
                continue
            self._grid.addWidget(widget, row, column)
            column += 1
            if column == columns:
                row, column = row + 1, 0
