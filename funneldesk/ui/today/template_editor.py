"""A greeting template being edited: the text, which placeholders exist, Restore default and
Save template. The greeting window and the templates dialog both use it, so a template is
edited, restored and saved the same way wherever the user meets it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from funneldesk.core import greetings
from funneldesk.ui.context import AppContext
from funneldesk.ui.widgets.button_row import button_row


class TemplateEditor(QWidget):
    """Edits the template of one (language, occasion); :meth:`show_template` picks which."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.language, self.occasion = "en", "festival"
        self.editor = QPlainTextEdit()
        help_text = QLabel(
            self.tr(
                "Placeholders: {name}, {company}, {label}, {years}, {ordinal}, "
                "{preference.gift}, {preference.drink} … A part in [square brackets] is left "
                "out when a value inside it is unknown."
            )
        )
        help_text.setWordWrap(True)
        help_text.setStyleSheet("color: palette(placeholder-text);")
        restore = QPushButton(self.tr("Restore default"))
        restore.clicked.connect(self.restore_default)
        self.save_button = QPushButton(self.tr("Save template"))
        self.save_button.clicked.connect(self.save)
        buttons = button_row(right=[restore, self.save_button])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        layout.addWidget(help_text)
        layout.addLayout(buttons)

    def show_template(self, language: str, occasion: str) -> None:
        """Load the saved template (or the default) of ``occasion`` in ``language``."""
        self.language, self.occasion = language, occasion
        self.editor.setPlainText(greetings.template(self.context.db, language, occasion))

    def text(self) -> str:
        return self.editor.toPlainText()

    def restore_default(self) -> None:
        self.editor.setPlainText(greetings.DEFAULT_TEMPLATES[self.language][self.occasion])

    def save(self) -> None:
        """Save the template for next time (one undoable operation)."""
        edits = {self.language: {self.occasion: self.text()}}
        if self.context.run(greetings.set_templates, edits, parent=self) is not None:
            self.context.status_message.emit(self.tr("Template saved."))
