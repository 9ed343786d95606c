"""Change capture: triggers on every synced table append each change to ``sync_outbox``.

They are SQL, so every writer is captured the same way: FunnelDesk's operations and undo,
the importer's bulk writer, and plain SQL from any other SQLite tool. An outbox entry holds
the row, the operation, the columns that changed with their new values (JSON), the clock
value of the change; its ``counter`` (AUTOINCREMENT, never reused) is the per-device counter
the hub deduplicates by. The triggers exist only while the file is in a team, and do
nothing while ``sync_state.capturing`` is 0, which is how pulled changes are applied
without being sent back.

A *plain insert* — a row's insert that is its only entry in the outbox, most entries of most
pushes — also gets its ``line``: the row's values as the fields of a line of PostgreSQL's
``COPY`` text, which a push sends to the table's typed insert log as it is (``outbox.py``).
Any later entry of the row (an edit, a delete, a new id) clears it, so a line is always
exactly what was captured of a row nothing else happened to; an entry without one goes by
its JSON.
"""

from __future__ import annotations

import sqlite3

from funneldesk.core.sync.clock import DEVICE_MASK, TICK_SQL
from funneldesk.core.sync.tables import Table, synced_tables

CAPTURING = "(SELECT capturing FROM sync_state) = 1"
TICK = f"UPDATE sync_state SET hlc = {TICK_SQL};"
OUTBOX = "INSERT INTO sync_outbox (tbl, row_id, op, cols, hlc)"
OUTBOX_LINE = "INSERT INTO sync_outbox (tbl, row_id, op, cols, hlc, line)"
CLOCK_NOW = "(SELECT hlc FROM sync_state)"
COPY_ESCAPES = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))
"""What ``COPY`` text format escapes in a field: the backslash first, then the characters
that would end a field or a line."""
COPY_NULL = "\\N"


def insert_trigger(table: str) -> str:
    """The name of ``table``'s insert trigger (it does nothing while capture is paused)."""
    return f"sync_capture_{table}_insert"


def full_row(table: Table, alias: str) -> str:
    pairs = ", ".join(f"'{c}', {alias}.{c}" for c in table.columns)
    return f"json_object({pairs})"


def copy_field(value: str) -> str:
    """The SQL of ``value`` (an SQL expression) as a field of ``COPY`` text: its text as
    SQLite casts it (a number's as the JSON has it), escaped, NULL as ``\\N``."""
    text = f"CAST({value} AS TEXT)"
    for char, escaped in COPY_ESCAPES:
        text = f"replace({text}, char({ord(char)}), '{escaped}')"
    return f"coalesce({text}, '{COPY_NULL}')"


def copy_text(value: str) -> str:
    """``value`` as a field of ``COPY`` text (what :func:`copy_field` makes in SQL)."""
    for char, escaped in COPY_ESCAPES:
        value = value.replace(char, escaped)
    return value


def _plain_line(table: Table, alias: str, json: str) -> str:
    """The row's ``line`` (its values in the order of ``table.columns``, tab-separated),
    or NULL when the outbox holds another entry of the row: then the new entry is not a
    plain insert. ``json`` is the row's JSON: JSON escapes each character ``COPY`` text
    does, so a row whose JSON has no backslash (most rows) has nothing to escape, and its
    values are only joined (escaping every value costs the trigger twice as much)."""
    raw = " || char(9) || ".join(
        f"coalesce(CAST({alias}.{c} AS TEXT), '{COPY_NULL}')" for c in table.columns
    )
    escaped = " || char(9) || ".join(copy_field(f"{alias}.{c}") for c in table.columns)
    return (
        "CASE WHEN EXISTS (SELECT 1 FROM sync_outbox AS o "
        f"WHERE o.tbl = '{table.name}' AND o.row_id = {alias}.id) THEN NULL "
        f"WHEN instr({json}, '\\') THEN {escaped} ELSE {raw} END"
    )


def _forget_line(table: Table, row: str) -> str:
    """The statement clearing the ``line`` of the row's pending insert: the row has
    another entry now (read from the outbox's (table, row) index)."""
    return (
        f"UPDATE sync_outbox SET line = NULL WHERE tbl = '{table.name}' AND row_id = {row} "
        "AND line IS NOT NULL;"
    )


def _insert_body(table: Table, alias: str) -> str:
    """Clock tick, the id high-water mark (a row another tool inserted with this device's
    bits must never be handed out again), and the outbox entry with the whole row. A row
    inserted again without a delete captured (``INSERT OR REPLACE`` deletes the row it
    replaces without its delete trigger) takes the line of its earlier insert away too."""
    return f"""
        UPDATE sync_state SET hlc = {TICK_SQL},
            last_id = CASE WHEN ({alias}.id & {DEVICE_MASK}) = device AND {alias}.id > last_id
                           THEN {alias}.id ELSE last_id END;
        {_forget_line(table, f"{alias}.id")}
        {OUTBOX_LINE} SELECT '{table.name}', {alias}.id, 'insert', j, {CLOCK_NOW},
            {_plain_line(table, alias, "j")} FROM (SELECT {full_row(table, alias)} AS j);"""


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
                {_forget_line(table, "NEW.id")}
                {OUTBOX} SELECT '{name}', NEW.id, 'update', json_group_object(k, v), {CLOCK_NOW}
                    FROM ({pairs});
            END""",
        f"sync_capture_{name}_delete": f"""AFTER DELETE ON {name} WHEN {CAPTURING} AND {old}
            BEGIN
                {TICK}
                {_forget_line(table, "OLD.id")}
                {OUTBOX} VALUES ('{name}', OLD.id, 'delete', '{{}}', {CLOCK_NOW});
            END""",
        f"sync_capture_{name}_rekey": f"""AFTER UPDATE OF id ON {name}
            WHEN {CAPTURING} AND OLD.id IS NOT NEW.id AND {old} AND {new}
            BEGIN
                {TICK}
                {_forget_line(table, "OLD.id")}
                {OUTBOX} VALUES ('{name}', OLD.id, 'delete', '{{}}', {CLOCK_NOW});
                {_insert_body(table, "NEW")}
            END""",
    }


def queue_whole_rows(conn: sqlite3.Connection, tables: list[Table], where: str = "1") -> None:
    """Queue every shared row of ``tables`` (those matching ``where``) as an insert of the
    whole row, all with one new clock value: how a joining file sends its own rows, and how
    the laptop that upgrades the hub fills a mirror the upgrade added (so the rows reach
    everyone, and meet concurrent edits, like any change). A row with no entry yet goes as
    a plain insert, with its line; one that has entries keeps none."""
    conn.execute(TICK)
    for table in tables:
        name = table.name
        rows = f"{table.shared_rows()} AND ({where})"
        conn.execute(
            f"UPDATE sync_outbox SET line = NULL WHERE tbl = '{name}' AND line IS NOT NULL "
            f"AND EXISTS (SELECT 1 FROM {name} WHERE id = sync_outbox.row_id AND {rows})"
        )
        conn.execute(
            f"{OUTBOX_LINE} SELECT '{name}', id, 'insert', j, {CLOCK_NOW}, "
            f"{_plain_line(table, 'r', 'j')} FROM "
            f"(SELECT *, {full_row(table, name)} AS j FROM {name} WHERE {rows}) AS r ORDER BY id"
        )


def install(conn: sqlite3.Connection) -> None:
    """Create every capture trigger as a file joins a team (after queueing its rows), or
    re-create them after a schema step changed a table: then the pending inserts' lines
    are forgotten (they go by their JSON), since one may lack a column the step added."""
    if drop(conn):
        conn.execute("UPDATE sync_outbox SET line = NULL WHERE line IS NOT NULL")
    for table in synced_tables(conn):
        for name, body in trigger_sql(table).items():
            conn.execute(f"CREATE TRIGGER {name} {body}")


def drop(conn: sqlite3.Connection) -> int:
    """Drop every capture trigger; returns how many there were."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_capture_%'"
        )
    ]
    for name in names:
        conn.execute(f"DROP TRIGGER {name}")
    return len(names)


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
