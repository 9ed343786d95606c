"""Backups and restores on a worker thread, so copying a large file never freezes the window.

The core functions open their own SQLite connections, so the worker shares nothing with
the UI thread; the backup API copies a consistent snapshot while the user keeps working.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from funneldesk.core.backup import backup_folder, create_backup, restore_backup
from funneldesk.core.db import check_pages_of
from funneldesk.core.errors import Cancelled, FunnelDeskError
from funneldesk.ui import preferences


def current_backup_folder(db_path: Path) -> Path:
    """The backup folder of ``db_path`` under the root chosen in Settings (or the default)."""
    return backup_folder(db_path, preferences.backup_folder())


class BackupJob(QThread):
    """Backs up one database; ``finished_with(info_or_None, error message)`` at the end.

    A cancelled backup ends with ``None`` and an empty message and leaves no file.
    """

    progress = Signal(int, int)
    finished_with = Signal(object, str)

    def __init__(self, db_path: Path, kind: str) -> None:
        super().__init__()
        self.db_path = db_path
        self.kind = kind
        self.folder = current_backup_folder(db_path)
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            info = create_backup(
                self.db_path,
                kind=self.kind,
                folder=self.folder,
                progress=lambda done, total: self.progress.emit(done, total),
                cancelled=self._cancel.is_set,
            )
        except Cancelled:
            self.finished_with.emit(None, "")
            return
        except (FunnelDeskError, OSError) as exc:
            self.finished_with.emit(None, str(exc))
            return
        self.finished_with.emit(info, "")


class RestoreJob(QThread):
    """Restores a backup over a database; ``finished_with(result_or_None, error message)``."""

    progress = Signal(int, int)
    finished_with = Signal(object, str)

    def __init__(self, backup_path: Path, db_path: Path) -> None:
        super().__init__()
        self.backup_path = backup_path
        self.db_path = db_path
        self.folder = current_backup_folder(db_path)

    def run(self) -> None:
        try:
            result = restore_backup(
                self.backup_path,
                self.db_path,
                folder=self.folder,
                progress=lambda done, total: self.progress.emit(done, total),
            )
        except (FunnelDeskError, OSError) as exc:
            self.finished_with.emit(None, str(exc))
            return
        self.finished_with.emit(result, "")


class PageCheckJob(QThread):
    """``quick_check`` of an open database after the window is shown (it reads every page,
    over a second for 100k customers); ``finished_with(error message or "")``."""

    finished_with = Signal(str)

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path

    def run(self) -> None:
        try:
            check_pages_of(self.db_path)
        except FunnelDeskError as exc:
            self.finished_with.emit(str(exc))
            return
        self.finished_with.emit("")
