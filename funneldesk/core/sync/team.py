"""Creating, joining, syncing and leaving a team: what the ``team`` and ``sync`` commands
and the app's Team dialog call.

A new laptop without data of its own joins from the hub's snapshot file when there is one it
can open (``core/sync/snapshot.py``), else from the hub's rows. A sync pulls first (page by
page, each page applied and the cursor advanced in one local transaction), then pushes the
outbox in batches, and refreshes the hub's snapshot when the log has grown enough since.
The hub refuses a push from a laptop that has not pulled everything before it; the laptop
then pulls again and retries. A push the hub committed but this laptop never heard back
about comes back on the next pull and is acknowledged there, so a sync killed at any moment
and run again sends nothing twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from funneldesk import __version__
from funneldesk.core import funnel_facts, schema
from funneldesk.core.clock import now_timestamp
from funneldesk.core.db import Database
from funneldesk.core.errors import DatabaseOpenError, FunnelDeskError
from funneldesk.core.index_rebuild import indexes_afterwards
from funneldesk.core.jobs import Progress
from funneldesk.core.safe_replace import clean_stale_partials, remove_with_companions
from funneldesk.core.sync import capture, credentials, hub, kept, outbox, snapshot
from funneldesk.core.sync.apply import BULK_ROWS, PageApplier, insert_rows
from funneldesk.core.sync.hub import (
    HubError,
    HubLoginError,
    HubNewerError,
    HubOutdatedError,
    HubTlsError,
    HubUnreachableError,
    SnapshotInfo,
)
from funneldesk.core.sync.rekey import rekey
from funneldesk.core.sync.status import (
    HUB_NEWER,
    NotInTeamError,
    conflicts,
    require,
    restore_conflict,
    state,
    status,
)
from funneldesk.core.sync.tables import Table, synced_tables

PULL_PAGE = 20_000
"""Places of the log per pulled page (a range of ``seq``: at most this many changes)."""
PUSH_BATCH = 20000
SHARED_SETUP = ("pipelines", "stages")
"""Tables a new file fills with defaults: they alone do not make a file's "own data"."""
ASKS_PASSWORD = "team_hub_asks_password"
"""A local setting (no id: never synced), set once the hub has wanted this member's stored
password: its syncs then look the password up at once (see :func:`_member_hub`)."""


@dataclass
class SyncResult:
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0


# -- create / join / leave ---------------------------------------------------------------
def create(
    db: Database,
    server: str,
    member: str,
    *,
    allow_insecure_lan: bool = False,
    progress: Progress | None = None,
) -> SyncResult:
    """Make the hub's tables (idempotent) and join it with this file, uploading its data."""
    address, password = _address(server, allow_insecure_lan)
    tables = synced_tables(db.conn)
    with _hub(address, password) as conn:
        added = hub.guarded(lambda: hub.prepare(conn, tables))
    found = state(db)
    if found is not None and found.hub == address:  # run again to upgrade the team's hub
        _seed(db, tables, added)
    result = join(db, server, member, allow_insecure_lan=allow_insecure_lan, progress=progress)
    with _hub(address, password) as conn:  # the team's first snapshot, for the next joins
        _refresh_snapshot(db, conn, hub.guarded(lambda: hub.snapshot_info(conn)), always=True)
    return result


def join(
    db: Database,
    server: str,
    member: str,
    *,
    allow_insecure_lan: bool = False,
    progress: Progress | None = None,
) -> SyncResult:
    """Join the team at ``server`` as ``member``: download the team's rows (``progress``
    counts the snapshot file's bytes), give this file's own rows team ids, and push them.
    Joining the same hub again only syncs."""
    member = member.strip()
    if not member:
        raise FunnelDeskError("The member name must not be empty.")
    address, password = _address(server, allow_insecure_lan)
    found = state(db)
    if found is not None:
        if found.hub != address:
            raise FunnelDeskError(
                f"{db.path} is already in the team at {found.hub}: run `funneldesk team leave` first"
            )
        credentials.save_password(address, password)
        _remember_asks_password(db, password)
        return sync(db)
    with _hub(address, password) as conn, _staging(db) as staged:
        tables = synced_tables(db.conn)
        hub.guarded(lambda: hub.ready(conn, tables))
        info = None if _has_own_data(db.conn, tables) else _snapshot(conn, staged, progress)
        if info is None:  # own data, no usable snapshot: the team's rows
            top, top_hlc, rows = hub.guarded(lambda: hub.team_rows(conn, tables))
        device = hub.guarded(lambda: hub.register_device(conn, member))
        credentials.save_password(address, password)
        if info is None:
            _take_in(db, tables, address, member, device, top, top_hlc, rows)
        else:
            _take_in_snapshot(db, tables, staged, info, address, member, device)
    _remember_asks_password(db, password)
    return _settled(db, sync(db))


def _settled(db: Database, result: SyncResult) -> SyncResult:
    """``result`` of a joining file's first sync, after folding the rows it uploaded into
    the mirrors (``hub.fold``): a push leaves its new rows for the next push to fold, but
    a whole file's rows — ``team create``'s upload, a file joining with data of its own —
    belong to the setting up, which shows its progress, not to a teammate's next sync."""
    if result.pushed:
        with _member_connection(db, require(db).hub) as conn:
            hub.guarded(lambda: hub.fold(conn, synced_tables(db.conn)))
    return result


def _snapshot(
    conn: psycopg.Connection, staged: Path, progress: Progress | None
) -> SnapshotInfo | None:
    """The hub's snapshot downloaded into ``staged``, checked, and upgraded if an older
    FunnelDesk wrote it; None when there is none, a newer FunnelDesk wrote it, or it
    arrived incomplete or damaged (the rows are all on the hub anyway)."""
    info = hub.guarded(lambda: hub.download_snapshot(conn, staged, schema.SCHEMA_VERSION, progress))
    if info is None or staged.stat().st_size != info.size:
        return None
    try:
        snapshot.opened(staged)
    except DatabaseOpenError:
        return None
    return info


@contextmanager
def _staging(db: Database) -> Iterator[Path]:
    """An owner-only file beside the database for the downloaded snapshot, removed after;
    one a killed join left behind is removed by the next join or opening of the file."""
    clean_stale_partials(db.path.parent, db.path.name)
    staged = snapshot.fresh_file(snapshot.staging_path(db.path))
    try:
        yield staged
    finally:
        remove_with_companions(staged)


def _has_own_data(conn: sqlite3.Connection, tables: list[Table]) -> bool:
    """Whether the file holds rows of its own (beyond the defaults of a new file)."""
    return any(
        conn.execute(f"SELECT 1 FROM {t.name} LIMIT 1").fetchone()
        for t in tables
        if t.name not in SHARED_SETUP and not t.partly
    )


def _take_in_snapshot(
    db: Database,
    tables: list[Table],
    staged: Path,
    info: SnapshotInfo,
    address: str,
    member: str,
    device: int,
) -> None:
    """Make the downloaded snapshot this laptop's file, then put it in place in one step.

    The snapshot gets this file's computer-only settings and the shared ones the team has
    never set (queued for the hub), the team state (cursor = the log position the snapshot
    stands for) and the capture triggers; the backup API then copies it over the open file
    in one write transaction, so a join killed at any moment leaves the file as it was or
    fully joined."""
    mine = db.conn.execute("SELECT * FROM settings")
    columns = [d[0] for d in mine.description]
    at = columns.index("id")
    conn = sqlite3.connect(staged, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        team_set = {r[0] for r in conn.execute("SELECT id FROM settings WHERE id IS NOT NULL")}
        kept = [tuple(r) for r in mine if r[at] is None or r[at] not in team_set]
        conn.executemany(
            f"INSERT OR REPLACE INTO settings ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})",
            kept,
        )
        _start_state(conn, address, member, device, info.hlc, info.seq)
        _settle_default_pipeline(conn)
        unset = ", ".join(str(r[at]) for r in kept if r[at] is not None)
        capture.queue_whole_rows(conn, [t for t in tables if t.partly], f"id IN ({unset})")
        capture.install(conn)
        capture.resumed(conn)
        conn.execute("COMMIT")
    finally:
        conn.close()
    db.take_content_of(staged)


def _start_state(
    conn: sqlite3.Connection, address: str, member: str, device: int, hlc: int, cursor: int
) -> None:
    """The file's team row, capture paused (queueing its own rows ticks the clock)."""
    conn.execute(
        "INSERT INTO sync_state (id, hub, member, device, hlc, cursor, capturing) "
        "VALUES (1, ?, ?, ?, ?, ?, 0)",
        (address, member, device, hlc, cursor),
    )


def _settle_default_pipeline(conn: sqlite3.Connection) -> None:
    """A default pipeline the team's file lacks becomes its first one (this laptop only)."""
    conn.execute(
        "UPDATE settings SET value = (SELECT MIN(id) FROM pipelines) "
        "WHERE key = 'default_pipeline_id' AND CAST(value AS INTEGER) NOT IN "
        "(SELECT id FROM pipelines)"
    )


def _take_in(
    db: Database,
    tables: list[Table],
    address: str,
    member: str,
    device: int,
    top: int,
    top_hlc: int,
    rows: dict[str, tuple[list[str], list[tuple]]],
) -> None:
    """One local transaction: re-key and queue the file's own rows, add the team's rows,
    start capturing. Killed half-way, the file is as it was before the join."""
    with db.bulk() as conn, funnel_facts.suspended(conn):
        own = _has_own_data(conn, tables)
        for table in tables:  # the settings the team has set replace this file's
            if table.partly and table.name in rows:
                columns, values = rows[table.name]
                at = columns.index("id")
                conn.executemany(
                    f"DELETE FROM {table.name} WHERE id = ?", [(row[at],) for row in values]
                )
        team_has_setup = bool(rows.get("pipelines", ([], []))[1])
        if not own and team_has_setup:  # a new file: the team's pipelines replace the defaults
            for table in reversed(tables):
                if not table.partly:
                    conn.execute(f"DELETE FROM {table.name}")
        _start_state(conn, address, member, device, top_hlc, top)
        rekey(conn, [t for t in tables if not t.partly])
        for table in tables:  # a salesperson's own file: its unowned rows are theirs
            if "owner" in table.columns:
                conn.execute(f"UPDATE {table.name} SET owner = ? WHERE owner IS NULL", (member,))
        capture.queue_whole_rows(conn, tables)
        with indexes_afterwards(
            conn, [t for t, (_, found) in rows.items() if len(found) > BULK_ROWS]
        ):
            for table in tables:
                if table.name in rows:
                    insert_rows(conn, table, *rows[table.name])
        _settle_default_pipeline(conn)
        capture.install(conn)
        capture.resumed(conn)


def leave(db: Database) -> int:
    """Stop syncing; the file stays a complete single-user file. Returns the unsent count
    (changes made since the last sync, which stay in the file but no longer reach the team)."""
    found = require(db)
    with db.bulk() as conn:
        unsent = conn.execute("SELECT COUNT(*) FROM sync_outbox").fetchone()[0]
        capture.drop(conn)
        conn.execute("DELETE FROM sync_outbox")
        conn.execute("DELETE FROM sync_state")
        conn.execute("DELETE FROM settings WHERE key IN (?, ?)", (HUB_NEWER, ASKS_PASSWORD))
    credentials.forget_password(found.hub)
    kept.forget(found.hub)
    return unsent


# -- sync ----------------------------------------------------------------------------------
def sync(db: Database) -> SyncResult:
    """Pull everything new, then push everything unsent; see the module docstring. The
    time of the sync (``last_sync``) is written with the cursor of its last push, or on its
    own when it pushed nothing."""
    found = require(db)
    result = SyncResult()
    with _member_connection(db, found.hub) as conn:
        tables = synced_tables(db.conn)
        arrival = _ready(db, conn, tables)
        _seed(db, tables, arrival.added)
        if arrival.top != db.scalar("SELECT cursor FROM sync_state"):  # else nothing is new
            _pull_all(db, conn, tables, result)
        while True:
            cursor = db.scalar("SELECT cursor FROM sync_state")
            with closing(outbox.Batch(db.reader, PUSH_BATCH)) as batch:
                if not batch.size:  # all sent (maybe by another sync of this file)
                    break
                top = hub.guarded(
                    lambda c=cursor, b=batch: hub.push(
                        conn, tables, c, found.device, found.member, b
                    )
                )
            if top is None:  # someone pushed since our pull
                _pull_all(db, conn, tables, result)
                continue
            with db.bulk() as local:  # the time of the sync, too: a commit costs
                _forget_sent(local, batch.last)
                local.execute(
                    "UPDATE sync_state SET cursor = ?, "
                    "pushed_counter = max(pushed_counter, ?), last_sync = ?",
                    (top, batch.last, now_timestamp()),
                )
            result.pushed += batch.size
        _refresh_snapshot(db, conn, arrival.snapshot)
    if not result.pushed:
        with db.bulk() as local:
            local.execute("UPDATE sync_state SET last_sync = ?", (now_timestamp(),))
    return result


def _ready(db: Database, conn: psycopg.Connection, tables: list[Table]) -> hub.Arrival:
    """``hub.arrive``, remembering in the file whether the hub is newer than this FunnelDesk
    (``team status`` and the app read it: they stop syncing until FunnelDesk changes)."""
    try:
        arrival = hub.guarded(lambda: hub.arrive(conn, tables))
    except HubNewerError:
        _remember_hub_newer(db, __version__)
        raise
    _remember_hub_newer(db, None)
    return arrival


def _remember_hub_newer(db: Database, program: str | None) -> None:
    """A local setting (no id: never synced), written only when it changes."""
    if db.setting(HUB_NEWER) == program:
        return
    with db.bulk() as local:
        local.execute("DELETE FROM settings WHERE key = ?", (HUB_NEWER,))
        if program is not None:
            local.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (HUB_NEWER, program))


def _seed(db: Database, tables: list[Table], added: list[str]) -> None:
    """Fill the mirrors an upgrade of the hub added with this file's rows of them (the
    team's shared settings, when the hub predates them), queued as changes with a new clock:
    they reach every laptop, and an edit made elsewhere meanwhile meets them by the usual
    rules. Without this the new mirror would start empty and members would keep their own
    values until someone changed one."""
    if added:
        with db.bulk() as local:
            capture.queue_whole_rows(local, [t for t in tables if t.name in added])


def _refresh_snapshot(
    db: Database, conn: psycopg.Connection, current: SnapshotInfo | None, *, always: bool = False
) -> None:
    """Replace the hub's snapshot, ``current`` (None: there is none), with one of this file,
    fully synced now, when the log has grown enough since (``snapshot.worth_refreshing``)
    or ``always`` (the team's creation); never with one older than the hub's.

    A sync reads ``current`` with its first look at the hub, before it pulls and pushes:
    should another laptop replace the snapshot meanwhile, this one may make a copy in vain,
    but ``hub.upload_snapshot`` keeps the newer one."""
    cursor = db.scalar("SELECT cursor FROM sync_state")
    seq, rows = (current.seq, current.shared_rows) if current else (0, 0)
    if seq >= cursor or not (always or snapshot.worth_refreshing(cursor, seq, rows)):
        return
    made = snapshot.make(db)
    if made is None:  # a change made meanwhile is unsent: the next sync tries again
        return
    try:
        hub.guarded(
            lambda: hub.upload_snapshot(
                conn,
                made.path,
                seq=made.seq,
                hlc=made.hlc,
                schema_version=schema.SCHEMA_VERSION,
                shared_rows=made.shared_rows,
                member=db.scalar("SELECT member FROM sync_state"),
            )
        )
    finally:
        remove_with_companions(made.path)


def _pull_all(
    db: Database, conn: psycopg.Connection, tables: list[Table], result: SyncResult
) -> None:
    """Pull and apply page after page up to the log's top as the last page found it: what
    was pushed meanwhile is pulled by the push that it makes fail, or by the next sync."""
    while hub.guarded(lambda: _pull_page(db, conn, tables, result)):
        pass


def _pull_page(
    db: Database, conn: psycopg.Connection, tables: list[Table], result: SyncResult
) -> bool:
    """Apply the page after this file's cursor in one local transaction while the hub
    streams its new rows in (:class:`hub.NewRows`); returns whether the log goes on."""
    cursor, device = db.query_one("SELECT cursor, device FROM sync_state")
    page = hub.pull(conn, cursor, PULL_PAGE, tables, device)
    if page is None:
        return False
    with db.bulk() as local:
        done = PageApplier(local, tables).apply(page)
    result.pulled += done.applied
    result.conflicts += done.conflicts
    return page.more


def _forget_sent(conn: sqlite3.Connection, last: int) -> None:
    """Delete the outbox entries up to counter ``last``, which the hub now holds: when no
    change was made meanwhile (the usual case) as one truncation, which SQLite does without
    visiting each entry and its index entry.

    The freed pages are not overwritten with zeros (``secure_delete = FAST`` for this
    statement; Debian's SQLite zeroes them by default): the entries are in the team's log
    for good now, so erasing this copy of them protects nothing, while zeroing 10,000
    entries wrote 3 MB to the WAL and made the commit a checkpoint (20-45 ms)."""
    secure = conn.execute("PRAGMA secure_delete").fetchone()[0]
    conn.execute("PRAGMA secure_delete = FAST")
    try:
        if conn.execute("SELECT max(counter) FROM sync_outbox").fetchone()[0] == last:
            conn.execute("DELETE FROM sync_outbox")
        else:
            conn.execute("DELETE FROM sync_outbox WHERE counter <= ?", (last,))
    finally:
        conn.execute(f"PRAGMA secure_delete = {int(secure)}")


def _address(server: str, allow_insecure_lan: bool) -> tuple[str, str | None]:
    address, password = credentials.split_password(server)
    return credentials.secured(address, allow_insecure_lan=allow_insecure_lan), password


def _member_hub(db: Database, address: str) -> psycopg.Connection:
    """A connection to the file's hub as its member, with the password stored for it only
    once the hub has wanted one (:data:`ASKS_PASSWORD`).

    A hub that needs none (trust, peer, a certificate, or a password libpq finds itself in
    ``.pgpass`` or ``PGPASSWORD``) is reached without loading the keyring, whose import and
    search for a backend cost a ``funneldesk sync`` about 0.15 s of CPU (0.13-0.16 s
    measured; 0.2-0.35 s of wall time on a busy machine), more than the sync. Refused
    without one, the sync connects again with the stored password, as ``psql`` asks for
    one (PostgreSQL does not even log such a refusal), and remembers to use it first."""
    refused = None
    if db.setting(ASKS_PASSWORD) is None:
        try:
            return hub.connect(address)
        except HubLoginError as exc:  # it wants a password, or another than libpq found
            refused = exc
    password = credentials.load_password(address)
    if password is None and refused is not None:
        raise refused
    conn = _connect(address, password)
    if refused is not None:
        _remember_asks_password(db, password)
    return conn


def _remember_asks_password(db: Database, password: str | None) -> None:
    """Note that this file's hub wants ``password`` (given or stored), if there is one."""
    if password and db.setting(ASKS_PASSWORD) is None:
        with db.bulk() as local:
            local.execute("INSERT INTO settings (key, value) VALUES (?, '1')", (ASKS_PASSWORD,))


def _member_connection(db: Database, address: str) -> AbstractContextManager[psycopg.Connection]:
    """The file's connection to its hub as its member (:func:`_member_hub`), kept for the
    next sync (``kept.py``)."""
    return kept.connection(address, lambda: _member_hub(db, address))


def _hub(address: str, password: str | None) -> AbstractContextManager[psycopg.Connection]:
    """A connection to the hub at ``address``, kept for the next sync (``kept.py``)."""
    return kept.connection(address, lambda: _connect(address, password))


def _connect(address: str, password: str | None) -> psycopg.Connection:
    conninfo = psycopg.conninfo.make_conninfo(address, password=password) if password else address
    return hub.connect(conninfo)


__all__ = [
    "HubError",
    "HubLoginError",
    "HubNewerError",
    "HubOutdatedError",
    "HubTlsError",
    "HubUnreachableError",
    "NotInTeamError",
    "SyncResult",
    "conflicts",
    "create",
    "join",
    "leave",
    "restore_conflict",
    "state",
    "status",
    "sync",
]
