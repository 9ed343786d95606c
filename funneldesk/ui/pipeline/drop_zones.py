"""The Won and Lost targets that slide in at the bottom of the board while a deal is dragged."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QHBoxLayout, QWidget

from funneldesk.ui.icons import icon
from funneldesk.ui.pipeline.deal_mime import DEAL_IDS_MIME, decode_deal_ids
from funneldesk.ui.theme import heading_font, semantic

ZONE_HEIGHT = 64


class DropZone(QWidget):
    """A drop target for closing deals; ``kind`` is ``"won"`` or ``"lost"``."""

    deals_dropped = Signal(list)

    def __init__(self, kind: str, text: str, icon_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.text = text
        self.icon_name = icon_name
        self._hover = False
        self._icon: QPixmap | None = None
        self.setAcceptDrops(True)
        self.setObjectName(f"{kind}DropZone")
        self.setMinimumHeight(ZONE_HEIGHT)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasFormat(DEAL_IDS_MIME):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
            self._set_hover(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if event.mimeData().hasFormat(DEAL_IDS_MIME):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802
        self._set_hover(False)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self._set_hover(False)
        ids = decode_deal_ids(event.mimeData())
        if not ids:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.deals_dropped.emit(ids)

    def _set_hover(self, hover: bool) -> None:
        self._hover = hover
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        colour = semantic(self.kind)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor(colour).lighter(112) if self._hover else QColor(colour)
        painter.setBrush(fill)
        pen = QPen(
            QColor("#ffffff") if self._hover else colour.darker(115), 2 if self._hover else 1
        )
        pen.setStyle(Qt.PenStyle.SolidLine if self._hover else Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 10, 10)
        font = heading_font(scale=1.1)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        text_width = metrics.horizontalAdvance(self.text)
        size = 22
        left = (self.width() - text_width - size - 8) // 2
        top = (self.height() - size) // 2
        if self._icon is None:
            self._icon = icon(self.icon_name, QColor("#ffffff")).pixmap(size, size)
        painter.drawPixmap(left, top, self._icon)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(
            QRectF(left + size + 8, 0, text_width + 4, self.height()),
            Qt.AlignmentFlag.AlignVCenter,
            self.text,
        )
        painter.end()


class DropZoneBar(QWidget):
    """Won and Lost side by side; shown over the bottom of the board during a drag."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.won = DropZone("won", self.tr("Won"), "trophy-outline", self)
        self.lost = DropZone("lost", self.tr("Lost"), "close-circle-outline", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 20, 16, 12)
        layout.setSpacing(16)
        layout.addWidget(self.won, 1)
        layout.addWidget(self.lost, 1)
        self.setFixedHeight(ZONE_HEIGHT + 32)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """A veil of the window colour so the targets read clearly over the cards."""
        painter = QPainter(self)
        veil = self.palette().color(self.backgroundRole())
        fade = QLinearGradient(0, 0, 0, 16)
        clear = QColor(veil)
        clear.setAlpha(0)
        fade.setColorAt(0, clear)
        fade.setColorAt(1, veil)
        painter.fillRect(self.rect().adjusted(0, 0, 0, -(self.height() - 16)), fade)
        painter.fillRect(self.rect().adjusted(0, 16, 0, 0), veil)
        painter.end()
