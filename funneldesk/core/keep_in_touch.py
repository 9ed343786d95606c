"""Keep in touch: customers whose last contact is older than the interval set on their card.

A customer with ``contact_every_days = 30`` is due on the 30th day after the last contact
(``days_over`` 0) and counts one more day over every day after that. What counts as a
contact is any logged interaction except a ``note`` (a note is written about the customer,
not to them); a greeting or a completed call does count. A customer never contacted counts
from the day the card was created, so setting an interval on a new card does not make it
overdue at once. Timestamps are UTC; the day of a contact is the user's local day.

One SQL statement, so Today stays quick at 100k customers: only customers with an interval
are read, and each one's latest contact is one seek in ``idx_interactions_customer``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from funneldesk.core.db import Database

PRESET_DAYS = (7, 14, 30, 90)
"""The intervals the card offers in one click (any other number of days can be typed)."""


@dataclass(frozen=True)
class KeepInTouchDue:
    """A customer due for a contact: ``days_over`` 0 means due today."""

    customer_id: int
    name: str
    last_contact: date | None
    days_over: int
    contact_every_days: int
    owner: str | None


_LAST_CONTACT_SQL = """(SELECT date(MAX(i.occurred_at), 'localtime') FROM interactions i
    WHERE i.customer_id = c.id AND i.kind <> 'note')"""
"""A customer's last contact day (``c`` is the customer row): the rule's one definition."""

_DUE_SQL = f"""
SELECT id, name, owner, contact_every_days, last_contact,
       CAST(julianday(:on) - julianday(COALESCE(last_contact, created_day))
            AS INTEGER) - contact_every_days AS days_over
FROM (
    SELECT c.id, c.name, c.owner, c.contact_every_days,
           date(c.created_at, 'localtime') AS created_day,
           {_LAST_CONTACT_SQL} AS last_contact
    FROM customers c
    WHERE c.contact_every_days IS NOT NULL AND (:owner IS NULL OR c.owner = :owner)
)
WHERE days_over >= 0
ORDER BY days_over DESC, name COLLATE NOCASE, id
"""


def customers_due(db: Database, on: date, owner: str | None = None) -> list[KeepInTouchDue]:
    """Customers due for a contact on ``on``, most overdue first (then by name); ``owner``:
    only that person's customers."""
    return [
        KeepInTouchDue(
            customer_id=row["id"],
            name=row["name"],
            last_contact=date.fromisoformat(row["last_contact"]) if row["last_contact"] else None,
            days_over=row["days_over"],
            contact_every_days=row["contact_every_days"],
            owner=row["owner"],
        )
        for row in db.query(_DUE_SQL, {"on": on.isoformat(), "owner": owner or None})
    ]


@dataclass(frozen=True)
class ContactRhythm:
    """One customer's last contact and when the next one is due (for the card)."""

    last_contact: date | None
    due: date | None  # None without an interval


def contact_rhythm(db: Database, customer_id: int) -> ContactRhythm | None:
    """The card's view of the same rule as :func:`customers_due` (``None``: no such card)."""
    row = db.query_one(
        f"""SELECT c.contact_every_days AS every, date(c.created_at, 'localtime') AS created_day,
                  {_LAST_CONTACT_SQL} AS last_contact
           FROM customers c WHERE c.id = ?""",
        (customer_id,),
    )
    if row is None:
        return None
    last = date.fromisoformat(row["last_contact"]) if row["last_contact"] else None
    if not row["every"]:
        return ContactRhythm(last, None)
    start = last or date.fromisoformat(row["created_day"])
    return ContactRhythm(last, start + timedelta(days=row["every"]))
