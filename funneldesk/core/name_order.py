"""The order of names everywhere (customer list, board, exports): Chinese by pinyin.

SQLite compares text by code point, which puts 魏 before 黄 and every Chinese name after
every Latin one. Each customer therefore stores a sort key, ``customers.name_sort``: the
name's words folded to lower case, Chinese characters spelled in pinyin (a surname in its
surname reading: 曾 ``zeng``), then a tab and the name in lower case to keep equal spellings
in a stable order. 黄伟 ``huang wei`` sorts before 魏芳 ``wei fang`` and between *Hans* and
*Hugo*. An index on the key lets the first page of a million customers be read in name order
without sorting them.

**Keeping it current.** FunnelDesk writes the key with the name (:func:`with_sort_key`, used
by the customer operations and the import). Triggers (schema step 8) queue a customer in
``customer_sort_pending`` when a row arrives without a key or its name changes while its key
does not, from any code path or SQLite tool. :func:`fill_queued` computes the queued keys;
every write transaction of :class:`~funneldesk.core.db.Database` calls it just before
committing, so a name and its key are always committed together, undo and redo included.
Rows written by other programs get theirs at the next write or when the app opens the file
(:func:`catch_up`).
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from funneldesk.core.name_words import SURNAME_READINGS, fold, runs

if TYPE_CHECKING:
    from funneldesk.core.db import Database

PENDING_TABLE = "customer_sort_pending"
INSERT_TRIGGER = "customers_sort_insert"
"""Queues a customer inserted without a key (schema step 8): it does nothing for a writer
that keys every row, which may drop it for its statement."""
BATCH = 5000
TIE_BREAK = "\t"  # below every letter and the word space: "wang fang" < "wang fangzhou"
_ASCII_WORDS = re.compile(r"[a-z0-9]+")


@cache
def _reading(character: str) -> str:
    """The toneless pinyin of one character (its most common reading), else the character."""
    from pypinyin import Style, lazy_pinyin

    words = lazy_pinyin(character, style=Style.NORMAL, errors="default")
    return words[0] if words and words[0] else character


def sort_key(name: str | None) -> str:
    """The key names are ordered by: Latin words folded, Chinese characters in pinyin.

    Characters are read one by one (names are not phrases; a cached reading per character
    makes a million keys take seconds); the first character of a name that starts in Chinese
    is read as a surname. The keys of names beyond ASCII are cached: names repeat (王伟,
    Anna Müller), and an import keys every row it writes. An ASCII name's key costs less to
    make than to look up in a cache (a third of the time for 10,000 new names).
    """
    if name is None or name.isascii():  # no Chinese: the words, folded (most Latin names)
        lowered = (name or "").lower()
        plain = lowered.replace(" ", "").isalnum()  # words and spaces only: split them
        words = lowered.split() if plain else _ASCII_WORDS.findall(lowered)
        return " ".join(words) + TIE_BREAK + lowered.strip()
    return _spelled_key(name)


@lru_cache(maxsize=1 << 14)
def _spelled_key(name: str) -> str:
    """:func:`sort_key` of a name with letters beyond ASCII."""
    words: list[str] = []
    for is_cjk, run in runs(name):
        if not is_cjk:
            words.append(fold(run))
            continue
        for character in run:
            surname = SURNAME_READINGS.get(character) if not words else None
            words.append(surname or _reading(character))
    return " ".join(words) + TIE_BREAK + name.strip().lower()


def with_sort_key(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` of a customer row plus the key of its name, when the name is among them."""
    return {**values, "name_sort": sort_key(values["name"])} if "name" in values else values


def fill_queued(conn: sqlite3.Connection) -> int:
    """Write the keys of every queued customer (inside the caller's transaction).

    Every commit runs this, almost always on an empty queue, so the queue is read first:
    ``CROSS JOIN`` fixes that order. With a plain join SQLite's planner walks the whole name
    index of ``customers`` and looks each one up in the queue (7 ms on 100,000 customers,
    more after another connection's commit emptied the page cache), on every drop of a deal.
    """
    filled = 0
    while True:
        rows = conn.execute(
            f"SELECT p.customer_id, c.name FROM {PENDING_TABLE} AS p "
            f"CROSS JOIN customers AS c ON c.id = p.customer_id LIMIT {BATCH}"
        ).fetchall()
        conn.executemany(
            "UPDATE customers SET name_sort = ? WHERE id = ?",
            [(sort_key(name), customer_id) for customer_id, name in rows],
        )
        ids = [row[0] for row in rows]
        if not ids:
            conn.execute(f"DELETE FROM {PENDING_TABLE}")  # queued rows whose customer is gone
            return filled
        marks = ", ".join("?" for _ in ids)
        conn.execute(f"DELETE FROM {PENDING_TABLE} WHERE customer_id IN ({marks})", ids)
        filled += len(ids)


def key_every_customer(conn: sqlite3.Connection) -> None:
    """Write every customer's key (an upgrade; inside the caller's transaction)."""
    rows = conn.execute("SELECT id, name FROM customers")
    while batch := rows.fetchmany(BATCH):
        conn.executemany(
            "UPDATE customers SET name_sort = ? WHERE id = ?",
            [(sort_key(name), customer_id) for customer_id, name in batch],
        )


def catch_up(db: Database) -> int:
    """Key the customers another program added or renamed since FunnelDesk last wrote."""
    if not db.scalar(f"SELECT EXISTS (SELECT 1 FROM {PENDING_TABLE})"):
        return 0
    with db.bulk() as conn:
        return fill_queued(conn)
