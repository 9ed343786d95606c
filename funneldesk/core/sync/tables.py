"""Which tables a team shares, and their shape as this file's schema declares it.

Only user data is synced. Derived tables (search index, funnel facts) are rebuilt by their
own triggers on every laptop, and ``settings`` belongs to the computer. The shape (columns,
foreign keys, unique keys) is read from the file, so a table or column added by a later
schema step is synced without this module knowing it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

SYNCED_TABLES = (
    "pipelines",
    "stages",
    "customers",
    "important_dates",
    "preferences",
    "deals",
    "stage_changes",
    "interactions",
    "source_costs",
    "exchange_rates",
    "activities",
    "settings",
)
"""Parents before children, so rows can be inserted in this order."""

PARTLY_SHARED = frozenset({"settings"})
"""Tables of which only the rows with an ``id`` are shared: the settings a team shares
(``defaults.TEAM_SETTINGS``) have the same id in every file, so they are never re-keyed."""

DERIVED_COLUMNS = {"customers": frozenset({"name_sort"})}
"""Columns each laptop computes for itself (the pinyin sort key): never captured or sent;
a pulled row leaves them empty and their own triggers queue the row to be keyed."""


@dataclass(frozen=True)
class ForeignKey:
    column: str
    parent: str
    on_delete: str  # "CASCADE", "SET NULL" or "NO ACTION"/"RESTRICT"

    @property
    def nulls(self) -> bool:
        """Whether losing the parent clears the column (else the row goes with its parent)."""
        return self.on_delete == "SET NULL"


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    types: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    unique_keys: tuple[tuple[str, ...], ...]
    defaulted: tuple[str, ...] = ()  # columns with a declared default
    partly: bool = False  # only rows with an id are shared (PARTLY_SHARED)

    def shared_rows(self, alias: str = "") -> str:
        """An SQL condition true for the rows of this table the team shares."""
        return f"{alias + '.' if alias else ''}id IS NOT NULL" if self.partly else "1"


_SCHEMA_SQL = (
    "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('table', 'index') "
    "AND tbl_name IN (" + ", ".join(f"'{name}'" for name in SYNCED_TABLES) + ") ORDER BY type, name"
)
"""The declarations a synced table's shape is read from: the tables' own and their indexes'
(a ``UNIQUE`` key's index has none of its own: its table's declaration names it)."""
_KNOWN_LIMIT = 8
_known: dict[tuple[tuple, ...], list[Table]] = {}
"""The shapes read so far, by the declarations they were read from (see :func:`synced_tables`)."""


def synced_tables(conn: sqlite3.Connection) -> list[Table]:
    """The synced tables this file has, parents first, with their declared shape.

    Every sync asks, and reading the shape costs some forty PRAGMAs (a millisecond); the
    declarations it is read from cost one query, so a shape read once is kept by them and
    read again only when they change (a schema step, another file). Kept by what they say,
    not by the file or its schema counter, so no file, transaction or rollback can be
    given another schema's shape."""
    declared = tuple(tuple(row) for row in conn.execute(_SCHEMA_SQL))
    found = _known.get(declared)
    if found is None:
        present = {name for kind, name, _, _ in declared if kind == "table"}
        found = [_describe(conn, name) for name in SYNCED_TABLES if name in present]
        if len(_known) >= _KNOWN_LIMIT:  # many schemas: only tests and migrations meet them
            _known.clear()
        _known[declared] = found
    return list(found)


def _describe(conn: sqlite3.Connection, name: str) -> Table:
    info = conn.execute(f"PRAGMA table_info({name})").fetchall()
    fks = tuple(
        ForeignKey(r[3], r[2], r[6].upper())
        for r in conn.execute(f"PRAGMA foreign_key_list({name})").fetchall()
    )
    uniques = []
    for index in conn.execute(f"PRAGMA index_list({name})").fetchall():
        if index[2] and index[3] in ("u", "pk"):  # a text primary key (settings) is one too
            cols = conn.execute(f"PRAGMA index_info({index[1]})").fetchall()
            uniques.append(tuple(c[2] for c in cols))
    derived = DERIVED_COLUMNS.get(name, frozenset())
    info = [r for r in info if r[1] not in derived]
    return Table(
        name=name,
        columns=tuple(r[1] for r in info),
        types=tuple((r[2] or "TEXT").upper() for r in info),
        foreign_keys=fks,
        unique_keys=tuple(uniques),
        defaulted=tuple(r[1] for r in info if r[4] is not None),
        partly=name in PARTLY_SHARED,
    )


def children_of(tables: list[Table], parent: str) -> list[tuple[Table, ForeignKey]]:
    """Every (table, foreign key) that points at ``parent``."""
    return [(t, fk) for t in tables for fk in t.foreign_keys if fk.parent == parent]
