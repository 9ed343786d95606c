"""A combo box of known codes shown in the user's language that still accepts free text.

``source`` and similar columns hold codes such as ``walk-in`` but users may type their own
("trade fair"); the stored value is the code of a known choice, or the text as typed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from funneldesk.ui import labels


class ChoiceCombo(QComboBox):
    def __init__(self, choices: dict, *, editable: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(editable)
        self.addItem("", None)
        for code in choices:
            self.addItem(labels.label(choices, code), code)

    def value(self) -> str | None:
        text = self.currentText().strip()
        if not text:
            return None
        index = self.findText(text)
        if index > 0:
            return self.itemData(index)
        return text

    def set_value(self, code: str | None) -> None:
        if code is None or code == "":
            self.setCurrentIndex(0)
            if self.isEditable():
                self.setEditText("")
            return
        index = self.findData(code)
        if index < 0:
            self.addItem(code, code)
            index = self.count() - 1
        self.setCurrentIndex(index)
