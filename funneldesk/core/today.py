"""What a salesperson should do today: greetings due, follow-ups due or overdue, idle deals.

The same lists feed the Today view and ``funneldesk today --json`` (DESIGN §4, §5). Every
list is filtered in SQL first so it stays quick at 100k customers: greetings by month/day
(lunar dates in Python, see :mod:`funneldesk.core.yearly_dates`), follow-ups through the
partial index on ``next_follow_up``, idle deals through :mod:`funneldesk.core.idle`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from funneldesk.core.db import Database
from funneldesk.core.festivals import FestivalDue, festivals_due
from funneldesk.core.idle import IdleDeal, idle_deals
from funneldesk.core.keep_in_touch import KeepInTouchDue, customers_due
from funneldesk.core.yearly_dates import UpcomingDate, upcoming_greetings

CHUNK = 500  # ids per IN (...) list: well under SQLite's variable limit


@dataclass(frozen=True)
class Greeting:
    """An important date due a greeting, and whether one was already logged for it."""

    date_id: int
    customer_id: int
    name: str
    kind: str
    label: str | None
    date: date
    days_until: int
    years: int | None
    calendar: str
    greeted: bool


@dataclass(frozen=True)
class FollowUp:
    """A customer whose latest contact asked for a follow-up on or before today."""

    interaction_id: int
    customer_id: int
    name: str
    phone: str | None
    due: date
    days_overdue: int
    kind: str
    summary: str | None
    deal_id: int | None
    deal_title: str | None


@dataclass
class TodayList:
    greetings: list[Greeting] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    idle_deals: list[IdleDeal] = field(default_factory=list)
    keep_in_touch: list[KeepInTouchDue] = field(default_factory=list)
    festivals: list[FestivalDue] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.greetings or self.follow_ups or self.idle_deals)


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


def greetings_due(db: Database, on: date) -> list[Greeting]:
    """Dates within their reminder window; ``greeted`` once a greeting was logged inside it."""
    upcoming = upcoming_greetings(db, on)
    if not upcoming:
        return []
    earliest = min(item.date - timedelta(days=item.remind_days_before) for item in upcoming)
    logged = greetings_logged_since(db, (item.customer_id for item in upcoming), earliest)
    return [_greeting(item, logged.get(item.customer_id)) for item in upcoming]


def _greeting(item: UpcomingDate, logged_on: str | None) -> Greeting:
    window_start = (item.date - timedelta(days=item.remind_days_before)).isoformat()
    return Greeting(
        date_id=item.date_id,
        customer_id=item.customer_id,
        name=item.name,
        kind=item.kind,
        label=item.label,
        date=item.date,
        days_until=item.days_until,
        years=item.years,
        calendar=item.calendar,
        greeted=logged_on is not None and logged_on >= window_start,
    )


def follow_ups_due(db: Database, on: date) -> list[FollowUp]:
    """Follow-ups due on or before ``on``, most overdue first.

    Only each customer's latest interaction counts: logging any newer contact answers the
    follow-up (and may set the next one).
    """
    rows = db.query(
        """
        SELECT i.id, i.customer_id, c.name, c.phone, i.next_follow_up, i.kind, i.summary,
               i.deal_id, d.title AS deal_title
        FROM interactions i
        JOIN customers c ON c.id = i.customer_id
        LEFT JOIN deals d ON d.id = i.deal_id
        WHERE i.next_follow_up IS NOT NULL AND i.next_follow_up <= ?
          AND NOT EXISTS (
              SELECT 1 FROM interactions n
              WHERE n.customer_id = i.customer_id
                AND (n.occurred_at > i.occurred_at
                     OR (n.occurred_at = i.occurred_at AND n.id > i.id)))
        ORDER BY i.next_follow_up, c.name, i.id
        """,
        (on.isoformat(),),
    )
    return [
        FollowUp(
            interaction_id=row["id"],
            customer_id=row["customer_id"],
            name=row["name"],
            phone=row["phone"],
            due=date.fromisoformat(row["next_follow_up"]),
            days_overdue=(on - date.fromisoformat(row["next_follow_up"])).days,
            kind=row["kind"],
            summary=row["summary"],
            deal_id=row["deal_id"],
            deal_title=row["deal_title"],
        )
        for row in rows
    ]


def today_list(db: Database, on: date) -> TodayList:
    """Everything due on ``on``: the Today view and ``funneldesk today`` show exactly this."""
    return TodayList(
        greetings=greetings_due(db, on),
        follow_ups=follow_ups_due(db, on),
        idle_deals=idle_deals(db, on),
        keep_in_touch=customers_due(db, on),
        festivals=festivals_due(db, on),
    )


def today_as_json(today: TodayList) -> dict[str, list[dict[str, Any]]]:
    """The ``today --json`` document: plain lists of objects with ISO dates."""
    return {
        "greetings": [{**asdict(item), "date": item.date.isoformat()} for item in today.greetings],
        "follow_ups": [{**asdict(item), "due": item.due.isoformat()} for item in today.follow_ups],
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
