"""The Today view, the app's home: greetings due, follow-ups due or overdue, idle deals.

It shows exactly what ``funneldesk today`` prints (:func:`funneldesk.core.today.today_list`),
read on a worker thread, and refreshes when a change touches what it lists (at once while
visible, when next shown otherwise) or when the day rolls over. A file with no customers and
no deals gets the welcome page instead.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QBoxLayout, QStackedWidget, QToolButton, QVBoxLayout, QWidget

from funneldesk.core import clock
from funneldesk.core.changes import ChangeSet
from funneldesk.core.customer_card import customer_deals, has_any_data
from funneldesk.core.customers import add_interaction
from funneldesk.core.errors import FunnelDeskError
from funneldesk.core.greetings import customer_subject
from funneldesk.core.today import FollowUp, Greeting, TodayList
from funneldesk.ui import labels
from funneldesk.ui.card.interaction_dialog import InteractionDialog
from funneldesk.ui.context import AppContext
from funneldesk.ui.error_messages import translated_error
from funneldesk.ui.icons import icon
from funneldesk.ui.today.greeting_dialog import GreetingDialog
from funneldesk.ui.today.loader import TodayLoader
from funneldesk.ui.today.rows import TodayRows
from funneldesk.ui.today.task_list import TaskItem, TaskSection
from funneldesk.ui.today.templates_dialog import TemplatesDialog
from funneldesk.ui.today.welcome import WelcomePage
from funneldesk.ui.widgets.header import ViewHeader

SIDE_BY_SIDE_WIDTH = 1000  # below this the three lists are stacked

WATCHED_TABLES = {
    "customers",
    "important_dates",
    "interactions",
    "deals",
    "stage_changes",
    "stages",
    "settings",
}


class TodayView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.today: date = clock.today()
        self.data = TodayList()

        self.header = ViewHeader(self.tr("Today"))
        new_customer = QAction(
            icon("account-plus-outline", "#ffffff"), self.tr("New customer"), self
        )
        new_customer.triggered.connect(lambda: _open_card(self, context, None))
        templates = QToolButton()
        templates.setIcon(icon("text-box-edit-outline"))
        templates.setText(self.tr("Greeting templates…"))
        templates.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        templates.setAutoRaise(True)
        templates.clicked.connect(lambda: TemplatesDialog(self, context).exec())
        self.header.add_tool(templates)
        self.header.set_primary_action(new_customer)

        self.greetings = TaskSection(
            "cake-variant-outline",
            self.tr("Greetings"),
            self.tr("No greetings due"),
            self.tr("Add birthdays and anniversaries on a customer's card to be reminded here."),
            self.tr("Open card"),
        )
        self.follow_ups = TaskSection(
            "phone-clock",
            self.tr("Follow-ups"),
            self.tr("No follow-ups today"),
            self.tr("Add a next follow-up date to any contact you log."),
            self.tr("Open card"),
        )
        self.idle = TaskSection(
            "timer-sand",
            self.tr("Idle deals"),
            self.tr("No idle deals"),
            self.tr("Every open deal has moved or had a contact recently."),
            self.tr("Open on board"),
        )
        self.greetings.action_requested.connect(self._write_greeting)
        self.greetings.item_activated.connect(
            lambda item: self._open_card(item.payload.customer_id)
        )
        self.follow_ups.action_requested.connect(self._follow_up_done)
        self.follow_ups.item_activated.connect(
            lambda item: self._open_card(item.payload.customer_id)
        )
        self.idle.action_requested.connect(self._open_deal)
        self.idle.item_activated.connect(self._open_deal)

        lists = QWidget()
        columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, lists)
        self._columns = columns
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(16)
        for section in (self.greetings, self.follow_ups, self.idle):
            columns.addWidget(section, 1)
        self.welcome = WelcomePage(context)
        self.pages = QStackedWidget()
        self.pages.addWidget(lists)
        self.pages.addWidget(self.welcome)
        self._lists = lists

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(self.header)
        layout.addWidget(self.pages, 1)

        self._refresh_timer = QTimer(self, singleShot=True, interval=120)
        self._refresh_timer.timeout.connect(self.refresh)
        self._day_timer = QTimer(self, interval=60_000)
        self._day_timer.timeout.connect(self._check_new_day)
        self._day_timer.start()
        self._stale = False
        self.loader = TodayLoader(context.db, self)
        self.loader.loaded.connect(self._show)
        self.destroyed.connect(self.loader.wait)
        context.changed.connect(self._on_changed)
        self.refresh()

    # -- data ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the lists (on a worker thread); the welcome page needs no reading."""
        self.today = clock.today()
        self.header.set_subtitle(labels.long_date(self.today))
        self._stale = False
        if not has_any_data(self.context.db):
            self.pages.setCurrentWidget(self.welcome)
            return
        self.pages.setCurrentWidget(self._lists)
        self.loader.request(self.today)

    @property
    def loading(self) -> bool:
        return self.loader.busy

    def _show(self, data: TodayList, rows: TodayRows) -> None:
        self.data = data
        self.greetings.set_items(rows.greetings)
        self.follow_ups.set_items(rows.follow_ups)
        self.idle.set_items(rows.idle_deals)

    def _on_changed(self, changes: ChangeSet) -> None:
        if not changes.tables() & WATCHED_TABLES:
            return
        if self.isVisible():
            self._refresh_timer.start()
        else:
            self._stale = True

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Side by side when there is room, one above the other in a narrow window."""
        super().resizeEvent(event)
        direction = (
            QBoxLayout.Direction.LeftToRight
            if event.size().width() >= SIDE_BY_SIDE_WIDTH
            else QBoxLayout.Direction.TopToBottom
        )
        if self._columns.direction() != direction:
            self._columns.setDirection(direction)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale or clock.today() != self.today:
            self.refresh()

    def _check_new_day(self) -> None:
        if clock.today() != self.today and self.isVisible():
            self.refresh()

    # -- actions -------------------------------------------------------------------------
    def _open_card(self, customer_id: int) -> None:
        _open_card(self, self.context, customer_id)

    def _write_greeting(self, item: TaskItem) -> None:
        greeting: Greeting = item.payload
        try:
            subject = customer_subject(
                self.context.db, greeting.customer_id, label=greeting.label, years=greeting.years
            )
        except FunnelDeskError as exc:  # deleted since the list was read
            self.context.show_error(translated_error(str(exc)), self)
            self.refresh()
            return
        kind = labels.label(labels.DATE_KINDS, greeting.kind)
        heading = (
            self.tr("%1 — %2, %3")
            .replace("%1", greeting.name)
            .replace("%2", kind)
            .replace("%3", labels.long_date(greeting.date))
        )
        dialog = GreetingDialog(
            self,
            self.context,
            subject,
            customer_id=greeting.customer_id,
            occasion=greeting.kind,
            heading=heading,
        )
        dialog.exec()

    def _follow_up_done(self, item: TaskItem) -> None:
        follow_up: FollowUp = item.payload
        dialog = InteractionDialog(
            self,
            customer_deals(self.context.db, follow_up.customer_id),
            kind=follow_up.kind if follow_up.kind != "note" else "call",
            deal_id=follow_up.deal_id,
        )
        dialog.setWindowTitle(self.tr("Follow-up with %1").replace("%1", follow_up.name))
        if dialog.exec():
            self.context.run(add_interaction, follow_up.customer_id, dialog.values(), parent=self)

    def _open_deal(self, item: TaskItem) -> None:
        self.context.navigate.emit("pipeline", {"deal_id": item.payload.deal_id})


def _open_card(parent: QWidget, context: AppContext, customer_id: int | None) -> None:
    """The customer card (with its deals, lead score and history tabs) is imported on first
    use: importing it with this view added 0.3 s to every start-up."""
    from funneldesk.ui.card.dialog import open_customer_card

    open_customer_card(parent, context, customer_id)
