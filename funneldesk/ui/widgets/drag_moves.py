"""Lists whose rows are moved by dragging them (board cards, Today's activities)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView


def drag_to_move(view: QAbstractItemView, *, drop_indicator: bool) -> None:
    """Rows can be dragged out of ``view`` and dropped into it, as a move.

    ``drop_indicator`` draws the line where a drop lands (a list whose order the drop
    decides); the board's columns place a card by their own sort and draw none.
    """
    view.setDragEnabled(True)
    view.setAcceptDrops(True)
    view.setDropIndicatorShown(drop_indicator)
    view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
    view.setDefaultDropAction(Qt.DropAction.MoveAction)
