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

import sqlite3
from collections.abc import Iterator

from funneldesk.core.sync.hub import Fates, Outgoing

LINES_PER_WRITE = 2000
"""Lines handed to the COPY at a time: large enough that Python's share is negligible,
small enough that the hub parses the first while SQLite writes the next."""

_LINE = (  # the log's COPY columns: device, counter, tbl, row_id, op, cols, hlc, member
    "CAST(format('%s%d\t%s\t%d\t%s\t%s\t%d%s', :device, counter, tbl, row_id, op, "
    "CASE WHEN instr(cols, '\\') THEN replace(cols, '\\', '\\\\') ELSE cols END, "
    "hlc, :member) AS BLOB)"
)
_FOLDED = (  # the batch's rows that are not plain inserts: a change other than an
    # insert, or more than one change (read from the (table, row) index)
    "WITH folded (tbl, row_id) AS MATERIALIZED ("
    "SELECT tbl, row_id FROM sync_outbox WHERE counter <= :last AND op <> 'insert' UNION "
    "SELECT tbl, row_id FROM sync_outbox WHERE counter <= :last "
    "GROUP BY tbl, row_id HAVING count(*) > 1) "
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

    def lines(self, device: int, member: str) -> Iterator[bytes]:
        """The entries' lines of ``COPY … FROM STDIN`` text, in counter order, a few
        thousand at a time."""
        rows = self._cursor().execute(
            f"SELECT {_LINE} FROM sync_outbox WHERE counter <= :last ORDER BY counter",
            {"device": f"{device}\t", "member": f"\t{_copy_text(member)}\n", "last": self.last},
        )
        while chunk := rows.fetchmany(LINES_PER_WRITE):
            yield b"".join(line for (line,) in chunk)

    def fates(self) -> Fates:
        params = {"last": self.last}
        cur = self._cursor()
        plain = {
            tbl: [int(i) for i in ids.split(",")]
            for tbl, ids in cur.execute(
                f"{_FOLDED} SELECT tbl, group_concat(row_id) FROM sync_outbox "
                "WHERE counter <= :last AND (tbl, row_id) NOT IN folded GROUP BY tbl",
                params,
            )
        }
        others = [
            Outgoing._make(row)
            for row in cur.execute(
                f"{_FOLDED} SELECT counter, tbl, row_id, op, cols, hlc FROM sync_outbox "
                "WHERE counter <= :last AND (tbl, row_id) IN folded ORDER BY counter",
                params,
            )
        ]
        return Fates(plain, others)

    def close(self) -> None:
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
