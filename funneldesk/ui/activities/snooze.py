"""The snooze menu of an activity: an hour later, tomorrow, next week, or a day picked."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import activities, clock
from funneldesk.core.activities import Activity
from funneldesk.ui.context import AppContext
from funneldesk.ui.icons import icon
from funneldesk.ui.widgets.dialog_buttons import confirm_cancel


def tr(text: str) -> str:
    return QCoreApplication.translate("Snooze", text)


def add_snooze_actions(menu: QMenu, context: AppContext, item: Activity, parent: QWidget) -> None:
    """Fill ``menu`` with the snooze choices; each runs one undoable operation."""
    for choice, text in (
        ("hour", tr("In 1 hour")),
        ("tomorrow", tr("Tomorrow")),
        ("next_week", tr("Next week")),
    ):
        menu.addAction(
            text,
            lambda choice=choice: context.run(
                activities.snooze_activity, item.id, choice, parent=parent
            ),
        )
    menu.addAction(icon("calendar"), tr("Pick a date…"), lambda: _pick_day(context, item, parent))


def snooze_menu(context: AppContext, item: Activity, parent: QWidget) -> QMenu:
    menu = QMenu(tr("Snooze"), parent)
    menu.setIcon(icon("alarm-snooze"))
    add_snooze_actions(menu, context, item, parent)
    return menu


def _pick_day(context: AppContext, item: Activity, parent: QWidget) -> None:
    day = pick_day(parent, max(item.due_date, clock.today()))
    if day is not None:
        context.run(activities.snooze_activity, item.id, day, parent=parent)


def pick_day(parent: QWidget, start: date) -> date | None:
    """A calendar to choose a day; ``None`` when cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(tr("Move to another day"))
    calendar = QCalendarWidget()
    calendar.setSelectedDate(QDate(start.year, start.month, start.day))
    calendar.activated.connect(dialog.accept)
    buttons = confirm_cancel(dialog)
    layout = QVBoxLayout(dialog)
    layout.addWidget(calendar)
    layout.addWidget(buttons)
    if not dialog.exec():
        return None
    chosen = calendar.selectedDate()
    return date(chosen.year(), chosen.month(), chosen.day())
