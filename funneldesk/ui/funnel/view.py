"""Funnel view (placeholder until its issue fills it in)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from funneldesk.ui.context import AppContext
from funneldesk.ui.widgets.empty_state import EmptyState
from funneldesk.ui.widgets.header import ViewHeader


class FunnelView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(ViewHeader(self.tr("Funnel")))
        layout.addWidget(
            EmptyState(
                "filter-variant", self.tr("Coming soon"), self.tr("This view is being built.")
            ),
            1,
        )
