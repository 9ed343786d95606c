"""Search boxes that never clip their own hint."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

ICON_AND_CLEAR_PX = 72  # leading magnifier, clear button and the frame around the text


def keep_placeholder_readable(edit: QLineEdit, floor: int) -> None:
    """Make ``edit`` at least wide enough for its whole placeholder (and ``floor`` pixels)."""
    text = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
    edit.setMinimumWidth(max(floor, text + ICON_AND_CLEAR_PX))
