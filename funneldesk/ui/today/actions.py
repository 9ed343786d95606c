"""What a Today row does: its button, a double click, its context menu and its snooze menu.

Imported by the view on first use, with the dialogs these open (activity, card, greeting,
festival) and the row types they tell apart: none of them is needed to paint the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPoint
from PySide6.QtWidgets import QMenu

from funneldesk.core import activities
from funneldesk.core.activities import Activity
from funneldesk.core.errors import FunnelDeskError
from funneldesk.core.festivals import FestivalDue
from funneldesk.core.greetings import customer_subject
from funneldesk.core.idle import IdleDeal
from funneldesk.core.keep_in_touch import KeepInTouchDue
from funneldesk.core.today import Greeting
from funneldesk.ui import labels
from funneldesk.ui.activities.dialog import complete_activity, open_activity, plan_activity
from funneldesk.ui.activities.snooze import add_snooze_actions, snooze_menu
from funneldesk.ui.error_messages import translated_error
from funneldesk.ui.icons import icon
from funneldesk.ui.today.festival_dialog import open_festival_greetings
from funneldesk.ui.today.greeting_dialog import GreetingDialog
from funneldesk.ui.today.grouped_list import TaskItem

if TYPE_CHECKING:
    from funneldesk.ui.today.view import TodayView


def tr(text: str) -> str:
    return QCoreApplication.translate("TodayView", text)


def act(view: TodayView, item: TaskItem) -> None:
    """The row's button: Done, write the greeting, open the deal, plan a call, greet."""
    payload, context = item.payload, view.context
    if isinstance(payload, Activity):
        complete_activity(context, payload, view)
    elif isinstance(payload, Greeting):
        _write_greeting(view, payload)
    elif isinstance(payload, IdleDeal):
        _open_deal(view, payload)
    elif isinstance(payload, KeepInTouchDue):
        plan_activity(view, context, {"customer_id": payload.customer_id, "kind": "call"})
    elif isinstance(payload, FestivalDue):
        open_festival_greetings(view, context, payload)


def activate(view: TodayView, item: TaskItem) -> None:
    """A double click (or Enter): open what the row is about."""
    payload = item.payload
    if isinstance(payload, Activity):
        open_activity(view, view.context, payload.id)
    elif isinstance(payload, IdleDeal):
        _open_deal(view, payload)
    elif isinstance(payload, Greeting | KeepInTouchDue):
        view.open_card(payload.customer_id)
    elif isinstance(payload, FestivalDue):
        open_festival_greetings(view, view.context, payload)


def snooze(view: TodayView, item: TaskItem, where: QPoint) -> None:
    snooze_menu(view.context, item.payload, view).exec(where)


def fill_menu(view: TodayView, item: TaskItem, menu: QMenu) -> None:
    """The row's context menu."""
    payload, context = item.payload, view.context
    if isinstance(payload, Activity):
        menu.addAction(icon("pencil-outline"), tr("Open…"), lambda: activate(view, item))
        menu.addAction(icon("check-circle-outline"), tr("Done…"), lambda: act(view, item))
        add_snooze_actions(menu.addMenu(icon("alarm-snooze"), tr("Snooze")), context, payload, view)
        menu.addAction(tr("Open card"), lambda: view.open_card(payload.customer_id))
        menu.addSeparator()
        menu.addAction(
            icon("delete-outline"),
            tr("Delete"),
            lambda: context.run(activities.delete_activity, payload.id, parent=view),
        )
    elif isinstance(payload, Greeting | KeepInTouchDue):
        menu.addAction(tr("Open card"), lambda: view.open_card(payload.customer_id))
        menu.addAction(item.action, lambda: act(view, item))
    elif isinstance(payload, IdleDeal):
        menu.addAction(tr("Open on board"), lambda: _open_deal(view, payload))
        menu.addAction(
            icon("calendar-plus"),
            tr("Plan activity…"),
            lambda: plan_activity(
                view, context, {"customer_id": payload.customer_id, "deal_id": payload.deal_id}
            ),
        )


def _write_greeting(view: TodayView, greeting: Greeting) -> None:
    context = view.context
    try:
        subject = customer_subject(
            context.db, greeting.customer_id, label=greeting.label, years=greeting.years
        )
    except FunnelDeskError as exc:  # deleted since the list was read
        context.show_error(translated_error(str(exc)), view)
        view.refresh()
        return
    kind = labels.label(labels.DATE_KINDS, greeting.kind)
    heading = (
        tr("%1 — %2, %3")
        .replace("%1", greeting.name)
        .replace("%2", kind)
        .replace("%3", labels.long_date(greeting.date))
    )
    dialog = GreetingDialog(
        view,
        context,
        subject,
        customer_id=greeting.customer_id,
        occasion=greeting.kind,
        heading=heading,
    )
    dialog.exec()


def _open_deal(view: TodayView, deal: IdleDeal) -> None:
    view.context.navigate.emit("pipeline", {"deal_id": deal.deal_id})
