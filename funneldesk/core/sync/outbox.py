"""The outbox's next batch as a push sends it, read in SQL rather than entry by entry.

A push of 10,000 new customers used to turn every outbox entry into a Python object, hand
it to the COPY, and sort out in Python what each row's changes amount to. Now SQLite hands
over the ``COPY`` text itself, a few thousand lines per string: a plain insert's line was
written by the capture trigger (``capture.py``: the row as captured, the only entry of its
row), so a push only puts the entry's numbers before it; every other entry goes as its line
of the log with its JSON (whose backslashes alone need doubling). Only the entries without a
line are ever grouped by row, and only those of rows changed more than once, edited or
deleted become Python objects.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from itertools import chain
from typing import Any

from funneldesk.core.sync.capture import copy_text
from funneldesk.core.sync.hub import Fates, Outgoing
from funneldesk.core.sync.tables import Table

LINES_PER_WRITE = 2000
"""Entries per string handed to the COPY: large enough that Python's share is negligible,
small enough that the hub parses the first while SQLite writes the next."""
FIRST_LINES = 250
"""Counters in the first string, each next one twice as many up to :data:`LINES_PER_WRITE`:
the hub, the slower side, starts parsing after a quarter of a millisecond instead of
the 4 ms SQLite takes for 2,000 lines, and never waits for the next string, which takes
SQLite half as long to write as the hub to parse the one before."""

_JSON = "CASE WHEN instr(o.cols, '\\') THEN replace(o.cols, '\\', '\\\\') ELSE o.cols END"
"""An entry's JSON as a field of COPY text: only its backslashes need doubling (JSON
escapes every control character), and only the entries that have any."""
_LOG_LINE = (
    "format('%d\t%s%d\t%s\t%d\t%s\t%s\t%d%s', :seq + o.counter, :device, o.counter, "
    f"o.tbl, o.row_id, o.op, {_JSON}, o.hlc, :member)"
)
"""An outbox entry ``o`` as its line of the log's COPY text. Its ``seq`` is the log's top
plus its place in the batch counted by counter (entries dropped from the outbox leave gaps,
which nothing minds)."""
_TYPED_LINE = "format('%d\t%s%d\t%d\t%s\n', :seq + o.counter, :device, o.counter, o.hlc, o.line)"
"""A plain insert ``o`` as its line of its table's typed insert log: ``seq``, device,
counter and clock before the row's own fields, which the capture trigger wrote."""
_UNLINED = "counter BETWEEN :first AND :last AND line IS NULL"
"""The batch's entries without a line (read by counter, the primary key)."""
_FOLDED = (
    "WITH folded AS (SELECT tbl, row_id FROM sync_outbox "
    f"WHERE {_UNLINED} GROUP BY tbl, row_id HAVING count(*) > 1 OR min(op) <> 'insert')"
)
"""The batch's rows, among those of its entries without a line, that are not plain inserts:
a change other than an insert, or more than one change (only the entries without a line
are grouped: an entry with one is the only entry of its row)."""


class Batch:
    """The outbox's first ``limit`` entries (a ``hub.Outbound``), read in one read
    transaction of this thread's read connection, so the lines sent and the fates describe
    the same entries; :meth:`close` ends it. ``size`` is 0 when the outbox is empty.

    Opening a batch reads only the outbox's (table, row) index: the entries themselves,
    most likely not yet in this connection's cache, are first read by the streams, while
    the hub parses the lines before them."""

    def __init__(self, reader: sqlite3.Connection, limit: int) -> None:
        self._conn = reader
        reader.execute("BEGIN")
        cur = self._cursor()
        self.size, self.first, self.last = cur.execute(
            "SELECT (SELECT count(*) FROM sync_outbox), (SELECT min(counter) FROM sync_outbox), "
            "(SELECT max(counter) FROM sync_outbox)"
        ).fetchone()
        if self.size > limit:
            self.first, self.last, self.size = cur.execute(
                "SELECT min(counter), max(counter), count(*) FROM "
                "(SELECT counter FROM sync_outbox ORDER BY counter LIMIT ?)",
                (limit,),
            ).fetchone()
        self._range = {"first": self.first, "last": self.last}
        self._logged: int | None = None  # entries sent as log lines, once all are

    def streams(
        self, top: int, device: int, member: str, typed: dict[str, Table]
    ) -> Iterator[tuple[str, Iterator[bytes]]]:
        """The batch as ``COPY`` streams, a few thousand lines at a time: first each
        ``typed`` table's plain inserts with a line (its name; a table without any has
        no stream), then the log's lines of the other entries (``""``), numbered from
        ``top + 1``. Each stream is to be read whole before the next."""
        params = {
            "seq": top + 1 - self.first,  # an entry's seq is its counter plus this
            "device": f"{device}\t",
            "member": f"\t{copy_text(member)}\n",
        }
        present = [
            tbl
            for (tbl,) in self._cursor().execute(  # from the (table, row) index alone
                "SELECT DISTINCT tbl FROM sync_outbox WHERE +counter BETWEEN :first AND :last",
                self._range,
            )
        ]
        for name in [t for t in present if t in typed]:
            lines = self._typed_lines(name, params)
            first = next(lines, None)
            if first is not None:
                yield name, chain([first], lines)
        others = ["o.line IS NULL", *(f"o.tbl = '{t}'" for t in present if t not in typed)]
        yield "", self._log_lines(" OR ".join(others), params)

    def _typed_lines(self, name: str, params: dict[str, Any]) -> Iterator[bytes]:
        """The table's plain inserts with a line, as typed rows. ``+o.tbl``: read by the
        counters' range (the primary key), not through the (table, row) index, which
        SQLite would otherwise pick and walk whole for every chunk."""
        where = "+o.tbl = :tbl AND o.line IS NOT NULL"
        for chunk, _count in self._chunks(_TYPED_LINE, where, {**params, "tbl": name}):
            if chunk:
                yield chunk

    def _log_lines(self, where: str, params: dict[str, Any]) -> Iterator[bytes]:
        """The log's lines of the entries for which ``where`` holds."""
        logged = 0
        for chunk, count in self._chunks(_LOG_LINE, where, params):
            logged += count
            if chunk:
                yield chunk
        self._logged = logged

    def _chunks(
        self, line: str, where: str, params: dict[str, Any]
    ) -> Iterator[tuple[bytes | None, int]]:
        """The ``line`` of each entry ``o`` of the batch for which ``where`` holds, joined
        by SQLite into one string per range of counters (a range of the outbox's primary
        key: nothing to sort; see :data:`FIRST_LINES`), each with the number of entries."""
        cur = self._cursor()
        low, size = self.first, FIRST_LINES
        while low <= self.last:
            yield cur.execute(
                f"SELECT CAST(group_concat({line}, '') AS BLOB), count(*) FROM sync_outbox AS o "
                f"WHERE o.counter BETWEEN :low AND :high AND ({where})",
                {**params, "low": low, "high": min(low + size, self.last + 1) - 1},
            ).fetchone()
            low, size = low + size, min(size * 2, LINES_PER_WRITE)

    def fates(self) -> Fates:
        """Plain inserts: every entry with a line (the only entry of its row), and those
        without one whose row is not folded; the folded rows' entries as they are. Read
        only when the hub folds the batch at once: a batch of nothing but plain inserts
        with lines (a file's new rows, an import) is folded by the next push, and needs
        no fates at all."""
        cur = self._cursor()
        plain = {
            name: json.loads(ids)
            for name, ids in cur.execute(
                f"{_FOLDED} SELECT tbl, json_group_array(row_id) FROM sync_outbox "
                "WHERE counter BETWEEN :first AND :last "
                "AND (line IS NOT NULL OR (tbl, row_id) NOT IN folded) GROUP BY tbl",
                self._range,
            )
        }
        if self._logged == 0:  # every entry went typed, each with its line
            return Fates(plain, [])
        others = [
            Outgoing._make(row)
            for row in cur.execute(
                f"{_FOLDED} SELECT counter, tbl, row_id, op, cols, hlc FROM sync_outbox "
                f"WHERE {_UNLINED} AND (tbl, row_id) IN folded ORDER BY counter",
                self._range,
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
