"""A titled panel around one chart, with its own "Export PNG" button and an optional note."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from funneldesk.ui.icons import icon
from funneldesk.ui.theme import heading_font
from funneldesk.ui.widgets.muted_label import muted_label


class ChartCard(QFrame):
    exported = Signal(str)  # path of the PNG written

    def __init__(self, title: str, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartCard")
        self.setStyleSheet(
            "#chartCard { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 6px; }"
        )
        self.body = body
        self.title = QLabel(title)
        self.title.setFont(heading_font(scale=1.05))
        self.hint = muted_label("")
        self.export_button = QToolButton()
        self.export_button.setIcon(icon("image-outline"))
        self.export_button.setAutoRaise(True)
        self.export_button.setToolTip(self.tr("Export this chart as a PNG image"))
        self.export_button.clicked.connect(self.export_png)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.setVisible(False)
        self.note.setTextFormat(Qt.TextFormat.RichText)

        self._tools = QHBoxLayout()
        self._tools.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.hint, 1)
        top.addLayout(self._tools)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(body, 1)
        layout.addWidget(self.note)

    def add_tool(self, widget: QWidget) -> None:
        self._tools.addWidget(widget)

    def set_hint(self, text: str) -> None:
        self.hint.setText(text)

    def set_note(self, html: str) -> None:
        self.note.setText(html)
        self.note.setVisible(bool(html))

    def save_png(self, path: Path) -> bool:
        """The card as the user sees it (title, chart, note), as a PNG file."""
        self.export_button.setVisible(False)
        try:
            return self.grab().save(str(path), "PNG")
        finally:
            self.export_button.setVisible(True)

    def export_png(self) -> None:
        name = self.title.text().replace("/", "-") + ".png"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export chart"), str(Path.home() / name), self.tr("PNG image (*.png)")
        )
        if not path:
            return
        target = Path(path if path.lower().endswith(".png") else path + ".png")
        if self.save_png(target):
            self.exported.emit(str(target))
