"""Automatic backups of the open database (DESIGN §8).

Shortly after the window opens, a backup is taken if the file changed since its last backup
(edits made by the command line, or writes left in the WAL by a crash). Then every 30
minutes, a backup is taken if anything changed in the window meanwhile. Each backup runs on
a worker thread; a failure is reported in the status bar and retried at the next tick.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from funneldesk.core.backup import AUTO_BACKUP_INTERVAL_S, needs_backup
from funneldesk.ui.backups.jobs import BackupJob, current_backup_folder
from funneldesk.ui.context import AppContext

START_DELAY_MS = 5000
"""Let the window paint and settle before the first backup competes for the disk."""


class AutoBackup(QObject):
    def __init__(
        self,
        window: QMainWindow,
        context: AppContext,
        *,
        interval_ms: int = AUTO_BACKUP_INTERVAL_S * 1000,
        start_delay_ms: int = START_DELAY_MS,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.changed_since_backup = False
        self.job: BackupJob | None = None
        self.last_result: object = None
        context.changed.connect(self._note_change)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        QTimer.singleShot(start_delay_ms, self, self.on_start)
        window.installEventFilter(self)
        QApplication.instance().aboutToQuit.connect(self.stop)

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
        if self.job is not None:
            return
        self.changed_since_backup = False
        self.job = BackupJob(self.context.db.path, "auto")
        self.job.finished_with.connect(self._finished)
        self.job.start()

    def _finished(self, info: object, error: str) -> None:
        if self.job is not None:
            self.job.wait()
            self.job.deleteLater()
        self.job = None
        self.last_result = info
        if info is None:
            self.changed_since_backup = True  # try again at the next tick
            if error:
                self.context.status_message.emit(
                    self.tr("Automatic backup failed: %1").replace("%1", error)
                )

    def stop(self) -> None:
        """Stop the timer and let a running copy end cleanly before the window goes."""
        self.timer.stop()
        if self.job is not None:
            self.job.cancel()
            self.job.wait()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.stop()
        return False


def install_auto_backup(window: QMainWindow, context: AppContext) -> AutoBackup:
    """Attach automatic backups to a main window (they stop when it closes)."""
    return AutoBackup(window, context)
