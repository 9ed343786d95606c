"""What each Today row says, worded once per distinct value.

A busy day at 100k customers lists thousands of rows, and most share their words ("in 3
days", "Birthday", a date). :class:`RowBuilder` caches each phrase, and runs on the loader's
worker thread (translation and ``QLocale`` formatting are thread-safe), so the window only
swaps finished rows in.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QCoreApplication

from funneldesk.core.idle import IdleDeal
from funneldesk.core.today import FollowUp, Greeting, TodayList
from funneldesk.ui import labels
from funneldesk.ui.today.task_list import TaskItem


def tr(text: str) -> str:
    return QCoreApplication.translate("TodayView", text)


@dataclass
class TodayRows:
    greetings: list[TaskItem] = field(default_factory=list)
    follow_ups: list[TaskItem] = field(default_factory=list)
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
        return TodayRows(
            greetings=[self.greeting(g) for g in data.greetings],
            follow_ups=[self.follow_up(f) for f in data.follow_ups],
            idle_deals=[self.idle(d) for d in data.idle_deals],
        )

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

    def follow_up(self, follow_up: FollowUp) -> TaskItem:
        kind = self._text(
            ("contact", follow_up.kind),
            lambda: labels.label(labels.INTERACTION_KINDS, follow_up.kind),
        )
        detail = (
            f"{kind}: {follow_up.summary or self._text('no summary', lambda: tr('no summary'))}"
        )
        if follow_up.deal_title:
            detail = f"{follow_up.deal_title} · {detail}"
        return TaskItem(
            icon=labels.icon_name(labels.INTERACTION_KINDS, follow_up.kind),
            title=follow_up.name,
            detail=detail,
            when=self._text(("overdue", follow_up.days_overdue), lambda: _overdue(follow_up)),
            when_detail=self._date(follow_up.due),
            tone="overdue" if follow_up.days_overdue > 0 else "accent",
            action=self._text("done", lambda: tr("Done…")),
            done=False,
            payload=follow_up,
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


def _overdue(follow_up: FollowUp) -> str:
    if follow_up.days_overdue > 0:
        return tr("%1 days overdue").replace("%1", str(follow_up.days_overdue))
    return tr("due today")
