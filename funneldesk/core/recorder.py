"""The operation recorder and revert: how a change of data becomes undoable.

Inside ``with db.operation(label) as tx`` every write goes through the :class:`Recorder`,
which keeps each row's before and after image in the operation's
:class:`~funneldesk.core.changes.ChangeSet`. :func:`revert` plays a change set backwards as
a new operation, whose own change set redoes the original: undo and redo are one mechanism.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any

from funneldesk.core.changes import ChangeSet, Row, RowChange
from funneldesk.core.errors import NotFoundError
from funneldesk.core.sync.clock import new_row_values
from funneldesk.core.sync.tables import SYNCED_TABLES

if TYPE_CHECKING:
    from funneldesk.core.db import Database

KEY_COLUMNS = {"settings": "key"}
"""Tables whose rows are identified by a column other than the integer ``id``."""
MAX_VARIABLES = 999  # the least any SQLite build allows in one statement
BULK_ROWS_PER_STATEMENT = 50
"""Rows per INSERT of :meth:`Recorder.insert_many`: one statement of many rows costs SQLite
less per row than a statement per row (about 7 % of an import's SQL time)."""


def _joined(rows: Sequence[Sequence[Any]], size: int) -> Iterator[list[Any]]:
    """The values of ``size`` rows at a time, as the parameters of one multi-row INSERT."""
    for start in range(0, len(rows), size):
        yield list(chain.from_iterable(rows[start : start + size]))


def key_column(table: str) -> str:
    """The column that identifies one row of ``table`` in a :class:`RowChange`."""
    return KEY_COLUMNS.get(table, "id")


class Recorder:
    """Writes rows inside one transaction and records their before/after images."""

    def __init__(self, database: Database, label: str) -> None:
        self._db = database
        self.conn = database.conn
        self.changeset = ChangeSet(label)

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        """Run a read (or an unrecorded write the caller knows needs no undo) in this transaction."""
        return self.conn.execute(sql, params)

    def row(self, table: str, row_id: int) -> Row | None:
        self._db.check_table(table)
        found = self.conn.execute(
            f"SELECT * FROM {table} WHERE {key_column(table)} = ?", (row_id,)
        ).fetchone()
        return dict(found) if found is not None else None

    def require(self, table: str, row_id: int) -> Row:
        found = self.row(table, row_id)
        if found is None:
            raise NotFoundError(f"{table[:-1].replace('_', ' ')} #{row_id} no longer exists.")
        return found

    def insert(self, table: str, values: dict[str, Any]) -> int:
        if table in SYNCED_TABLES and "id" not in values:
            team = new_row_values(self.conn, table, self._db.columns(table))
            values = {**values, **{k: v for k, v in team.items() if values.get(k) in (None, "")}}
        columns = self._db.check_columns(table, values)
        placeholders = ", ".join("?" for _ in columns)
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",
            [values[c] for c in columns],
        )
        row_id = values[key_column(table)] if table in KEY_COLUMNS else cursor.lastrowid
        self.changeset.rows.append(RowChange(table, row_id, None, self.require(table, row_id)))
        return row_id

    def insert_many(
        self,
        table: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        record: bool = True,
    ) -> None:
        """Insert many rows, :data:`BULK_ROWS_PER_STATEMENT` per statement (bulk jobs such as
        an import).

        Every column of the table is given, ``columns[0]`` being the row id, so the values
        written are the rows stored and their undo records are made from them (reading
        100k rows back took a quarter of an import). ``record`` False (the command line,
        which has no undo) keeps the change set small.
        """
        self._db.check_table(table)
        missing = set(self._db.columns(table)) - set(columns)
        if missing or columns[0] != key_column(table):
            raise ValueError(f"insert_many into {table} needs its id first and every column")
        one_row = f"({', '.join('?' for _ in columns)})"
        per_statement = max(1, min(BULK_ROWS_PER_STATEMENT, MAX_VARIABLES // len(columns)))
        whole = len(rows) - len(rows) % per_statement
        for count, parameters in (
            (per_statement, _joined(rows[:whole], per_statement)),
            (1, rows[whole:]),
        ):
            self.conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([one_row] * count)}",
                parameters,
            )
        if record:
            self.changeset.rows.extend(
                RowChange(table, row[0], None, dict(zip(columns, row, strict=True))) for row in rows
            )

    def update(self, table: str, row_id: int, values: dict[str, Any]) -> Row:
        """Set ``values`` on one row; records nothing when no value actually changes."""
        before = self.require(table, row_id)
        changed = {k: v for k, v in values.items() if before.get(k) != v or k not in before}
        if not changed:
            return before
        columns = self._db.check_columns(table, changed)
        assignments = ", ".join(f"{c} = ?" for c in columns)
        self.conn.execute(
            f"UPDATE {table} SET {assignments} WHERE {key_column(table)} = ?",
            [changed[c] for c in columns] + [row_id],
        )
        after = self.require(table, row_id)
        self.changeset.rows.append(RowChange(table, row_id, before, after))
        return after

    def delete(self, table: str, row_id: int) -> Row:
        """Delete one row. Delete (or detach) its children first so undo can restore them."""
        before = self.require(table, row_id)
        self.conn.execute(f"DELETE FROM {table} WHERE {key_column(table)} = ?", (row_id,))
        self.changeset.rows.append(RowChange(table, row_id, before, None))
        return before


def revert(db: Database, changeset: ChangeSet, label: str | None = None) -> ChangeSet:
    """Undo ``changeset`` as a new operation and return what that undo changed.

    Reverting the returned change set redoes the original, so undo and redo are the same
    mechanism. Rows are restored in reverse order, so parents come back before children.
    """
    with db.operation(label or f"Undo {changeset.label}") as tx:
        for change in reversed(changeset.rows):
            if change.kind == "insert":
                if tx.row(change.table, change.row_id) is not None:
                    _delete_dependents(tx, change.table, change.row_id)
                    tx.delete(change.table, change.row_id)
            elif change.kind == "delete":
                tx.insert(change.table, dict(change.before))
            else:
                tx.update(change.table, change.row_id, dict(change.before))
    return tx.changeset


def _delete_dependents(tx: Recorder, table: str, row_id: int) -> None:
    """Undoing an insert must not fail because of rows added under it since (history rows)."""
    if table == "deals":
        for (child_id,) in tx.execute(
            "SELECT id FROM stage_changes WHERE deal_id = ? ORDER BY id DESC", (row_id,)
        ).fetchall():
            tx.delete("stage_changes", child_id)
