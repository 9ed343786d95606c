"""The team's hub: a PostgreSQL schema ``funneldesk`` with a change log and mirror tables.

``changes`` is the log every laptop pushes to and pulls from; its ``seq`` is each laptop's
pull cursor and ``(device, counter)`` is unique, so a change is stored once however often a
laptop retries. The mirror tables hold the team's current rows (what a joining laptop
downloads, and what an office can query for its own reports); each push applies its changes
to them in the same transaction as it appends them to the log.

Pushes are serialised by a transaction-level advisory lock and refused unless the laptop has
pulled everything already in the log. So sequence numbers become visible in order (no pull
cursor can step past a change that commits later with a lower number), and every change in
the log was made by a laptop that had seen all changes before it — which is what makes
"last in the log" the same as "latest clock" for every column (see ``docs/sync.md``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from funneldesk.core.errors import FunnelDeskError
from funneldesk.core.sync.orphans import Touched, clean_up
from funneldesk.core.sync.tables import Table

SCHEMA = "funneldesk"
PREFIX = f"{SCHEMA}."
PUSH_LOCK = 0x46444B31  # advisory lock key taken by every push ("FDK1")
CONNECT_TIMEOUT_S = 5
TYPES = {"INTEGER": "bigint", "REAL": "double precision"}


class HubError(FunnelDeskError):
    """The hub cannot be used: unreachable, refused the login, or not a FunnelDesk hub."""


@dataclass(frozen=True)
class Change:
    """One entry of the change log (``seq`` 0 for a change not yet pushed)."""

    seq: int
    device: int
    counter: int
    tbl: str
    row_id: int
    op: str
    cols: dict[str, Any]
    hlc: int
    member: str
    cols_json: str | None = None  # ``cols`` as the outbox holds it, sent as is


def _v1_log(cur: psycopg.Cursor) -> None:
    cur.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    cur.execute(
        f"""CREATE TABLE IF NOT EXISTS {PREFIX}devices (
            device integer PRIMARY KEY CHECK (device BETWEEN 1 AND 1023),
            member text NOT NULL,
            joined_at timestamptz NOT NULL DEFAULT now())"""
    )
    cur.execute(
        f"""CREATE TABLE IF NOT EXISTS {PREFIX}changes (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            device integer NOT NULL,
            counter bigint NOT NULL,
            tbl text NOT NULL,
            row_id bigint NOT NULL,
            op text NOT NULL,
            cols jsonb NOT NULL,
            hlc bigint NOT NULL,
            member text NOT NULL,
            pushed_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (device, counter))"""
    )


HUB_MIGRATIONS: list[Callable[[psycopg.Cursor], None]] = [_v1_log]
HUB_VERSION = len(HUB_MIGRATIONS)


def connect(conninfo: str) -> psycopg.Connection:
    """A connection to the hub, or :class:`HubError` in one line (exit 2 on the CLI)."""
    try:
        return psycopg.connect(conninfo, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.Error as exc:
        raise HubError(f"cannot reach the team hub: {_one_line(exc)}") from exc


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def guarded(action: Callable[[], Any]) -> Any:
    """Run ``action``; a lost connection or a server error becomes one :class:`HubError`."""
    try:
        return action()
    except psycopg.OperationalError as exc:
        raise HubError(f"lost the team hub: {_one_line(exc)}") from exc
    except psycopg.Error as exc:
        raise HubError(f"the team hub refused: {_one_line(exc)}") from exc


def version(conn: psycopg.Connection) -> int:
    """The hub schema's version; 0 when no team was ever created there."""
    with conn.transaction():
        exists = conn.execute("SELECT to_regclass(%s)", (f"{PREFIX}hub_meta",)).fetchone()[0]
        if exists is None:
            return 0
        row = conn.execute(
            f"SELECT value FROM {PREFIX}hub_meta WHERE key = 'schema_version'"
        ).fetchone()
    return int(row[0]) if row else 0


def prepare(conn: psycopg.Connection, tables: list[Table]) -> None:
    """Create or upgrade the hub (idempotent): the log, then a mirror of every table."""
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (PUSH_LOCK,))
        cur.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {PREFIX}hub_meta (key text PRIMARY KEY, value text NOT NULL)"
        )
        row = cur.execute(
            f"SELECT value FROM {PREFIX}hub_meta WHERE key = 'schema_version'"
        ).fetchone()
        current = int(row[0]) if row else 0
        if current > HUB_VERSION:
            raise HubError(
                f"the team hub was set up by a newer FunnelDesk (hub schema {current}); "
                "update FunnelDesk on this computer"
            )
        for step in HUB_MIGRATIONS[current:]:
            step(cur)
        cur.execute(
            f"INSERT INTO {PREFIX}hub_meta VALUES ('schema_version', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (str(HUB_VERSION),),
        )
        for table in tables:
            _mirror(cur, table)


def _mirror(cur: psycopg.Cursor, table: Table) -> None:
    """The mirror of one synced table, with any column a newer schema added."""
    cur.execute(f"CREATE TABLE IF NOT EXISTS {PREFIX}{table.name} (id bigint PRIMARY KEY)")
    for column, kind in zip(table.columns, table.types, strict=True):
        if column != "id":
            sql_type = TYPES.get(kind, "text")
            cur.execute(
                f"ALTER TABLE {PREFIX}{table.name} ADD COLUMN IF NOT EXISTS {column} {sql_type}"
            )
    for fk in table.foreign_keys:
        cur.execute(
            f"CREATE INDEX IF NOT EXISTS {table.name}_{fk.column}_idx "
            f"ON {PREFIX}{table.name} ({fk.column})"
        )


def check_ready(conn: psycopg.Connection) -> None:
    found = version(conn)
    if found == 0:
        raise HubError("There is no FunnelDesk team at this hub yet: create the team first.")
    if found > HUB_VERSION:
        raise HubError(
            f"the team hub was upgraded by a newer FunnelDesk (hub schema {found}); "
            "update FunnelDesk on this computer"
        )


def register_device(conn: psycopg.Connection, member: str) -> int:
    """A device number for a joining laptop (the low bits of every id it makes)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (PUSH_LOCK,))
        row = conn.execute(
            f"INSERT INTO {PREFIX}devices (device, member) "
            f"SELECT coalesce(max(device), 0) + 1, %s FROM {PREFIX}devices RETURNING device",
            (member,),
        ).fetchone()
    return int(row[0])


def mirror_columns(conn: psycopg.Connection, table: str) -> list[str]:
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
        (SCHEMA, table),
    ).fetchall()
    return [r[0] for r in rows]


def snapshot(
    conn: psycopg.Connection, tables: list[Table]
) -> tuple[int, int, dict[str, tuple[list[str], list[tuple]]]]:
    """The team's rows and the log position and clock they stand for, read consistently."""
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        top, hlc = conn.execute(
            f"SELECT coalesce(max(seq), 0), coalesce(max(hlc), 0) FROM {PREFIX}changes"
        ).fetchone()
        rows: dict[str, tuple[list[str], list[tuple]]] = {}
        for table in tables:
            columns = [c for c in mirror_columns(conn, table.name) if c in table.columns]
            if not columns:
                continue
            found = conn.execute(
                f"SELECT {', '.join(columns)} FROM {PREFIX}{table.name} ORDER BY id"
            ).fetchall()
            rows[table.name] = (columns, found)
    return int(top), int(hlc), rows


def pull(conn: psycopg.Connection, after: int, limit: int) -> list[Change]:
    """Up to ``limit`` changes after the cursor, in log order."""
    with conn.transaction():
        rows = conn.execute(
            f"SELECT seq, device, counter, tbl, row_id, op, cols, hlc, member "
            f"FROM {PREFIX}changes WHERE seq > %s ORDER BY seq LIMIT %s",
            (after, limit),
        ).fetchall()
    return [Change(*row) for row in rows]


def push(
    conn: psycopg.Connection,
    tables: list[Table],
    cursor: int,
    device: int,
    member: str,
    entries: Sequence[Change],
) -> int | None:
    """Append ``entries`` to the log and apply them to the mirrors, atomically.

    Returns the log's new last ``seq``, or None when the hub holds changes after ``cursor``
    (the laptop must pull them first; nothing was written).
    """
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (PUSH_LOCK,))
        top = cur.execute(f"SELECT coalesce(max(seq), 0) FROM {PREFIX}changes").fetchone()[0]
        if top != cursor:
            return None
        with cur.copy(
            f"COPY {PREFIX}changes (device, counter, tbl, row_id, op, cols, hlc, member) FROM STDIN"
        ) as copy:
            for e in entries:
                copy.write_row(
                    (
                        device,
                        e.counter,
                        e.tbl,
                        e.row_id,
                        e.op,
                        e.cols_json or json.dumps(e.cols),
                        e.hlc,
                        member,
                    )
                )
        apply_to_mirrors(cur, tables, entries)
        return int(cur.execute(f"SELECT max(seq) FROM {PREFIX}changes").fetchone()[0])


def apply_to_mirrors(cur: psycopg.Cursor, tables: list[Table], entries: Sequence[Change]) -> None:
    """The changes' net effect on the mirror rows, set by set, then the delete-wins clean-up.

    Each row's changes are folded in log order first (an insert sets the whole row, an
    update some columns, a delete removes it), so a batch costs a few statements per table
    rather than one per change.
    """
    by_name = {t.name: t for t in tables}
    known = {t.name: set(mirror_columns(cur.connection, t.name)) for t in tables}
    touched = Touched()
    for name, rows in _net_effect(entries).items():
        if name not in by_name:
            continue
        deletes = [row_id for row_id, (fate, _) in rows.items() if fate != "update"]
        if deletes:
            array = "{" + ",".join(map(str, deletes)) + "}"
            cur.execute(f"DELETE FROM {PREFIX}{name} WHERE id = ANY(%s::bigint[])", (array,))
        groups: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = {}
        for row_id, (fate, cols) in rows.items():
            if fate == "delete":
                touched.removed(name, row_id)
                continue
            kept = {c: v for c, v in cols.items() if c in known[name] and c != "id"}
            if kept or fate == "insert":
                groups.setdefault((fate, tuple(sorted(kept))), []).append({"id": row_id, **kept})
            touched.wrote(by_name[name], row_id, kept)
        for (fate, columns), records in groups.items():
            cur.execute(_set_sql(name, fate, columns), (json.dumps(records),))

    def run(sql: str, row_ids: list[int]) -> list[int]:
        array = "{" + ",".join(map(str, row_ids)) + "}"  # one text parameter: fast to send
        return [r[0] for r in cur.execute(sql, (array,)).fetchall()]

    clean_up(tables, touched, run, prefix=PREFIX, ids="= ANY(%s::bigint[])")


def _net_effect(entries: Sequence[Change]) -> dict[str, dict[int, tuple[str, dict[str, Any]]]]:
    """Per table and row: ``("insert", whole row)`` (written after any delete),
    ``("update", columns)`` or ``("delete", {})``."""
    rows: dict[str, dict[int, tuple[str, dict[str, Any]]]] = {}
    for e in entries:
        table = rows.setdefault(e.tbl, {})
        fate, cols = table.get(e.row_id, ("update", {}))
        if e.op == "delete":
            table[e.row_id] = ("delete", {})
        elif e.op == "insert":
            table[e.row_id] = ("insert", dict(e.cols))
        elif fate != "delete":
            table[e.row_id] = (fate, {**cols, **e.cols})
    return rows


def _set_sql(table: str, fate: str, columns: tuple[str, ...]) -> str:
    source = f"jsonb_populate_recordset(NULL::{PREFIX}{table}, %s::jsonb)"
    if fate == "insert":
        names = ", ".join(("id", *columns))
        sets = ", ".join(f"{c} = excluded.{c}" for c in columns) or "id = excluded.id"
        return (
            f"INSERT INTO {PREFIX}{table} ({names}) SELECT {names} FROM {source} "
            f"ON CONFLICT (id) DO UPDATE SET {sets}"
        )
    sets = ", ".join(f"{c} = r.{c}" for c in columns)
    return f"UPDATE {PREFIX}{table} AS t SET {sets} FROM {source} AS r WHERE t.id = r.id"


def own_max_counter(conn: psycopg.Connection, device: int) -> int:
    with conn.transaction():
        row = conn.execute(
            f"SELECT coalesce(max(counter), 0) FROM {PREFIX}changes WHERE device = %s", (device,)
        ).fetchone()
    return int(row[0])
