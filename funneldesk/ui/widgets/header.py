"""The strip at the top of every view: title, a short subtitle, tools, and the one primary
action in the top-right (STYLE: one primary action per view)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from funneldesk.ui.theme import heading_font
from funneldesk.ui.widgets.muted_label import muted_label


class ViewHeader(QWidget):
    def __init__(self, title: str, subtitle: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = QLabel(title)
        self._title.setFont(heading_font(scale=1.45))
        self._subtitle = muted_label(subtitle)
        self._subtitle.setObjectName("subtitle")
        self._subtitle.setForegroundRole(self._subtitle.foregroundRole())
        self._subtitle.setVisible(bool(subtitle))

        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self._title)
        titles.addWidget(self._subtitle)

        self._tools = QHBoxLayout()
        self._tools.setSpacing(8)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.setSpacing(16)
        layout.addLayout(titles, 1)
        layout.addLayout(self._tools)

    def set_title(self, title: str) -> None:
        self._title.setText(title)

    def set_subtitle(self, text: str) -> None:
        self._subtitle.setText(text)
        self._subtitle.setVisible(bool(text))

    def add_tool(self, widget: QWidget) -> None:
        """A secondary control (picker, filter) left of the primary action."""
        self._tools.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)

    def set_primary_action(self, action: QAction) -> QToolButton:
        """The view's one primary action, drawn in the accent colour with a white icon."""
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setObjectName("primaryButton")
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setIcon(on_accent(action.icon()))
        action.changed.connect(lambda: button.setIcon(on_accent(action.icon())))
        self._tools.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        return button


def on_accent(source: QIcon, size: int = 18) -> QIcon:
    """``source`` redrawn in white, for icons on an accent-coloured button."""
    if source.isNull():
        return source
    pixmap = source.pixmap(QSize(size, size))
    painter = QPainter(pixmap)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(pixmap.rect(), QColor("#ffffff"))
    painter.end()
    return QIcon(pixmap)
