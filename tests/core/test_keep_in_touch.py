"""Keep in touch: who is due, how many days over, and what counts as a contact."""

from __future__ import annotations

from datetime import date

from funneldesk.core import customers
from funneldesk.core.db import Database
from funneldesk.core.keep_in_touch import customers_due

ON = date(2026, 11, 25)


def _customer(db: Database, name: str, every: int | None, created: str = "2026-01-01") -> int:
    values = {"name": name, "contact_every_days": every}
    customer_id = customers.create_customer(db, values).inserted_ids("customers")[0]
    with db.bulk() as conn:  # a card created long ago
        conn.execute(
            "UPDATE customers SET created_at = ? WHERE id = ?",
            (f"{created}T12:00:00Z", customer_id),
        )
    return customer_id


def _contact(db: Database, customer_id: int, day: str, kind: str = "call") -> None:
    customers.add_interaction(db, customer_id, {"kind": kind, "occurred_at": f"{day}T12:00:00Z"})


def test_due_on_the_interval_day_and_most_overdue_first(db: Database) -> None:
    anna = _customer(db, "Anna", 30)
    bob = _customer(db, "Bob", 7)
    cai = _customer(db, "Cai", 30)
    _contact(db, anna, "2026-10-26")  # 30 days ago: due today
    _contact(db, bob, "2026-11-01")  # 24 days ago, every 7: 17 over
    _contact(db, cai, "2026-10-27")  # 29 days ago: not yet
    due = customers_due(db, ON)
    assert [(d.name, d.days_over) for d in due] == [("Bob", 17), ("Anna", 0)]
    assert due[0].last_contact == date(2026, 11, 1)
    assert due[0].contact_every_days == 7
    assert due[0].customer_id == bob
    assert cai not in {d.customer_id for d in due}


def test_customers_without_an_interval_are_never_due(db: Database) -> None:
    anna = _customer(db, "Anna", None)
    _contact(db, anna, "2020-01-01")
    assert customers_due(db, ON) == []


def test_a_newer_contact_clears_and_notes_do_not_count(db: Database) -> None:
    anna = _customer(db, "Anna", 14)
    _contact(db, anna, "2026-10-01")
    _contact(db, anna, "2026-11-20", kind="note")
    assert [d.days_over for d in customers_due(db, ON)] == [41]
    _contact(db, anna, "2026-11-20", kind="greeting")
    assert customers_due(db, ON) == []


def test_never_contacted_counts_from_the_cards_creation(db: Database) -> None:
    _customer(db, "New", 30, created="2026-11-20")
    old = _customer(db, "Old", 30, created="2026-09-01")
    (due,) = customers_due(db, ON)
    assert (due.customer_id, due.last_contact, due.days_over) == (old, None, 55)


def test_setting_the_interval_is_an_undoable_edit(db: Database) -> None:
    from funneldesk.core.recorder import revert

    anna = _customer(db, "Anna", None, created="2026-01-01")
    changes = customers.update_customer(db, anna, {"contact_every_days": 90})
    assert [d.name for d in customers_due(db, ON)] == ["Anna"]
    revert(db, changes)
    assert customers_due(db, ON) == []


def test_the_cards_rhythm_follows_the_same_rule(db: Database) -> None:
    from funneldesk.core.keep_in_touch import contact_rhythm

    anna = _customer(db, "Anna", 30, created="2026-09-01")
    assert (contact_rhythm(db, anna).last_contact, contact_rhythm(db, anna).due) == (
        None,
        date(2026, 10, 1),
    )
    _contact(db, anna, "2026-11-10")
    _contact(db, anna, "2026-11-20", kind="note")
    rhythm = contact_rhythm(db, anna)
    assert (rhythm.last_contact, rhythm.due) == (date(2026, 11, 10), date(2026, 12, 10))
    customers.update_customer(db, anna, {"contact_every_days": None})
    assert contact_rhythm(db, anna).due is None
    assert contact_rhythm(db, anna + 1) is None
