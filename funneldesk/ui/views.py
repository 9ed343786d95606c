"""The four views of the main window and how to build them lazily.

A view is a ``QWidget`` built as ``View(context)``; it may define ``show_payload(payload)``
to be opened on something (``{"customer_id": 3}``, ``{"deal_id": 7}``) and ``focus_search()``
for Ctrl+F. Views are imported the first time they are shown, so the funnel's numpy and
pyqtgraph cost nothing at start-up.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication


@dataclass(frozen=True)
class ViewSpec:
    name: str
    title: str  # source text, translated in the "Views" context
    icon: str
    module: str
    cls: str

    def translated_title(self) -> str:
        return QCoreApplication.translate("Views", self.title)

    def load(self) -> type:
        return getattr(importlib.import_module(self.module), self.cls)


VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec(
        "today",
        QT_TRANSLATE_NOOP("Views", "Today"),
        "calendar-today",
        "funneldesk.ui.today.view",
        "TodayView",
    ),
    ViewSpec(
        "customers",
        QT_TRANSLATE_NOOP("Views", "Customers"),
        "account-multiple-outline",
        "funneldesk.ui.customers.view",
        "CustomersView",
    ),
    ViewSpec(
        "pipeline",
        QT_TRANSLATE_NOOP("Views", "Pipeline"),
        "view-column-outline",
        "funneldesk.ui.pipeline.view",
        "PipelineView",
    ),
    ViewSpec(
        "funnel",
        QT_TRANSLATE_NOOP("Views", "Funnel"),
        "filter-variant",
        "funneldesk.ui.funnel.view",
        "FunnelView",
    ),
)


def view_spec(name: str) -> ViewSpec:
    return next(spec for spec in VIEWS if spec.name == name)
