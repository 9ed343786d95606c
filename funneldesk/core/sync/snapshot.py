"""The team's snapshot: a complete FunnelDesk file holding what the team shares, kept on the
hub, so a new laptop joins by downloading one file instead of a million rows.

Inserting the team's rows one by one costs what their derived data costs (sort keys, search
index, funnel facts) and every index built again; a file made by a laptop that already has
all of it only needs copying. A laptop that is fully synced (pulled to the top, nothing
unsent) makes one (:func:`make`): ``VACUUM INTO`` a copy, delete from the copy everything
that is this laptop's alone (:data:`LOCAL_TABLES`, the settings without an id, the capture
triggers), and ``VACUUM INTO`` once more so the freed pages hold nothing. The copy says
itself which log position it stands for (its ``sync_state`` row, read before it is
deleted); a copy that caught a change still unsent is not used.

Every table of the schema is one of three kinds, and :func:`unclassified` names any that a
later schema step adds without saying which: shared (``tables.SYNCED_TABLES``, the settings
with an id), derived from shared data only (:data:`DERIVED_TABLES`: nothing in them depends
on a computer-only setting, so they travel with the file), or local.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

from funneldesk.core import funnel_facts, name_order, schema, search
from funneldesk.core.db import Database, open_database
from funneldesk.core.errors import DamagedDatabaseError, DatabaseOpenError
from funneldesk.core.file_checks import inspect_file
from funneldesk.core.index_rebuild import build_deferred
from funneldesk.core.safe_replace import (
    clean_stale_partials,
    create_private_file,
    partial_path,
    remove_with_companions,
)
from funneldesk.core.sync import capture
from funneldesk.core.sync.tables import SYNCED_TABLES, synced_tables

LOCAL_TABLES = ("sync_state", "sync_outbox", "sync_conflicts")
"""A laptop's own: its membership and clock, its unsent changes, the values it saw lose."""

DERIVED_TABLES = (
    *funnel_facts.DERIVED_TABLES,
    search.INDEX_TABLE,
    search.KEYS_TABLE,
    search.PENDING_TABLE,
    name_order.PENDING_TABLE,
)
"""Computed from shared rows alone (the search index, sort keys, funnel facts and their
queues): identical on every laptop holding the same rows, whatever its language."""

MIN_GROWTH = 10_000
GROWTH_SHARE = 10  # per cent of the snapshot's rows
"""A sync that leaves its laptop at the top with nothing unsent replaces the hub's snapshot
when the log has grown by more than max(MIN_GROWTH, GROWTH_SHARE % of the snapshot's
rows) since: a joining laptop then pulls at most about that many changes on top of it."""


@dataclass(frozen=True)
class Made:
    """A snapshot file ready to upload, and what it stands for."""

    path: Path
    seq: int
    hlc: int
    shared_rows: int


def staging_path(db_path: Path, purpose: str = "snapshot") -> Path:
    """Where a snapshot of (or for) ``db_path`` is written: beside it, named so that the
    next run cleans it up when its process was killed (``safe_replace``)."""
    return partial_path(db_path.with_name(f"{db_path.name}.{purpose}"))


def fresh_file(path: Path) -> Path:
    """``path`` created empty and owner-only (it holds customer data), leftovers removed."""
    remove_with_companions(path)
    create_private_file(path)
    return path


def worth_refreshing(cursor: int, current_seq: int, current_rows: int) -> bool:
    """Whether a snapshot at ``cursor`` should replace one at ``current_seq`` holding
    ``current_rows`` shared rows (0 and 0 when the hub has none): see :data:`GROWTH_SHARE`."""
    return cursor - current_seq > max(MIN_GROWTH, current_rows * GROWTH_SHARE // 100)


def make(db: Database) -> Made | None:
    """A snapshot of this fully synced team file, or None when the copy caught an unsent
    change (a local edit right after the sync: the next sync tries again). The caller
    uploads the file and removes it."""
    clean_stale_partials(db.path.parent, db.path.name)
    rough = fresh_file(staging_path(db.path, "snapshot-copy"))
    final = staging_path(db.path)
    try:
        db.reader.execute("VACUUM INTO ?", (str(rough),))  # a reader: writers go on meanwhile
        conn = sqlite3.connect(rough, isolation_level=None)
        try:
            found = conn.execute("SELECT cursor, hlc FROM sync_state").fetchone()
            if found is None or conn.execute("SELECT 1 FROM sync_outbox LIMIT 1").fetchone():
                return None
            shared_rows = _strip(conn)
            fresh_file(final)
            conn.execute("VACUUM INTO ?", (str(final),))  # freed pages keep no local data
        finally:
            conn.close()
    except BaseException:
        remove_with_companions(final)
        raise
    finally:
        remove_with_companions(rough)
    return Made(final, found[0], found[1], shared_rows)


def _strip(conn: sqlite3.Connection) -> int:
    """Delete everything local from a copy; returns how many shared rows it holds."""
    unknown = unclassified(conn)
    if unknown:  # a schema step added a table nobody said is shared, derived or local
        raise DatabaseOpenError(f"Not sure whether the team shares {', '.join(unknown)}.")
    conn.execute("BEGIN")
    build_deferred(conn)  # made during a large import: its markers are computer-only
    for table in LOCAL_TABLES:
        conn.execute(f"DELETE FROM {table}")
    conn.execute(
        f"DELETE FROM sqlite_sequence WHERE name IN ({', '.join('?' for _ in LOCAL_TABLES)})",
        LOCAL_TABLES,
    )
    conn.execute("DELETE FROM settings WHERE id IS NULL")  # computer-only settings
    capture.drop(conn)
    conn.execute("COMMIT")
    return sum(
        conn.execute(f"SELECT COUNT(*) FROM {t.name} WHERE {t.shared_rows()}").fetchone()[0]
        for t in synced_tables(conn)
    )


def unclassified(conn: sqlite3.Connection) -> list[str]:
    """Tables of the file that are neither shared, derived nor local."""
    known = {*SYNCED_TABLES, *DERIVED_TABLES, *LOCAL_TABLES, "sqlite_sequence"}
    return [
        name
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if name not in known and not name.startswith(f"{search.INDEX_TABLE}_")  # FTS5's own
    ]


def opened(path: Path) -> None:
    """Check a downloaded snapshot (pages, FunnelDesk, a schema this program knows) and
    upgrade it when an older FunnelDesk wrote it, as opening it in the app would."""
    version = inspect_file(path)
    if version == 0:
        raise DamagedDatabaseError(f"{path} is empty: the team's snapshot did not arrive whole.")
    if version < schema.SCHEMA_VERSION:
        with TemporaryDirectory(dir=path.parent) as backups:
            open_database(path, create=False, backup_dir=Path(backups)).close()
