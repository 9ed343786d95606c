"""Running a backup or restore job behind a progress dialog and waiting for its answer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from funneldesk.ui.backups.jobs import BackupJob, RestoreJob


def run_with_progress(
    parent: QWidget | None, job: BackupJob | RestoreJob, label: str
) -> tuple[Any, str]:
    """Start ``job``, show progress after half a second, return ``(result, error message)``.

    The window stays responsive (repaints, progress) while the worker copies; a backup can
    be cancelled, a restore cannot (it is one transaction that must finish).
    """
    cancel_text = QCoreApplication.translate("BackupProgress", "Cancel")
    dialog = QProgressDialog(label, cancel_text, 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(500)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if isinstance(job, BackupJob):
        dialog.canceled.connect(job.cancel)
    else:
        dialog.setCancelButton(None)
    answer: dict[str, Any] = {"result": None, "error": ""}
    loop = QEventLoop()

    def on_progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, total))

    def on_finished(result: object, error: str) -> None:
        answer.update(result=result, error=error)
        loop.quit()

    queued = Qt.ConnectionType.QueuedConnection  # emitted on the worker, handled here
    job.progress.connect(on_progress, queued)
    job.finished_with.connect(on_finished, queued)
    job.start()
    loop.exec()
    job.wait()
    dialog.close()
    dialog.deleteLater()
    return answer["result"], answer["error"]
