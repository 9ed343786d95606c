"""Operations on customer cards: the customer, important dates, preferences, contact history.

Every public function is one operation (one transaction) and returns its
:class:`~funneldesk.core.changes.ChangeSet`; the UI pushes it on the undo stack.
"""

from __future__ import annotations

from typing import Any

from funneldesk.core import activities, name_order
from funneldesk.core import validation as v
from funneldesk.core.changes import ChangeSet
from funneldesk.core.clock import now_timestamp
from funneldesk.core.db import Database
from funneldesk.core.errors import ValidationError
from funneldesk.core.recorder import Recorder

CUSTOMER_FIELDS = (
    "name",
    "company",
    "title",
    "phone",
    "email",
    "address",
    "city",
    "source",
    "spending_level",
    "purchase_frequency",
    "satisfaction",
    "notes",
    "owner",
    "contact_every_days",
)


CUSTOMER_CLEANERS: dict[str, v.Cleaner] = {
    "name": lambda value: v.clean_text(value, "name", required=True, label="Name"),
    "email": v.clean_email,
    "phone": v.clean_phone,
    "contact_every_days": lambda value: v.clean_int(
        value, "contact_every_days", minimum=1, maximum=3660, label="Keep in touch every"
    ),
    "satisfaction": lambda value: v.clean_int(
        value, "satisfaction", minimum=1, maximum=5, label="Satisfaction"
    ),
}


def clean_customer(values: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Validate customer fields; with ``partial`` only the given keys are checked."""
    clean = v.clean_fields(values, CUSTOMER_FIELDS, "customer", CUSTOMER_CLEANERS)
    if not partial and "name" not in clean:
        raise ValidationError("Name is required.", "name")
    return clean


def create_customer(db: Database, values: dict[str, Any]) -> ChangeSet:
    clean = clean_customer(values)
    stamp = now_timestamp()
    with db.operation("New customer") as tx:
        tx.insert(
            "customers",
            name_order.with_sort_key({**clean, "created_at": stamp, "updated_at": stamp}),
        )
    return tx.changeset


def update_customer(db: Database, customer_id: int, values: dict[str, Any]) -> ChangeSet:
    clean = clean_customer(values, partial=True)
    with db.operation("Edit customer") as tx:
        before = tx.require("customers", customer_id)
        if any(before[k] != val for k, val in clean.items()):
            tx.update(
                "customers",
                customer_id,
                name_order.with_sort_key({**clean, "updated_at": now_timestamp()}),
            )
    return tx.changeset


def delete_customer(db: Database, customer_id: int, *, keep_deals: bool = False) -> ChangeSet:
    """Delete a customer with dates, preferences and history; deals kept (unlinked) or deleted."""
    with db.operation("Delete customer") as tx:
        tx.require("customers", customer_id)
        for table in ("important_dates", "preferences", "interactions"):
            for (row_id,) in tx.execute(
                f"SELECT id FROM {table} WHERE customer_id = ?", (customer_id,)
            ).fetchall():
                tx.delete(table, row_id)
        for (deal_id,) in tx.execute(
            "SELECT id FROM deals WHERE customer_id = ?", (customer_id,)
        ).fetchall():
            if keep_deals:
                tx.update("deals", deal_id, {"customer_id": None, "updated_at": now_timestamp()})
            else:
                delete_deal_rows(tx, deal_id)
        tx.delete("customers", customer_id)
    return tx.changeset


def delete_deal_rows(tx: Recorder, deal_id: int) -> None:
    """Delete a deal with its stage history, unlinking interactions (shared with deals.py)."""
    for (change_id,) in tx.execute(
        "SELECT id FROM stage_changes WHERE deal_id = ? ORDER BY id DESC", (deal_id,)
    ).fetchall():
        tx.delete("stage_changes", change_id)
    for (interaction_id,) in tx.execute(
        "SELECT id FROM interactions WHERE deal_id = ?", (deal_id,)
    ).fetchall():
        tx.update("interactions", interaction_id, {"deal_id": None})
    tx.delete("deals", deal_id)


# -- important dates ---------------------------------------------------------------------

DATE_FIELDS = (
    "kind",
    "label",
    "month",
    "day",
    "year",
    "calendar",
    "is_leap_month",
    "remind_days_before",
)


def clean_important_date(
    values: dict[str, Any], current: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Validate a date as a whole: month/day must exist in its calendar (and year, if known)."""
    merged = {**(current or {}), **values}
    clean = {
        "kind": v.clean_choice(merged.get("kind"), "kind", v.DATE_KINDS, default="custom"),
        "label": v.clean_text(merged.get("label"), "label"),
        "month": v.clean_int(merged.get("month"), "month", minimum=1, maximum=12, label="Month"),
        "day": v.clean_int(merged.get("day"), "day", minimum=1, maximum=31, label="Day"),
        "year": v.clean_int(merged.get("year"), "year", minimum=1800, maximum=2200, label="Year"),
        "calendar": v.clean_choice(
            merged.get("calendar"), "calendar", v.CALENDARS, default="solar"
        ),
        "is_leap_month": 1 if merged.get("is_leap_month") else 0,
        "remind_days_before": v.clean_int(
            merged.get("remind_days_before", 7),
            "remind_days_before",
            minimum=0,
            maximum=365,
            label="Reminder days",
        ),
    }
    if clean["month"] is None or clean["day"] is None:
        raise ValidationError("A date needs a month and a day.", "month")
    if clean["remind_days_before"] is None:
        clean["remind_days_before"] = 7
    if clean["calendar"] == "solar":
        clean["is_leap_month"] = 0
    v.check_month_day(clean["month"], clean["day"], clean["year"], clean["calendar"])
    return {k: clean[k] for k in DATE_FIELDS if k in values or current is None}


def add_important_date(db: Database, customer_id: int, values: dict[str, Any]) -> ChangeSet:
    clean = clean_important_date(values)
    with db.operation("Add date") as tx:
        tx.require("customers", customer_id)
        tx.insert("important_dates", {**clean, "customer_id": customer_id})
    return tx.changeset


def update_important_date(db: Database, date_id: int, values: dict[str, Any]) -> ChangeSet:
    with db.operation("Edit date") as tx:
        current = tx.require("important_dates", date_id)
        tx.update("important_dates", date_id, clean_important_date(values, current))
    return tx.changeset


def delete_important_date(db: Database, date_id: int) -> ChangeSet:
    return db.delete_row("Delete date", "important_dates", date_id)


# -- preferences -------------------------------------------------------------------------


def add_preference(db: Database, customer_id: int, category: str, value: str) -> ChangeSet:
    clean_category = v.clean_choice(category, "category", v.PREFERENCE_CATEGORIES, default="other")
    clean_value = v.clean_text(value, "value", required=True, label="Preference")
    with db.operation("Add preference") as tx:
        tx.require("customers", customer_id)
        tx.insert(
            "preferences",
            {"customer_id": customer_id, "category": clean_category, "value": clean_value},
        )
    return tx.changeset


def update_preference(db: Database, preference_id: int, category: str, value: str) -> ChangeSet:
    clean = {
        "category": v.clean_choice(category, "category", v.PREFERENCE_CATEGORIES, default="other"),
        "value": v.clean_text(value, "value", required=True, label="Preference"),
    }
    return db.update_row("Edit preference", "preferences", preference_id, clean)


def delete_preference(db: Database, preference_id: int) -> ChangeSet:
    return db.delete_row("Delete preference", "preferences", preference_id)


# -- contact history ---------------------------------------------------------------------

INTERACTION_FIELDS = (
    "deal_id",
    "kind",
    "occurred_at",
    "duration_min",
    "summary",
    "outcome",
    "next_follow_up",
)


INTERACTION_CLEANERS: dict[str, v.Cleaner] = {
    "kind": lambda value: v.clean_choice(value, "kind", v.INTERACTION_KINDS, default="note"),
    "outcome": lambda value: v.clean_choice(value, "outcome", v.OUTCOMES),
    "duration_min": lambda value: v.clean_number(
        value, "duration_min", minimum=0, maximum=24 * 60, label="Duration"
    ),
    "next_follow_up": lambda value: v.clean_date(value, "next_follow_up", label="Next follow-up"),
    "occurred_at": lambda value: (
        v.clean_timestamp(value, "occurred_at", label="When") or now_timestamp()
    ),
    "deal_id": lambda value: v.clean_int(value, "deal_id"),
}


def clean_interaction(values: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    clean = v.clean_fields(values, INTERACTION_FIELDS, "interaction", INTERACTION_CLEANERS)
    if not partial:
        clean.setdefault("kind", "note")
        clean.setdefault("occurred_at", now_timestamp())
    return clean


def add_interaction(db: Database, customer_id: int, values: dict[str, Any]) -> ChangeSet:
    """Log a contact. A ``next_follow_up`` date plans that follow-up as an activity (same
    customer, deal and kind; a call after a note) in the same operation."""
    clean = clean_interaction(values)
    follow_up = clean.pop("next_follow_up", None)
    with db.operation("Log contact") as tx:
        customer = tx.require("customers", customer_id)
        if clean.get("deal_id") is not None:
            tx.require("deals", clean["deal_id"])
        tx.insert("interactions", {**clean, "customer_id": customer_id})
        if follow_up is not None:
            activities.insert_activity(
                tx,
                {
                    "customer_id": customer_id,
                    "deal_id": clean.get("deal_id"),
                    "kind": clean["kind"] if clean["kind"] in activities.KINDS else "call",
                    "title": "",
                    "due_date": follow_up,
                    "notes": clean.get("summary"),
                    "owner": customer["owner"],
                },
            )
    return tx.changeset


def update_interaction(db: Database, interaction_id: int, values: dict[str, Any]) -> ChangeSet:
    """Edit a logged contact (planned work is edited as activities, not here)."""
    clean = clean_interaction(values, partial=True)
    if clean.pop("next_follow_up", None) is not None:
        raise ValidationError("Plan the follow-up as an activity.", "next_follow_up")
    return db.update_row("Edit contact", "interactions", interaction_id, clean)


def delete_interaction(db: Database, interaction_id: int) -> ChangeSet:
    return db.delete_row("Delete contact", "interactions", interaction_id)
