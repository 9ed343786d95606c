"""How a main view is laid out: its header and bars on top, its body taking the rest."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

VIEW_MARGIN = 16
VIEW_SPACING = 8


def view_layout(
    view: QWidget, *top: QWidget, body: QWidget, bottom_margin: int = VIEW_MARGIN
) -> QVBoxLayout:
    """``top`` stacked over ``body``, which grows with the window; every view keeps the same
    margin to the window's edge and the same gap between its parts."""
    layout = QVBoxLayout(view)
    layout.setContentsMargins(VIEW_MARGIN, VIEW_MARGIN, VIEW_MARGIN, bottom_margin)
    layout.setSpacing(VIEW_SPACING)
    for part in top:
        layout.addWidget(part)
    layout.addWidget(body, 1)
    return layout
