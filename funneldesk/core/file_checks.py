"""Checks of a database file that need no open :class:`~funneldesk.core.db.Database`.

Is the file there and a file; is it SQLite, a FunnelDesk database, of a schema this program
knows and complete; are its pages sound (``quick_check``); is a second path the same file or
one of its companions; and its permissions made owner-only once accepted. Every check reads
without changing anything, so a refused file stays byte-identical.
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
from pathlib import Path

from funneldesk.core import schema
from funneldesk.core.errors import (
    Cancelled,
    DamagedDatabaseError,
    DatabaseOpenError,
    NewerSchemaError,
    NotFunnelDeskError,
)
from funneldesk.core.jobs import CancelCheck

SQLITE_HEADER = b"SQLite format 3\x00"


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
    companions = companion_files(path)
    existing = {p for p in companions if p.exists()}
    try:
        version = _inspect_sqlite(path, check_pages)
    except DatabaseOpenError:
        for created in set(companions) - existing:
            created.unlink(missing_ok=True)
        raise
    return version


def companion_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def untouched_uri(path: Path) -> str:
    """The URI of a read-only connection that creates no files when no other program has
    the file open.

    SQLite opens a WAL-mode file even read-only by creating ``-wal`` and ``-shm``. Without
    those files nobody is using the database and the main file holds everything, so
    ``immutable=1`` reads it untouched; otherwise the normal read-only mode sees the WAL.
    """
    in_use = any(p.exists() for p in companion_files(path)[:2])
    return f"{path.resolve().as_uri()}?{'mode=ro' if in_use else 'immutable=1'}"


def _inspect_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(untouched_uri(path), uri=True, isolation_level=None)
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


def check_pages_of(path: Path, cancelled: CancelCheck | None = None) -> None:
    """Run ``quick_check`` over an open database from its own read-only connection.

    Safe on a worker thread while the app works on the file; raises
    :class:`DamagedDatabaseError` with the reason. ``cancelled`` returning true stops the
    check within milliseconds (:class:`Cancelled`; nothing is concluded), so quitting the
    app right after start does not wait for every page of a large file to be read.
    """
    try:
        conn = sqlite3.connect(untouched_uri(Path(path)), uri=True)
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
    if b == a or b in [p.resolve() for p in companion_files(a)]:
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def require_database(path: Path, *, check_pages: bool = True) -> int:
    """:func:`inspect_file`, refusing an empty file (which a new database may start as, but
    which holds no data to read or restore); returns the schema version."""
    version = inspect_file(path, check_pages=check_pages)
    if version == 0:
        raise NotFunnelDeskError(f"{path} is empty: it holds no FunnelDesk database.")
    return version


def require_file(path: Path) -> None:
    if not path.exists():
        raise DatabaseOpenError(f"{path}: no such database file.")
    if path.is_dir():
        raise DatabaseOpenError(f"{path} is a folder, not a database file.")


def make_private(path: Path) -> None:
    """Take group/other access away from a database we accept (its -wal/-shm follow its mode).

    Only ever removes permissions: a file's owner bits are the user's choice.
    """
    for file in [path, *companion_files(path)]:
        try:
            mode = file.stat().st_mode if file.exists() else 0
            if mode & 0o077:
                os.chmod(file, mode & 0o700)
        except OSError:
            pass
