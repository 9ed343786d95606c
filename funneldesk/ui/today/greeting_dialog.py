"""Write a greeting from a template, copy it and log it as a ``greeting`` contact in one click.

The message is filled from the customer's template (English or Chinese, chosen by the
customer's name and switchable) and stays editable; the template itself can be edited and
saved for next time. Copy-and-log is one undoable operation; the text goes to the clipboard.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import greetings
from funneldesk.core.customers import add_interaction
from funneldesk.core.greetings import GreetingSubject
from funneldesk.ui import labels
from funneldesk.ui.context import AppContext
from funneldesk.ui.icons import icon
from funneldesk.ui.theme import heading_font
from funneldesk.ui.today.template_editor import TemplateEditor


class GreetingDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        context: AppContext,
        subject: GreetingSubject,
        *,
        customer_id: int,
        occasion: str,
        heading: str,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.subject = subject
        self.customer_id = customer_id
        self.occasion = greetings.occasion_for(occasion)
        self.setWindowTitle(self.tr("Write a greeting"))
        self.resize(560, 460)

        title = QLabel(heading)
        title.setFont(heading_font(scale=1.15))
        title.setWordWrap(True)
        self.language = QComboBox()
        self.language.addItem("English", "en")
        self.language.addItem("中文", "zh_CN")
        app_language = "zh_CN" if labels.is_chinese() else "en"
        self.language.setCurrentIndex(
            self.language.findData(greetings.language_for(subject.name, app_language))
        )
        self.message = QPlainTextEdit()
        self.template = TemplateEditor(context)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.message, self.tr("Message"))
        self.tabs.addTab(self.template, self.tr("Template"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.copy_button = buttons.addButton(
            self.tr("Copy and log"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.copy_button.setDefault(True)
        self.copy_button.setObjectName("primaryButton")
        self.copy_button.setIcon(icon("content-copy", "#ffffff"))
        buttons.accepted.connect(self.copy_and_log)
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.language)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

        self.language.currentIndexChanged.connect(self._load_template)
        self.template.editor.textChanged.connect(self._render)
        self._load_template()

    def _load_template(self) -> None:
        self.template.show_template(self.language.currentData(), self.occasion)

    def _render(self) -> None:
        self.message.setPlainText(greetings.render(self.template.text(), self.subject))

    def copy_and_log(self) -> None:
        """Copy the message and log it; the dialog stays open if logging was refused."""
        text = self.message.toPlainText().strip()
        QGuiApplication.clipboard().setText(text)
        values = {"kind": "greeting", "summary": text}
        if self.context.run(add_interaction, self.customer_id, values, parent=self) is None:
            return
        self.context.status_message.emit(
            self.tr("Greeting copied to the clipboard and logged for %1.").replace(
                "%1", self.subject.name
            )
        )
        self.accept()
