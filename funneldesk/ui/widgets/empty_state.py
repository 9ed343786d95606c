"""What an empty list shows: an icon, one sentence of what is missing, and what to do next."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from funneldesk.ui.icons import icon
from funneldesk.ui.theme import heading_font, semantic
from funneldesk.ui.widgets.muted_label import muted_label


class EmptyState(QWidget):
    def __init__(
        self,
        icon_name: str,
        title: str,
        hint: str,
        actions: list[QAction] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        picture = QLabel()
        picture.setPixmap(icon(icon_name, semantic("muted")).pixmap(QSize(56, 56)))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._title = QLabel(title)
        self._title.setFont(heading_font(scale=1.15))
        self._title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._hint = muted_label(hint)
        self._hint.setWordWrap(True)
        self._hint.setAlignment(Qt.AlignmentFlag.AlignCenter)

        # A word-wrapped label only gets the height its text needs when the layout can ask
        # it (height-for-width): so no alignment flags on it; a centred column of bounded
        # width does the centring instead.
        column = QWidget()
        column.setMaximumWidth(520)
        inner = QVBoxLayout(column)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(4)
        inner.addWidget(picture)
        inner.addSpacing(8)
        inner.addWidget(self._title)
        inner.addWidget(self._hint)
        for action in actions or []:
            button = QPushButton(action.icon(), action.text())
            button.clicked.connect(action.trigger)
            inner.addSpacing(8)
            inner.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 4)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def set_text(self, title: str, hint: str) -> None:
        self._title.setText(title)
        self._hint.setText(hint)
