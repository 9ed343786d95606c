"""Running an import or export job on a worker thread behind a progress dialog with Cancel.

A job is a core function taking ``progress(done, total)`` and ``cancelled()``; it never
touches a widget. :func:`run_job` keeps the window responsive while it runs and returns
when it has finished, was cancelled or failed, so callers read like straight-line code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from funneldesk.core.errors import Cancelled, FunnelDeskError

Job = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


@dataclass
class JobOutcome:
    result: Any = None
    error: str = ""
    cancelled: bool = False


class JobThread(QThread):
    """Runs one job; reports progress and its end through signals (queued to the UI thread)."""

    progressed = Signal(int, int)
    ended = Signal(object)  # JobOutcome

    def __init__(self, job: Job, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    def is_cancelled(self) -> bool:
        return self._cancel

    def run(self) -> None:
        outcome = JobOutcome()
        try:
            outcome.result = self._job(self.progressed.emit, self.is_cancelled)
        except Cancelled:
            outcome.cancelled = True
        except FunnelDeskError as exc:
            outcome.error = str(exc)
        except OSError as exc:
            outcome.error = f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
        self.ended.emit(outcome)


def run_job(
    parent: QWidget | None, label: str, job: Job, *, cancellable: bool = True
) -> JobOutcome:
    """Run ``job`` with a window-modal progress dialog (shown after 300 ms) and wait for it.

    A job that is one transaction (undoing an import) cannot stop halfway: it runs
    without a Cancel button.
    """
    dialog = QProgressDialog(
        label, QCoreApplication.translate("TransferJobs", "Cancel"), 0, 0, parent
    )
    dialog.setWindowTitle(QCoreApplication.translate("TransferJobs", "FunnelDesk"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if not cancellable:
        dialog.setCancelButton(None)
    thread = JobThread(job, parent)
    loop = QEventLoop()
    answer = JobOutcome()

    def on_progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, total))

    def on_end(outcome: JobOutcome) -> None:
        answer.result, answer.error, answer.cancelled = (
            outcome.result,
            outcome.error,
            outcome.cancelled,
        )
        loop.quit()

    thread.progressed.connect(on_progress)
    thread.ended.connect(on_end)
    dialog.canceled.connect(thread.cancel)
    dialog.canceled.connect(
        lambda: dialog.setLabelText(QCoreApplication.translate("TransferJobs", "Stopping…"))
    )
    thread.start()
    loop.exec()
    thread.wait()
    dialog.close()
    dialog.deleteLater()
    return answer
