"""Start-up check and automatic backups of the open database (README § Backups and safety).

Right after the window appears, every page of the file is checked (``quick_check``) on a
worker thread, so a large file opens without waiting for it; a damaged file closes the window
and offers the latest good backup. Once the file is known sound, a backup is taken if it
changed since its last backup (edits made by the command line, or writes left in the WAL by
a crash). Then every 30 minutes, a backup is taken if anything changed in the window
meanwhile. A failed backup is reported in the status bar and retried at the next tick.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow

from funneldesk.core.backup import AUTO_BACKUP_INTERVAL_S, needs_backup
from funneldesk.ui.backups.jobs import backup_job, current_backup_folder, page_check_job
from funneldesk.ui.context import AppContext
from funneldesk.ui.jobs import BackgroundReader

CHECK_DELAY_MS = 300
"""Let the window paint first; the check then runs beside the user's work."""


class AutoBackup(QObject):
    damaged = Signal(str)  # the start-up check found the file damaged (message)

    def __init__(
        self,
        window: QMainWindow,
        context: AppContext,
        *,
        interval_ms: int = AUTO_BACKUP_INTERVAL_S * 1000,
        check_delay_ms: int = CHECK_DELAY_MS,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.changed_since_backup = False
        self.backups = BackgroundReader(self, latest_only=False)
        self.backups.finished.connect(self._backed_up)
        self.backups.failed.connect(self._backup_failed)
        self.check = BackgroundReader(self)
        self.check.finished.connect(lambda _none: self._checked())
        self.check.failed.connect(self.damaged)
        self.last_result: object = None
        context.changed.connect(self._note_change)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        QTimer.singleShot(check_delay_ms, self, self.start_check)
        window.installEventFilter(self)
        QApplication.instance().aboutToQuit.connect(self.stop)

    def start_check(self) -> None:
        self.check.request(page_check_job(self.context.db.path))

    def _checked(self) -> None:
        self.timer.start()
        self.on_start()

    def _note_change(self, _changes: object) -> None:
        self.changed_since_backup = True

    def on_start(self) -> None:
        """Back up now if the file changed since the last backup (or has none yet)."""
        try:
            due = needs_backup(self.context.db.path, current_backup_folder(self.context.db.path))
        except OSError:
            due = True
        if due:
            self.start_backup()

    def tick(self) -> None:
        if self.changed_since_backup:
            self.start_backup()

    def start_backup(self) -> None:
        if self.backups.busy:
            return
        self.changed_since_backup = False
        self.backups.request(backup_job(self.context.db.path, "auto"))

    def _backed_up(self, info: object) -> None:
        self.last_result = info

    def _backup_failed(self, error: str) -> None:
        self.changed_since_backup = True  # try again at the next tick
        self.context.status_message.emit(
            self.tr("Automatic backup failed: %1").replace("%1", error)
        )

    def stop(self) -> None:
        """Stop the timer and let a running copy end cleanly before the window goes."""
        self.timer.stop()
        self.check.cancel()  # a page check stops at once; it is run again at the next start
        self.check.wait()
        self.backups.cancel()
        self.backups.wait()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.stop()
        return False


def install_auto_backup(window: QMainWindow, context: AppContext) -> AutoBackup:
    """Attach the start-up check and automatic backups to a main window (they stop when it
    closes); a damaged file hands the window over to the recovery dialog."""
    from funneldesk.ui.backups.open_failure import recover_damaged_window

    auto = AutoBackup(window, context)
    auto.damaged.connect(lambda message: recover_damaged_window(window, context, message))
    return auto
