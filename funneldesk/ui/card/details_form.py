"""The customer's own fields (docs/data-model.md) with a message under any field the core refuses.

Each field is checked by the core validator when the user leaves it, so mistakes show while
the user still remembers what they meant; saving checks every field again.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core.customers import clean_customer
from funneldesk.core.errors import ValidationError
from funneldesk.core.validation import international_phone
from funneldesk.ui import labels
from funneldesk.ui.card.choice_combo import ChoiceCombo
from funneldesk.ui.card.field_error import FieldError
from funneldesk.ui.card.keep_in_touch import KeepInTouchCombo
from funneldesk.ui.error_messages import translated_error
from funneldesk.ui.widgets.muted_label import muted_label

_SEPARATOR = re.compile(r"\d[\s\-./()]+\d")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


LINE_FIELDS = ("name", "company", "title", "phone", "email", "address", "city", "owner")


def field_captions() -> dict[str, str]:
    """The customer fields' captions in the user's language (the card and the merge window)."""
    return {
        "name": QCoreApplication.translate("DetailsForm", "Name"),
        "company": QCoreApplication.translate("DetailsForm", "Company"),
        "title": QCoreApplication.translate("DetailsForm", "Occupation"),
        "phone": QCoreApplication.translate("DetailsForm", "Phone"),
        "email": QCoreApplication.translate("DetailsForm", "E-mail"),
        "address": QCoreApplication.translate("DetailsForm", "Address"),
        "city": QCoreApplication.translate("DetailsForm", "City"),
        "owner": QCoreApplication.translate("DetailsForm", "Owner"),
        "source": QCoreApplication.translate("DetailsForm", "Source"),
        "spending_level": QCoreApplication.translate("DetailsForm", "Spending level"),
        "purchase_frequency": QCoreApplication.translate("DetailsForm", "Purchase frequency"),
        "satisfaction": QCoreApplication.translate("DetailsForm", "Satisfaction"),
        "contact_every_days": QCoreApplication.translate("DetailsForm", "Keep in touch"),
        "notes": QCoreApplication.translate("DetailsForm", "Notes"),
    }


def _form() -> QFormLayout:
    """A column of captions and fields with room between the two (the style's default
    spacing put "Occupation" and "电子邮件" against their boxes)."""
    form = QFormLayout()
    form.setHorizontalSpacing(12)
    form.setVerticalSpacing(6)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return form


class DetailsForm(QWidget):
    """Emits ``edited`` whenever a value changes; :meth:`values` gives core-ready values."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, FieldError] = {}
        self._loaded: dict[str, Any] = {}

        captions = field_captions()
        placeholders = {
            "name": self.tr("Required"),
            "phone": self.tr("e.g. +86 138 0013 8000"),
            "email": self.tr("name@example.com"),
        }
        for key in LINE_FIELDS:
            edit = QLineEdit()
            edit.setPlaceholderText(placeholders.get(key, ""))
            edit.setClearButtonEnabled(True)
            edit.textEdited.connect(self.edited)
            edit.editingFinished.connect(lambda k=key: self.check_field(k))
            self.inputs[key] = edit
        self.inputs["source"] = ChoiceCombo(labels.SOURCES)
        self.inputs["spending_level"] = ChoiceCombo(labels.SPENDING_LEVELS, editable=False)
        self.inputs["purchase_frequency"] = ChoiceCombo(labels.PURCHASE_FREQUENCIES)
        satisfaction = QComboBox()
        satisfaction.addItem(self.tr("—"), None)
        for stars in range(1, 6):
            satisfaction.addItem("★" * stars + "☆" * (5 - stars), stars)
        self.inputs["satisfaction"] = satisfaction
        self.inputs["contact_every_days"] = KeepInTouchCombo()
        for key in (
            "source",
            "spending_level",
            "purchase_frequency",
            "satisfaction",
            "contact_every_days",
        ):
            combo: QComboBox = self.inputs[key]
            combo.currentIndexChanged.connect(self.edited)
            combo.editTextChanged.connect(self.edited)
        notes = QPlainTextEdit()
        notes.setPlaceholderText(self.tr("Anything worth remembering about this customer"))
        notes.textChanged.connect(self.edited)
        notes.setMinimumHeight(120)
        self.inputs["notes"] = notes
        self.phone_hint = muted_label()
        self.phone_hint.hide()
        self.inputs["phone"].textChanged.connect(self._update_phone_hint)
        self.keep_in_touch_hint = muted_label()  # filled by the card: last contact, next due
        self.keep_in_touch_hint.setWordWrap(True)
        self.keep_in_touch_hint.hide()

        for key in captions:
            self.errors[key] = FieldError()

        def cell(key: str) -> QWidget:
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(self.inputs[key])
            if key == "phone":
                column.addWidget(self.phone_hint)
            if key == "contact_every_days":
                column.addWidget(self.keep_in_touch_hint)
            column.addWidget(self.errors[key])
            return box

        left, right = _form(), _form()
        for key in ("name", "company", "title", "phone", "email", "address"):
            left.addRow(captions[key], cell(key))
        for key in (
            "city",
            "source",
            "owner",
            "spending_level",
            "purchase_frequency",
            "satisfaction",
            "contact_every_days",
        ):
            right.addRow(captions[key], cell(key))
        grid = QGridLayout(self)
        grid.setContentsMargins(16, 16, 16, 16)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(8)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        # The notes span both columns, their caption above them: beside the wide box it
        # would line up with neither column's captions.
        notes = QVBoxLayout()
        notes.setSpacing(4)
        notes_caption = QLabel(captions["notes"])
        notes_caption.setBuddy(self.inputs["notes"])
        notes.addWidget(notes_caption)
        notes.addWidget(cell("notes"), 1)
        grid.addLayout(notes, 1, 0, 1, 2)
        grid.setRowStretch(1, 1)

    def offer_owners(self, owners: list[str]) -> None:
        """Complete the owner box from the owners the file already knows (any part of the
        name, any case), so one person is not typed three ways."""
        completer = QCompleter(owners, self.inputs["owner"])
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.inputs["owner"].setCompleter(completer)

    # -- values --------------------------------------------------------------------------
    def value(self, key: str) -> Any:
        widget = self.inputs[key]
        if isinstance(widget, ChoiceCombo | KeepInTouchCombo):
            return widget.value()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        return widget.text()

    def values(self) -> dict[str, Any]:
        return {key: self.value(key) for key in self.inputs}

    def load(self, values: dict[str, Any]) -> None:
        for key, widget in self.inputs.items():
            widget.blockSignals(True)
            value = values.get(key)
            if isinstance(widget, ChoiceCombo | KeepInTouchCombo):
                widget.set_value(value)
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(widget.findData(value), 0))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
            else:
                widget.setText("" if value is None else str(value))
            widget.blockSignals(False)
        for error in self.errors.values():
            error.clear_message()
        self._update_phone_hint()
        self._loaded = self._normalised(self.values())

    @staticmethod
    def _normalised(values: dict[str, Any]) -> dict[str, Any]:
        return {k: (v.strip() or None) if isinstance(v, str) else v for k, v in values.items()}

    def is_dirty(self) -> bool:
        return self._normalised(self.values()) != self._loaded

    def changed_values(self) -> dict[str, Any]:
        current = self._normalised(self.values())
        return {k: v for k, v in current.items() if self._loaded.get(k) != v}

    # -- validation ----------------------------------------------------------------------
    def check_field(self, key: str) -> bool:
        try:
            clean_customer({key: self.value(key)}, partial=True)
        except ValidationError as exc:
            self.errors[key].show_message(translated_error(str(exc)))
            return False
        self.errors[key].clear_message()
        return True

    def check_all(self) -> str | None:
        """Check every field; return the first wrong one (focused) or ``None``."""
        wrong = [key for key in self.inputs if not self.check_field(key)]
        if wrong:
            self.inputs[wrong[0]].setFocus()
            return wrong[0]
        return None

    def show_error(self, exc: ValidationError) -> bool:
        """Put a refusal from the core next to its field; False if it names no field here."""
        if exc.field in self.errors:
            self.errors[exc.field].show_message(translated_error(str(exc)))
            self.inputs[exc.field].setFocus()
            return True
        return False

    def _update_phone_hint(self) -> None:
        """Under the phone: the number as it is written internationally, when that tells
        the user something (a run of digits grouped, ``0086`` read as ``+86``) — not a
        second spelling of a number already typed with its own spaces."""
        typed = self.inputs["phone"].text().strip()
        formatted = international_phone(typed)
        show = isinstance(formatted, str) and (
            _digits(formatted) != _digits(typed) or not _SEPARATOR.search(typed)
        )
        self.phone_hint.setText(formatted if show else "")
        self.phone_hint.setVisible(show)
