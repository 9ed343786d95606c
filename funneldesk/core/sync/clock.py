"""Team-unique row ids and the hybrid logical clock, both kept in the ``sync_state`` row.

An id is ``milliseconds since 2020 << 22 | sequence << 10 | device``: the device number
(1..1023, given by the hub) sits in the low ten bits, so ids made on two laptops can never
collide, and each new id is at least the last one plus 1024, so ids never repeat on a
laptop even when its clock steps back. The clock is ``milliseconds << 16 | logical``: a
local change ticks it past both the wall clock and every change seen from the hub, so a
change made after seeing another always compares later. Both are plain SQL expressions,
so the capture triggers (which other SQLite tools also fire) use the same ones.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
DEVICE_BITS = 10
DEVICE_MASK = (1 << DEVICE_BITS) - 1
ID_STEP = 1 << DEVICE_BITS
LOGICAL_BITS = 16
NOW_MS_SQL = "CAST((julianday('now') - 2458849.5) * 86400000 AS INTEGER)"
TICK_SQL = f"max(hlc + 1, {NOW_MS_SQL} << {LOGICAL_BITS})"
"""The clock's next value; use as ``UPDATE sync_state SET hlc = TICK_SQL``."""
FIRST_ID_SQL = f"max(last_id + {ID_STEP}, ({NOW_MS_SQL} << 22) | device)"


def allocate_ids(conn: sqlite3.Connection, count: int = 1) -> list[int] | None:
    """``count`` new team ids, or None when the file is not in a team (SQLite numbers rows).

    Runs in the caller's write transaction, so ids handed out by a rolled-back transaction
    are handed out again, which is harmless: they were never stored anywhere.
    """
    row = conn.execute(
        f"UPDATE sync_state SET last_id = {FIRST_ID_SQL} + {ID_STEP} * (? - 1) RETURNING last_id",
        (count,),
    ).fetchone()
    if row is None:
        return None
    last = row[0]
    return list(range(last - ID_STEP * (count - 1), last + 1, ID_STEP))


def member(conn: sqlite3.Connection) -> str | None:
    """The team member this file belongs to (owner of new rows), None in a single-user file."""
    row = conn.execute("SELECT member FROM sync_state").fetchone()
    return None if row is None else row[0]


def hlc_time(hlc: int) -> str:
    """The wall-clock moment of a clock value, as the ISO-8601 UTC text the schema uses."""
    moment = EPOCH + timedelta(milliseconds=hlc >> LOGICAL_BITS)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def new_row_values(conn: sqlite3.Connection, table: str, columns: tuple[str, ...]) -> dict:
    """The id and owner a new row of a synced table gets in a team file: a team id, and the
    member as owner. Empty in a single-user file, where SQLite numbers rows as before."""
    ids = allocate_ids(conn)
    if ids is None:
        return {}
    values: dict = {"id": ids[0]}
    if "owner" in columns:
        values["owner"] = member(conn)
    return values


class IdSource:
    """Ids for a bulk writer that numbers its rows itself (the importer).

    In a single-user file the next free number, as SQLite would pick; in a team file team
    ids, reserved in blocks so a large import costs one clock update per block.
    """

    BLOCK = 512

    def __init__(self, conn: sqlite3.Connection, table: str) -> None:
        self._conn = conn
        self._table = table
        self._reserved: list[int] = []
        self._next: int | None = None
        self._team = conn.execute("SELECT 1 FROM sync_state").fetchone() is not None

    def take(self) -> int:
        if not self._team:
            if self._next is None:
                found = self._conn.execute(f"SELECT MAX(id) FROM {self._table}").fetchone()
                self._next = (found[0] or 0) + 1
            self._next += 1
            return self._next - 1
        if not self._reserved:
            self._reserved = allocate_ids(self._conn, self.BLOCK)[::-1]
        return self._reserved.pop()
