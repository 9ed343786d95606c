"""A row of buttons split by a gap: actions on the selection at the left, the window's own
actions at the right (the layout every list window and panel of the app uses)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QHBoxLayout, QWidget


def button_row(left: Iterable[QWidget] = (), right: Iterable[QWidget] = ()) -> QHBoxLayout:
    """``left`` then a stretching gap then ``right``, in the order given."""
    row = QHBoxLayout()
    for widget in left:
        row.addWidget(widget)
    row.addStretch(1)
    for widget in right:
        row.addWidget(widget)
    return row
