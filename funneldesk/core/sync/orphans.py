"""Delete wins: rows left pointing at a deleted parent follow the foreign key's rule.

A delete on one laptop and a concurrent insert or edit of a child on another meet on the
hub and on every laptop in the same order, and both sides then run this same clean-up over
the rows the batch touched: a child whose parent is gone loses the reference when the key
says ``ON DELETE SET NULL``, and is deleted otherwise (its own children follow). So the hub
and every laptop reach the same rows, and no foreign key is ever left dangling.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from funneldesk.core.sync.tables import Table


@dataclass
class Touched:
    """Ids per table that a batch inserted or updated, and ids it deleted."""

    written: dict[str, set[int]] = field(default_factory=dict)
    deleted: dict[str, set[int]] = field(default_factory=dict)

    def wrote(self, table: str, row_id: int) -> None:
        self.written.setdefault(table, set()).add(row_id)

    def removed(self, table: str, row_id: int) -> None:
        self.deleted.setdefault(table, set()).add(row_id)


Run = Callable[[str, list[int], list[int]], list[int]]
"""Runs one clean-up statement with (rows written, parents deleted); returns affected ids."""


def clean_up(tables: list[Table], touched: Touched, run: Run, *, prefix: str, ids: str) -> int:
    """Apply the rules until nothing changes; return how many rows were cleared or deleted.

    ``prefix`` qualifies table names (the hub's schema); ``ids`` renders a list parameter
    (``= ANY(%s)`` in PostgreSQL, ``IN (SELECT value FROM json_each(?))`` in SQLite).
    """
    affected = 0
    changed = True
    while changed:
        changed = False
        for table in tables:
            for fk in table.foreign_keys:
                written = sorted(touched.written.get(table.name, ()))
                gone = sorted(touched.deleted.get(fk.parent, ()))
                if not written and not gone:
                    continue
                orphan = (
                    f"(c.id {ids} OR c.{fk.column} {ids}) "
                    f"AND c.{fk.column} IS NOT NULL AND NOT EXISTS "
                    f"(SELECT 1 FROM {prefix}{fk.parent} p WHERE p.id = c.{fk.column})"
                )
                if fk.nulls:
                    sql = f"UPDATE {prefix}{table.name} AS c SET {fk.column} = NULL WHERE {orphan} RETURNING id"
                else:
                    sql = f"DELETE FROM {prefix}{table.name} AS c WHERE {orphan} RETURNING id"
                hit = run(sql, written, gone)
                if hit:
                    affected += len(hit)
                    changed = True
                    for row_id in hit:
                        if fk.nulls:
                            touched.wrote(table.name, row_id)
                        else:
                            touched.removed(table.name, row_id)
    return affected
