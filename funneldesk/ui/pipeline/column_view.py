"""The list view of one column: drags cards out, and turns a drop into a request.

A drop is decoded here (deal ids from :data:`DEAL_IDS_MIME`, the row it landed before) and
handed to the board as :attr:`ColumnView.deals_dropped`; the board calls the move
operation. The view never changes its model.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyleOptionViewItem, QWidget

from funneldesk.ui.pipeline.card_delegate import MARGIN_X, CardDelegate
from funneldesk.ui.pipeline.card_look import SCROLLBARS, board_colours
from funneldesk.ui.pipeline.column_model import ColumnModel
from funneldesk.ui.pipeline.deal_mime import DEAL_IDS_MIME, decode_deal_ids
from funneldesk.ui.widgets.drag_moves import drag_to_move


class ColumnView(QListView):
    """Cards of one stage; emits :attr:`deals_dropped` (ids, insertion row) on a drop."""

    deals_dropped = Signal(list, int)
    drag_started = Signal()
    drag_finished = Signal()
    drag_hover = Signal(bool)  # a deal drag entered (True) or left (False) this column
    step_out = Signal(int)  # Left (-1) or Right (+1) pressed: go to the neighbouring column

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.delegate = CardDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        drag_to_move(self, drop_indicator=False)
        self.setMouseTracking(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.viewport().setAutoFillBackground(False)
        self.setAutoFillBackground(False)
        self.setSpacing(0)
        self.setStyleSheet(SCROLLBARS)
        self._insert_row: int | None = None

    def column_model(self) -> ColumnModel:
        return self.model()  # type: ignore[return-value]

    def lay_out_now(self) -> None:
        """Lay out rows the model removed now instead of on Qt's zero-delay timer: the
        column then repaints in the same pass as the column a card was dropped on, not in
        the next one (where the moved card briefly showed in both)."""
        self.executeDelayedItemsLayout()

    # -- dragging out --------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.selectionModel().selectedIndexes())

    def startDrag(self, supported: Qt.DropAction) -> None:  # noqa: N802
        """Start a move drag of the selected cards; the drop decides what happens to them."""
        rows = self.selected_rows()
        if not rows:
            return
        model = self.column_model()
        drag = QDrag(self)
        drag.setMimeData(model.mimeData([model.index(row) for row in rows]))
        pixmap = self._drag_pixmap(rows)
        drag.setPixmap(pixmap)
        drag.setHotSpot(QPoint(pixmap.width() // 2, 16))
        self.drag_started.emit()
        try:
            drag.exec(Qt.DropAction.MoveAction, Qt.DropAction.MoveAction)
        finally:
            self.drag_finished.emit()

    def _drag_pixmap(self, rows: list[int]) -> QPixmap:
        """The first dragged card as it looks on the board, with a count when there are more."""
        index = self.model().index(rows[0], 0)
        rect = self.visualRect(index)
        width = max(rect.width(), 200)
        height = max(rect.height(), 60)
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(QSize(width, height) * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.rect = QRect(0, 0, width, height)
        option.state |= QStyle.StateFlag.State_MouseOver | QStyle.StateFlag.State_Selected
        painter.setOpacity(0.92)
        self.delegate.paint(painter, option, index)
        if len(rows) > 1:
            self._paint_count(painter, width, len(rows))
        painter.end()
        return pixmap

    def _paint_count(self, painter: QPainter, width: int, count: int) -> None:
        font = QFont(self.font())
        font.setBold(True)
        text = str(count)
        diameter = max(22, QFontMetrics(font).horizontalAdvance(text) + 10)
        badge = QRect(width - diameter - MARGIN_X + 6, 0, diameter, 22)
        painter.setOpacity(1.0)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(board_colours(self.palette()).accent)
        painter.drawRoundedRect(badge, 11, 11)
        painter.setPen(QColor("#ffffff"))
        painter.setFont(font)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Left and Right walk across the columns (Up and Down stay within one)."""
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}
        if event.key() in steps and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.step_out.emit(steps[event.key()])
            event.accept()
            return
        super().keyPressEvent(event)

    # -- dropping in ---------------------------------------------------------------------
    def insertion_row(self, pos: QPoint) -> int:
        """The row a card dropped at ``pos`` lands before (``rowCount`` for the end)."""
        index = self.indexAt(pos)
        if not index.isValid():
            return self.model().rowCount()
        rect = self.visualRect(index)
        return index.row() + (1 if pos.y() > rect.center().y() else 0)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if not event.mimeData().hasFormat(DEAL_IDS_MIME):
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.drag_hover.emit(True)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if not event.mimeData().hasFormat(DEAL_IDS_MIME):
            event.ignore()
            return
        super().dragMoveEvent(event)  # auto-scroll near the edges
        row = self.insertion_row(event.position().toPoint())
        if row != self._insert_row:
            self._insert_row = row
            self.viewport().update()
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802
        self._clear_indicator()
        self.drag_hover.emit(False)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        ids = decode_deal_ids(event.mimeData())
        self._clear_indicator()
        self.drag_hover.emit(False)
        if not ids:
            event.ignore()
            return
        row = self.insertion_row(event.position().toPoint())
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.deals_dropped.emit(ids, row)

    def _clear_indicator(self) -> None:
        if self._insert_row is not None:
            self._insert_row = None
            self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if self._insert_row is None:
            return
        count = self.model().rowCount()
        if count == 0:
            y = 4
        elif self._insert_row < count:
            y = self.visualRect(self.model().index(self._insert_row, 0)).top() + 1
        else:
            y = self.visualRect(self.model().index(count - 1, 0)).bottom() - 1
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(board_colours(self.palette()).accent)
        painter.drawRoundedRect(
            QRect(MARGIN_X, y - 1, self.viewport().width() - 2 * MARGIN_X, 3), 1.5, 1.5
        )
        painter.end()
