"""The small red line under a form field that says what is wrong with it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from funneldesk.ui.theme import semantic


class FieldError(QLabel):
    """Hidden until :meth:`show_message`; shows the core validator's message in the user's
    language (see :func:`funneldesk.ui.error_messages.translated_error`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("fieldError")
        self.setStyleSheet(f"color: {semantic('overdue').name()};")
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))

    def clear_message(self) -> None:
        self.setText("")
        self.hide()
