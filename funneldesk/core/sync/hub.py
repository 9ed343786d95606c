"""The team's hub: a PostgreSQL schema ``funneldesk`` with a change log and mirrors.

The log every laptop pushes to and pulls from is the view ``log``: ``changes`` (entries
with their columns as JSON) and a typed insert log per table (new rows, one row each); its
``seq`` is each laptop's pull cursor, and a push must start past the last counter its
device pushed (kept in ``devices``), so a change is stored once however often a laptop
retries. The mirrors — a view per table — show the team's current rows (what a joining
laptop without a snapshot downloads, and what an office can query for its own reports):
the rows folded from the log into the mirror's table, and the last push's new rows, which
the next push folds.

Pushes are serialised by a transaction-level advisory lock and refused unless the laptop has
pulled everything already in the log. So sequence numbers become visible in order (no pull
cursor can step past a change that commits later with a lower number), and every change in
the log was made by a laptop that had seen all changes before it — which is what makes
"last in the log" the same as "latest clock" for every column (see ``docs/sync.md``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import psycopg
from psycopg import sql

from funneldesk.core.errors import FunnelDeskError
from funneldesk.core.jobs import Progress
from funneldesk.core.sync.orphans import Touched, clean_up
from funneldesk.core.sync.tables import Table

SCHEMA = "funneldesk"
PREFIX = f"{SCHEMA}."
INSERTED = "inserted_"  # name prefix of the typed insert logs (see inserted())
FOLDED = "folded_"  # name prefix of the mirrors' tables (see folded())
BOOKKEEPING = ("seq", "device", "counter", "hlc")
"""The columns of a typed insert log that are not the row's own (see :func:`inserted`)."""
PUSH_LOCK = 0x46444B31  # advisory lock key taken by every push ("FDK1")
SNAPSHOT_LOCK = 0x46444B32  # taken while the snapshot is replaced ("FDK2")
SNAPSHOT_CHUNK = 1 << 20  # bytes per row of snapshot_chunks
CONNECT_TIMEOUT_S = 5
TYPES = {"INTEGER": "bigint", "REAL": "double precision"}
SERVER_REFUSED = re.compile(r"failed: [^:\n]+:  ")
"""How libpq reports an error the server sent while a connection was being made — after
``failed:``, the server's severity in the server's language (``FATAL``, ``致命错误`` on a
PostgreSQL whose messages are Chinese …) and two spaces — unlike its own errors (a refused
or timed-out connection, an unknown host), which name no severity. Its connection errors
carry no SQLSTATE: a server that answered and refused the login is told apart this way."""
NO_PASSWORD = "fe_sendauth:"
"""How libpq reports that the server wants a password and it has none to send."""
TLS_FAILED = ("does not support SSL", "certificate")
"""How libpq reports a connection that could not be encrypted or whose server could not be
verified: a server without TLS, a certificate that does not verify, no root certificate."""


class HubError(FunnelDeskError):
    """The hub cannot be used: unreachable, refused the login, or not a FunnelDesk hub.

    ``detail`` is what PostgreSQL or its client said (their words, for the curious), so the
    app can put its own sentence in the user's language before it."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class HubUnreachableError(HubError):
    """The hub cannot be reached or the connection dropped: this laptop is offline, and
    trying again later is the remedy."""


class HubLoginError(HubError):
    """The hub's server answered but refused this login (unknown role or database, wrong
    password, not allowed from here): not offline, the address or password needs fixing."""


class HubTlsError(HubError):
    """The connection could not be encrypted, or the hub's certificate could not be verified
    (``sslmode=verify-full``): not offline, the hub or this computer needs setting up."""


class HubNewerError(HubError):
    """The hub was set up or upgraded by a newer FunnelDesk (hub schema ``version``, above
    this program's ``known``): nothing this laptop does helps until FunnelDesk is updated
    on it, so it is not retried (see ``team.sync``)."""

    def __init__(self, version: int, known: int) -> None:
        super().__init__(
            f"the team hub was set up by a newer FunnelDesk (hub schema {version}; this "
            f"FunnelDesk knows up to {known}): update FunnelDesk on this computer"
        )
        self.version = version
        self.known = known


class HubOutdatedError(HubError):
    """The hub was set up by an older FunnelDesk and lacks what this one syncs (a newer hub
    schema step, a mirror of a newly shared table). Retrying changes nothing until
    ``owner`` (the PostgreSQL role that owns the hub, who alone may add its tables)
    upgrades it — which their own laptop's next sync does by itself."""

    def __init__(self, message: str, owner: str) -> None:
        super().__init__(message)
        self.owner = owner


class HubBehindError(HubError):
    """The hub's log ends before this laptop's place in it: the hub was restored from an
    older backup (or the address now leads to another team's hub). Pushing would number
    changes the laptops have already seen, and pulling finds nothing, so a sync stops here
    instead of trying again and again."""

    def __init__(self, top: int, cursor: int) -> None:
        super().__init__(
            f"the team hub's log ends at change {top}, before this laptop's place in it "
            f"({cursor}): was the hub restored from an older backup? Ask whoever runs it; "
            "this file keeps everything"
        )


@dataclass(frozen=True)
class Change:
    """One entry of the change log as a laptop pulls it, its changed columns as JSON
    ``text``, decoded only when the change is applied (:attr:`cols`)."""

    seq: int
    device: int
    counter: int
    tbl: str
    row_id: int
    op: str
    text: str | None
    hlc: int
    member: str

    @cached_property
    def cols(self) -> dict[str, Any]:
        return json.loads(self.text or "{}")


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


def _v2_device_counters(cur: psycopg.Cursor) -> None:
    """Each device's last pushed counter, kept with the device: a push must start past it
    (checked under the push lock), which keeps every (device, counter) in the log once
    without the ``UNIQUE (device, counter)`` index, whose upkeep cost each push a second
    b-tree insert per change. Taken from the log before the index goes."""
    cur.execute(
        f"ALTER TABLE {PREFIX}devices ADD COLUMN IF NOT EXISTS counter bigint NOT NULL DEFAULT 0"
    )
    cur.execute(
        f"UPDATE {PREFIX}devices AS d SET counter = c.top "
        f"FROM (SELECT device, max(counter) AS top FROM {PREFIX}changes GROUP BY device) AS c "
        "WHERE c.device = d.device AND c.top > d.counter"
    )
    cur.execute(f"ALTER TABLE {PREFIX}changes DROP CONSTRAINT IF EXISTS changes_device_counter_key")


def _v3_snapshot(cur: psycopg.Cursor) -> None:
    """The team's snapshot file (``core/sync/snapshot.py``): one row describing it, its
    bytes in rows of 1 MB. ``STORAGE EXTERNAL``: SQLite pages hardly compress, so
    PostgreSQL stores them as they are instead of trying."""
    cur.execute(
        f"""CREATE TABLE IF NOT EXISTS {PREFIX}snapshot (
            id integer PRIMARY KEY CHECK (id = 1),
            seq bigint NOT NULL,
            hlc bigint NOT NULL,
            schema_version integer NOT NULL,
            shared_rows bigint NOT NULL,
            size bigint NOT NULL,
            made_by text NOT NULL,
            made_at timestamptz NOT NULL DEFAULT now())"""
    )
    cur.execute(
        f"CREATE TABLE IF NOT EXISTS {PREFIX}snapshot_chunks "
        "(n integer PRIMARY KEY, data bytea NOT NULL)"
    )
    cur.execute(f"ALTER TABLE {PREFIX}snapshot_chunks ALTER COLUMN data SET STORAGE EXTERNAL")


def _v4_typed_inserts(cur: psycopg.Cursor) -> None:
    """New rows stored typed: a plain insert's values go to the table's typed insert log
    (``inserted_<table>``, made with its mirror by :func:`_mirror`) and its log entry's
    ``cols`` is NULL, so the hub parses no JSON for them; the pushing laptop numbers its
    entries itself under the push lock (``seq`` is no longer an identity), since the typed
    rows must carry their entry's ``seq``. Entries already in the log keep their JSON."""
    cur.execute(f"ALTER TABLE {PREFIX}changes ALTER COLUMN seq DROP IDENTITY IF EXISTS")
    cur.execute(f"ALTER TABLE {PREFIX}changes ALTER COLUMN cols DROP NOT NULL")


def _v5_typed_log_entries(cur: psycopg.Cursor) -> None:
    """A typed insert is one row of its table's typed insert log, which now says which
    device made it: its entry in ``changes`` (``cols`` NULL) goes, so a push writes each new
    row once (the log as a whole is the view ``log``, made by :func:`_log_view`). And each
    mirror becomes a view over a table of the rows folded so far, ``folded_<table>`` (the
    old mirror table, renamed by :func:`_mirror`), plus the typed rows of the last push,
    which the next push folds (see :func:`push`); at this step everything is folded."""
    logs = _typed_log_names(cur)
    for name in logs:
        cur.execute(f"ALTER TABLE {PREFIX}{name} ADD COLUMN IF NOT EXISTS device integer")
        cur.execute(
            f"UPDATE {PREFIX}{name} AS n SET device = c.device FROM {PREFIX}changes AS c "
            "WHERE c.seq = n.seq"
        )
    for key in ("folded", "top"):  # before the typed entries go: each had one there
        cur.execute(
            f"INSERT INTO {PREFIX}hub_meta VALUES (%s, (SELECT coalesce(max(seq), 0)::text "
            f"FROM {PREFIX}changes)) ON CONFLICT (key) DO NOTHING",
            (key,),
        )
    cur.execute(f"DELETE FROM {PREFIX}changes WHERE cols IS NULL")
    cur.execute(f"ALTER TABLE {PREFIX}changes ALTER COLUMN cols SET NOT NULL")
    cur.execute(
        f"""CREATE OR REPLACE FUNCTION {PREFIX}log_grew() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE top bigint;
        BEGIN
            EXECUTE format('SELECT max(seq) FROM %I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME)
                INTO top;
            UPDATE {PREFIX}hub_meta SET value = greatest(value::bigint, top)::text
                WHERE key = 'top';
            RETURN NULL;
        END $$"""
    )
    _keep_top(cur, f"{PREFIX}changes")


def _keep_top(cur: psycopg.Cursor, part: str) -> None:
    """Have every statement that adds entries to ``part`` of the log raise the log's top
    kept in ``hub_meta`` to the part's own (whoever writes them, FunnelDesk or another
    tool): reading it is one row, where the top of the view ``log`` costs planning a view
    of a dozen tables (5 ms of a fresh connection's CPU, twice a sync). The part's top is
    read from the end of its index; a transition table of the statement's rows would hold
    a copy of each (13 ms of the hub's CPU per 10k typed rows)."""
    cur.execute(f"DROP TRIGGER IF EXISTS log_grew ON {part}")
    cur.execute(
        f"CREATE TRIGGER log_grew AFTER INSERT ON {part} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {PREFIX}log_grew()"
    )


def _v6_typed_logs_in_order(cur: psycopg.Cursor) -> None:
    """The typed insert logs are found by ``seq`` through a BRIN index (made by
    :func:`_mirror`) instead of a primary key: they are only ever appended to, under the
    push lock, in ``seq`` order, so each block of the table holds a narrow run of ``seq``
    and a summary per 32 blocks finds any range of it; the b-tree's entry per row cost a
    10k-row push a third of the hub's time. Nothing reads them in ``seq`` order any more
    (a pull asks for a range of ``seq``, see :func:`pull`), and the push that writes them
    raises the log's top itself (``_claim``), so their statement triggers, which read
    the top from the end of the b-tree, go too."""
    for name in _typed_log_names(cur):
        cur.execute(f"ALTER TABLE {PREFIX}{name} DROP CONSTRAINT IF EXISTS {name}_pkey")
        cur.execute(f"ALTER TABLE {PREFIX}{name} ALTER COLUMN seq SET NOT NULL")
        cur.execute(f"DROP TRIGGER IF EXISTS log_grew ON {PREFIX}{name}")


def _typed_log_names(cur: psycopg.Cursor) -> list[str]:
    """The names of the hub's typed insert logs (``inserted_<table>``), in name order."""
    return [
        name
        for (name,) in cur.execute(
            "SELECT relname::text FROM pg_class WHERE relnamespace = %s::regnamespace "
            "AND relkind = 'r' AND relname::text LIKE %s ORDER BY 1",
            (SCHEMA, INSERTED.replace("_", r"\_") + "%"),
        ).fetchall()
    ]


HUB_MIGRATIONS: list[Callable[[psycopg.Cursor], None]] = [
    _v1_log,
    _v2_device_counters,
    _v3_snapshot,
    _v4_typed_inserts,
    _v5_typed_log_entries,
    _v6_typed_logs_in_order,
]
HUB_VERSION = len(HUB_MIGRATIONS)


def connect(conninfo: str) -> psycopg.Connection:
    """A connection to the hub, or :class:`HubError` in one line (exit 2 on the CLI).

    In autocommit: what must be atomic runs in ``conn.transaction()``, and a lone read
    (a check, a page of the log) takes one round trip instead of three with its ``BEGIN``
    and ``COMMIT`` — a round trip costs milliseconds when the hub's server waits for a CPU.
    """
    try:
        return psycopg.connect(conninfo, connect_timeout=CONNECT_TIMEOUT_S, autocommit=True)
    except psycopg.Error as exc:
        detail = _one_line(exc)
        if any(sign in detail for sign in TLS_FAILED):
            raise HubTlsError(
                f"no verified TLS connection to the team hub: {detail}", detail=detail
            ) from exc
        if SERVER_REFUSED.search(str(exc)) or NO_PASSWORD in detail:
            raise HubLoginError(f"the team hub refused the login: {detail}", detail=detail) from exc
        raise HubUnreachableError(f"cannot reach the team hub: {detail}", detail=detail) from exc


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def guarded(action: Callable[[], Any]) -> Any:
    """Run ``action``; a lost connection or a server error becomes one :class:`HubError`."""
    try:
        return action()
    except psycopg.OperationalError as exc:
        detail = _one_line(exc)
        raise HubUnreachableError(f"lost the team hub: {detail}", detail=detail) from exc
    except psycopg.Error as exc:
        detail = _one_line(exc)
        raise HubError(f"the team hub refused: {detail}", detail=detail) from exc


_SCHEMA_VERSION = f"SELECT value FROM {PREFIX}hub_meta WHERE key = 'schema_version'"
"""The hub schema's version, as text (no row: none yet)."""


def version(conn: psycopg.Connection) -> int:
    """The hub schema's version; 0 when no team was ever created there."""
    exists = conn.execute("SELECT to_regclass(%s)", (f"{PREFIX}hub_meta",)).fetchone()[0]
    if exists is None:
        return 0
    row = conn.execute(_SCHEMA_VERSION).fetchone()
    return int(row[0]) if row else 0


def prepare(conn: psycopg.Connection, tables: list[Table]) -> list[str]:
    """Create or upgrade the hub (idempotent): the log, then a mirror of every table.
    Returns the mirrors it added to a hub that had a log already (an upgrade): the caller
    seeds them with its file's rows (``team.sync``)."""
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (PUSH_LOCK,))
        cur.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {PREFIX}hub_meta (key text PRIMARY KEY, value text NOT NULL)"
        )
        row = cur.execute(_SCHEMA_VERSION).fetchone()
        current = int(row[0]) if row else 0
        if current > HUB_VERSION:
            raise HubNewerError(current, HUB_VERSION)
        for step in HUB_MIGRATIONS[current:]:
            step(cur)
        cur.execute(
            f"INSERT INTO {PREFIX}hub_meta VALUES ('schema_version', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (str(HUB_VERSION),),
        )
        added = [table.name for table in tables if _mirror(cur, table)]
        make_views(cur, [t.name for t in tables])
        _grant_members(cur)
    return added if current else []


def _mirror(cur: psycopg.Cursor, table: Table) -> bool:
    """The mirror of one synced table — its table of folded rows, its typed insert log and
    the view over both that bears the table's name — with any column a newer schema added;
    True when the mirror is new."""
    stored = folded(table.name)
    kind = cur.execute(
        "SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", (f"{PREFIX}{table.name}",)
    ).fetchone()
    if kind == ("r",):  # the mirror as hub schema 4 and older made it: its table of rows
        cur.execute(f"ALTER TABLE {PREFIX}{table.name} RENAME TO {FOLDED}{table.name}")
    new = cur.execute("SELECT to_regclass(%s) IS NULL", (stored,)).fetchone()[0]
    cur.execute(f"CREATE TABLE IF NOT EXISTS {stored} (id bigint PRIMARY KEY)")
    typed = inserted(table.name)
    cur.execute(
        f"CREATE TABLE IF NOT EXISTS {typed} (seq bigint NOT NULL, device integer, "
        "counter bigint NOT NULL, hlc bigint NOT NULL, id bigint NOT NULL)"
    )
    cur.execute(
        f"CREATE INDEX IF NOT EXISTS {INSERTED}{table.name}_seq ON {typed} "
        "USING brin (seq) WITH (pages_per_range = 32, autosummarize = on)"
    )
    for column, kind in zip(table.columns, table.types, strict=True):
        if column != "id":
            sql_type = TYPES.get(kind, "text")
            for target in (stored, typed):
                cur.execute(f"ALTER TABLE {target} ADD COLUMN IF NOT EXISTS {column} {sql_type}")
    for fk in table.foreign_keys:
        cur.execute(
            f"CREATE INDEX IF NOT EXISTS {table.name}_{fk.column}_idx ON {stored} ({fk.column})"
        )
    return bool(new)


def make_views(cur: psycopg.Cursor, names: list[str]) -> None:
    """(Re)make the hub's views over its tables: the mirror of each table of ``names`` and
    the whole log (after a table or column was added, as ``prepare`` does)."""
    for name in names:
        _mirror_view(cur, name)
    _log_view(cur)


def _mirror_view(cur: psycopg.Cursor, name: str) -> None:
    """The view ``funneldesk.<name>``: the team's current rows of the table — its folded
    rows, but those a pending typed row replaces (the same id made again by another SQLite
    tool), and the typed rows not folded yet (those of the last push, see :func:`push`).
    Every column of the folded table, in its order (a column the office added for its own
    reports too, empty in a pending row), so a column a newer schema adds only ever comes
    last and the view can be replaced."""
    shape = mirror_shapes(cur.connection, [FOLDED + name, INSERTED + name])
    logged = {c for c, _ in shape[INSERTED + name]}
    columns = [c for c, _ in shape[FOLDED + name]]
    pending_values = ", ".join(
        f"n.{c}" if c in logged else f"NULL::{kind}" for c, kind in shape[FOLDED + name]
    )
    pending = f"n.seq > {_FOLDED_SEQ}"
    cur.execute(
        f"CREATE OR REPLACE VIEW {PREFIX}{name} AS "
        f"SELECT {', '.join(f'f.{c}' for c in columns)} FROM {folded(name)} AS f "
        f"WHERE NOT EXISTS (SELECT 1 FROM {inserted(name)} AS n WHERE {pending} AND n.id = f.id) "
        f"UNION ALL SELECT {pending_values} FROM {inserted(name)} AS n WHERE {pending}"
    )


_FOLDED_SEQ = f"(SELECT value::bigint FROM {PREFIX}hub_meta WHERE key = 'folded')"
"""The log position up to which the typed insert logs are folded into the mirrors'
tables (kept in ``hub_meta`` by :func:`_fold_typed`)."""


def _log_view(cur: psycopg.Cursor) -> None:
    """The view ``funneldesk.log``: the whole log, in the shape of ``changes`` plus whether
    an entry is a typed insert (``typed``; its ``cols`` made from its typed row, and its
    member from its device). A pull reads it; so may the office. Each part reads one table
    (the member is a subquery, not a join), so the server reads the parts in ``seq`` order
    from their indexes and merges them. Made again when a table is added, since it names
    every typed insert log there is."""
    logs = _typed_log_names(cur)
    arms = [
        "SELECT seq, device, counter, tbl, row_id, op, cols, hlc, member, false AS typed "
        f"FROM {PREFIX}changes",
        *(
            f"SELECT n.seq, n.device, n.counter, '{name.removeprefix(INSERTED)}'::text, n.id, "
            f"'insert'::text, to_jsonb(n) - {_BOOKKEEPING}, n.hlc, "
            f"(SELECT d.member FROM {PREFIX}devices AS d WHERE d.device = n.device), true "
            f"FROM {PREFIX}{name} AS n"
            for name in logs
        ),
    ]
    cur.execute(f"CREATE OR REPLACE VIEW {PREFIX}log AS {' UNION ALL '.join(arms)}")


def folded(table: str) -> str:
    """The table of ``table``'s mirror rows folded from the log so far (the mirror itself
    is the view of its name, see :func:`_mirror_view`)."""
    return f"{PREFIX}{FOLDED}{table}"


def inserted(table: str) -> str:
    """The typed insert log of ``table``: per plain insert pushed typed, its ``seq``, the
    device that made it, its counter and clock, and the row's values in the mirror's
    columns and types. Each of its rows is an entry of the log (see :func:`_log_view`)."""
    return f"{PREFIX}{INSERTED}{table}"


def _grant_members(cur: psycopg.Cursor) -> None:
    """Give every member who may write the log the same rights on every hub table, so a
    mirror added by an upgrade is theirs to sync as the README's one-time grant made the
    first ones (a member is a role with INSERT on ``changes`` other than its owner)."""
    members = cur.execute(
        "SELECT DISTINCT a.grantee::regrole::text FROM pg_class c, aclexplode(c.relacl) a "
        "WHERE c.oid = %s::regclass AND a.privilege_type = 'INSERT' "
        "AND a.grantee NOT IN (0, c.relowner)",
        (f"{PREFIX}changes",),
    ).fetchall()
    for (role,) in members:
        cur.execute(
            sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {}").format(
                sql.Identifier(SCHEMA), sql.SQL(role)
            )
        )


def ready(conn: psycopg.Connection, tables: list[Table]) -> list[str]:
    """Make sure this laptop can sync with the hub: an outdated hub is upgraded on the spot
    when the connected role owns it (the owner's laptop, after updating FunnelDesk, upgrades
    it with its first sync; the same steps as ``team create`` once more), otherwise
    :class:`HubOutdatedError` names whom to ask. Returns the mirrors an upgrade added."""
    try:
        check_ready(conn, tables)
    except HubOutdatedError:
        if not _hub_owner(conn)[1]:
            raise
        return prepare(conn, tables)
    return []


@dataclass(frozen=True)
class Arrival:
    """What a sync finds at the hub before it pulls (:func:`arrive`): the mirrors an upgrade
    added (to be seeded), the log's last ``seq`` (nothing to pull when it is the laptop's
    cursor) and the hub's snapshot (whether the sync should refresh it)."""

    added: list[str]
    top: int
    snapshot: SnapshotInfo | None


def arrive(conn: psycopg.Connection, tables: list[Table]) -> Arrival:
    """:func:`ready`, and what the sync needs to know of the hub before it pulls.

    A hub as this FunnelDesk sets it up answers all of it in one statement — a round trip
    costs a millisecond or more when the hub's server waits for a CPU, and a sync used to
    spend five here. Any other answer (no team, an older or newer hub, a missing mirror, a
    table the statement does not find, a right it lacks) takes :func:`ready`'s checks one
    by one, which say what is wrong or upgrade the hub, and then the reads one by one."""
    try:
        row = conn.execute(
            f"SELECT ({_SCHEMA_VERSION}), ARRAY({_MISSING_MIRRORS}), ({_LOG_TOP}), s.* "
            f"FROM (VALUES (1)) AS one LEFT JOIN (SELECT {_SNAPSHOT_COLUMNS} "
            f"FROM {PREFIX}snapshot) AS s ON true",
            ([t.name for t in tables], PREFIX),
        ).fetchone()
    except psycopg.OperationalError:
        raise  # offline: nothing to check
    except psycopg.Error:
        row = None
    if row is not None and row[0] == str(HUB_VERSION) and not row[1]:
        snapshot = None if row[3] is None else SnapshotInfo(*row[3:])
        return Arrival([], int(row[2]), snapshot)
    added = ready(conn, tables)
    return Arrival(added, int(conn.execute(_LOG_TOP).fetchone()[0]), snapshot_info(conn))


def _hub_owner(conn: psycopg.Connection) -> tuple[str, bool]:
    """The role that owns the hub, and whether the connected role acts as it (may upgrade)."""
    owner, mine = conn.execute(
        "SELECT nspowner::regrole::text, pg_has_role(nspowner, 'USAGE') "
        "FROM pg_namespace WHERE nspname = %s",
        (SCHEMA,),
    ).fetchone()
    return str(owner), bool(mine)


def check_ready(conn: psycopg.Connection, tables: list[Table]) -> None:
    """A FunnelDesk hub this laptop can sync with: not newer than this FunnelDesk, and with
    a mirror of every table it shares (a table added by a newer FunnelDesk, such as the
    shared settings, needs an upgrade by the hub's owner: :class:`HubOutdatedError`)."""
    found = version(conn)
    if found == 0:
        raise HubError("There is no FunnelDesk team at this hub yet: create the team first.")
    if found > HUB_VERSION:
        raise HubNewerError(found, HUB_VERSION)
    missing = conn.execute(_MISSING_MIRRORS, ([t.name for t in tables], PREFIX)).fetchall()
    if missing or found < HUB_VERSION:
        owner, _ = _hub_owner(conn)
        lacks = f" (no table for {', '.join(r[0] for r in missing)} yet)" if missing else ""
        raise HubOutdatedError(
            f"the team hub needs an upgrade for this FunnelDesk{lacks}: ask {owner}, who owns "
            "it, to update FunnelDesk and sync (or run `funneldesk team create` once more)",
            owner,
        )


_MISSING_MIRRORS = (
    "SELECT name FROM unnest(%s::text[]) AS name WHERE to_regclass(%s || quote_ident(name)) IS NULL"
)
"""The tables of the first parameter without a mirror (the second: :data:`PREFIX`)."""


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


def mirror_shapes(
    conn: psycopg.Connection, names: Sequence[str]
) -> dict[str, list[tuple[str, str]]]:
    """Per mirror table of ``names`` that exists: its columns and their types, in order.

    One query on the catalog itself (``information_schema.columns`` is a view slow enough
    to cost a push more than its smaller batches)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in conn.execute(
        "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod) "
        "FROM pg_attribute AS a JOIN pg_class AS c ON c.oid = a.attrelid "
        "WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r' "
        "AND c.relname::text = ANY(%s) AND a.attnum > 0 AND NOT a.attisdropped "
        "ORDER BY c.relname, a.attnum",
        (SCHEMA, list(names)),
    ).fetchall():
        found.setdefault(table, []).append((column, kind))
    return found


def team_rows(
    conn: psycopg.Connection, tables: list[Table]
) -> tuple[int, int, dict[str, tuple[list[str], list[tuple]]]]:
    """The team's rows and the log position and clock they stand for, read consistently."""
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        top, hlc = conn.execute(
            f"SELECT ({_LOG_TOP}), coalesce(max(hlc), 0) FROM {PREFIX}log"
        ).fetchone()
        rows: dict[str, tuple[list[str], list[tuple]]] = {}
        shapes = mirror_shapes(conn, [FOLDED + t.name for t in tables])
        for table in tables:
            columns = [c for c, _ in shapes.get(FOLDED + table.name, []) if c in table.columns]
            if not columns:
                continue
            found = conn.execute(
                f"SELECT {', '.join(columns)} FROM {PREFIX}{table.name} ORDER BY id"
            ).fetchall()
            rows[table.name] = (columns, found)
    return int(top), int(hlc), rows


@dataclass(frozen=True)
class SnapshotInfo:
    """What the hub's snapshot file stands for: the log position and clock it holds every
    change up to, the FunnelDesk schema that wrote it, how many shared rows it holds."""

    seq: int
    hlc: int
    schema_version: int
    shared_rows: int
    size: int
    made_by: str
    made_at: datetime


_SNAPSHOT_COLUMNS = "seq, hlc, schema_version, shared_rows, size, made_by, made_at"


def snapshot_info(conn: psycopg.Connection) -> SnapshotInfo | None:
    row = conn.execute(f"SELECT {_SNAPSHOT_COLUMNS} FROM {PREFIX}snapshot").fetchone()
    return None if row is None else SnapshotInfo(*row)


def download_snapshot(
    conn: psycopg.Connection,
    target: Path,
    newest_schema: int,
    progress: Progress | None = None,
) -> SnapshotInfo | None:
    """Stream the snapshot into ``target`` (a chunk at a time, never the whole file in
    memory, with ``progress`` in bytes) and return what it stands for; None, writing
    nothing, when the hub has none or one written by a FunnelDesk newer than
    ``newest_schema``. Reads one consistent view, so a snapshot replaced meanwhile is never
    mixed with its successor."""
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        info = snapshot_info(conn)
        if info is None or info.schema_version > newest_schema:
            return None
        written = 0
        with open(target, "wb") as sink, conn.cursor(binary=True) as cur:
            for (data,) in cur.stream(f"SELECT data FROM {PREFIX}snapshot_chunks ORDER BY n"):
                written += sink.write(data)
                if progress is not None:
                    progress(min(written, info.size), info.size)
    return info


def upload_snapshot(
    conn: psycopg.Connection,
    source: Path,
    *,
    seq: int,
    hlc: int,
    schema_version: int,
    shared_rows: int,
    member: str,
) -> bool:
    """Replace the hub's snapshot with ``source``, in one transaction, unless the hub's
    stands for the same or a later log position already (returns False)."""
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (SNAPSHOT_LOCK,))
        current = cur.execute(f"SELECT seq FROM {PREFIX}snapshot").fetchone()
        if current is not None and current[0] >= seq:
            return False
        cur.execute(f"DELETE FROM {PREFIX}snapshot_chunks")
        size = 0
        with (
            open(source, "rb") as file,
            cur.copy(f"COPY {PREFIX}snapshot_chunks (n, data) FROM STDIN (FORMAT BINARY)") as copy,
        ):
            copy.set_types(["int4", "bytea"])
            n = 0
            while data := file.read(SNAPSHOT_CHUNK):
                copy.write_row((n, data))
                size += len(data)
                n += 1
        cur.execute(
            f"INSERT INTO {PREFIX}snapshot (id, seq, hlc, schema_version, shared_rows, size, "
            "made_by, made_at) VALUES (1, %s, %s, %s, %s, %s, %s, now()) "
            "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hlc = excluded.hlc, "
            "schema_version = excluded.schema_version, shared_rows = excluded.shared_rows, "
            "size = excluded.size, made_by = excluded.made_by, made_at = excluded.made_at",
            (seq, hlc, schema_version, shared_rows, size, member),
        )
    return True


STREAM_ROWS = 1000
"""Typed new rows per chunk as a pull streams them: the hub converts the next chunks while
the laptop writes the first."""


class UntypedRows(Exception):  # noqa: N818 - not an error: the rows take the other way
    """A value of a table's new rows did not convert to its column's type: those rows come
    as JSON ``changes`` instead, to be applied one by one (``PageApplier``)."""

    def __init__(self, changes: list[Change]) -> None:
        super().__init__(f"{len(changes)} new rows as JSON")
        self.changes = changes


@dataclass(frozen=True)
class NewRows:
    """One table's inserts in a page that another laptop made and that carry every column
    they need, typed by the hub: per row ``(row_id, *values)``, the values in the order of
    ``columns``. Plain tuples: a laptop catching up writes thousands of them.

    The rows are read while the page is applied: iterating :meth:`chunks` streams them
    from the hub :data:`STREAM_ROWS` at a time, so the hub converts the next while the
    laptop writes the first. It raises :class:`UntypedRows` when a value does not convert.
    :meth:`changes` gives some or all of them as log entries instead, for applying them
    one by one in log order. ``count`` is how many inserts of the table the page holds
    (what a laptop decides its bulk writing by, before the rows arrive), ``stored`` how
    many of them its typed insert log holds.

    Those stored typed are read straight from the typed insert log, by log position, as
    they were stored — a third of the hub's work of reading them through the log. They
    include this laptop's own, which the page's other changes name (the caller leaves
    rows those name for the ordinary way)."""

    table: Table
    count: int
    stored: int
    after: int
    last: int
    device: int  # this laptop's: its own inserts are not among these
    conn: psycopg.Connection
    logged: tuple[str, ...] = ()  # the columns of the table's typed insert log

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(c for c in self.table.columns if c != "id")

    def chunks(self) -> Iterator[list[tuple]]:
        whole = set(self.table.defaulted) <= set(self.logged)  # stored rows are whole
        queries = []
        if self.stored and whole:
            queries.append(_stored_inserts(self.table, self.logged, self.after, self.last))
        if self.count > self.stored or not whole:
            queries.append(_json_inserts(self.table, self.after, self.last, self.device))
        try:
            with self.conn.cursor(binary=True) as cur:
                for sql, params in queries:
                    rows = cur.stream(sql, params, size=STREAM_ROWS)
                    while chunk := list(islice(rows, STREAM_ROWS)):
                        yield chunk
        except psycopg.DataError:  # a value that does not convert: JSON it is
            raise UntypedRows(self.changes()) from None

    def changes(self, row_ids: Iterable[int] | None = None) -> list[Change]:
        """The rows ``row_ids`` (all when None) as log entries with their JSON."""
        where, params = _whole_insert(self.table, self.logged, self.device)
        if row_ids is not None:
            where, params = f"{where} AND c.row_id = ANY(%s::bigint[])", [*params, _ids(row_ids)]
        return _changes(self.conn, self.after, self.last, where, params)


@dataclass(frozen=True)
class Page:
    """A page of the log: every change after the cursor up to ``last``.

    Other laptops' inserts into this file's tables are in ``inserts`` (typed, per table,
    parents first, read as they are applied); every other change is in ``changes``, in log
    order, with its JSON.
    """

    changes: list[Change]
    inserts: dict[str, NewRows]
    last: int  # where the page ends: the cursor once it is applied
    hlc: int  # the latest clock in the page
    size: int  # how many changes it holds
    more: bool  # whether the log goes on after it


def pull(
    conn: psycopg.Connection, after: int, limit: int, tables: list[Table], device: int
) -> Page | None:
    """The changes after the cursor up to ``limit`` places of the log past it (see
    :func:`_page_bounds`), or None when there are none.

    Other laptops' new rows of ``tables`` (most of what a laptop pulls; ``device`` is this
    laptop) come with their values typed by the server, streamed per table as the caller
    applies them (:class:`NewRows`), so the laptop writes them without decoding any JSON
    while the hub still converts the rest; the other changes come at once, in one query,
    since they decide which new rows can be written ahead. Sequence numbers become visible
    in order (see the module docstring) and log entries never change, so the page's bounds,
    read first, stay valid for the later queries, each a statement of its own: under READ
    COMMITTED a transaction would see no more consistent a log, and cost two round trips
    more.
    """
    top, last, parts = _page_bounds(conn, after, limit)
    if last <= after:
        return None
    if not parts:  # a stretch of the log without entries: the cursor just moves past it
        return Page([], {}, last, 0, 0, last < top)
    hlc = max((p[2] for p in parts), default=0)
    inserted = {p[0]: (p[3], p[4]) for p in parts if p[1]}
    typed = [t for t in tables if t.name in inserted]
    logs = _typed_logs(conn, typed)
    inserts = {
        t.name: NewRows(t, *inserted[t.name], after, last, device, conn, logs.get(t.name, ()))
        for t in typed
    }
    whole = [_whole_insert(t, logs.get(t.name, ()), device) for t in typed]
    others = f"NOT ({' OR '.join(sql for sql, _ in whole) or 'false'})"
    changes = _changes(conn, after, last, others, [p for _, ps in whole for p in ps])
    return Page(changes, inserts, last, int(hlc), sum(p[3] for p in parts), last < top)


def _page_bounds(conn: psycopg.Connection, after: int, limit: int) -> tuple[int, int, list[tuple]]:
    """The log's top and the end of the page after ``after`` — the ``seq`` ``limit`` past
    it, or the top — and per table and kind (insert or not) of the page's entries, their
    latest clock, how many and how many typed. A page is a range of ``seq``, not the first
    ``limit`` entries: no part of the log is read in order (the typed insert logs have no
    b-tree to read them in; see :func:`_v6_typed_logs_in_order`), and a range holds at
    most ``limit`` entries (``seq`` gaps, left by outbox entries dropped before their
    push, only make a page smaller). Numbers up to the top never gain an entry later:
    pushes number theirs past it under the push lock."""
    rows = conn.execute(
        "SELECT e.top, e.last, p.* FROM (SELECT t.top, least(t.top, %(after)s::bigint + %(limit)s) "
        f"AS last FROM ({_LOG_TOP}) AS t (top)) AS e LEFT JOIN LATERAL ("
        "SELECT tbl, op = 'insert', max(hlc), count(*), count(*) FILTER (WHERE typed) "
        f"FROM {PREFIX}log WHERE seq > %(after)s AND seq <= e.last GROUP BY 1, 2) AS p ON true",
        {"after": after, "limit": limit},
    ).fetchall()
    top, last = rows[0][:2]
    return int(top), int(last), [row[2:] for row in rows if row[2] is not None]


def _changes(
    conn: psycopg.Connection, after: int, last: int, where: str, params: list
) -> list[Change]:
    """The log entries ``c`` after ``after`` up to ``last`` for which ``where`` holds, in
    log order, with their JSON (a typed insert's made from its typed row by the view
    ``log``, only for the entries ``where`` keeps: a condition on ``c.typed`` decides
    whether the server looks at a typed insert log at all)."""
    found = conn.execute(
        "SELECT seq, device, counter, tbl, row_id, op, cols::text, hlc, member "
        f"FROM {PREFIX}log AS c WHERE seq > %s AND seq <= %s AND {where} ORDER BY seq",
        [after, last, *params],
    ).fetchall()
    return [Change(*row) for row in found]


def _typed_logs(conn: psycopg.Connection, tables: list[Table]) -> dict[str, tuple[str, ...]]:
    """Per table of ``tables`` that has a typed insert log, its row columns."""
    shapes = mirror_shapes(conn, [INSERTED + t.name for t in tables]) if tables else {}
    return {name.removeprefix(INSERTED): tuple(_logged(shape)) for name, shape in shapes.items()}


_BOOKKEEPING = "ARRAY[" + ", ".join(f"'{c}'" for c in BOOKKEEPING) + "]"


def _logged(shape: list[tuple[str, str]]) -> list[str]:
    """The row's own columns (``id`` among them) of a typed insert log of shape ``shape``
    (see :func:`mirror_shapes`): all but the :data:`BOOKKEEPING` ones."""
    return [column for column, _ in shape if column not in BOOKKEEPING]


def _whole_insert(table: Table, logged: tuple[str, ...], device: int) -> tuple[str, list]:
    """An SQL condition on the log entry ``c``: another device's insert into ``table``
    (``device`` is this laptop, whose own inserts come back as log entries to acknowledge)
    carrying each column that has a default (a column it lacks, written by an older
    FunnelDesk, would get the default; any other becomes NULL as it would anyway), with
    its parameters. A typed insert carries the columns of its table's typed insert log,
    ``logged``. (Written so that the server builds no typed insert's JSON to decide it.)"""
    typed = "c.typed" if set(table.defaulted) <= set(logged) else "false"
    json = "NOT c.typed" + (" AND c.cols ?& %s" if table.defaulted else "")
    params = [table.name, device, *([list(table.defaulted)] if table.defaulted else [])]
    return f"(c.tbl = %s AND c.op = 'insert' AND c.device <> %s AND ({typed} OR {json}))", params


def _stored_inserts(
    table: Table, logged: tuple[str, ...], after: int, last: int
) -> tuple[str, list]:
    """The query of the page's inserts into ``table`` stored typed, from its typed insert
    log (``logged``: its columns; one it lacks, of a newer schema, is empty as in a row
    that laptop never filled): the row id, then the values as stored. Every device's, in
    the log's own order."""
    columns = ", ".join(c if c in logged else "NULL" for c in table.columns if c != "id")
    return (
        f"SELECT id, {columns} FROM {inserted(table.name)} WHERE seq > %s AND seq <= %s",
        [after, last],
    )


def _json_inserts(table: Table, after: int, last: int, device: int) -> tuple[str, list]:
    """The query of the page's :func:`_whole_insert` rows of ``table`` that carry JSON (an
    older FunnelDesk's, or a row pushed as captured): the row id, then each column
    converted from the JSON as the mirror converts it (so any value the log holds
    converts); ``->>`` per column is cheaper for the server than building a record. In the
    log's own order: sorting costs more."""
    values = _json_values(
        (c, TYPES.get(kind, "text"))
        for c, kind in zip(table.columns, table.types, strict=True)
        if c != "id"
    )
    whole, params = _whole_insert(table, (), device)
    return (
        f"SELECT c.row_id, {values} FROM {PREFIX}log AS c "
        f"WHERE c.seq > %s AND c.seq <= %s AND NOT c.typed AND {whole}",
        [after, last, *params],
    )


def _json_values(shape: Iterable[tuple[str, str]]) -> str:
    """Each column's text in the log entry ``c``'s JSON (``->>``) cast to its type, as the
    mirror and a pull both read an insert's values (so a value converts alike either way;
    a third cheaper for the server than ``jsonb_to_record``)."""
    return ", ".join(f"(c.cols ->> '{c}')::{kind}" for c, kind in shape)


class Outgoing(NamedTuple):
    """An outbox entry of a row the hub folds (see :class:`Fates`); ``cols`` stays the JSON
    text the capture trigger wrote."""

    counter: int
    tbl: str
    row_id: int
    op: str
    cols: str
    hlc: int


LOG_COLUMNS = "device, counter, tbl, row_id, op, cols, hlc, member"
"""The log's columns a push sends, in the order of its ``COPY`` text lines."""


@dataclass(frozen=True)
class Fates:
    """What a batch's entries amount to per row: ``plain`` holds, per table, the rows whose
    only change is their insert (most rows of most batches); ``others`` every entry of every
    other row (edited, deleted, or changed more than once), in counter order."""

    plain: dict[str, list[int]]
    others: list[Outgoing]


class Outbound(Protocol):
    """A batch of outbox entries on its way to the hub (``core/sync/outbox.py``): counters
    ``first`` to ``last``, ``size`` entries."""

    first: int
    last: int
    size: int

    def streams(
        self, top: int, device: int, member: str, typed: dict[str, Table]
    ) -> Iterable[tuple[str, Iterable[bytes]]]:
        """The batch as ``COPY`` text streams, each read whole before the next: per table
        of ``typed`` (those whose typed insert log holds exactly this laptop's columns), the
        plain inserts that have their line (the row's values as captured, in the order of
        the table's ``columns``), as lines of ``seq``, device, counter, clock
        and those values (named by the table); then the other entries as the log's lines of
        ``seq`` and :data:`LOG_COLUMNS` (named ``""``). ``seq`` counts on from ``top``."""

    def fates(self) -> Fates: ...


def push(
    conn: psycopg.Connection,
    tables: list[Table],
    cursor: int,
    device: int,
    member: str,
    batch: Outbound,
) -> int | None:
    """Append ``batch`` to the log and bring the mirrors up to date, atomically; returns
    the log's new last ``seq``, or None, sending nothing, when the hub holds changes after
    ``cursor`` (the laptop must pull them first).

    The batch's streams are read as they are sent, and its fates sorted out before the
    last ``COPY`` ends, while the hub is still parsing the lines before them. Its plain
    inserts go typed where they can (see :class:`Outbound`).

    A batch of nothing but typed inserts (a file's new rows, an import) is written once:
    to the typed insert logs, which the mirrors' views show at once. Its rows are folded
    into the mirrors' tables by the next push, before that push writes anything else —
    what keeps this push as cheap as the log it must write anyway. Any other batch is
    folded at once (see :func:`apply_to_mirrors`), and so is a typed one with a row whose
    parent the team has deleted, for the delete-wins clean-up to remove or clear it.
    """
    with conn.transaction(), conn.cursor() as cur:
        top, folded_up_to = _locked(cur)
        if top < cursor:
            raise HubBehindError(top, cursor)
        if top != cursor:
            return None
        if not batch.size:
            return int(top)
        shapes = _mirror_tables(conn, tables)
        if folded_up_to < top:  # the last push's typed rows
            _fold_typed(cur, tables, shapes, folded_up_to)
        typed = _typed(tables, shapes)
        counts: dict[str, int] = {}
        fates: Fates | None = None  # needed for a fold of the batch: sorted out meanwhile
        for name, lines in batch.streams(top, device, member, typed):
            target = f"{PREFIX}changes (seq, {LOG_COLUMNS}) FROM STDIN"
            if name:
                columns = ", ".join([*BOOKKEEPING, *typed[name].columns])
                target = f"{inserted(name)} ({columns}) FROM STDIN"
            elif sum(counts.values()) == batch.size:  # every entry went typed: no log lines
                break
            with cur.copy(f"COPY {target}") as copy:
                for block in lines:
                    copy.write(block)
                if not name:  # the last stream, with entries to fold: the hub is still parsing
                    fates = batch.fates()
            if name:
                counts[name] = cur.rowcount
        end = int(top) + 1 - batch.first + batch.last  # the seq of the batch's last entry
        _claim(cur, device, batch.first, batch.last, end)
        if fates is not None or _orphaned(cur, tables, list(counts), top):
            cur.execute("SET LOCAL work_mem = '64MB'")  # a batch's fold stays in memory
            _fold_typed(cur, tables, shapes, top)
            apply_to_mirrors(cur, tables, top, fates or batch.fates(), shapes)
        return end


def fold(conn: psycopg.Connection, tables: list[Table]) -> None:
    """Fold the typed rows the last push left for the next one into the mirrors' tables
    now: what ``team create`` and a file joining with rows of its own do after uploading
    them, so that the next sync, whoever makes it, does not pay for a whole file's rows."""
    with conn.transaction(), conn.cursor() as cur:
        top, folded_up_to = _locked(cur)
        if folded_up_to < top:
            cur.execute("SET LOCAL work_mem = '64MB'")
            _fold_typed(cur, tables, _mirror_tables(conn, tables), folded_up_to)


def _locked(cur: psycopg.Cursor) -> tuple[int, int]:
    """Take the push lock; the log's top and how far it is folded, as they stand under it
    (a statement of their own: one started before the lock was granted would not see the
    push that held it)."""
    cur.execute("SELECT pg_advisory_xact_lock(%s)", (PUSH_LOCK,))
    return cur.execute(f"SELECT ({_LOG_TOP}), {_FOLDED_SEQ}").fetchone()


def _mirror_tables(conn: psycopg.Connection, tables: list[Table]) -> dict[str, list[tuple]]:
    """The shapes of the folded-rows table and the typed insert log of each of ``tables``."""
    return mirror_shapes(conn, [n for t in tables for n in (FOLDED + t.name, INSERTED + t.name)])


_LOG_TOP = f"SELECT value::bigint FROM {PREFIX}hub_meta WHERE key = 'top'"
"""The last ``seq`` in the log: where a laptop's cursor stands when it has pulled everything
(raised by each push, see :func:`_claim`, and by any other writer of ``changes`` through
its trigger, see :func:`_keep_top`)."""


def _fold_typed(
    cur: psycopg.Cursor,
    tables: list[Table],
    shapes: dict[str, list[tuple[str, str]]],
    after: int,
) -> None:
    """Fold the typed rows after ``after`` into the mirrors' tables, and record the whole
    log as folded (up to its top, see :data:`_LOG_TOP`), in one statement: one ``INSERT …
    SELECT`` per typed insert log (an empty one costs a look at its BRIN index and at its
    blocks not summarised yet, see :func:`_v6_typed_logs_in_order`). Typed rows are
    plain inserts, so nothing else of their batch touches them; the last push's, folded by
    the next, had their references checked by their own push, and nothing has changed the
    team's rows since."""
    parts = []
    for table in [t for t in tables if INSERTED + t.name in shapes]:
        logged = _logged(shapes[INSERTED + table.name])
        parts.append(
            f"fold_{table.name} AS (INSERT INTO {folded(table.name)} ({', '.join(logged)}) "
            f"SELECT {', '.join(logged)} FROM {inserted(table.name)} WHERE seq > %(after)s "
            f"{_written_whole_again(logged)})"
        )
    done = f"UPDATE {PREFIX}hub_meta SET value = ({_LOG_TOP})::text WHERE key = 'folded'"
    cur.execute(f"WITH {', '.join(parts)} {done}" if parts else done, {"after": after})


def _written_whole_again(columns: list[str]) -> str:
    """The ``ON CONFLICT`` clause of an insert of new rows into a mirror's table with
    ``columns``: a row whose id the table holds already (the same id made by another SQLite
    tool on two laptops) takes the new row's values, as the fold writes a row inserted
    anew. Looking first would cost every push a lookup per new row."""
    values = [c for c in columns if c != "id"]
    if not values:
        return "ON CONFLICT (id) DO NOTHING"
    new = ", ".join(f"EXCLUDED.{c}" for c in values)
    return f"ON CONFLICT (id) DO UPDATE SET ({', '.join(values)}) = ROW({new})"


def _orphaned(cur: psycopg.Cursor, tables: list[Table], names: list[str], after: int) -> bool:
    """Whether a typed row after ``after`` of the tables ``names`` refers to a row the team
    does not have (deleted by another laptop meanwhile): one query, an anti-join per
    foreign key against the parent's folded rows and the batch's own new parents."""
    checks = [
        f"EXISTS (SELECT 1 FROM {inserted(t.name)} AS c WHERE c.seq > %(after)s "
        f"AND c.{fk.column} IS NOT NULL "
        f"AND NOT EXISTS (SELECT 1 FROM {folded(fk.parent)} AS p WHERE p.id = c.{fk.column}) "
        f"AND NOT EXISTS (SELECT 1 FROM {inserted(fk.parent)} AS q "
        f"WHERE q.seq > %(after)s AND q.id = c.{fk.column}))"
        for t in tables
        if t.name in names
        for fk in t.foreign_keys
    ]
    if not checks:
        return False
    return bool(cur.execute(f"SELECT {' OR '.join(checks)}", {"after": after}).fetchone()[0])


def _typed(tables: list[Table], shapes: dict[str, list[tuple[str, str]]]) -> dict[str, Table]:
    """The tables whose typed insert log holds exactly this laptop's columns (a table of a
    newer or older schema than the hub's goes by JSON, which carries what it has)."""
    found = {}
    for table in tables:
        columns = _logged(shapes.get(INSERTED + table.name, []))
        if columns and sorted(columns) == sorted(table.columns):
            found[table.name] = table
    return found


def _claim(cur: psycopg.Cursor, device: int, first: int, last: int, top: int) -> None:
    """Record ``last`` as ``device``'s last pushed counter and raise the log's top to
    ``top`` (the batch's last ``seq``: no trigger keeps it for the typed insert logs), or
    refuse the batch when the hub already holds ``first`` or a later counter of this
    device: a change is stored once however often a laptop retries (the outbox sends its
    entries in counter order, each once; one the hub has comes back on the next pull and
    is acknowledged there). One statement: a round trip less per push."""
    claimed = cur.execute(
        f"WITH claimed AS (UPDATE {PREFIX}devices SET counter = %(last)s "
        "WHERE device = %(device)s AND counter < %(first)s RETURNING 1) "
        f"UPDATE {PREFIX}hub_meta SET value = greatest(value::bigint, %(top)s)::text "
        "WHERE key = 'top' AND EXISTS (SELECT FROM claimed) RETURNING 1",
        {"last": last, "device": device, "first": first, "top": top},
    ).fetchone()
    if claimed is None:
        raise HubError(
            f"the team hub refused changes {first}–{last} of device {device}: "
            "it already holds them or later ones"
        )


def apply_to_mirrors(
    cur: psycopg.Cursor,
    tables: list[Table],
    after: int,
    fates: Fates,
    shapes: dict[str, list[tuple[str, str]]],
) -> None:
    """The net effect of the ``changes`` entries after ``after`` (their :class:`Fates`) on
    the mirrors' tables of folded rows, then the delete-wins clean-up over every row of the
    batch (its typed rows, folded already by :func:`_fold_typed`, included).

    A row whose only change in the batch is its insert is written straight from its JSON,
    in one ``INSERT … SELECT`` per table. The others — updated, deleted, or changed more
    than once — are folded per row in log order by the server (an insert sets the whole
    row, an update some columns, a delete removes it) and written set by set. Either way a
    batch costs a few statements per table, not one per change.
    """
    by_name = {t.name: t for t in tables}
    touched = Touched()
    fated = _fold_fates(fates.others)
    for name in [n for n in by_name if n in fates.plain or n in fated]:
        table = by_name[name]
        shape = [(c, kind) for c, kind in shapes[FOLDED + name] if c != "id"]
        plain = fates.plain.get(name, [])
        rows = fated.get(name, {})
        keys = [fk.column for fk in table.foreign_keys]
        replaced = [row_id for row_id, fate in rows.items() if fate.op != "update"]
        if replaced:  # deleted, or written whole again
            _delete_rows(cur, name, replaced)
        params = {"after": after, "tbl": name, "others": _ids(list(rows))}
        if plain:  # an insert carries every column: each of its references is checked
            cur.execute(_insert_sql(name, shape, exclude=bool(rows)), params)
            touched.wrote_all(table, plain, keys)
        if rows:
            cur.execute(_fold_sql(name, [c for c, _ in shape]), params)
        for row_id, fate in rows.items():
            if fate.op == "delete":
                touched.removed(name, row_id)
            else:  # a key's quoted name cannot occur inside a JSON string value, where
                # quotes are escaped; and checking a row needlessly is harmless anyway
                written = [k for k in keys if any(f'"{k}":' in t for t in fate.texts)]
                touched.wrote(table, row_id, written)

    def run(sql: str, row_ids: list[int]) -> list[int]:
        return [r[0] for r in cur.execute(sql, (_ids(row_ids),)).fetchall()]

    clean_up(tables, touched, run, prefix=PREFIX + FOLDED, ids="= ANY(%s::bigint[])")


def _delete_rows(cur: psycopg.Cursor, table: str, row_ids: list[int]) -> None:
    cur.execute(f"DELETE FROM {folded(table)} WHERE id = ANY(%s::bigint[])", (_ids(row_ids),))


def _ids(row_ids: list[int]) -> str:
    """Ids as one ``bigint[]`` literal: one text parameter is fast to send."""
    return "{" + ",".join(map(str, row_ids)) + "}"


@dataclass
class _Fate:
    """What one row's several changes in a batch amount to: ``op`` is ``insert``,
    ``update`` or ``delete``; ``texts`` are the JSON of the changes that still count (since
    the last insert)."""

    op: str
    texts: list[str]


def _fold_fates(entries: Sequence[Outgoing]) -> dict[str, dict[int, _Fate]]:
    """Per table and row: the :class:`_Fate` of the rows that are not plain inserts."""
    rows: dict[str, dict[int, _Fate]] = {}
    for e in entries:
        table = rows.setdefault(e.tbl, {})
        fate = table.get(e.row_id)
        if fate is None:
            table[e.row_id] = _Fate(e.op, [] if e.op == "delete" else [e.cols])
        elif e.op == "delete":
            fate.op, fate.texts = "delete", []
        elif e.op == "insert":
            fate.op, fate.texts = "insert", [e.cols]
        elif fate.op != "delete":
            fate.texts.append(e.cols)
    return rows


def _insert_sql(table: str, shape: list[tuple[str, str]], *, exclude: bool) -> str:
    """The statement writing the table's plain inserts of the batch (``%(after)s``) that
    carry JSON to its mirror's table: each column's text (``->>``) cast to the mirror's
    type, as a pull reads them (a third cheaper for the server than ``jsonb_to_record``,
    and converted alike), leaving out, with ``exclude``, the rows ``%(others)s`` folds."""
    names = ["id", *(c for c, _ in shape)]
    skip = "AND c.row_id <> ALL(%(others)s::bigint[])" if exclude else ""
    return (
        f"INSERT INTO {folded(table)} ({', '.join(names)}) SELECT c.row_id, {_json_values(shape)} "
        f"FROM {PREFIX}changes AS c WHERE c.seq > %(after)s AND c.tbl = %(tbl)s "
        f"AND c.op = 'insert' AND c.cols IS NOT NULL {skip} {_written_whole_again(names)}"
    )


def _fold_sql(table: str, columns: list[str]) -> str:
    """One statement: the log entries after ``%(after)s`` of the rows ``%(others)s``,
    folded per row in log order (a row changed once needs no folding), then inserted whole
    or updated in the columns they name. Rows deleted or inserted again were deleted first."""
    mirror = folded(table)
    names = ", ".join(columns)
    picked = ", ".join(f"r.{c}" for c in columns)
    targets = f"({names})" if len(columns) > 1 else names
    update = (
        f"UPDATE {mirror} AS t SET {targets} = (SELECT {picked} FROM "
        "jsonb_populate_record(t, n.cols) AS r) FROM net AS n "
        "WHERE n.fate = 'update' AND t.id = n.row_id RETURNING 1"
    )
    return f"""
        WITH batch AS MATERIALIZED (
            SELECT seq, row_id, op, cols,
                   count(*) OVER whole_row AS n,
                   max(seq) FILTER (WHERE op = 'insert') OVER whole_row AS ins,
                   max(seq) FILTER (WHERE op = 'delete') OVER whole_row AS del
            FROM {PREFIX}changes
            WHERE seq > %(after)s AND tbl = %(tbl)s AND row_id = ANY(%(others)s::bigint[])
            WINDOW whole_row AS (PARTITION BY row_id)),
        net AS (
            SELECT row_id, CASE WHEN ins IS NULL THEN 'update' ELSE 'insert' END AS fate, cols
            FROM batch WHERE n = 1 AND op <> 'delete'
            UNION ALL
            SELECT b.row_id, CASE WHEN b.ins IS NULL THEN 'update' ELSE 'insert' END,
                   jsonb_object_agg(e.key, e.value ORDER BY b.seq)
            FROM batch AS b CROSS JOIN LATERAL jsonb_each(b.cols) AS e
            WHERE b.n > 1 AND coalesce(b.del, 0) < coalesce(b.ins, 1) AND b.seq >= coalesce(b.ins, 0)
            GROUP BY b.row_id, b.ins),
        added AS (
            INSERT INTO {mirror} (id, {names}) SELECT n.row_id, {picked}
            FROM net AS n, jsonb_populate_record(NULL::{mirror}, n.cols) AS r
            WHERE n.fate = 'insert' RETURNING 1),
        changed AS ({update})
        SELECT (SELECT count(*) FROM added), (SELECT count(*) FROM changed)"""
