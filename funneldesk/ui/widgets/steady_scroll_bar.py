"""A scroll bar that repaints only when it would look different.

A list whose row count changes on every keystroke (the customer search: 8,604 matches, then
8,736) changes its scroll bar's range each time. Qt repaints the bar on any range change,
and a Fusion scroll bar costs about a millisecond to paint; but past a couple of hundred
rows the handle is at its shortest and, at the top of the list, in the same place, so the
repaint draws the same pixels. This bar remembers what it last painted — where the handle
is and whether each end's arrow is usable — and skips a range change that leaves those as
they were. Any other change (value, steps, size, state) repaints as Qt does.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QAbstractSlider, QScrollBar, QStyle, QStyleOptionSlider, QWidget

_RANGE_CHANGE = QAbstractSlider.SliderChange.SliderRangeChange


class SteadyScrollBar(QScrollBar):
    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self._painted: tuple | None = None

    def _looks(self) -> tuple:
        """What a paint shows that a range change can alter."""
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        handle = self.style().subControlRect(
            QStyle.ComplexControl.CC_ScrollBar, option, QStyle.SubControl.SC_ScrollBarSlider, self
        )
        value, low, high = self.value(), self.minimum(), self.maximum()
        return handle.getRect(), value == low, value == high, low == high

    def sliderChange(self, change: QAbstractSlider.SliderChange) -> None:  # noqa: N802
        if change == _RANGE_CHANGE and self._painted is not None and self._looks() == self._painted:
            return  # the same handle in the same place: nothing to repaint
        super().sliderChange(change)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        self._painted = self._looks()
        super().paintEvent(event)
