"""The Today view, the app's home: the day's plan.

Left, the planned activities: Overdue, Today (by time, then the untimed) and the next seven
days under their day headers; right, the people to greet and the idle deals. Every group is
collapsible and counts its rows; "Everyone" or one owner narrows the plan to one person's
work. A row's Done button logs the contact, its snooze button moves it (an hour, tomorrow,
next week, a day picked), and dragging it onto another group or day reschedules it.

It first paints every group's count and its first screen of rows
(:func:`funneldesk.core.today.first_screen`); *Show n more* reads the whole lists, what
``funneldesk today`` prints (:func:`funneldesk.core.today.today_list`). Both are read on a
worker thread, the first read once the view has painted (the window appears sooner), and the view refreshes when a change touches what it lists (at once while visible,
when next shown otherwise) or when the day rolls over. A file with no customers and no deals
gets the welcome page instead.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QMenu,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import activities, clock
from funneldesk.core.activities import WEEK_AHEAD
from funneldesk.core.changes import ChangeSet
from funneldesk.core.summary import has_any_data
from funneldesk.ui import labels, preferences
from funneldesk.ui.context import AppContext
from funneldesk.ui.first_paint import after_first_paint
from funneldesk.ui.icons import icon
from funneldesk.ui.owner_choice import fill_owner_choices
from funneldesk.ui.team.mine_toggle import MineToggle, team_member
from funneldesk.ui.today.grouped_list import Group, GroupedList, TaskItem
from funneldesk.ui.widgets.header import ViewHeader

if TYPE_CHECKING:
    from funneldesk.core.today import TodayList
    from funneldesk.ui.today.loader import TodayLoader
    from funneldesk.ui.today.rows import TodayRows
    from funneldesk.ui.today.welcome import WelcomePage

SIDE_BY_SIDE_WIDTH = 760  # below this the two columns are stacked

WATCHED_TABLES = {
    "activities",
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
        self.data: TodayList | None = None
        self.rows: TodayRows | None = None  # none read yet

        self.header = ViewHeader(self.tr("Today"))
        new_customer = QAction(
            icon("account-plus-outline", "#ffffff"), self.tr("New customer"), self
        )
        new_customer.triggered.connect(lambda: _open_card(self, context, None))
        self.owner = QComboBox()
        self.owner.setToolTip(self.tr("Whose plan to show"))
        self.owner.setMinimumContentsLength(8)
        self.owner.activated.connect(self._owner_chosen)
        plan = QToolButton()
        plan.setIcon(icon("calendar-plus"))
        plan.setText(self.tr("Plan activity…"))
        plan.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        plan.setAutoRaise(True)
        plan.clicked.connect(self._plan_activity)
        templates = QToolButton()
        templates.setIcon(icon("text-box-edit-outline"))
        templates.setToolTip(self.tr("Greeting templates…"))
        templates.setAutoRaise(True)
        templates.clicked.connect(self._edit_templates)
        self.mine = MineToggle(self.owner, preferences.TODAY_MINE_KEY)
        self.mine.changed.connect(self._owner_chosen)
        self.header.add_tool(self.mine)
        self.header.add_tool(self.owner)
        self.header.add_tool(plan)
        self.header.add_tool(templates)
        self.header.set_primary_action(new_customer)

        self.plan = GroupedList()
        self.people = GroupedList()
        for column in (self.plan, self.people):
            column.action_requested.connect(self._action)
            column.item_activated.connect(self._activated)
            column.snooze_requested.connect(self._snooze)
            column.menu_requested.connect(self._fill_menu)
            column.model.dropped.connect(self._dropped)
            column.model.more_wanted.connect(self._read_whole)

        lists = QWidget()
        columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, lists)
        self._columns = columns
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(16)
        columns.addWidget(self.plan, 3)
        columns.addWidget(self.people, 2)
        self.pages = QStackedWidget()
        self.pages.addWidget(lists)
        self._lists = lists
        self._welcome: WelcomePage | None = None  # built for a file with no data

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
        self._whole = False  # read every row (after a "Show n more"), not the first screen
        self.loader: TodayLoader | None = None  # the first read waits for the first paint
        context.changed.connect(self._on_changed)
        self._fill_owners()
        self.refresh()
        after_first_paint(self, self._first_painted)

    def _first_painted(self) -> None:
        """The reader and what it needs (the lists' rules, the rows' wording) are imported
        once the window has painted: none of it is on the first screen."""
        from funneldesk.ui.today.loader import TodayLoader

        self.loader = TodayLoader(self.context.db, self)
        self.loader.loaded.connect(self._show)
        self.destroyed.connect(self.loader.wait)
        self.refresh()

    @property
    def welcome(self) -> WelcomePage:
        """The first-start page, built the first time a file without data is shown."""
        if self._welcome is None:
            from funneldesk.ui.today.welcome import WelcomePage

            self._welcome = WelcomePage(self.context)
            self.pages.addWidget(self._welcome)
        return self._welcome

    # -- data ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the lists (on a worker thread); the welcome page needs no reading. Once
        a "Show n more" asked for them the whole lists are read, until the day changes."""
        if clock.today() != self.today:
            self._whole = False
        self.today = clock.today()
        self.header.set_subtitle(labels.long_date(self.today))
        self._stale = False
        if not has_any_data(self.context.db):
            self.pages.setCurrentWidget(self.welcome)
            return
        self.pages.setCurrentWidget(self._lists)
        if self.loader is not None:
            self.loader.request(self.today, self.owner.currentData() or None, whole=self._whole)

    def _read_whole(self) -> None:
        """A group's "Show n more" wants rows only the whole lists hold."""
        self._whole = True
        self.refresh()

    @property
    def loading(self) -> bool:
        if self.loader is None:
            return self.pages.currentWidget() is self._lists
        return self.loader.busy

    def _fill_owners(self) -> None:
        fill_owner_choices(self.owner, self.context.db)
        self.mine.set_member(team_member(self.context.db))

    def _owner_chosen(self) -> None:
        preferences.remember(preferences.TODAY_OWNER_KEY, self.owner.currentData() or "")
        if self.rows is not None:
            self._show_groups()  # at once from the rows at hand, then counted for that owner
        self.refresh()

    def _show(self, data: TodayList, rows: TodayRows) -> None:
        self.data, self.rows = data, rows
        self._show_groups()

    def _mine(self, items: list[TaskItem]) -> list[TaskItem]:
        owner = self.owner.currentData()
        if not owner:
            return items
        return [i for i in items if getattr(i.payload, "owner", owner) == owner]

    def _total(self, group: str) -> int | None:
        """The group's count as read (None: count the rows listed, as the owner changed
        since the read)."""
        data = self.data
        if data is None or data.complete() or data.owner != (self.owner.currentData() or None):
            return None
        return data.total(group)

    def _show_groups(self) -> None:
        from funneldesk.core.today import OVERDUE_SHOWN, PEOPLE_SHOWN, TODAY_SHOWN  # with the rows

        rows, on, total = self.rows, self.today, self._total
        assert rows is not None
        self.plan.set_groups(
            [
                Group(
                    "overdue",
                    "alert-circle-outline",
                    self.tr("Overdue"),
                    self.tr("Nothing overdue — well done."),
                    self._mine(rows.overdue),
                    limit=OVERDUE_SHOWN,
                    total=total("overdue"),
                ),
                Group(
                    "today",
                    "calendar-today",
                    self.tr("Today"),
                    self.tr("Nothing planned today: drag an activity here or plan one."),
                    self._mine(rows.today),
                    drop_day=on,
                    limit=TODAY_SHOWN,
                    total=total("today"),
                ),
                Group(
                    "week",
                    "calendar-week",
                    self.tr("Next %n days", "", WEEK_AHEAD),
                    self.tr("Nothing planned this week: plan the next step of each open deal."),
                    self._mine(rows.week),
                    drop_day=on + timedelta(days=1),
                    days=rows.week_days,
                    total=total("week"),
                ),
            ]
        )
        self.people.set_groups(
            [
                Group(
                    "keep_in_touch",
                    "account-clock-outline",
                    self.tr("Keep in touch"),
                    self.tr("Set “keep in touch every … days” on a customer's card."),
                    self._mine(rows.keep_in_touch),
                    limit=PEOPLE_SHOWN,
                    total=total("keep_in_touch"),
                ),
                Group(
                    "festivals",
                    "party-popper",
                    self.tr("Festivals"),
                    self.tr(
                        "Choose festivals and customers to greet: Customers ▸ Festival greetings…"
                    ),
                    rows.festivals,
                    total=total("festivals"),
                ),
                Group(
                    "greetings",
                    "cake-variant-outline",
                    self.tr("Greetings"),
                    self.tr("Add birthdays and anniversaries on a customer's card."),
                    rows.greetings,
                    limit=PEOPLE_SHOWN,
                    total=total("greetings"),
                ),
                Group(
                    "idle",
                    "timer-sand",
                    self.tr("Idle deals"),
                    self.tr("Every open deal has moved or had a contact recently."),
                    self._mine(rows.idle_deals),
                    limit=PEOPLE_SHOWN,
                    total=total("idle_deals"),
                ),
            ]
        )

    def _on_changed(self, changes: ChangeSet) -> None:
        if not changes.tables() & WATCHED_TABLES:
            return
        if changes.tables() & {"customers", "deals", "activities"}:
            self._fill_owners()
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

    # -- actions (ui/today/actions.py, imported on first use with the dialogs they open) --
    def _action(self, item: TaskItem) -> None:
        from funneldesk.ui.today import actions

        actions.act(self, item)

    def _activated(self, item: TaskItem) -> None:
        from funneldesk.ui.today import actions

        actions.activate(self, item)

    def _snooze(self, item: TaskItem, where: QPoint) -> None:
        from funneldesk.ui.today import actions

        actions.snooze(self, item, where)

    def _fill_menu(self, item: TaskItem, menu: QMenu) -> None:
        from funneldesk.ui.today import actions

        actions.fill_menu(self, item, menu)

    def _plan_activity(self) -> None:
        from funneldesk.ui.activities.dialog import plan_activity

        plan_activity(self, self.context)

    def _edit_templates(self) -> None:
        from funneldesk.ui.today.templates_dialog import TemplatesDialog  # on first use

        TemplatesDialog(self, self.context).exec()

    def _dropped(self, ids: list[int], day: date) -> None:
        """A row dropped on another group or day: move it there, keeping its time."""
        for activity_id in ids:
            self.context.run(activities.reschedule_activity, activity_id, day, parent=self)

    def open_card(self, customer_id: int) -> None:
        _open_card(self, self.context, customer_id)


def _open_card(parent: QWidget, context: AppContext, customer_id: int | None) -> None:
    """The customer card (with its deals, lead score and history tabs) is imported on first
    use: importing it with this view added 0.3 s to every start-up."""
    from funneldesk.ui.card.dialog import open_customer_card

    open_customer_card(parent, context, customer_id)
