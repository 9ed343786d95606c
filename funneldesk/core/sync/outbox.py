"""The outbox's next batch as a push sends it, read in SQL rather than entry by entry.

A push of 10,000 new customers used to turn every outbox entry into a Python object, hand
it to the COPY, and sort out in Python what each row's changes amount to. SQLite does all
of that faster than Python can even visit the entries: it writes each entry's line of the
log's ``COPY`` text itself (the JSON the capture trigger wrote, with its backslashes
doubled, is all that needs escaping), and one ``GROUP BY`` on the outbox's (table, row)
index finds the rows whose only change is their insert — most rows of most batches —
which the hub writes straight from the log, so only the few other rows' entries ever
become Python objects.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

from funneldesk.core.sync.capture import full_row
from funneldesk.core.sync.hub import Fates, Outgoing, Typed

LINES_PER_WRITE = 2000
"""Lines handed to the COPY at a time: large enough that Python's share is negligible,
small enough that the hub parses the first while SQLite writes the next."""

_JSON = "CASE WHEN instr(o.cols, '\\') THEN replace(o.cols, '\\', '\\\\') ELSE o.cols END"
"""An entry's JSON as a field of COPY text: only its backslashes need doubling (JSON
escapes every control character), and only the entries that have any."""
_FOLDED = "temp.sync_batch_folded"
"""The batch's rows that are not plain inserts: a change other than an insert, or more than
one change. Found once per batch (read from the outbox's (table, row) index) into a
temporary table of the read connection, which three queries use."""


def _line(cols: str) -> str:
    """An outbox entry ``o`` as its line of the log's COPY text, ``cols`` the SQL of its
    ``cols`` field. Its ``seq`` is the log's top plus its place in the batch counted by
    counter (entries dropped from the outbox leave gaps, which nothing minds)."""
    return (
        "format('%d\t%s%d\t%s\t%d\t%s\t%s\t%d%s', :seq + o.counter, :device, o.counter, "
        f"o.tbl, o.row_id, o.op, {cols}, o.hlc, :member)"
    )


class Batch:
    """The outbox's first ``limit`` entries (a ``hub.Outbound``), read in one read
    transaction of this thread's read connection, so the lines sent and the fates describe
    the same entries; :meth:`close` ends it. ``size`` is 0 when the outbox is empty."""

    def __init__(self, reader: sqlite3.Connection, limit: int) -> None:
        self._conn = reader
        reader.execute("BEGIN")
        self.first, self.last, self.size = reader.execute(
            "SELECT min(counter), max(counter), count(*) FROM "
            "(SELECT counter FROM sync_outbox ORDER BY counter LIMIT ?)",
            (limit,),
        ).fetchone()
        reader.execute(f"DROP TABLE IF EXISTS {_FOLDED}")
        reader.execute(
            f"CREATE TABLE {_FOLDED} AS "
            "SELECT tbl, row_id FROM sync_outbox WHERE counter <= :last AND op <> 'insert' UNION "
            "SELECT tbl, row_id FROM sync_outbox WHERE counter <= :last "
            "GROUP BY tbl, row_id HAVING count(*) > 1",
            {"last": self.last or 0},
        )

    def streams(
        self, top: int, device: int, member: str, typed: dict[str, Typed]
    ) -> Iterator[tuple[str, Iterator[bytes]]]:
        """The batch as ``COPY`` streams, a few thousand lines at a time: first each
        ``typed`` table's typed rows (its name), then the log's lines (``""``), numbered
        from ``top + 1``. Each stream is to be read whole before the next."""
        params = {
            "seq": top + 1 - self.first,  # an entry's seq is its counter plus this
            "device": f"{device}\t",
            "csv_device": f"{device},",
            "member": f"\t{_copy_text(member)}\n",
            "last": self.last,
        }
        cur = self._cursor()
        present = [
            tbl
            for (tbl,) in cur.execute(
                "SELECT DISTINCT tbl FROM sync_outbox WHERE counter <= :last", params
            ).fetchall()
        ]
        lines: list[bytes] = []  # the typed tables' log lines, sent after their rows
        for name in present:
            if name in typed:
                yield name, self._typed_rows(cur, typed[name], {**params, "tbl": name}, lines)
        yield "", self._lines(cur, [t for t in present if t not in typed], params, lines)

    def _typed_rows(
        self, cur: sqlite3.Cursor, shape: Typed, params: dict[str, Any], lines: list[bytes]
    ) -> Iterator[bytes]:
        """One table's typed rows: a plain insert whose row still holds exactly what the
        capture trigger recorded is sent as its entry's ``seq``, counter and clock and the
        row, an SQL literal per value (so the server converts each value as it converts the
        JSON's), and the hub makes its log entry; any other entry's log line, with its
        JSON, is kept in ``lines``."""
        values = ", ".join(f"t.{c}" for c in shape.columns)
        marks = ",%Q" * len(shape.columns)
        row = f"format('%d,%s%d,%d{marks}\n', :seq + o.counter, :csv_device, o.counter, o.hlc, {values})"
        rows = cur.execute(
            f"SELECT CASE WHEN t.id IS NOT NULL THEN CAST({row} AS BLOB) END, "
            f"CASE WHEN t.id IS NULL THEN CAST({_line(_JSON)} AS BLOB) END "
            f"FROM sync_outbox AS o LEFT JOIN {shape.table.name} AS t ON o.op = 'insert' "
            f"AND t.id = o.row_id AND (o.tbl, o.row_id) NOT IN {_FOLDED} "
            f"AND {full_row(shape.table, 't')} = o.cols "
            "WHERE o.counter <= :last AND o.tbl = :tbl",  # any order: each line has its seq
            params,
        )
        while chunk := rows.fetchmany(LINES_PER_WRITE):  # C loops: thousands of rows
            lines.extend(filter(None, map(itemgetter(1), chunk)))
            yield b"".join(filter(None, map(itemgetter(0), chunk)))

    def _lines(
        self, cur: sqlite3.Cursor, tables: list[str], params: dict[str, Any], kept: list[bytes]
    ) -> Iterator[bytes]:
        """The log's lines: those ``kept`` from the typed tables, then the other tables'."""
        for at in range(0, len(kept), LINES_PER_WRITE):
            yield b"".join(kept[at : at + LINES_PER_WRITE])
        if tables:
            rows = cur.execute(
                f"SELECT CAST({_line(_JSON)} AS BLOB) FROM sync_outbox AS o "
                "WHERE o.counter <= :last AND o.tbl IN (SELECT value FROM json_each(:tables))",
                {**params, "tables": json.dumps(tables)},
            )
            while chunk := rows.fetchmany(LINES_PER_WRITE):
                yield b"".join(map(itemgetter(0), chunk))

    def fates(self) -> Fates:
        params = {"last": self.last}
        cur = self._cursor()
        plain = {
            tbl: [int(i) for i in ids.split(",")]
            for tbl, ids in cur.execute(
                "SELECT tbl, group_concat(row_id) FROM sync_outbox WHERE counter <= :last "
                f"AND (tbl, row_id) NOT IN {_FOLDED} GROUP BY tbl",
                params,
            )
        }
        others = [
            Outgoing._make(row)
            for row in cur.execute(
                "SELECT counter, tbl, row_id, op, cols, hlc FROM sync_outbox "
                f"WHERE counter <= :last AND (tbl, row_id) IN {_FOLDED} ORDER BY counter",
                params,
            )
        ]
        return Fates(plain, others)

    def close(self) -> None:
        self._conn.execute(f"DROP TABLE IF EXISTS {_FOLDED}")
        if self._conn.in_transaction:
            self._conn.execute("COMMIT")

    def _cursor(self) -> sqlite3.Cursor:
        cur = self._conn.cursor()
        cur.row_factory = None  # plain tuples: thousands of rows
        return cur


def _copy_text(value: str) -> str:
    """``value`` as a field of ``COPY`` text format."""
    for char, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        value = value.replace(char, escaped)
    return value
