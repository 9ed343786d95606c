"""Copying a live database's pages into a checked file (backups, restores, ``backup_to``).

SQLite's online backup API copies page by page while the app keeps working; the copy is
checked with ``quick_check`` before anyone may rely on it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from funneldesk.core.environment import environment_error
from funneldesk.core.errors import Cancelled, DamagedDatabaseError, DatabaseOpenError
from funneldesk.core.file_checks import database_file, page_problems, same_database_file
from funneldesk.core.jobs import CancelCheck, Progress
from funneldesk.core.safe_replace import replacing


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
