"""Merging two cards of the same person into one, as one undoable operation.

The kept card takes every row that pointed at the other one — important dates,
preferences, contact history, planned activities, deals and any table added later that has
a foreign key to ``customers`` (found from the schema, so a new table is never forgotten) —
and the other card is deleted. Nothing is lost: each field the two cards fill differently is
the user's choice (:class:`MergePlan` lists them), a field only one card fills is kept,
notes are joined unless the user picks one, and the kept card's ``created_at`` becomes the
earlier of the two (the relationship is as old as its first card). A date or preference the
kept card already has word for word is not copied a second time (two identical birthdays
would send two reminders); every other child row is moved.

The search index and the funnel facts follow through their triggers: the deleted card
leaves the index, the kept one is queued for re-indexing, and moved deals and contacts are
re-attributed in ``deal_facts`` and ``activity_days`` in the same transaction, so undo
(the recorded before-images, applied in reverse) restores all of it exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from funneldesk.core.changes import ChangeSet
from funneldesk.core.clock import now_timestamp
from funneldesk.core.customers import CUSTOMER_FIELDS, clean_customer
from funneldesk.core.db import Database
from funneldesk.core.errors import ValidationError
from funneldesk.core.recorder import Recorder
from funneldesk.core.validation import is_blank

MERGE_LABEL = "Merge customers"
_SAME_IF_EQUAL = {
    "important_dates": ("kind", "label", "month", "day", "year", "calendar", "is_leap_month"),
    "preferences": ("category", "value"),
}


@dataclass(frozen=True)
class FieldConflict:
    """A field both cards fill, differently: the user picks one."""

    field: str
    kept: Any
    other: Any


@dataclass(frozen=True)
class MergePlan:
    """What merging ``other`` into ``kept`` will do, for the review window."""

    kept: dict[str, Any]
    other: dict[str, Any]
    conflicts: list[FieldConflict]
    moved: dict[str, int]  # child table → rows the other card brings


def child_tables(conn: Any) -> list[tuple[str, str]]:
    """``(table, column)`` of every foreign key that points at ``customers``."""
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return [
        (table, fk[3])
        for table in tables
        for fk in conn.execute(f'PRAGMA foreign_key_list("{table}")')
        if fk[2] == "customers"
    ]


def merge_plan(db: Database, kept_id: int, other_id: int) -> MergePlan:
    """The two cards side by side, their conflicting fields and what the other one brings."""
    if kept_id == other_id:
        raise ValidationError("A card cannot be merged with itself.")
    rows = {
        row["id"]: dict(row)
        for row in db.query("SELECT * FROM customers WHERE id IN (?, ?)", (kept_id, other_id))
    }
    if len(rows) < 2:
        raise ValidationError("One of the two cards no longer exists.")
    kept, other = rows[kept_id], rows[other_id]
    conflicts = [
        FieldConflict(name, kept[name], other[name])
        for name in CUSTOMER_FIELDS
        if not is_blank(kept[name]) and not is_blank(other[name]) and kept[name] != other[name]
    ]
    moved = {
        table: db.scalar(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (other_id,))
        for table, column in child_tables(db.reader)
    }
    return MergePlan(kept, other, conflicts, {t: n for t, n in moved.items() if n})


def merged_values(
    kept: Mapping[str, Any], other: Mapping[str, Any], choices: Mapping[str, Any]
) -> dict[str, Any]:
    """The kept card's fields after the merge: the user's choice, else the value only one card
    has, else the kept card's; notes of both are joined unless chosen."""
    values: dict[str, Any] = {}
    for name in CUSTOMER_FIELDS:
        if name in choices:
            values[name] = choices[name]
        elif is_blank(kept[name]):
            values[name] = other[name]
        elif name == "notes" and not is_blank(other[name]) and other[name] != kept[name]:
            values[name] = f"{kept[name]}\n\n{other[name]}"
        else:
            values[name] = kept[name]
    return values


def merge_customers(
    db: Database, kept_id: int, other_id: int, choices: Mapping[str, Any] | None = None
) -> ChangeSet:
    """Move everything of ``other_id`` onto ``kept_id`` and delete ``other_id`` (one operation).

    ``choices`` maps a field to the value to keep (usually one of the two cards' values).
    """
    if kept_id == other_id:
        raise ValidationError("A card cannot be merged with itself.")
    chosen = clean_customer(dict(choices or {}), partial=True)
    with db.operation(MERGE_LABEL) as tx:
        kept = tx.require("customers", kept_id)
        other = tx.require("customers", other_id)
        for table, column in child_tables(tx.conn):
            _move_children(tx, table, column, kept_id, other_id)
        values = clean_customer(merged_values(kept, other, chosen))
        values["created_at"] = min(kept["created_at"], other["created_at"])
        values["updated_at"] = now_timestamp()
        tx.delete("customers", other_id)
        tx.update("customers", kept_id, values)
    return tx.changeset


def _move_children(tx: Recorder, table: str, column: str, kept_id: int, other_id: int) -> None:
    """Point ``table``'s rows of the other card at the kept one; drop exact copies of dates and
    preferences the kept card already has."""
    same = _SAME_IF_EQUAL.get(table)
    existing = set()
    if same:
        existing = {
            tuple(row)
            for row in tx.execute(
                f"SELECT {', '.join(same)} FROM {table} WHERE {column} = ?", (kept_id,)
            )
        }
    rows = tx.execute(f"SELECT * FROM {table} WHERE {column} = ? ORDER BY id", (other_id,))
    stamp = now_timestamp()
    for row in map(dict, rows.fetchall()):
        if same and tuple(row[name] for name in same) in existing:
            tx.delete(table, row["id"])
            continue
        values: dict[str, Any] = {column: kept_id}
        if "updated_at" in row:
            values["updated_at"] = stamp
        tx.update(table, row["id"], values)
