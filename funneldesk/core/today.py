"""What a salesperson should do today: planned activities, greetings due, idle deals.

``funneldesk today --json`` prints every due item (:func:`today_list`). The Today view first
paints :func:`first_screen`: every group's count and only the rows its first screen shows
(five overdue, the day's first rows by time, the first rows of each next day, the soonest
greetings, ...), so a team's file with thousands of rows a week opens as fast as a small
one; *Show n more* then reads the whole lists. Every list is filtered in SQL first:
activities through the partial index of open activities (:mod:`funneldesk.core.activities`),
greetings by month/day (lunar dates in Python, see :mod:`funneldesk.core.yearly_dates`),
idle deals through :mod:`funneldesk.core.idle`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, time, timedelta
from typing import Any

from funneldesk.core import clock
from funneldesk.core.activities import (
    WEEK_AHEAD,
    Activity,
    open_activities_page,
    open_activities_until,
    open_activity_counts,
)
from funneldesk.core.db import Database
from funneldesk.core.festivals import FestivalDue, festivals_due
from funneldesk.core.idle import IdleDeal, idle_deals_page
from funneldesk.core.keep_in_touch import KeepInTouchDue, customers_due
from funneldesk.core.yearly_dates import (
    DateOccurrence,
    UpcomingDate,
    upcoming_greetings,
    upcoming_greetings_page,
)

CHUNK = 500  # ids per IN (...) list: well under SQLite's variable limit
# Rows of each group on the Today view's first screen (the rest behind "Show n more"):
OVERDUE_SHOWN = 5  # so today's plan is on the first screen
TODAY_SHOWN = 50  # the day's activities by time
DAY_SHOWN = 10  # each of the next seven days
PEOPLE_SHOWN = 8  # keep-in-touch, greetings and idle deals
GROUPS = ("overdue", "today", "week", "keep_in_touch", "festivals", "greetings", "idle_deals")


@dataclass(frozen=True)
class Greeting(DateOccurrence):
    """An important date due a greeting, and whether one was already logged for it."""

    greeted: bool
    owner: str | None = None  # the customer's: whose plan it belongs to


@dataclass
class TodayList:
    """The day's plan as read at ``now`` (local): open activities up to a week ahead
    (overdue ones included), greetings due, idle deals, customers due for keep-in-touch and
    festival greetings."""

    on: date
    now: datetime
    activities: list[Activity] = field(default_factory=list)
    greetings: list[Greeting] = field(default_factory=list)
    idle_deals: list[IdleDeal] = field(default_factory=list)
    keep_in_touch: list[KeepInTouchDue] = field(default_factory=list)
    festivals: list[FestivalDue] = field(default_factory=list)
    owner: str | None = None  # whose plan (None: everyone's)
    totals: dict[str, int] = field(default_factory=dict)  # per group when only a screen is read

    def complete(self) -> bool:
        """Every due row is listed (not only a first screen)."""
        return not self.totals

    def total(self, group: str) -> int:
        """How many rows ``group`` (one of :data:`GROUPS`) holds, listed or not."""
        if group in self.totals:
            return self.totals[group]
        if group in ("overdue", "today", "week"):
            return len(self._group_activities(group))
        return len(getattr(self, group))

    def _group_activities(self, group: str) -> list[Activity]:
        on = self.on
        if group == "overdue":
            return [item for item in self.activities if item.due_date < on]
        if group == "today":
            return [item for item in self.activities if item.due_date == on]
        return [item for item in self.activities if item.due_date > on]

    def due_activities(self) -> list[Activity]:
        """Open activities overdue or due on the day."""
        return [item for item in self.activities if item.due_date <= self.on]


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def greetings_logged_since(
    db: Database, customer_ids: Iterable[int], since: date
) -> dict[int, str]:
    """Date (``YYYY-MM-DD``) of each customer's latest ``greeting`` contact on or after ``since``."""
    ids = sorted(set(customer_ids))
    latest: dict[int, str] = {}
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        for row in db.query(
            f"SELECT customer_id, MAX(occurred_at) AS last FROM interactions "
            f"WHERE customer_id IN ({marks}) AND occurred_at >= ? AND kind = 'greeting' "
            f"GROUP BY customer_id",
            [*chunk, since.isoformat()],
        ):
            latest[row["customer_id"]] = row["last"][:10]
    return latest


def greetings_due(db: Database, on: date, owner: str | None = None) -> list[Greeting]:
    """Dates within their reminder window (``owner``: of that person's customers);
    ``greeted`` once a greeting was logged inside it."""
    return _greetings(db, upcoming_greetings(db, on, owner=owner))


def _greetings(db: Database, upcoming: list[UpcomingDate]) -> list[Greeting]:
    if not upcoming:
        return []
    earliest = min(item.date - timedelta(days=item.remind_days_before) for item in upcoming)
    logged = greetings_logged_since(db, (item.customer_id for item in upcoming), earliest)
    return [_greeting(item, logged.get(item.customer_id)) for item in upcoming]


def _greeting(item: UpcomingDate, logged_on: str | None) -> Greeting:
    window_start = (item.date - timedelta(days=item.remind_days_before)).isoformat()
    occurrence = {f.name: getattr(item, f.name) for f in fields(DateOccurrence)}
    return Greeting(
        **occurrence,
        greeted=logged_on is not None and logged_on >= window_start,
        owner=item.owner,
    )


def moment_of(on: date) -> datetime:
    """The "now" a day is judged at: the real time today, the start of any other day (so
    ``today --date`` of a past or future day counts that day's timed activities as ahead)."""
    now = clock.local_now()
    return now if now.date() == on else datetime.combine(on, time.min)


def today_list(db: Database, on: date, owner: str | None = None) -> TodayList:
    """Everything due on ``on`` (``owner``: only that person's activities, greetings,
    keep-in-touch, festival greetings and idle deals): ``funneldesk today`` prints it, the Today view shows it once a group's
    *Show n more* was clicked."""
    return TodayList(
        on=on,
        now=moment_of(on),
        activities=open_activities_until(db, on + timedelta(days=WEEK_AHEAD), owner),
        greetings=greetings_due(db, on, owner),
        idle_deals=idle_deals_page(db, on, owner=owner)[0],
        keep_in_touch=customers_due(db, on, owner),
        festivals=festivals_due(db, on, owner),
        owner=owner,
    )


def first_screen(db: Database, on: date, owner: str | None = None) -> TodayList:
    """What the Today view paints first: every group's count (in :attr:`TodayList.totals`)
    and only the rows its first screen shows, each group read and counted in SQL."""
    last = on + timedelta(days=WEEK_AHEAD)
    counts = open_activity_counts(db, last, owner)
    activities = open_activities_page(db, None, on - timedelta(days=1), OVERDUE_SHOWN, owner)
    activities += open_activities_page(db, on, on, TODAY_SHOWN, owner)
    for ahead in range(1, WEEK_AHEAD + 1):
        day = on + timedelta(days=ahead)
        if counts.get(day):
            activities += open_activities_page(db, day, day, DAY_SHOWN, owner)
    upcoming, greetings_total = upcoming_greetings_page(db, on, PEOPLE_SHOWN, owner)
    idle, idle_total = idle_deals_page(db, on, PEOPLE_SHOWN, owner=owner)
    keep_in_touch = customers_due(db, on, owner)
    festivals = festivals_due(db, on, owner)
    return TodayList(
        on=on,
        now=moment_of(on),
        activities=activities,
        greetings=_greetings(db, upcoming),
        idle_deals=idle,
        keep_in_touch=keep_in_touch[:PEOPLE_SHOWN],
        festivals=festivals,
        owner=owner,
        totals={
            "overdue": sum(n for day, n in counts.items() if day < on),
            "today": counts.get(on, 0),
            "week": sum(n for day, n in counts.items() if day > on),
            "keep_in_touch": len(keep_in_touch),
            "festivals": len(festivals),
            "greetings": greetings_total,
            "idle_deals": idle_total,
        },
    )


def activity_as_json(item: Activity, now: datetime) -> dict[str, Any]:
    return {
        "id": item.id,
        "customer_id": item.customer_id,
        "name": item.customer_name,
        "deal_id": item.deal_id,
        "kind": item.kind,
        "title": item.title,
        "due_date": item.due_date.isoformat(),
        "due_time": item.due_time,
        "overdue": item.is_overdue(now),
    }


def follow_up_as_json(item: Activity, on: date) -> dict[str, Any]:
    """The pre-activities ``follow_ups`` entry, kept for scripts that read it."""
    return {
        "activity_id": item.id,
        "customer_id": item.customer_id,
        "name": item.customer_name,
        "phone": item.customer_phone,
        "due": item.due_date.isoformat(),
        "days_overdue": (on - item.due_date).days,
        "kind": item.kind,
        "summary": item.title or item.notes,
        "deal_id": item.deal_id,
        "deal_title": item.deal_title,
    }


def today_as_json(today: TodayList) -> dict[str, list[dict[str, Any]]]:
    """The ``today --json`` document: plain lists of objects with ISO dates.

    ``activities`` are the open ones overdue or due that day; ``follow_ups`` lists the same
    work in the shape it had before activities existed.
    """
    due = today.due_activities()
    return {
        "activities": [activity_as_json(item, today.now) for item in due],
        "greetings": [{**asdict(item), "date": item.date.isoformat()} for item in today.greetings],
        "follow_ups": [follow_up_as_json(item, today.on) for item in due],
        "idle_deals": [asdict(item) for item in today.idle_deals],
        **_people_json(today),
    }


# -- keep in touch and festival greetings (core/keep_in_touch.py, core/festivals.py) ---------


def _people_json(today: TodayList) -> dict[str, list[dict[str, Any]]]:
    """``keep_in_touch`` and ``festivals`` of ``today --json``."""
    return {
        "keep_in_touch": [
            {
                "customer_id": due.customer_id,
                "name": due.name,
                "last_contact": due.last_contact.isoformat() if due.last_contact else None,
                "days_over": due.days_over,
                "contact_every_days": due.contact_every_days,
            }
            for due in today.keep_in_touch
        ],
        "festivals": [
            {
                "festival": due.festival,
                "name_en": due.name_en,
                "name_zh": due.name_zh,
                "date": due.date.isoformat(),
                "days_until": due.days_until,
                "customers": [
                    {"customer_id": i, "name": name}
                    for i, name in zip(due.customer_ids, due.names, strict=True)
                ],
                "greeted": due.greeted,
            }
            for due in today.festivals
        ],
    }
