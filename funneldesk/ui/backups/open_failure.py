"""Opening a database in the app, with a way out when the file is refused.

A damaged file, a file that is not FunnelDesk's, or one from a newer FunnelDesk is never
changed by opening it. The dialog says why in one sentence and offers what can help: restore
the latest backup that passes the checks (the refused file is kept byte for byte in the
backup folder), or open another file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, QLocale, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox, QWidget

from funneldesk.core import backup
from funneldesk.core.backup import BackupInfo, RestoreResult, latest_good_backup
from funneldesk.core.db import Database, open_database
from funneldesk.core.errors import (
    DamagedDatabaseError,
    DatabaseBusyError,
    FunnelDeskError,
    NewerSchemaError,
)
from funneldesk.core.file_checks import require_database
from funneldesk.ui import preferences, single_instance
from funneldesk.ui.backups.jobs import current_backup_folder, restore_job
from funneldesk.ui.context import AppContext
from funneldesk.ui.jobs import run_modal


def open_or_recover(
    path: Path,
    language: str,
    parent: QWidget | None,
    build: Callable[[Database], QMainWindow],
    *,
    unattended: bool = False,
) -> QMainWindow | None:
    """Open ``path`` and ``build`` its window; when the file is refused, let the user restore
    a backup or pick another file.

    Returns the window (perhaps of another file), or ``None`` if the user gave up. Damage met
    while building the window (the full page check comes after it shows) counts as refusal.
    ``unattended`` (screenshots) asks nothing: a refusal is raised for the caller to report,
    since a dialog nobody answers would never return.
    """
    backup.use_backup_root(preferences.backup_folder())
    while True:
        db = None
        try:
            if not _may_start_in(path, parent, unattended):
                return None
            db = open_database(path, language=language, check_pages=False)
            window = build(db)
            if db.read_only and not unattended:
                _tell_read_only(window)
            return window
        except DatabaseBusyError as exc:
            if unattended:
                raise
            QMessageBox.warning(
                parent, QCoreApplication.translate("OpenFailure", "Cannot open database"), str(exc)
            )
            return None
        except FunnelDeskError as exc:
            if db is not None:
                db.close()
            if unattended:
                raise
            next_path = _ask_what_next(path, exc, parent)
        if next_path is None:
            return None
        path = next_path


def _may_start_in(path: Path, parent: QWidget | None, unattended: bool) -> bool:
    """An existing empty file becomes a new database only when the user says so: it may be
    the wrong file, or one a failed copy left empty, and opening must not change it."""
    if not (path.is_file() and path.stat().st_size == 0):
        return True
    if unattended:
        require_database(path)  # raises: the file is empty
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("OpenFailure", "Empty file"),
        QCoreApplication.translate(
            "OpenFailure", "%1 is empty. Start a new FunnelDesk database in it?"
        ).replace("%1", path.name),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def _tell_read_only(window: QMainWindow) -> None:
    """Say once, beside the window, that this file can be read but not changed."""
    _notice(
        window,
        QCoreApplication.translate("OpenFailure", "Read-only database"),
        QCoreApplication.translate(
            "OpenFailure", "%1 is read-only: changes cannot be saved."
        ).replace("%1", window.context.db.path.name),
        QCoreApplication.translate(
            "OpenFailure",
            "FunnelDesk opened it for reading. To work with it, give the file (and its folder) "
            "write permission, or copy it to a folder of yours and open the copy.",
        ),
    )


def _notice(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """An information box that does not block: the window opening next paints behind it."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:  # without a parent only this reference keeps the box alive
        _NOTICES.append(box)
        box.finished.connect(lambda *_: _NOTICES.remove(box))
    box.open()


_NOTICES: list[QMessageBox] = []


def _ask_what_next(path: Path, error: FunnelDeskError, parent: QWidget | None) -> Path | None:
    good = None if isinstance(error, NewerSchemaError) else _latest_good(path)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("OpenFailure", "Cannot open database"))
    box.setText(
        QCoreApplication.translate("OpenFailure", "FunnelDesk cannot open %1.").replace(
            "%1", path.name
        )
    )
    advice = [str(error), QCoreApplication.translate("OpenFailure", "The file was not changed.")]
    if good is not None:
        advice.append(
            QCoreApplication.translate(
                "OpenFailure", "The latest good backup is from %1 (%2 customers, %3 deals)."
            )
            .replace("%1", _when(good))
            .replace("%2", f"{good.customers or 0:,}")
            .replace("%3", f"{good.deals or 0:,}")
        )
    box.setInformativeText("\n\n".join(advice))
    restore = (
        box.addButton(
            QCoreApplication.translate("OpenFailure", "&Restore latest backup"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        if good is not None
        else None
    )
    other = box.addButton(
        QCoreApplication.translate("OpenFailure", "&Open another file…"),
        QMessageBox.ButtonRole.ActionRole,
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(restore or other)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        return _restore(good, path, parent)
    if clicked is other:
        chosen, _ = QFileDialog.getOpenFileName(
            parent,
            QCoreApplication.translate("OpenFailure", "Open database"),
            str(path.parent),
            QCoreApplication.translate(
                "OpenFailure", "FunnelDesk database (*.sqlite *.db *.funneldesk);;All files (*)"
            ),
        )
        return Path(chosen) if chosen else None
    return None


def _latest_good(path: Path) -> BackupInfo | None:
    try:
        return latest_good_backup(path, current_backup_folder(path))
    except OSError:
        return None


def _restore(good: BackupInfo, path: Path, parent: QWidget | None) -> Path | None:
    result = restore_with_progress(parent, good.path, path)
    if result is None:
        return None
    if result.safety_copy is not None:
        _notice(
            parent,
            QCoreApplication.translate("OpenFailure", "Restored"),
            safety_copy_note(result.safety_copy),
        )
    return path


def restore_with_progress(
    parent: QWidget | None, backup_path: Path, db_path: Path
) -> RestoreResult | None:
    """Restore with a progress dialog; a failure is shown (it names the safety copy when one
    was taken) and gives ``None``."""
    outcome = run_modal(
        parent,
        QCoreApplication.translate("OpenFailure", "Restoring…"),
        restore_job(backup_path, db_path),
        cancellable=False,
        delay_ms=500,
    )
    if outcome.error:
        QMessageBox.warning(
            parent, QCoreApplication.translate("OpenFailure", "Restore failed"), outcome.error
        )
        return None
    return outcome.result


def safety_copy_note(safety_copy: Path) -> str:
    """Where the data a restore replaced was kept, for the user to find it again."""
    return QCoreApplication.translate(
        "OpenFailure", "Restored. The data it replaced was kept in %1."
    ).replace("%1", str(safety_copy))


def _when(info: BackupInfo) -> str:
    moment = QDateTime.fromString(info.created_at, Qt.DateFormat.ISODate).toLocalTime()
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)


def recover_damaged_window(window: QMainWindow, context: AppContext, message: str) -> None:
    """The start-up check found damage: stop using the file, then offer the way out.

    The window goes away first and its connections are closed, so nothing more is written
    to the damaged file and a restore can replace it.
    """
    from funneldesk.ui.windows import open_window

    app = QApplication.instance()
    path = context.db.path
    quit_on_last = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    try:
        single_instance.release_window(window)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.close()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        context.db.close()
        next_path = _ask_what_next(path, DamagedDatabaseError(message), None)
        if next_path is not None:
            open_window(next_path)
    finally:
        app.setQuitOnLastWindowClosed(quit_on_last)
    if quit_on_last and not app.topLevelWindows():
        app.quit()
