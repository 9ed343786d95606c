"""Edit the greeting templates ahead of time, with a preview for a sample customer.

The same templates are used by the greeting window; saving is one undoable operation.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import greetings
from funneldesk.core.greetings import GreetingSubject
from funneldesk.ui import labels
from funneldesk.ui.context import AppContext
from funneldesk.ui.today.template_editor import TemplateEditor

FESTIVAL_OCCASION = QT_TRANSLATE_NOOP("TemplatesDialog", "Festival and other dates")
SAMPLES = {
    "en": GreetingSubject(
        "Anna Müller", "Nordlicht GmbH", "Mid-Autumn Festival", 40, {"drink": ["green tea"]}
    ),
    "zh_CN": GreetingSubject("张三", "长青科技", "中秋节", 40, {"drink": ["龙井茶"]}),
}


class TemplatesDialog(QDialog):
    def __init__(self, parent: QWidget | None, context: AppContext) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Greeting templates"))
        self.resize(620, 520)
        self.language = QComboBox()
        self.language.addItem("English", "en")
        self.language.addItem("中文", "zh_CN")
        self.language.setCurrentIndex(1 if labels.is_chinese() else 0)
        self.occasion = QComboBox()
        for (
            code
        ) in greetings.OCCASIONS:  # the date kinds with a template of their own, then the rest
            text = (
                labels.label(labels.DATE_KINDS, code)
                if code in labels.DATE_KINDS
                else QCoreApplication.translate("TemplatesDialog", FESTIVAL_OCCASION)
            )
            self.occasion.addItem(text, code)
        self.template = TemplateEditor(context)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet(
            "QLabel { background: palette(base); border: 1px solid palette(mid); "
            "border-radius: 6px; padding: 8px; }"
        )
        self.template.save_button.setObjectName("primaryButton")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        pickers = QHBoxLayout()
        pickers.addWidget(self.occasion, 1)
        pickers.addWidget(self.language)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(pickers)
        layout.addWidget(self.template, 1)
        layout.addWidget(QLabel(self.tr("Preview")))
        layout.addWidget(self.preview)
        layout.addWidget(close)

        self.language.currentIndexChanged.connect(self._load)
        self.occasion.currentIndexChanged.connect(self._load)
        self.template.editor.textChanged.connect(self._render)
        self._load()

    def _load(self) -> None:
        self.template.show_template(self.language.currentData(), self.occasion.currentData())

    def _render(self) -> None:
        sample = SAMPLES[self.language.currentData()]
        self.preview.setText(greetings.render(self.template.text(), sample))
