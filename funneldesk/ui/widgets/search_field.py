"""Search boxes that never clip their own hint."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from funneldesk.ui.icons import icon

ICON_AND_CLEAR_PX = 72  # leading magnifier, clear button and the frame around the text


def keep_placeholder_readable(edit: QLineEdit, floor: int) -> None:
    """Make ``edit`` at least wide enough for its whole placeholder (and ``floor`` pixels)."""
    text = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
    edit.setMinimumWidth(max(floor, text + ICON_AND_CLEAR_PX))


def search_box(placeholder: str, *, min_width: int, max_length: int) -> QLineEdit:
    """The text filter that starts a filter bar: a magnifier in front, a clear button, at
    least ``min_width`` pixels and always wide enough for its whole hint."""
    box = QLineEdit()
    box.setPlaceholderText(placeholder)
    box.addAction(icon("magnify"), QLineEdit.ActionPosition.LeadingPosition)
    box.setClearButtonEnabled(True)
    keep_placeholder_readable(box, min_width)
    box.setMaxLength(max_length)
    return box
