"""Everything the customer card shows about one customer, read in one go.

The card never runs SQL itself (the UI layer must not); it asks for a :class:`CustomerCard`
of plain dataclasses: the customer's fields, important dates with their next occurrence,
preferences, contact history (newest first, with the linked deal), deals with stages and
the open planned activities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from funneldesk.core.activities import Activity, customer_activities
from funneldesk.core.customers import CUSTOMER_FIELDS
from funneldesk.core.db import Database
from funneldesk.core.errors import ValidationError
from funneldesk.core.rows import from_row
from funneldesk.core.yearly_dates import feb29_rule, next_occurrence, years_at


@dataclass(frozen=True)
class DateEntry:
    id: int
    kind: str
    label: str | None
    month: int
    day: int
    year: int | None
    calendar: str
    is_leap_month: bool
    remind_days_before: int
    next_date: date | None  # None when it cannot be computed (lunar beyond 2099)
    days_until: int | None
    years: int | None  # age / years at the next occurrence, when the year is known


@dataclass(frozen=True)
class PreferenceEntry:
    id: int
    category: str
    value: str


@dataclass(frozen=True)
class InteractionEntry:
    id: int
    kind: str
    occurred_at: str
    duration_min: float | None
    summary: str | None
    outcome: str | None
    deal_id: int | None
    deal_title: str | None


@dataclass(frozen=True)
class DealEntry:
    id: int
    title: str
    pipeline_name: str
    stage_name: str
    stage_position: int
    stage_count: int
    status: str
    value: float
    currency: str | None
    expected_close: str | None


@dataclass
class CustomerCard:
    id: int
    values: dict[str, Any]
    dates: list[DateEntry] = field(default_factory=list)
    preferences: list[PreferenceEntry] = field(default_factory=list)
    interactions: list[InteractionEntry] = field(default_factory=list)
    deals: list[DealEntry] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)  # open ones, soonest first

    def next_activity(self) -> Activity | None:
        """The planned step that comes next, if any."""
        return self.activities[0] if self.activities else None


def date_entry(row: Any, on: date, feb29: str) -> DateEntry:
    """A stored important date with its next occurrence on or after ``on``."""
    try:
        upcoming = next_occurrence(
            row["month"], row["day"], row["calendar"], bool(row["is_leap_month"]), on, feb29
        )
        years = years_at(row["year"], row["calendar"], upcoming)
    except ValidationError:
        upcoming, years = None, None
    return from_row(
        DateEntry,
        row,
        is_leap_month=bool(row["is_leap_month"]),
        next_date=upcoming,
        days_until=None if upcoming is None else (upcoming - on).days,
        years=years,
    )


def load_card(db: Database, customer_id: int, on: date) -> CustomerCard | None:
    """The whole card, or ``None`` when the customer no longer exists."""
    row = db.query_one("SELECT * FROM customers WHERE id = ?", (customer_id,))
    if row is None:
        return None
    card = CustomerCard(id=customer_id, values={k: row[k] for k in CUSTOMER_FIELDS})
    rule = feb29_rule(db)
    card.dates = sorted(
        (
            date_entry(r, on, rule)
            for r in db.query(
                "SELECT * FROM important_dates WHERE customer_id = ? ORDER BY id", (customer_id,)
            )
        ),
        key=lambda d: (d.days_until is None, d.days_until or 0, d.id),
    )
    card.preferences = [
        PreferenceEntry(r["id"], r["category"], r["value"])
        for r in db.query(
            "SELECT id, category, value FROM preferences WHERE customer_id = ? "
            "ORDER BY category, id",
            (customer_id,),
        )
    ]
    card.interactions = [
        from_row(InteractionEntry, r)
        for r in db.query(
            "SELECT i.*, d.title AS deal_title FROM interactions i "
            "LEFT JOIN deals d ON d.id = i.deal_id WHERE i.customer_id = ? "
            "ORDER BY i.occurred_at DESC, i.id DESC",
            (customer_id,),
        )
    ]
    card.deals = customer_deals(db, customer_id)
    card.activities = customer_activities(db, customer_id)
    return card


def customer_deals(db: Database, customer_id: int) -> list[DealEntry]:
    """The customer's deals, open ones first, with stage and its place in the pipeline."""
    return [
        from_row(DealEntry, r)
        for r in db.query(
            """
            SELECT d.id, d.title, d.status, d.value, d.currency, d.expected_close,
                   p.name AS pipeline_name, s.name AS stage_name, s.position AS stage_position,
                   (SELECT COUNT(*) FROM stages x
                    WHERE x.pipeline_id = d.pipeline_id AND x.archived = 0) AS stage_count
            FROM deals d JOIN stages s ON s.id = d.stage_id JOIN pipelines p ON p.id = d.pipeline_id
            WHERE d.customer_id = ?
            ORDER BY d.status != 'open', d.created_at DESC, d.id DESC
            """,
            (customer_id,),
        )
    ]


def customer_name(db: Database, customer_id: int) -> str | None:
    return db.scalar("SELECT name FROM customers WHERE id = ?", (customer_id,))
