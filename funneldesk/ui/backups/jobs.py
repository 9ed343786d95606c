"""Backup, restore and the page check as jobs for the app's runner (``ui/jobs.py``).

The core functions open their own SQLite connections, so a worker shares nothing with the
UI thread; the backup API copies a consistent snapshot while the user keeps working. The
backup folder is read from the settings here, on the UI thread, before the job starts.
"""

from __future__ import annotations

from pathlib import Path

from funneldesk.core.backup import backup_folder, create_backup, restore_backup
from funneldesk.core.file_checks import check_pages_of
from funneldesk.ui import preferences
from funneldesk.ui.jobs import Job


def current_backup_folder(db_path: Path) -> Path:
    """The backup folder of ``db_path`` under the root chosen in Settings (or the default)."""
    return backup_folder(db_path, preferences.backup_folder())


def backup_job(db_path: Path, kind: str) -> Job:
    """Back up one database; the result is its ``BackupInfo``. A cancelled backup leaves no
    file."""
    folder = current_backup_folder(db_path)
    return lambda progress, cancelled: create_backup(
        db_path, kind=kind, folder=folder, progress=progress, cancelled=cancelled
    )


def restore_job(backup_path: Path, db_path: Path) -> Job:
    """Restore a backup over a database (one transaction: it cannot be cancelled halfway)."""
    folder = current_backup_folder(db_path)
    return lambda progress, _cancelled: restore_backup(
        backup_path, db_path, folder=folder, progress=progress
    )


def page_check_job(db_path: Path) -> Job:
    """``quick_check`` of an open database (it reads every page: over a second for 100k
    customers, so it runs after the window is shown)."""
    return lambda _progress, cancelled: check_pages_of(db_path, cancelled)
