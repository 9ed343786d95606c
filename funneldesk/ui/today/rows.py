"""What each Today row says, worded once per distinct value.

A busy day at 100k customers lists thousands of rows, and most share their words ("in 3
days", "Birthday", a date). :class:`RowBuilder` caches each phrase, and runs on the loader's
worker thread (translation and ``QLocale`` formatting are thread-safe), so the window only
swaps finished rows in.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication, QLocale

from funneldesk.core.activities import WEEK_AHEAD, Activity
from funneldesk.core.festivals import FestivalDue
from funneldesk.core.idle import IdleDeal
from funneldesk.core.keep_in_touch import KeepInTouchDue
from funneldesk.core.today import Greeting, TodayList
from funneldesk.ui import labels
from funneldesk.ui.today.festival_dialog import festival_name, festival_row_text
from funneldesk.ui.today.grouped_list import TaskItem


def tr(text: str) -> str:
    return QCoreApplication.translate("TodayView", text)


@dataclass
class TodayRows:
    """Rows per group: activities overdue, due today (by time, then untimed) and in the next
    days (with each day's header text), greetings and idle deals."""

    overdue: list[TaskItem] = field(default_factory=list)
    today: list[TaskItem] = field(default_factory=list)
    week: list[TaskItem] = field(default_factory=list)
    week_days: list[tuple[date, str]] = field(default_factory=list)
    keep_in_touch: list[TaskItem] = field(default_factory=list)
    festivals: list[TaskItem] = field(default_factory=list)
    greetings: list[TaskItem] = field(default_factory=list)
    idle_deals: list[TaskItem] = field(default_factory=list)


class RowBuilder:
    def __init__(self) -> None:
        self._cache: dict[Hashable, str] = {}

    def _text(self, key: Hashable, make: Callable[[], str]) -> str:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def _date(self, value: date) -> str:
        return self._text(("date", value), lambda: labels.short_date(value))

    def rows(self, data: TodayList) -> TodayRows:
        on = data.on
        days = [on + timedelta(days=n) for n in range(1, WEEK_AHEAD + 1)]
        return TodayRows(
            overdue=[self.activity(a, data) for a in data.activities if a.due_date < on],
            today=[self.activity(a, data) for a in data.activities if a.due_date == on],
            week=[self.activity(a, data) for a in data.activities if a.due_date > on],
            week_days=[(day, self._day_header(day, on)) for day in days],
            keep_in_touch=[self.keep_in_touch(k) for k in data.keep_in_touch],
            festivals=[self.festival(f) for f in data.festivals],
            greetings=[self.greeting(g) for g in data.greetings],
            idle_deals=[self.idle(d) for d in data.idle_deals],
        )

    def _day_header(self, day: date, on: date) -> str:
        name = QLocale().toString(day, "dddd")
        when = labels.relative_days((day - on).days) if (day - on).days == 1 else ""
        text = f"{name}, {labels.short_date(day)}"
        return f"{text} · {when}" if when else text

    def greeting(self, greeting: Greeting) -> TaskItem:
        kind = self._text(
            ("kind", greeting.kind, greeting.calendar),
            lambda: (
                tr("%1 (lunar)").replace("%1", labels.label(labels.DATE_KINDS, greeting.kind))
                if greeting.calendar == "lunar"
                else labels.label(labels.DATE_KINDS, greeting.kind)
            ),
        )
        years = self._text(
            ("years", greeting.kind, greeting.years),
            lambda: labels.years_text(greeting.kind, greeting.years),
        )
        return TaskItem(
            icon=labels.icon_name(labels.DATE_KINDS, greeting.kind),
            title=greeting.name,
            detail=" · ".join(part for part in (kind, years, greeting.label) if part),
            when=self._text(
                ("in", greeting.days_until), lambda: labels.relative_days(greeting.days_until)
            ),
            when_detail=self._date(greeting.date),
            tone="muted" if greeting.greeted else "accent",
            action=self._text(("greeted", greeting.greeted), lambda: self._greet_action(greeting)),
            done=greeting.greeted,
            payload=greeting,
        )

    @staticmethod
    def _greet_action(greeting: Greeting) -> str:
        return tr("Sent ✓") if greeting.greeted else tr("Write…")

    def activity(self, item: Activity, data: TodayList) -> TaskItem:
        kind = self._text(
            ("activity", item.kind), lambda: labels.label(labels.ACTIVITY_KINDS, item.kind)
        )
        detail = f"{kind}: {item.title}" if item.title else kind
        if item.deal_title:
            detail = f"{detail} · {item.deal_title}"
        elif item.notes:
            detail = f"{detail} · {item.notes}"
        overdue = item.is_overdue(data.now)
        days_late = (data.on - item.due_date).days
        if days_late > 0:
            when = self._text(("late", days_late), lambda: _days_overdue(days_late))
        else:
            when = item.due_time or self._text("any time", lambda: tr("any time"))
        duration = item.duration_min
        return TaskItem(
            icon=labels.icon_name(labels.ACTIVITY_KINDS, item.kind),
            title=item.customer_name,
            detail=detail,
            when=when,
            when_detail=(
                self._date(item.due_date)
                if days_late > 0
                else self._text(("min", duration), lambda: _minutes(duration))
            ),
            tone="overdue" if overdue else "accent",
            action=self._text("done", lambda: tr("Done…")),
            done=False,
            payload=item,
        )

    def keep_in_touch(self, due: KeepInTouchDue) -> TaskItem:
        every = self._text(
            ("every", due.contact_every_days),
            lambda: tr("every %1 days").replace("%1", str(due.contact_every_days)),
        )
        last = (
            tr("last contact %1").replace("%1", self._date(due.last_contact))
            if due.last_contact
            else self._text("never", lambda: tr("no contact yet"))
        )
        return TaskItem(
            icon="account-clock-outline",
            title=due.name,
            detail=f"{every} · {last}",
            when=self._text(("over", due.days_over), lambda: _days_over(due.days_over)),
            when_detail="",
            tone="idle" if due.days_over > 0 else "accent",
            action=self._text("plan", lambda: tr("Plan…")),
            done=False,
            payload=due,
        )

    def festival(self, due: FestivalDue) -> TaskItem:
        waiting = bool(due.customer_ids)
        return TaskItem(
            icon="party-popper",
            title=festival_name(due),
            detail=festival_row_text(due),
            when=self._text(("in", due.days_until), lambda: labels.relative_days(due.days_until)),
            when_detail=self._date(due.date),
            tone="accent" if waiting else "muted",
            action=self._text(
                ("greet", waiting), lambda: tr("Greet…") if waiting else tr("Sent ✓")
            ),
            done=not waiting,
            payload=due,
        )

    def idle(self, deal: IdleDeal) -> TaskItem:
        customer = deal.customer_name or self._text("nobody", lambda: tr("no customer"))
        return TaskItem(
            icon="timer-sand",
            title=deal.title,
            detail=f"{customer} · {deal.stage_name}",
            when=self._text(
                ("idle", deal.days_idle),
                lambda: tr("idle %1 days").replace("%1", str(deal.days_idle)),
            ),
            when_detail=self._text(
                ("limit", deal.rot_days), lambda: tr("limit %1").replace("%1", str(deal.rot_days))
            ),
            tone="idle",
            action=self._text("board", lambda: tr("Board")),
            done=False,
            payload=deal,
        )


def _days_overdue(days: int) -> str:
    if days == 1:
        return tr("1 day overdue")
    return tr("%1 days overdue").replace("%1", str(days))


def _days_over(days: int) -> str:
    if days <= 0:
        return tr("due today")
    if days == 1:
        return tr("1 day over")
    return tr("%1 days over").replace("%1", str(days))


def _minutes(minutes: int | None) -> str:
    return tr("%1 min").replace("%1", str(minutes)) if minutes else ""
