"""Opening, checking, upgrading and writing a FunnelDesk database file.

One :class:`Database` per file. Writes go through one connection, one operation at a time
(``with db.operation(label) as tx``), each a single ``BEGIN IMMEDIATE`` transaction that
records its :class:`~funneldesk.core.changes.ChangeSet`. Reads use a per-thread read-only
connection, so with WAL a reader only ever sees committed operations and a long write on a
worker thread never blocks the screen.
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from funneldesk.core import defaults, name_order, schema
from funneldesk.core.changes import ChangeSet, Row, RowChange
from funneldesk.core.environment import environment_error, is_read_only, read_only_error
from funneldesk.core.errors import (
    Cancelled,
    DamagedDatabaseError,
    DatabaseBusyError,
    DatabaseOpenError,
    NewerSchemaError,
    NotFoundError,
    NotFunnelDeskError,
    ValidationError,
)
from funneldesk.core.jobs import CancelCheck, Progress
from funneldesk.core.safe_replace import create_private_file, replacing
from funneldesk.core.sync import capture
from funneldesk.core.sync.clock import new_row_values
from funneldesk.core.sync.tables import SYNCED_TABLES

BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"
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


def inspect_file(path: Path, *, check_pages: bool = True) -> int:
    """Check that ``path`` is a sound FunnelDesk database and return its schema version.

    Reads the file without changing it: a file we refuse stays byte-identical and gains no
    ``-wal``/``-shm`` companions. A file that is empty, or SQLite with no tables at all, counts
    as version 0 (a new database). ``check_pages`` False skips ``quick_check`` (which reads
    every page: over a second for 100k customers) for a caller that runs
    :func:`check_pages_of` right after, off the start-up path; a file about to be upgraded is
    always checked in full.
    """
    if path.stat().st_size == 0:
        return 0
    with open(path, "rb") as handle:
        if handle.read(16) != SQLITE_HEADER:
            raise NotFunnelDeskError(f"{path} is not a FunnelDesk database (not an SQLite file).")
    companions = _companion_files(path)
    existing = {p for p in companions if p.exists()}
    try:
        version = _inspect_sqlite(path, check_pages)
    except DatabaseOpenError:
        for created in set(companions) - existing:
            created.unlink(missing_ok=True)
        raise
    return version


def _companion_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _untouched_uri(path: Path) -> str:
    """The URI of a read-only connection that creates no files when no other program has
    the file open.

    SQLite opens a WAL-mode file even read-only by creating ``-wal`` and ``-shm``. Without
    those files nobody is using the database and the main file holds everything, so
    ``immutable=1`` reads it untouched; otherwise the normal read-only mode sees the WAL.
    """
    in_use = any(p.exists() for p in _companion_files(path)[:2])
    return f"{path.resolve().as_uri()}?{'mode=ro' if in_use else 'immutable=1'}"


def _inspect_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(_untouched_uri(path), uri=True, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


def _inspect_sqlite(path: Path, check_pages: bool) -> int:
    try:
        conn = _inspect_connection(path)
    except sqlite3.DatabaseError as exc:
        raise DamagedDatabaseError(f"{path} cannot be opened: {exc}.") from exc
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = _table_columns(conn)
        if check_pages or version != schema.SCHEMA_VERSION:
            _quick_check(conn, path)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:  # garbled schema text, too
        raise DamagedDatabaseError(f"{path} is damaged: {exc}.") from exc
    finally:
        conn.close()
    if not tables and version == 0:
        return 0
    if app_id != schema.APPLICATION_ID:
        raise NotFunnelDeskError(f"{path} is an SQLite file but not a FunnelDesk database.")
    if version > schema.SCHEMA_VERSION:
        raise NewerSchemaError(
            f"{path} was written by a newer FunnelDesk (schema {version}; this program "
            f"knows up to {schema.SCHEMA_VERSION}). Please update FunnelDesk; the file was not changed."
        )
    if version < 1:
        raise NotFunnelDeskError(
            f"{path} is not a complete FunnelDesk database (no schema version)."
        )
    missing = _missing_schema(tables, expected_schema(version))
    if missing:
        raise NotFunnelDeskError(
            f"{path} is not a complete FunnelDesk database (missing {', '.join(missing[:5])})."
        )
    return version


BROKEN_RULE = re.compile(r"^(?:CHECK constraint failed in (\w+)|NULL value in (\w+)\.(\w+))$")
"""An ``integrity_check`` line about a row breaking a CHECK or NOT NULL rule: not damage.

The pages are sound and copy faithfully; refusing such a file would also refuse every backup
of it. ``funneldesk check`` lists those rows instead (``core/integrity.py``)."""

CHECK_POLL_STEPS = 1_000  # SQLite steps between two looks at a check's cancel flag


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    problems = page_problems(conn)
    if problems:
        raise DamagedDatabaseError(f"{path} is damaged ({problems}).")


def page_problems(conn: sqlite3.Connection) -> str:
    """``quick_check``'s verdict in one line: ``""`` when sound, else the first problem and
    how many more there are (SQLite lists up to 100, one per line). Rows breaking a rule are
    not damage (:data:`BROKEN_RULE`); SQLite reports structural damage before them."""
    text = "\n".join(row[0] for row in conn.execute("PRAGMA quick_check"))
    if text == "ok":
        return ""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("***")]
    damage = [line for line in lines if not BROKEN_RULE.match(line)]
    if lines and not damage:
        return ""
    first = damage[0] if damage else text.strip()
    more = len(damage) - 1
    return f"{first}, and {more} more problem{'s' if more != 1 else ''}" if more > 0 else first


def fold_wal(path: Path) -> None:
    """Fold a file's write-ahead log into it, so the main file alone holds its data (the
    last connection to close removes the ``-wal``); nothing else changes."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def check_pages_of(path: Path, cancelled: CancelCheck | None = None) -> None:
    """Run ``quick_check`` over an open database from its own read-only connection.

    Safe on a worker thread while the app works on the file; raises
    :class:`DamagedDatabaseError` with the reason. ``cancelled`` returning true stops the
    check within milliseconds (:class:`Cancelled`; nothing is concluded), so quitting the
    app right after start does not wait for every page of a large file to be read.
    """
    try:
        conn = sqlite3.connect(_untouched_uri(Path(path)), uri=True)
        if cancelled is not None:
            conn.set_progress_handler(lambda: 1 if cancelled() else 0, CHECK_POLL_STEPS)
        try:
            _quick_check(conn, path)
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if cancelled is not None and cancelled():
            raise Cancelled("The page check was stopped.") from exc
        raise DamagedDatabaseError(f"{path} is damaged: {exc}.") from exc
    except sqlite3.DatabaseError as exc:
        raise DamagedDatabaseError(f"{path} is damaged: {exc}.") from exc


def _table_columns(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    """Every ordinary table of a database with its column names."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%'"
        )
    ]
    return {
        name: frozenset(row[1] for row in conn.execute(f'PRAGMA table_info("{name}")'))
        for name in names
    }


@functools.cache
def built_schema(
    version: int,
) -> tuple[tuple[tuple[str, str, str, str | None], ...], dict[str, frozenset[str]]]:
    """A file of schema ``version`` as the migration steps build it, in memory, once per
    process: its ``sqlite_master`` rows ``(type, name, tbl_name, sql)`` and its ordinary
    tables' columns. What a file must have is read from here, never from a written list."""
    conn = sqlite3.connect(":memory:")
    try:
        for step in schema.MIGRATIONS[:version]:
            step(conn)
        master = tuple(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
        return master, _table_columns(conn)
    finally:
        conn.close()


def expected_schema(version: int) -> dict[str, frozenset[str]]:
    """The tables and columns a file of schema ``version`` has.

    Tables that belong to a full-text index (virtual tables and their shadow tables) are left
    out: they are derived data, rebuilt rather than trusted.
    """
    master, tables = built_schema(version)
    virtual = [
        name for _type, name, _table, sql in master if (sql or "").startswith("CREATE VIRTUAL")
    ]
    return {
        name: columns
        for name, columns in tables.items()
        if not any(name.startswith(f"{v}_") for v in virtual)
    }


def _missing_schema(
    found: dict[str, frozenset[str]], expected: dict[str, frozenset[str]]
) -> list[str]:
    """Tables or columns of ``expected`` that ``found`` lacks (extra ones are the user's own)."""
    missing: list[str] = []
    for table, columns in sorted(expected.items()):
        if table not in found:
            missing.append(f"table {table}")
        else:
            missing.extend(f"{table}.{column}" for column in sorted(columns - found[table]))
    return missing


def database_file(conn: sqlite3.Connection) -> Path | None:
    """The file behind a connection's main database (``None`` in memory)."""
    for row in conn.execute("PRAGMA database_list"):
        if row[1] == "main" and row[2]:
            return Path(row[2])
    return None


def same_database_file(a: Path, b: Path) -> bool:
    """Whether ``b`` is ``a`` or one of its -wal/-shm/-journal files (links resolved)."""
    a, b = Path(a).resolve(), Path(b).resolve()
    if b == a or b in [p.resolve() for p in _companion_files(a)]:
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def backup_database(
    source: sqlite3.Connection,
    destination: Path,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Path:
    """Copy a live database with SQLite's online backup API into an owner-only file.

    The copy is written to a temporary file beside ``destination``, checked with
    ``quick_check`` and only then renamed over it, so ``destination`` is either the previous
    file or a complete, sound snapshot. Never writes to the database's own files. With
    ``progress`` the copy runs in steps (a read transaction keeps the snapshot consistent).
    """
    destination = Path(destination)
    source_path = database_file(source)
    if source_path is not None and same_database_file(source_path, destination):
        raise DatabaseOpenError(
            f"A backup cannot be written over the database itself ({destination})."
        )
    with replacing(destination) as partial:
        copy_pages(source, partial, progress, cancelled)
    return destination


def copy_pages(
    source: sqlite3.Connection,
    target_path: Path,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> None:
    """Copy ``source`` into the empty file ``target_path`` with the backup API and check
    the copy with ``quick_check`` (raises :class:`DamagedDatabaseError`)."""

    def step(_status: int, remaining: int, total: int) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("The backup was cancelled.")
        if progress is not None:
            progress(total - remaining, total)

    target = sqlite3.connect(target_path, isolation_level=None)
    try:
        target.execute("PRAGMA synchronous = FULL")
        stepped = progress is not None or cancelled is not None
        own_snapshot = stepped and not source.in_transaction
        if own_snapshot:
            source.execute("BEGIN")
            source.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        try:
            source.backup(target, pages=1024 if stepped else -1, progress=step if stepped else None)
        finally:
            if own_snapshot:
                source.execute("COMMIT")
        target.execute("PRAGMA journal_mode = DELETE")
        problems = page_problems(target)
        if problems:
            name = database_file(source) or "The database"
            raise DamagedDatabaseError(f"{name} is damaged ({problems}); it was not copied.")
    except sqlite3.DatabaseError as exc:
        if environment_error(exc) is not None:
            raise  # a full disk is not damage; the caller names the file
        raise DamagedDatabaseError(f"The database could not be copied: {exc}.") from exc
    finally:
        target.close()


KEY_COLUMNS = {"settings": "key"}
"""Tables whose rows are identified by a column other than the integer ``id``."""


def key_column(table: str) -> str:
    """The column that identifies one row of ``table`` in a :class:`RowChange`."""
    return KEY_COLUMNS.get(table, "id")


class Recorder:
    """Writes rows inside one transaction and records their before/after images."""

    def __init__(self, database: Database, label: str) -> None:
        self._db = database
        self.conn = database.conn
        self.changeset = ChangeSet(label)

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        """Run a read (or an unrecorded write the caller knows needs no undo) in this transaction."""
        return self.conn.execute(sql, params)

    def row(self, table: str, row_id: int) -> Row | None:
        self._db.check_table(table)
        found = self.conn.execute(
            f"SELECT * FROM {table} WHERE {key_column(table)} = ?", (row_id,)
        ).fetchone()
        return dict(found) if found is not None else None

    def require(self, table: str, row_id: int) -> Row:
        found = self.row(table, row_id)
        if found is None:
            raise NotFoundError(f"{table[:-1].replace('_', ' ')} #{row_id} no longer exists.")
        return found

    def insert(self, table: str, values: dict[str, Any]) -> int:
        if table in SYNCED_TABLES and "id" not in values:
            team = new_row_values(self.conn, table, self._db.columns(table))
            values = {**values, **{k: v for k, v in team.items() if values.get(k) in (None, "")}}
        columns = self._db.check_columns(table, values)
        placeholders = ", ".join("?" for _ in columns)
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",
            [values[c] for c in columns],
        )
        row_id = values[key_column(table)] if table in KEY_COLUMNS else cursor.lastrowid
        self.changeset.rows.append(RowChange(table, row_id, None, self.require(table, row_id)))
        return row_id

    def insert_many(
        self,
        table: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        record: bool = True,
    ) -> None:
        """Insert many rows with one ``executemany`` (bulk jobs such as an import).

        Every column of the table is given, ``columns[0]`` being the row id, so the values
        written are the rows stored and their undo records are made from them (reading
        100k rows back took a quarter of an import). ``record`` False (the command line,
        which has no undo) keeps the change set small.
        """
        self._db.check_table(table)
        missing = set(self._db.columns(table)) - set(columns)
        if missing or columns[0] != key_column(table):
            raise ValueError(f"insert_many into {table} needs its id first and every column")
        self.conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})",
            rows,
        )
        if record:
            self.changeset.rows.extend(
                RowChange(table, row[0], None, dict(zip(columns, row, strict=True))) for row in rows
            )

    def update(self, table: str, row_id: int, values: dict[str, Any]) -> Row:
        """Set ``values`` on one row; records nothing when no value actually changes."""
        before = self.require(table, row_id)
        changed = {k: v for k, v in values.items() if before.get(k) != v or k not in before}
        if not changed:
            return before
        columns = self._db.check_columns(table, changed)
        assignments = ", ".join(f"{c} = ?" for c in columns)
        self.conn.execute(
            f"UPDATE {table} SET {assignments} WHERE {key_column(table)} = ?",
            [changed[c] for c in columns] + [row_id],
        )
        after = self.require(table, row_id)
        self.changeset.rows.append(RowChange(table, row_id, before, after))
        return after

    def delete(self, table: str, row_id: int) -> Row:
        """Delete one row. Delete (or detach) its children first so undo can restore them."""
        before = self.require(table, row_id)
        self.conn.execute(f"DELETE FROM {table} WHERE {key_column(table)} = ?", (row_id,))
        self.changeset.rows.append(RowChange(table, row_id, before, None))
        return before


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
        """One change of data: a single immediate transaction, committed or rolled back whole."""
        with self._write_lock:
            self._begin_immediate()
            recorder = Recorder(self, label)
            try:
                yield recorder
            except sqlite3.IntegrityError as exc:
                self.conn.execute("ROLLBACK")
                raise ValidationError(f"The change was rejected: {exc}.") from exc
            except sqlite3.DatabaseError as exc:
                self._rollback_quietly()
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
            if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in (
                sqlite3.SQLITE_BUSY,
                sqlite3.SQLITE_LOCKED,
            ):
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
        with self._write_lock:
            self._begin_immediate()
            try:
                yield self.conn
            except sqlite3.DatabaseError as exc:
                self._rollback_quietly()
                self.raise_if_environment(exc)
                raise
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self._commit()

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


def revert(db: Database, changeset: ChangeSet, label: str | None = None) -> ChangeSet:
    """Undo ``changeset`` as a new operation and return what that undo changed.

    Reverting the returned change set redoes the original, so undo and redo are the same
    mechanism. Rows are restored in reverse order, so parents come back before children.
    """
    with db.operation(label or f"Undo {changeset.label}") as tx:
        for change in reversed(changeset.rows):
            if change.kind == "insert":
                if tx.row(change.table, change.row_id) is not None:
                    _delete_dependents(tx, change.table, change.row_id)
                    tx.delete(change.table, change.row_id)
            elif change.kind == "delete":
                tx.insert(change.table, dict(change.before))
            else:
                tx.update(change.table, change.row_id, dict(change.before))
    return tx.changeset


def _delete_dependents(tx: Recorder, table: str, row_id: int) -> None:
    """Undoing an insert must not fail because of rows added under it since (history rows)."""
    if table == "deals":
        for (child_id,) in tx.execute(
            "SELECT id FROM stage_changes WHERE deal_id = ? ORDER BY id DESC", (row_id,)
        ).fetchall():
            tx.delete("stage_changes", child_id)


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
        _require_file(path)
        if is_read_only(path):
            return open_read_only(path, check_pages=check_pages)
    else:
        create_private_file(path)
    version = inspect_file(path, check_pages=check_pages)
    _make_private(path)
    conn = _connect(path)
    try:
        if version < schema.SCHEMA_VERSION and version > 0:
            _backup_before_upgrade(conn, path, version, backup_dir)
        conn.execute("PRAGMA journal_mode = WAL")
        if version < schema.SCHEMA_VERSION:
            _upgrade(conn, version, language)
    except sqlite3.OperationalError as exc:
        conn.close()
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
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


def require_database(path: Path, *, check_pages: bool = True) -> int:
    """:func:`inspect_file`, refusing an empty file (which a new database may start as, but
    which holds no data to read or restore); returns the schema version."""
    version = inspect_file(path, check_pages=check_pages)
    if version == 0:
        raise NotFunnelDeskError(f"{path} is empty: it holds no FunnelDesk database.")
    return version


def _require_file(path: Path) -> None:
    if not path.exists():
        raise DatabaseOpenError(f"{path}: no such database file.")
    if path.is_dir():
        raise DatabaseOpenError(f"{path} is a folder, not a database file.")


def open_read_only(path: Path | str, *, check_pages: bool = True) -> Database:
    """Open a database only to read it: never created, upgraded, chmodded or otherwise changed.

    The one way read-only commands (``stats``, ``search``, ``today`` ...) and files the user
    cannot write are opened. No ``-wal``/``-shm`` appear unless another program already has
    the file open. A missing, empty, foreign or damaged file is refused, and so is one from
    an older FunnelDesk, which only a program that may change it can upgrade.
    """
    path = Path(path).expanduser()
    _require_file(path)
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
        _untouched_uri(path), uri=True, isolation_level=None, check_same_thread=False
    )
    _configure(conn)
    return conn


def _make_private(path: Path) -> None:
    """Take group/other access away from a database we accept (its -wal/-shm follow its mode).

    Only ever removes permissions: a file's owner bits are the user's choice.
    """
    for file in [path, *_companion_files(path)]:
        try:
            mode = file.stat().st_mode if file.exists() else 0
            if mode & 0o077:
                os.chmod(file, mode & 0o700)
        except OSError:
            pass


def _backup_before_upgrade(
    conn: sqlite3.Connection, path: Path, version: int, backup_dir: Path | None
) -> Path:
    from funneldesk.core import backup  # backup builds on this module

    return backup.backup_before_upgrade(conn, path, version, backup_dir)


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


def rows_as_dicts(rows: Iterable[sqlite3.Row]) -> list[Row]:
    return [dict(r) for r in rows]
