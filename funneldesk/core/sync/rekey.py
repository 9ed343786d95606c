"""Giving a joining file's own rows team ids, once, before anything of it is pushed.

A file made alone numbered its rows 1, 2, 3 … like every other file; in a team those ids
would collide. Every row of every synced table gets a new team id in one pass, and every
reference to it (the foreign keys the schema declares, and the default-pipeline setting)
follows. Foreign keys are checked when the transaction commits, so the rows may be
renumbered in any order; derived tables are rebuilt by the caller.
"""

from __future__ import annotations

import sqlite3

from funneldesk.core.sync.clock import allocate_ids
from funneldesk.core.sync.tables import Table

ID_SETTINGS = {"default_pipeline_id": "pipelines"}
"""Settings that hold a row id."""


def rekey(conn: sqlite3.Connection, tables: list[Table]) -> int:
    """Renumber every row of ``tables`` inside the caller's transaction; returns the count."""
    conn.execute("PRAGMA defer_foreign_keys = ON")
    renumbered = 0
    for table in tables:
        old = [r[0] for r in conn.execute(f"SELECT id FROM {table.name} ORDER BY id")]
        conn.execute(f"DROP TABLE IF EXISTS temp.rekey_{table.name}")
        conn.execute(f"CREATE TEMP TABLE rekey_{table.name} (old INTEGER PRIMARY KEY, new INTEGER)")
        if not old:
            continue
        new = allocate_ids(conn, len(old))
        conn.executemany(
            f"INSERT INTO temp.rekey_{table.name} VALUES (?, ?)", zip(old, new, strict=True)
        )
        renumbered += len(old)
    for table in tables:
        mapping = f"temp.rekey_{table.name}"
        conn.execute(
            f"UPDATE {table.name} SET id = (SELECT new FROM {mapping} WHERE old = id) "
            f"WHERE id IN (SELECT old FROM {mapping})"
        )
        for child in tables:
            for fk in child.foreign_keys:
                if fk.parent == table.name:
                    conn.execute(
                        f"UPDATE {child.name} SET {fk.column} = "
                        f"(SELECT new FROM {mapping} WHERE old = {fk.column}) "
                        f"WHERE {fk.column} IN (SELECT old FROM {mapping})"
                    )
    for key, parent in ID_SETTINGS.items():
        if any(t.name == parent for t in tables):
            conn.execute(
                f"UPDATE settings SET value = (SELECT new FROM temp.rekey_{parent} "
                "WHERE old = CAST(settings.value AS INTEGER)) WHERE key = ? "
                f"AND CAST(value AS INTEGER) IN (SELECT old FROM temp.rekey_{parent})",
                (key,),
            )
    for table in tables:
        conn.execute(f"DROP TABLE temp.rekey_{table.name}")
    return renumbered
