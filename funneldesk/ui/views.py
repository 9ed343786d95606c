"""The five views of the main window and how to build them lazily.

A view is a ``QWidget`` built as ``View(context)``; it may define ``show_payload(payload)``
to be opened on something (``{"customer_id": 3}``, ``{"deal_id": 7}``) and ``focus_search()``
for Ctrl+F. Each view's module is imported the first time the view is shown (inside its
loader below), so the funnel's numpy and pyqtgraph cost nothing at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication


@dataclass(frozen=True)
class ViewSpec:
    name: str
    title: str  # source text, translated in the "Views" context
    icon: str
    load: Callable[[], type]  # imports the view's module on first use and returns its class

    def translated_title(self) -> str:
        return QCoreApplication.translate("Views", self.title)


def _today() -> type:
    from funneldesk.ui.today.view import TodayView

    return TodayView


def _customers() -> type:
    from funneldesk.ui.customers.view import CustomersView

    return CustomersView


def _pipeline() -> type:
    from funneldesk.ui.pipeline.view import PipelineView

    return PipelineView


def _agenda() -> type:
    from funneldesk.ui.activities.agenda import AgendaView

    return AgendaView


def _funnel() -> type:
    from funneldesk.ui.funnel.view import FunnelView

    return FunnelView


VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec("today", QT_TRANSLATE_NOOP("Views", "Today"), "calendar-today", _today),
    ViewSpec(
        "customers",
        QT_TRANSLATE_NOOP("Views", "Customers"),
        "account-multiple-outline",
        _customers,
    ),
    ViewSpec("pipeline", QT_TRANSLATE_NOOP("Views", "Pipeline"), "view-column-outline", _pipeline),
    ViewSpec("agenda", QT_TRANSLATE_NOOP("Views", "Agenda"), "calendar-week", _agenda),
    ViewSpec("funnel", QT_TRANSLATE_NOOP("Views", "Funnel"), "filter-variant", _funnel),
)


def view_spec(name: str) -> ViewSpec:
    return next(spec for spec in VIEWS if spec.name == name)
