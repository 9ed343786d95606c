"""Build a table's indexes once after a bulk write instead of row by row, and leave out
per-row triggers whose work the writer does for all rows at once.

Within one transaction :func:`indexes_afterwards` does it. A bulk write made of many
transactions (an import: batches, each committed) uses :func:`defer_indexes` in its first
transaction and :func:`build_deferred` in its last: each index dropped leaves a marker in
the file (a computer-only ``settings`` row holding its ``CREATE`` statement), so a write
that never reaches its end — a crash, a killed process — is completed when the file is next
opened for writing, and the integrity check counts a deferred index as present. In between,
queries are answered without the index: slower, never different.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager

from funneldesk.core.jobs import Progress

DEFERRED_PREFIX = "deferred index: "
"""Settings key of a deferred index, followed by its name; the value is its ``CREATE``.
Settings rows without an ``id`` belong to this computer: a team never sees them."""
_PLAIN_INDEXES = "sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name"


def indexes_afterwards(
    conn: sqlite3.Connection, tables: Sequence[str], *, unique_too: bool = False
) -> AbstractContextManager[None]:
    """Drop the explicit indexes of ``tables`` and build each again once the rows are in:
    one sort per index, about twice as fast as keeping it current row by row. Unique
    indexes stay unless ``unique_too`` (a writer that cannot collide, as the demo's), so a
    collision still fails."""
    return _made_again(conn, "index", "tbl_name" if unique_too else _PLAIN_INDEXES, tables)


def triggers_afterwards(
    conn: sqlite3.Connection, names: Sequence[str]
) -> AbstractContextManager[None]:
    """Drop the triggers ``names`` (those that exist) for a bulk write and create them
    again afterwards. A trigger runs as a small program per row; the caller does what
    these would have done for all rows in one statement, or knows that they would have
    done nothing."""
    return _made_again(conn, "trigger", "name", names)


def defer_indexes(conn: sqlite3.Connection, tables: Sequence[str]) -> list[str]:
    """Drop the explicit non-unique indexes of ``tables`` until :func:`build_deferred`,
    marking each in the file in the same (the caller's) transaction; returns their names.
    Unique indexes stay, so a collision still fails."""
    found = _declared(conn, "index", _PLAIN_INDEXES, tables)
    for name, sql in found:
        conn.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
            (DEFERRED_PREFIX + name, sql),
        )
        conn.execute(f'DROP INDEX "{name}"')
    return [name for name, _ in found]


def deferred_indexes(conn: sqlite3.Connection) -> dict[str, str]:
    """The indexes a bulk write has deferred (name → ``CREATE`` statement)."""
    return {
        key[len(DEFERRED_PREFIX) :]: sql
        for key, sql in conn.execute(
            "SELECT key, value FROM settings WHERE substr(key, 1, ?) = ?",
            (len(DEFERRED_PREFIX), DEFERRED_PREFIX),
        )
    }


def build_deferred(conn: sqlite3.Connection, progress: Progress | None = None) -> list[str]:
    """Create every deferred index that is still missing and forget the markers, in the
    caller's transaction; returns the names built. Safe to call any number of times and
    by anyone: another program may have built them already.

    ``progress`` counts the indexes, from ``(0, n)`` before the first one (so a bar can say
    the build has begun: each is one sort of the whole table, a second at a million rows)."""
    deferred = deferred_indexes(conn)
    present = {
        row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    built = [name for name in deferred if name not in present]
    for step, name in enumerate(built):
        if progress is not None:
            progress(step, len(built))
        conn.execute(deferred[name])
    if built and progress is not None:
        progress(len(built), len(built))
    conn.executemany(
        "DELETE FROM settings WHERE key = ?", [(DEFERRED_PREFIX + name,) for name in deferred]
    )
    return built


def _declared(
    conn: sqlite3.Connection, kind: str, column: str, values: Sequence[str]
) -> list[tuple[str, str]]:
    """Name and ``CREATE`` statement of the declared schema objects of ``kind`` whose
    ``column`` is among ``values``."""
    return conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = ? AND sql IS NOT NULL "
        f"AND {column} IN ({', '.join('?' for _ in values)})",
        [kind, *values],
    ).fetchall()


@contextmanager
def _made_again(
    conn: sqlite3.Connection, kind: str, column: str, values: Sequence[str]
) -> Iterator[None]:
    """Drop the declared schema objects of ``kind`` whose ``column`` is among ``values``
    and create them again afterwards. All of it happens in the caller's transaction (or
    savepoint), so a failure leaves them as they were."""
    found = _declared(conn, kind, column, values)
    for name, _ in found:
        conn.execute(f'DROP {kind.upper()} "{name}"')
    yield
    for _, sql in found:
        conn.execute(sql)
