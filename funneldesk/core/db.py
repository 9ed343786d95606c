"""Opening, upgrading, reading and writing a FunnelDesk database file: the :class:`Database`.

One :class:`Database` per file. Writes go through one connection, one operation at a time
(``with db.operation(label) as tx``), each a single ``BEGIN IMMEDIATE`` transaction that
records its :class:`~funneldesk.core.changes.ChangeSet`. Reads use a per-thread read-only
connection, so with WAL a reader only ever sees committed operations and a long write on a
worker thread never blocks the screen.

The checks of a file before it is opened live in :mod:`funneldesk.core.file_checks`, the
operation recorder and undo in :mod:`funneldesk.core.recorder`, page copies (backups) in
:mod:`funneldesk.core.page_copy`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from funneldesk.core import defaults, name_order, schema, search
from funneldesk.core.changes import ChangeSet
from funneldesk.core.environment import environment_error, is_read_only, read_only_error
from funneldesk.core.errors import (
    DamagedDatabaseError,
    DatabaseBusyError,
    DatabaseOpenError,
    ValidationError,
)
from funneldesk.core.file_checks import (
    inspect_file,
    make_private,
    require_database,
    require_file,
    untouched_uri,
)
from funneldesk.core.index_rebuild import build_deferred, deferred_indexes
from funneldesk.core.page_copy import backup_database
from funneldesk.core.recorder import Recorder
from funneldesk.core.safe_replace import clean_stale_partials, create_private_file
from funneldesk.core.sync import capture

BUSY_TIMEOUT_MS = 5000
CORRUPTION_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})


def _configure(conn: sqlite3.Connection, *, synchronous: str = "NORMAL") -> None:
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -32000")


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    _configure(conn)
    return conn


def _busy(exc: sqlite3.OperationalError) -> bool:
    """Whether another connection holds the lock (past the busy timeout)."""
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in (
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
    )


def fold_wal(path: Path) -> None:
    """Fold a file's write-ahead log into it, so the main file alone holds its data (the
    last connection to close removes the ``-wal``); nothing else changes."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


class Database:
    """An open FunnelDesk file: one writer connection plus per-thread readers.

    A file opened ``read_only`` (see :func:`open_read_only`) has no writer: its ``conn`` is
    read-only too, and every attempt to change data raises
    :class:`~funneldesk.core.errors.ReadOnlyDatabaseError` before anything is tried.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, *, read_only: bool = False) -> None:
        self.path = path
        self.conn = conn
        self.read_only = read_only
        self._write_lock = threading.RLock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._columns: dict[str, tuple[str, ...]] = {}

    # -- reading -------------------------------------------------------------------------
    @property
    def reader(self) -> sqlite3.Connection:
        """This thread's read-only connection; sees only committed operations."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = (
                read_only_connection(self.path)
                if self.read_only
                else _connect(self.path, read_only=True)
            )
            self._local.conn = conn
            self._readers.append(conn)
        return conn

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        try:
            return self.reader.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            self.raise_if_damaged(exc)
            raise

    def query_one(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
    ) -> sqlite3.Row | None:
        try:
            return self.reader.execute(sql, params).fetchone()
        except sqlite3.DatabaseError as exc:
            self.raise_if_damaged(exc)
            raise

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        try:
            row = self.reader.execute(sql, params).fetchone()
        except sqlite3.DatabaseError as exc:
            self.raise_if_damaged(exc)
            raise
        return None if row is None else row[0]

    def raise_if_damaged(self, exc: sqlite3.DatabaseError) -> None:
        """A corrupt page met while working becomes the user-facing :class:`DamagedDatabaseError`
        (other SQLite errors are programming errors and stay as they are)."""
        if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in CORRUPTION_CODES:
            raise DamagedDatabaseError(f"{self.path} is damaged: {exc}.") from exc

    # -- writing -------------------------------------------------------------------------
    @contextmanager
    def operation(self, label: str) -> Iterator[Recorder]:
        """One change of data: a single immediate transaction, committed or rolled back whole.

        The search index of the customers it queued is written in the same transaction
        (:func:`funneldesk.core.search.index_short_queue`), so no search has to write."""
        with self._transaction(operation=True):
            yield Recorder(self, label)
            search.index_short_queue(self.conn)  # its customers are searchable at once

    def update_row(self, label: str, table: str, row_id: int, values: dict[str, Any]) -> ChangeSet:
        """The operation ``label`` that sets ``values`` on one row (an edited stage, contact …)."""
        with self.operation(label) as tx:
            tx.update(table, row_id, values)
        return tx.changeset

    def delete_row(self, label: str, table: str, row_id: int) -> ChangeSet:
        """The operation ``label`` that deletes one row (a date, a preference, a logged contact);
        a row others refer to needs its own operation (see :meth:`Recorder.delete`)."""
        with self.operation(label) as tx:
            tx.delete(table, row_id)
        return tx.changeset

    @contextmanager
    def _transaction(self, *, operation: bool) -> Iterator[None]:
        """The write lock and one ``BEGIN IMMEDIATE`` transaction, committed when the block
        ends and rolled back whole when it raises. In an ``operation`` a broken rule is
        the user's :class:`ValidationError` and a damaged page names the file."""
        with self._write_lock:
            self._begin_immediate()
            try:
                yield
            except sqlite3.DatabaseError as exc:
                self._rollback_quietly()
                if operation and isinstance(exc, sqlite3.IntegrityError):
                    raise ValidationError(f"The change was rejected: {exc}.") from exc
                if operation:
                    self.raise_if_damaged(exc)
                self.raise_if_environment(exc)
                raise
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self._commit()

    def raise_if_environment(self, exc: sqlite3.DatabaseError) -> None:
        """A full disk or a file that became read-only is the user's message, not a bug."""
        error = environment_error(exc, self.path)
        if error is not None:
            raise error from exc

    def _commit(self) -> None:
        """Complete derived data the transaction's triggers queued (name sort keys), then
        commit: a name and its sort key are always written together."""
        try:
            name_order.fill_queued(self.conn)
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self._rollback_quietly()
            self.raise_if_environment(exc)
            raise

    def _rollback_quietly(self) -> None:
        if self.conn.in_transaction:
            with suppress(sqlite3.DatabaseError):
                self.conn.execute("ROLLBACK")

    def _begin_immediate(self) -> None:
        """Take the write lock, waiting up to the busy timeout for another program to finish."""
        if self.read_only:
            raise read_only_error(self.path)
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _busy(exc):
                raise DatabaseBusyError(
                    "The database is busy in another program; try again in a moment."
                ) from exc
            self.raise_if_environment(exc)
            raise

    @contextmanager
    def writer_if_free(self) -> Iterator[bool]:
        """The writer, only if no other thread of this program is writing right now (never
        waits): for optional upkeep, such as indexing a few queued customers before a
        search, that must not wait behind an import running on a worker."""
        if self.read_only or not self._write_lock.acquire(blocking=False):
            yield False
            return
        try:
            yield True
        finally:
            self._write_lock.release()

    @contextmanager
    def bulk(self) -> Iterator[sqlite3.Connection]:
        """A raw write transaction for bulk jobs (demo data, import batches) that record no undo."""
        with self._transaction(operation=False):
            yield self.conn

    # -- schema knowledge ----------------------------------------------------------------
    def columns(self, table: str) -> tuple[str, ...]:
        if table not in self._columns:
            rows = self.conn.execute(f"PRAGMA table_info({table})").fetchall()
            self._columns[table] = tuple(r["name"] for r in rows)
        return self._columns[table]

    def check_table(self, table: str) -> None:
        if not table.isidentifier() or not self.columns(table):
            raise ValueError(f"unknown table {table!r}")

    def check_columns(self, table: str, values: dict[str, Any]) -> list[str]:
        self.check_table(table)
        known = self.columns(table)
        unknown = [c for c in values if c not in known]
        if unknown:
            raise ValueError(f"unknown columns for {table}: {unknown}")
        return list(values)

    # -- settings stored in the file -----------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        value = self.scalar("SELECT value FROM settings WHERE key = ?", (key,))
        return default if value is None else value

    # -- life cycle ----------------------------------------------------------------------
    def backup_to(self, destination: Path) -> Path:
        with self._write_lock:
            return backup_database(self.conn, destination)

    def take_content_of(self, source: Path) -> None:
        """Replace this file's whole content with the (checked) database ``source``: SQLite's
        backup API in one write transaction, so this and every other connection see either
        the old content or the new, even if the process is killed half-way."""
        with self._write_lock:
            copy = read_only_connection(source)
            try:
                copy.backup(self.conn)
            finally:
                copy.close()
            self._columns.clear()
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # not twice on disk

    def close(self) -> None:
        for conn in self._readers:
            conn.close()
        self._readers.clear()
        self._local = threading.local()
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_database(
    path: Path | str,
    *,
    create: bool = True,
    language: str = "en",
    backup_dir: Path | None = None,
    check_pages: bool = True,
) -> Database:
    """Open (creating or upgrading as needed) the FunnelDesk database at ``path``.

    A file that is not a sound FunnelDesk database, or one from a newer program, raises a
    :class:`DatabaseOpenError` subclass and is left untouched. Before an upgrade the file is
    backed up into its backup folder (``backup_dir``, else the default one of
    :mod:`funneldesk.core.backup`); a failed upgrade leaves the file at its old version.
    ``check_pages`` False defers ``quick_check`` to the caller (see :func:`inspect_file`).
    A file the user cannot write (or whose folder is read-only) is opened as
    :func:`open_read_only` opens it.
    """
    path = Path(path).expanduser()
    if path.exists() or not create:
        require_file(path)
        if is_read_only(path):
            return open_read_only(path, check_pages=check_pages)
    else:
        create_private_file(path)
    clean_stale_partials(path.parent, path.name)  # a killed restore's or team join's copy
    version = inspect_file(path, check_pages=check_pages)
    make_private(path)
    conn = _connect(path)
    try:
        if version < schema.SCHEMA_VERSION and version > 0:
            _backup_before_upgrade(conn, path, version, backup_dir)
        conn.execute("PRAGMA journal_mode = WAL")
        if version > 0:
            _build_deferred_indexes(conn)
        if version < schema.SCHEMA_VERSION:
            _upgrade(conn, version, language)
    except sqlite3.OperationalError as exc:
        conn.close()
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if _busy(exc):
            raise DatabaseBusyError(f"{path} is being upgraded by another program.") from exc
        if code in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN):
            raise environment_error(exc, path) from exc  # type: ignore[misc]
        raise DatabaseOpenError(
            f"{path} could not be upgraded ({exc}); it was not changed."
        ) from exc
    except BaseException:
        conn.close()
        raise
    return Database(path, conn)


def open_read_only(path: Path | str, *, check_pages: bool = True) -> Database:
    """Open a database only to read it: never created, upgraded, chmodded or otherwise changed.

    The one way read-only commands (``stats``, ``search``, ``today`` ...) and files the user
    cannot write are opened. No ``-wal``/``-shm`` appear unless another program already has
    the file open. A missing, empty, foreign or damaged file is refused, and so is one from
    an older FunnelDesk, which only a program that may change it can upgrade.
    """
    path = Path(path).expanduser()
    require_file(path)
    version = require_database(path, check_pages=check_pages)
    if version < schema.SCHEMA_VERSION:
        advice = (
            "give it write permission and open it again"
            if is_read_only(path)
            else "open it once in the app (or with import or export) to upgrade it"
        )
        raise DatabaseOpenError(
            f"{path} is from an older FunnelDesk (schema {version}) and must be upgraded "
            f"before it can be read: {advice}."
        )
    try:
        conn = read_only_connection(path)
    except sqlite3.DatabaseError as exc:
        raise environment_error(exc, path) or DamagedDatabaseError(f"{path}: {exc}.") from exc
    return Database(path, conn, read_only=True)


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A configured connection that can only read ``path`` and creates no files for it."""
    conn = sqlite3.connect(
        untouched_uri(path), uri=True, isolation_level=None, check_same_thread=False
    )
    _configure(conn)
    return conn


def _backup_before_upgrade(
    conn: sqlite3.Connection, path: Path, version: int, backup_dir: Path | None
) -> Path:
    from funneldesk.core import backup  # backup builds on this module

    return backup.backup_before_upgrade(conn, path, version, backup_dir)


def _build_deferred_indexes(conn: sqlite3.Connection) -> None:
    """Build the indexes a bulk write of many transactions left deferred (an import that
    crashed or was killed; see :mod:`funneldesk.core.index_rebuild`), before any upgrade
    step may need them. An import still running in another program waits a moment and
    continues with them; one holding the file longer than the busy timeout builds them
    itself at its end."""
    if not deferred_indexes(conn):
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if _busy(exc):
            return
        raise
    try:
        build_deferred(conn)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _upgrade(conn: sqlite3.Connection, version: int, language: str) -> None:
    """Apply every missing step in one exclusive transaction (all or nothing)."""
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        if current != version:  # another process upgraded meanwhile
            conn.execute("ROLLBACK")
            return
        team = capture.in_team(conn)
        if team:  # every laptop runs the same steps: what they change is not sent
            capture.paused(conn)
        for step in schema.MIGRATIONS[version:]:
            step(conn)
        if team:  # the triggers list a table's columns: a step may have added some
            capture.install(conn)
            capture.resumed(conn)
        if version == 0:
            defaults.seed_new_database(conn, language)
        conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    conn.execute("PRAGMA synchronous = NORMAL")
