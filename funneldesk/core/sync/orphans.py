"""Delete wins: rows left pointing at a deleted parent follow the foreign key's rule.

A delete on one laptop and a concurrent insert or edit of a child on another meet on the
hub and on every laptop in the same order, and both sides then run this same clean-up over
the rows the batch touched: a child whose parent is gone loses the reference when the key
says ``ON DELETE SET NULL``, and is deleted otherwise (its own children follow). So the hub
and every laptop reach the same rows, and no foreign key is ever left dangling.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from funneldesk.core.sync.tables import ForeignKey, Table, children_of


@dataclass
class Touched:
    """What a batch did that can leave a reference dangling: foreign-key columns it wrote
    (per table and column, the row ids) and rows it deleted (per table)."""

    written: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    deleted: dict[str, set[int]] = field(default_factory=dict)

    def wrote(self, table: Table, row_id: int, columns: Iterable[str]) -> None:
        """``row_id`` of ``table`` was written with ``columns``: its references to check."""
        for fk in table.foreign_keys:
            if fk.column in columns:
                self.written.setdefault((table.name, fk.column), set()).add(row_id)

    def wrote_all(self, table: Table, row_ids: list[int], columns: Iterable[str]) -> None:
        """:meth:`wrote` for many rows written with the same ``columns``."""
        for fk in table.foreign_keys:
            if fk.column in columns:
                self.written.setdefault((table.name, fk.column), set()).update(row_ids)

    def removed(self, table: str, row_id: int) -> None:
        self.deleted.setdefault(table, set()).add(row_id)


Run = Callable[[str, list[int]], list[int]]
"""Runs one clean-up statement with a list of ids; returns the ids of the rows it changed."""


def clean_up(tables: list[Table], touched: Touched, run: Run, *, prefix: str, ids: str) -> int:
    """Apply the rules; return how many rows were cleared or deleted.

    First the rows whose reference this batch wrote, then, parent by parent, the children
    of deleted rows (a deleted child's own children next). ``prefix`` qualifies table names
    (the hub's schema); ``ids`` renders the list parameter (``= ANY(%s::bigint[])`` in
    PostgreSQL, ``IN (SELECT value FROM json_each(?))`` in SQLite). Each statement is a
    lookup by primary key or by the foreign key's index.
    """
    affected = 0
    gone: dict[str, set[int]] = {t: set(found) for t, found in touched.deleted.items()}

    def apply(table: Table, fk: ForeignKey, where: str, row_ids: set[int]) -> None:
        nonlocal affected
        orphan = (
            f"{where} {ids} AND c.{fk.column} IS NOT NULL AND NOT EXISTS "
            f"(SELECT 1 FROM {prefix}{fk.parent} p WHERE p.id = c.{fk.column})"
        )
        if fk.nulls:
            sql = f"UPDATE {prefix}{table.name} AS c SET {fk.column} = NULL WHERE {orphan} RETURNING id"
        else:
            sql = f"DELETE FROM {prefix}{table.name} AS c WHERE {orphan} RETURNING id"
        hit = run(sql, sorted(row_ids))
        affected += len(hit)
        if hit and not fk.nulls:
            gone.setdefault(table.name, set()).update(hit)

    for table in tables:
        for fk in table.foreign_keys:
            written = touched.written.get((table.name, fk.column))
            if written:
                apply(table, fk, "c.id", written)
    while gone:
        parent, row_ids = gone.popitem()
        for table, fk in children_of(tables, parent):
            apply(table, fk, f"c.{fk.column}", row_ids)
    return affected
