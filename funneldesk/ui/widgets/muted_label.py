"""Secondary text (captions, hints, the basis of a figure) in the theme's muted colour."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

MUTED_STYLE = "color: palette(placeholder-text);"


def muted_label(text: str = "") -> QLabel:
    """A label that reads as secondary: it follows the palette, so light and dark themes
    both keep it quieter than the text it explains."""
    label = QLabel(text)
    label.setStyleSheet(MUTED_STYLE)
    return label
