"""Change capture: triggers on every synced table append each change to ``sync_outbox``.

They are SQL, so every writer is captured the same way: FunnelDesk's operations and undo,
the importer's bulk writer, and plain SQL from any other SQLite tool. An outbox entry holds
the row, the operation, the columns that changed with their new values (JSON), the clock
value of the change; its ``counter`` (AUTOINCREMENT, never reused) is the per-device counter
the hub deduplicates by. The triggers exist only while the file is in a team, and do
nothing while ``sync_state.capturing`` is 0, which is how pulled changes are applied
without being sent back.
"""

from __future__ import annotations

import sqlite3

from funneldesk.core.sync.clock import DEVICE_MASK, TICK_SQL
from funneldesk.core.sync.tables import Table, synced_tables

CAPTURING = "(SELECT capturing FROM sync_state) = 1"
TICK = f"UPDATE sync_state SET hlc = {TICK_SQL};"
OUTBOX = "INSERT INTO sync_outbox (tbl, row_id, op, cols, hlc)"
CLOCK_NOW = "(SELECT hlc FROM sync_state)"
KINDS = ("insert", "update", "delete", "rekey")


def insert_trigger(table: str) -> str:
    """The name of ``table``'s insert trigger (it does nothing while capture is paused)."""
    return f"sync_capture_{table}_insert"


def full_row(table: Table, alias: str) -> str:
    pairs = ", ".join(f"'{c}', {alias}.{c}" for c in table.columns)
    return f"json_object({pairs})"


def _insert_body(table: Table, alias: str) -> str:
    """Clock tick, the id high-water mark (a row another tool inserted with this device's
    bits must never be handed out again), and the outbox entry with the whole row."""
    return f"""
        UPDATE sync_state SET hlc = {TICK_SQL},
            last_id = CASE WHEN ({alias}.id & {DEVICE_MASK}) = device AND {alias}.id > last_id
                           THEN {alias}.id ELSE last_id END;
        {OUTBOX} VALUES ('{table.name}', {alias}.id, 'insert', {full_row(table, alias)},
                         {CLOCK_NOW});"""


def trigger_sql(table: Table) -> dict[str, str]:
    """The four capture triggers of ``table`` by name: insert, update, delete, id change."""
    name = table.name
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in table.columns if c != "id")
    pairs = " UNION ALL ".join(
        f"SELECT '{c}' AS k, NEW.{c} AS v WHERE OLD.{c} IS NOT NEW.{c}"
        for c in table.columns
        if c != "id"
    )
    new, old = table.shared_rows("NEW"), table.shared_rows("OLD")
    return {
        insert_trigger(name): f"""AFTER INSERT ON {name} WHEN {CAPTURING} AND {new}
            BEGIN {_insert_body(table, "NEW")} END""",
        f"sync_capture_{name}_update": f"""AFTER UPDATE ON {name}
            WHEN {CAPTURING} AND OLD.id = NEW.id AND ({changed})
            BEGIN
                {TICK}
                {OUTBOX} SELECT '{name}', NEW.id, 'update', json_group_object(k, v), {CLOCK_NOW}
                    FROM ({pairs});
            END""",
        f"sync_capture_{name}_delete": f"""AFTER DELETE ON {name} WHEN {CAPTURING} AND {old}
            BEGIN
                {TICK}
                {OUTBOX} VALUES ('{name}', OLD.id, 'delete', '{{}}', {CLOCK_NOW});
            END""",
        f"sync_capture_{name}_rekey": f"""AFTER UPDATE OF id ON {name}
            WHEN {CAPTURING} AND OLD.id IS NOT NEW.id AND {old} AND {new}
            BEGIN
                {TICK}
                {OUTBOX} VALUES ('{name}', OLD.id, 'delete', '{{}}', {CLOCK_NOW});
                {_insert_body(table, "NEW")}
            END""",
    }


def queue_whole_rows(conn: sqlite3.Connection, tables: list[Table], where: str = "1") -> None:
    """Queue every shared row of ``tables`` (those matching ``where``) as an insert of the
    whole row, all with one new clock value: how a joining file sends its own rows, and how
    the laptop that upgrades the hub fills a mirror the upgrade added (so the rows reach
    everyone, and meet concurrent edits, like any change)."""
    conn.execute(TICK)
    for table in tables:
        conn.execute(
            f"{OUTBOX} SELECT '{table.name}', id, 'insert', {full_row(table, table.name)}, "
            f"{CLOCK_NOW} FROM {table.name} WHERE {table.shared_rows()} AND ({where}) "
            "ORDER BY id"
        )


def install(conn: sqlite3.Connection) -> None:
    """Create (or re-create, after a schema step changed a table) every capture trigger."""
    drop(conn)
    for table in synced_tables(conn):
        for name, body in trigger_sql(table).items():
            conn.execute(f"CREATE TRIGGER {name} {body}")


def drop(conn: sqlite3.Connection) -> None:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_capture_%'"
        )
    ]
    for name in names:
        conn.execute(f"DROP TRIGGER {name}")


def in_team(conn: sqlite3.Connection) -> bool:
    present = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_state'"
    ).fetchone()
    return bool(present) and conn.execute("SELECT 1 FROM sync_state").fetchone() is not None


def paused(conn: sqlite3.Connection) -> None:
    """Stop capturing until :func:`resumed`, inside the caller's transaction."""
    conn.execute("UPDATE sync_state SET capturing = 0")


def resumed(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE sync_state SET capturing = 1")
