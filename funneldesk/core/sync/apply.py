"""Merging changes pulled from the hub into this file, in one transaction per page.

Per column, the later clock wins: a pulled value replaces the local one unless this laptop
changed that column since its last push with a later clock. A pulled delete removes the row
even if it was edited here meanwhile, and a pulled edit of a row deleted here is dropped.
Every value that loses — this laptop's or the incoming one — is written to
``sync_conflicts`` with who made it and when, so it can be restored.

The page is applied with capture paused (pulled changes are not sent back) and with foreign
keys checked at commit, after :mod:`orphans` has resolved deletes against concurrent edits.
The pull cursor advances in the same transaction, so a page is applied exactly once.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from funneldesk.core import name_order, search
from funneldesk.core.clock import now_timestamp
from funneldesk.core.index_rebuild import indexes_afterwards, triggers_afterwards
from funneldesk.core.sync import capture
from funneldesk.core.sync.clock import hlc_time
from funneldesk.core.sync.hub import Change, NewRows, Page, UntypedRows
from funneldesk.core.sync.orphans import Touched, clean_up
from funneldesk.core.sync.tables import Table

BULK_ROWS = 1000
"""New rows of one table from which on, when they outnumber the rows already there, its
plain indexes are built once afterwards rather than kept current row by row."""

BOOKKEEPING = frozenset({"updated_at"})
"""Columns resolved like any other but not listed as conflicts: nobody typed them."""


@dataclass(frozen=True)
class Pending:
    """An outbox entry of the same row: a local change the hub does not have yet."""

    counter: int
    op: str
    cols: dict[str, Any]
    hlc: int


@dataclass
class PageResult:
    applied: int = 0
    conflicts: int = 0


class PageApplier:
    """Applies one page of pulled changes inside the caller's write transaction."""

    def __init__(self, conn: sqlite3.Connection, tables: list[Table]) -> None:
        self.conn = conn
        self.tables = {t.name: t for t in tables}
        self.table_list = tables
        state = conn.execute("SELECT device, member, pushed_counter FROM sync_state").fetchone()
        self.device, self.member, self.pushed_counter = state[0], state[1], state[2]
        self.touched = Touched()
        self.result = PageResult()
        self.copied_up_to = 0  # own changes found on the hub that this file lacks
        self.detected = now_timestamp()
        self.unsent = {
            (r[0], r[1]) for r in conn.execute("SELECT DISTINCT tbl, row_id FROM sync_outbox")
        }

    def apply(self, page: Page) -> PageResult:
        self.conn.execute("PRAGMA defer_foreign_keys = ON")
        capture.paused(self.conn)
        for change in self._insert_new_rows(page):
            if change.device == self.device and self._acknowledge(change):
                continue
            if change.tbl not in self.tables:
                continue  # a table a newer FunnelDesk syncs; this file gains it on upgrade
            self.result.applied += 1
            if change.op == "delete":
                self._delete(change)
            else:
                self._write(change)
        clean_up(self.table_list, self.touched, self._run, prefix="", ids=_SQLITE_IDS)
        if self.copied_up_to:
            self._renumber_outbox()
        self.conn.execute(
            "UPDATE sync_state SET cursor = ?, hlc = max(hlc, ?), pushed_counter = ?",
            (page.last, page.hlc, self.pushed_counter),
        )
        capture.resumed(self.conn)
        return self.result

    # -- new rows ------------------------------------------------------------------------
    def _insert_new_rows(self, page: Page) -> list[Change]:
        """Write the page's new rows that nothing else in it can touch, as the hub streams
        them, and return the page's other changes in log order, to apply one by one.

        A new row goes ahead of the page when it is another laptop's, this file has no
        unsent change of it and no other change of the page names it: then its place in
        the log does not matter. A table with unique keys keeps its order when the page
        has other changes of it (which of two rows keeps a key depends on who came first),
        and a table whose statement fails (this file holds one of the rows already) or
        whose values the hub could not type has all its new rows applied one by one.
        """
        busy: dict[str, set[int]] = {}  # per table, the rows other changes name
        for tbl, row_id in [*((c.tbl, c.row_id) for c in page.changes), *self.unsent]:
            busy.setdefault(tbl, set()).add(row_id)
        tables_named = {c.tbl for c in page.changes}
        alone: list[Change] = []
        for name, new in page.inserts.items():
            table = self.tables[name]
            try:
                if table.unique_keys and name in tables_named:
                    alone.extend(new.changes())
                else:
                    alone.extend(self._insert_fresh(table, new, busy.get(name, set())))
            except UntypedRows as untyped:
                alone.extend(untyped.changes)
        if not alone:
            return page.changes
        return sorted([*page.changes, *alone], key=lambda c: c.seq)

    def _insert_fresh(self, table: Table, new: NewRows, taken: set[int]) -> list[Change]:
        """Write ``new``'s rows but those ``taken`` (named by other changes) chunk by chunk
        as the hub sends them; return the others as changes. All of them, and nothing
        written, when one collides with a row this file holds.

        Many rows are written without their per-row triggers that would do nothing
        (capture is paused) or only queue derived work (queued here in one statement), and,
        when they outnumber the rows already there, with the plain indexes built once
        afterwards. Both are decided by the page's count, before the rows arrive."""
        many = new.count > BULK_ROWS
        rebuild = (
            many
            and new.count >= self.conn.execute(f"SELECT COUNT(*) FROM {table.name}").fetchone()[0]
        )
        queueing, queue = QUEUED_ON_INSERT.get(table.name, ((), None))
        quiet = [capture.insert_trigger(table.name), *queueing] if many else []
        columns = ["id", *new.columns]
        chunks = new.chunks()
        later: list[int] = []
        ids: list[int] = []
        self.conn.execute("SAVEPOINT sync_new_rows")
        try:
            with ExitStack() as bulk:
                for chunk in chunks:
                    fresh = chunk
                    if taken:
                        fresh = [r for r in chunk if r[0] not in taken]
                        later.extend(r[0] for r in chunk if r[0] in taken)
                    if fresh and not ids:  # the first rows to write
                        bulk.enter_context(
                            indexes_afterwards(self.conn, [table.name] if rebuild else [])
                        )
                        bulk.enter_context(triggers_afterwards(self.conn, quiet))
                    insert_rows(self.conn, table, columns, fresh)
                    ids.extend(r[0] for r in fresh)
                if many and queue is not None and ids:
                    queue(self.conn, json.dumps(ids))
        except sqlite3.IntegrityError:
            self.conn.execute("ROLLBACK TO sync_new_rows")
            for _ in chunks:  # the rest of the stream, before the next query
                pass
            return new.changes()
        except UntypedRows:
            self.conn.execute("ROLLBACK TO sync_new_rows")
            raise
        finally:
            self.conn.execute("RELEASE sync_new_rows")
        self.touched.wrote_all(table, ids, new.columns)
        self.result.applied += len(ids)
        return new.changes(later) if later else []

    # -- own changes coming back -----------------------------------------------------------
    def _acknowledge(self, change: Change) -> bool:
        """True when this laptop already has ``change`` (it made it): a push whose local
        bookkeeping was lost (killed after the hub committed) is completed here. False
        for an own change this file lacks: it was restored from an older backup."""
        found = self.conn.execute(
            "SELECT hlc FROM sync_outbox WHERE counter = ?", (change.counter,)
        ).fetchone()
        if found is not None and found[0] == change.hlc:
            self.conn.execute("DELETE FROM sync_outbox WHERE counter = ?", (change.counter,))
            self.pushed_counter = max(self.pushed_counter, change.counter)
            return True
        if change.counter <= self.pushed_counter:
            return True
        self.copied_up_to = max(self.copied_up_to, change.counter)
        self.pushed_counter = max(self.pushed_counter, change.counter)
        return False

    def _renumber_outbox(self) -> None:
        """Give unsent entries counters the hub has not seen from this device yet."""
        self.conn.execute(
            "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'sync_outbox'",
            (self.copied_up_to,),
        )
        stale = self.conn.execute(
            "SELECT counter, tbl, row_id, op, cols, hlc FROM sync_outbox WHERE counter <= ? "
            "ORDER BY counter",
            (self.copied_up_to,),
        ).fetchall()
        for counter, *entry in stale:
            self.conn.execute("DELETE FROM sync_outbox WHERE counter = ?", (counter,))
            self.conn.execute(
                "INSERT INTO sync_outbox (tbl, row_id, op, cols, hlc) VALUES (?, ?, ?, ?, ?)",
                entry,
            )

    # -- changes from other laptops --------------------------------------------------------
    def _pending(self, table: str, row_id: int) -> list[Pending]:
        rows = self.conn.execute(
            "SELECT counter, op, cols, hlc FROM sync_outbox WHERE tbl = ? AND row_id = ? "
            "ORDER BY counter",
            (table, row_id),
        ).fetchall()
        return [Pending(r[0], r[1], json.loads(r[2]), r[3]) for r in rows]

    def _current(self, table: str, row_id: int) -> dict[str, Any] | None:
        cursor = self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cursor.description], row, strict=True))

    def _delete(self, change: Change) -> None:
        """Delete wins: local unsent edits of the row are dropped and kept as conflicts."""
        current = self._current(change.tbl, change.row_id)
        edits = [p for p in self._pending(change.tbl, change.row_id) if p.op == "update"]
        latest: dict[str, int] = {}
        for p in edits:
            latest.update(dict.fromkeys(p.cols, p.hlc))
        for column, hlc in latest.items():
            if current is not None:
                self._conflict(change, column, current[column], self.member, hlc, None, change)
        self.conn.execute(
            "DELETE FROM sync_outbox WHERE tbl = ? AND row_id = ? AND op = 'update'",
            (change.tbl, change.row_id),
        )
        self.conn.execute(f"DELETE FROM {change.tbl} WHERE id = ?", (change.row_id,))
        self.touched.removed(change.tbl, change.row_id)

    def _write(self, change: Change) -> None:
        table = self.tables[change.tbl]
        if (change.tbl, change.row_id) not in self.unsent:
            self._write_plain(table, change)
            return
        pending = self._pending(change.tbl, change.row_id)
        if any(p.op == "delete" for p in pending):  # deleted here: the delete wins
            for column, value in change.cols.items():
                self._conflict(change, column, value, change.member, change.hlc, None, None)
            return
        latest: dict[str, int] = {}
        for p in pending:
            latest.update(dict.fromkeys(p.cols, p.hlc))
        current = self._current(change.tbl, change.row_id)
        winners: dict[str, Any] = {}
        for column, value in change.cols.items():
            if column == "id" or column not in table.columns:
                continue
            local_hlc = latest.get(column)
            if local_hlc is None or current is None:
                winners[column] = value
            elif (local_hlc, self.device) > (change.hlc, change.device):
                if current[column] != value:  # the incoming value loses
                    self._conflict(
                        change,
                        column,
                        value,
                        change.member,
                        change.hlc,
                        current[column],
                        None,
                        kept_hlc=local_hlc,
                    )
            else:
                if current[column] != value:  # this laptop's unsent value loses
                    self._conflict(
                        change, column, current[column], self.member, local_hlc, value, change
                    )
                self._drop_pending_column(change, column, value)
                winners[column] = value
        if current is None:
            if change.op == "insert":
                self._insert(table, change.row_id, winners)
        elif winners:
            self._update(table, change.row_id, winners)
        self.touched.wrote(table, change.row_id, change.cols)

    def _write_plain(self, table: Table, change: Change) -> None:
        """No unsent local change of the row: the incoming values simply apply."""
        values = {c: v for c, v in change.cols.items() if c != "id" and c in table.columns}
        exists = (
            change.op == "update"
            or self.conn.execute(
                f"SELECT 1 FROM {table.name} WHERE id = ?", (change.row_id,)
            ).fetchone()
        )
        if not exists:
            self._insert(table, change.row_id, values)
        elif values:
            self._update(table, change.row_id, values)
        self.touched.wrote(table, change.row_id, change.cols)

    def _update(self, table: Table, row_id: int, values: dict[str, Any]) -> None:
        assignments = ", ".join(f"{c} = ?" for c in values)
        self.conn.execute(
            f"UPDATE {table.name} SET {assignments} WHERE id = ?", [*values.values(), row_id]
        )

    def _insert(self, table: Table, row_id: int, values: dict[str, Any]) -> None:
        columns = ["id", *values]
        sql = (
            f"INSERT INTO {table.name} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        try:
            self.conn.execute(sql, [row_id, *values.values()])
        except sqlite3.IntegrityError as exc:
            if "UNIQUE" not in str(exc):
                raise
            self._yield_unique_keys(table, values)  # the first to reach the hub keeps the key
            self.conn.execute(sql, [row_id, *values.values()])

    def _yield_unique_keys(self, table: Table, values: dict[str, Any]) -> None:
        """Rows made here that hold a unique key (a month's source cost, a day's rate) the
        incoming row already holds on the hub give way; their values become conflicts."""
        for key in table.unique_keys:
            if not all(c in values for c in key):
                continue
            where = " AND ".join(f"{c} IS ?" for c in key)
            for (row_id,) in self.conn.execute(
                f"SELECT id FROM {table.name} WHERE {where}", [values[c] for c in key]
            ).fetchall():
                current = self._current(table.name, row_id)
                lost = Change(0, self.device, 0, table.name, row_id, "delete", "{}", 0, "")
                for column in table.columns:
                    if column != "id" and current[column] != values.get(column):
                        self._conflict(
                            lost, column, current[column], self.member, 0, values.get(column), None
                        )
                self.conn.execute(
                    "DELETE FROM sync_outbox WHERE tbl = ? AND row_id = ?", (table.name, row_id)
                )
                capture.resumed(self.conn)  # the hub may have the row already: delete it there
                self.conn.execute(f"DELETE FROM {table.name} WHERE id = ?", (row_id,))
                capture.paused(self.conn)

    def _drop_pending_column(self, change: Change, column: str, value: Any) -> None:
        """The incoming value won: unsent edits of the column go, and an unsent insert of
        the row (a shared setting a joining or upgrading laptop queued, which may meet an
        edit another laptop pushed first) takes the value, so the whole row it writes on
        the hub is the row every laptop has (by its JSON: its line has the old value)."""
        self.conn.execute(
            "UPDATE sync_outbox SET cols = json_set(cols, '$.' || ?, ?), line = NULL "
            "WHERE tbl = ? AND row_id = ? AND op = 'insert'",
            (column, value, change.tbl, change.row_id),
        )
        self.conn.execute(
            "UPDATE sync_outbox SET cols = json_remove(cols, '$.' || ?) "
            "WHERE tbl = ? AND row_id = ? AND op = 'update'",
            (column, change.tbl, change.row_id),
        )
        self.conn.execute(
            "DELETE FROM sync_outbox WHERE tbl = ? AND row_id = ? AND op = 'update' "
            "AND cols = '{}'",
            (change.tbl, change.row_id),
        )

    def _conflict(
        self,
        change: Change,
        column: str,
        lost: Any,
        lost_member: str,
        lost_hlc: int,
        kept: Any,
        winner: Change | None,
        *,
        kept_hlc: int | None = None,
    ) -> None:
        if column in BOOKKEEPING:
            return
        kept_member = winner.member if winner is not None else self.member
        kept_at = winner.hlc if winner is not None else kept_hlc
        self.conn.execute(
            "INSERT INTO sync_conflicts (tbl, row_id, col, lost_value, lost_member, lost_at, "
            "kept_value, kept_member, kept_at, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                change.tbl,
                change.row_id,
                column,
                json.dumps(lost),
                lost_member,
                hlc_time(lost_hlc),
                json.dumps(kept),
                kept_member,
                hlc_time(kept_at) if kept_at else None,
                self.detected,
            ),
        )
        self.result.conflicts += 1

    def _run(self, sql: str, row_ids: list[int]) -> list[int]:
        return [r[0] for r in self.conn.execute(sql, (json.dumps(row_ids),))]


def insert_rows(
    conn: sqlite3.Connection, table: Table, columns: list[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Rows of one table in one ``executemany``; each row ends with the values of
    ``columns`` (what comes before them, such as a pulled row's place in the log, is not
    written).

    Customers get their name's sort key (the one derived column) on the way, so nothing is
    queued to be keyed again. A column without a default that is empty in every row is
    left out: the sqlite3 module binds ``None`` through its adapter look-up, dearer than
    any value (10,000 customers with nine empty columns: 60 ms instead of 20).
    """
    if not rows:
        return
    end, first = len(columns), rows[0]
    kept = [
        at - end
        for at, column in enumerate(columns)
        if column in table.defaulted
        or first[at - end] is not None
        or list(map(itemgetter(at - end), rows)).count(None) < len(rows)
    ]
    names = [columns[at + end] for at in kept]
    pick = itemgetter(*kept) if len(kept) > 1 else lambda row: (row[kept[0]],)
    if table.name == "customers":
        name = columns.index("name") - end
        names.append("name_sort")
        values = [(*pick(row), name_order.sort_key(row[name])) for row in rows]
    else:
        values = [pick(row) for row in rows]
    conn.executemany(
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
        values,
    )


QUEUED_ON_INSERT: dict[str, tuple[tuple[str, ...], Callable[[sqlite3.Connection, str], None]]] = {
    "customers": ((search.INSERT_TRIGGER, name_order.INSERT_TRIGGER), search.queue_customers)
}
"""Per table, the insert triggers that only queue derived work, and what queues many new
rows (a JSON list of ids) at once: a bulk of pulled rows is written without the triggers
and queued in one statement (customers' sort keys come written: nothing to queue)."""


_SQLITE_IDS = "IN (SELECT value FROM json_each(?))"
