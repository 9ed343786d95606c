"""The one way the app runs work off the UI thread, so the window never freezes.

Two shapes, as Anki's ``CollectionOp`` and ``QueryOp``:

- a **modal job** (:func:`run_modal`, :class:`ModalJob`): import, export, backup and
  restore, demo data, indexing a search backlog. A core function following the job contract
  of :mod:`funneldesk.core.jobs` runs on a worker thread behind a window-modal progress
  dialog (shown only if it takes a moment) with Cancel; the caller gets a
  :class:`JobOutcome` — the result, a message for the user, or "cancelled".
- a **background reader** (:class:`BackgroundReader`): figures a view shows that take longer
  than a frame (funnel statistics, Today's lists, lead scores) and
  quiet chores (the start-up page check, automatic backups). One runs at a time on the
  reader's own thread; with ``latest_only`` a newer request replaces the waiting one and the
  answer of a request that was overtaken is dropped, so a burst of changes costs one refresh
  and never shows a stale figure.

Workers read through their thread's own read-only connection (``Database.reader``) and never
touch a widget: results come back through queued signals on the UI thread.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QProgressDialog, QWidget

from funneldesk.core.environment import environment_error
from funneldesk.core.errors import Cancelled, FunnelDeskError
from funneldesk.core.jobs import CancelCheck, Progress

Job = Callable[[Progress, CancelCheck], Any]
"""A core job: ``job(progress, cancelled) -> result``."""


@dataclass
class JobOutcome:
    """How a job ended: ``result``, or ``error`` (a message for the user), or ``cancelled``.

    ``failure`` is the error itself when the core raised one, for callers that word each
    kind their own way (the team sync tells "offline" from "update FunnelDesk" by type).
    """

    result: Any = None
    error: str = ""
    cancelled: bool = False
    failure: FunnelDeskError | None = None

    @property
    def ok(self) -> bool:
        return not self.error and not self.cancelled


def error_text(exc: BaseException) -> str:
    """A one-line message for a failure a worker met (the core's own words where it has them)."""
    known = environment_error(exc)  # the core's words, or a full disk, a read-only file …
    if known is not None:
        return str(known)
    return QCoreApplication.translate("Jobs", "Unexpected error: %1").replace("%1", str(exc))


class _Signals(QObject):
    progressed = Signal(str, int, int)  # the phase's label, done, total
    ended = Signal(object)  # JobOutcome


def _unreported(_done: int, _total: int) -> None:
    """The progress of a job nobody watches (a background read)."""


class _Task(QRunnable):
    """Runs ``work(progress, cancelled)`` on a pool thread and always ends with ``ended``:
    an exception never escapes into Qt, and a waiting caller is never left hanging."""

    def __init__(
        self, work: Job, progress: Progress, signals: _Signals, cancelled: CancelCheck
    ) -> None:
        super().__init__()
        self._work, self._progress, self._signals = work, progress, signals
        self._cancelled = cancelled

    def run(self) -> None:
        outcome = JobOutcome()
        try:
            outcome.result = self._work(self._progress, self._cancelled)
        except Cancelled:
            outcome.cancelled = True
        except Exception as exc:  # noqa: BLE001 — reported to the user, never raised into Qt
            if environment_error(exc) is None:  # a bug, not a full disk: keep its traceback
                logging.getLogger(__name__).exception("background job failed")
            outcome.error = error_text(exc)
            outcome.failure = environment_error(exc)
        self._signals.ended.emit(outcome)


_POOLS: weakref.WeakSet[QThreadPool] = weakref.WeakSet()


def _private_pool(parent: QObject) -> QThreadPool:
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(1)
    _POOLS.add(pool)
    return pool


def wait_for_all_jobs() -> None:
    """Block until no job of this process is running: before a database is closed under
    windows that may still be reading it (a closed connection under a running read crashes)."""
    for pool in list(_POOLS):
        with contextlib.suppress(RuntimeError):  # its owner, and so the pool, is already gone
            pool.waitForDone()


class ModalJob(QObject):
    """A job behind a window-modal progress dialog; ``finished(JobOutcome)`` when it ends.

    A job that is one transaction which cannot stop halfway (a restore, undoing an import)
    runs without a Cancel button (``cancellable=False``). A job made of phases the user
    should be told about reports a later phase through its own :meth:`stage` progress.
    """

    finished = Signal(object)  # JobOutcome

    def __init__(
        self,
        parent: QWidget | None,
        label: str,
        job: Job,
        *,
        cancellable: bool = True,
        delay_ms: int = 300,
    ) -> None:
        super().__init__(parent)
        self.outcome: JobOutcome | None = None
        self._job = job
        self._cancel = threading.Event()
        self._pool = _private_pool(self)
        self._signals = _Signals(self)
        self._signals.progressed.connect(self._show_progress)
        self._stage = label  # the phase the dialog names
        self._progress = self.stage(label)  # the job's own progress: its first phase
        self._signals.ended.connect(self._end)
        cancel_text = QCoreApplication.translate("Jobs", "Cancel")
        self.dialog = QProgressDialog(label, cancel_text, 0, 0, parent)
        self.dialog.setWindowTitle(QCoreApplication.translate("Jobs", "FunnelDesk"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(delay_ms)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        if cancellable:
            self.dialog.canceled.connect(self.cancel)
        else:
            self.dialog.setCancelButton(None)

    def stage(self, label: str) -> Progress:
        """The progress of a phase of the job: reporting through it puts ``label`` in the
        dialog (from any thread) and restarts the bar on that phase's own units. The job's
        own ``progress`` is the first phase, under the label the job started with."""
        return functools.partial(self._signals.progressed.emit, label)

    def start(self) -> None:
        self._pool.start(_Task(self._job, self._progress, self._signals, self._cancel.is_set))

    def run(self) -> JobOutcome:
        """Start, wait for the outcome and let the runner go."""
        self.start()
        outcome = self.wait()
        self.deleteLater()
        return outcome

    def cancel(self) -> None:
        """Ask the job to stop at its next step; it ends with ``cancelled``."""
        self._cancel.set()
        self.dialog.setLabelText(QCoreApplication.translate("Jobs", "Stopping…"))

    def wait(self) -> JobOutcome:
        """Keep the window responsive (repaints, progress, Cancel) until the job has ended."""
        if self.outcome is None:
            loop = QEventLoop()
            self.finished.connect(loop.quit)
            loop.exec()
        assert self.outcome is not None
        return self.outcome

    def _show_progress(self, label: str, done: int, total: int) -> None:
        """A new phase shows its label even after Cancel (what the stop still waits for)."""
        if label != self._stage:
            self._stage = label
            self.dialog.setLabelText(label)
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, total))

    def _end(self, outcome: JobOutcome) -> None:
        self._pool.waitForDone()
        self.dialog.close()
        self.dialog.deleteLater()
        self.outcome = outcome
        self.finished.emit(outcome)


def run_modal(
    parent: QWidget | None,
    label: str,
    job: Job,
    *,
    cancellable: bool = True,
    delay_ms: int = 300,
) -> JobOutcome:
    """Run ``job`` behind a progress dialog and return how it ended, so callers read like
    straight-line code."""
    return ModalJob(parent, label, job, cancellable=cancellable, delay_ms=delay_ms).run()


class BackgroundReader(QObject):
    """Runs one piece of work at a time on its own thread and hands back the answers.

    ``request(work)`` queues ``work(progress, cancelled)``. With ``latest_only`` (the default)
    a request made while another runs replaces any waiting one, and the answer of a request
    that a newer one overtook is dropped. With ``pause_ms`` work starts only once requests
    pause that long (so it never competes with a run of drags). ``finished(result)`` or
    ``failed(message)`` follow on the UI thread; ``failed`` comes after ``failed_with(outcome)``,
    whose :attr:`JobOutcome.failure` tells kinds of failure apart.
    """

    finished = Signal(object)
    failed = Signal(str)
    failed_with = Signal(object)  # JobOutcome

    def __init__(
        self, parent: QObject | None = None, *, latest_only: bool = True, pause_ms: int = 0
    ) -> None:
        super().__init__(parent)
        self._latest_only = latest_only
        self._waiting: Job | None = None
        self._running = False
        self._cancel = threading.Event()
        self._pool = _private_pool(self)
        self._signals = _Signals(self)
        self._signals.ended.connect(self._end)
        self._timer = QTimer(self, singleShot=True, interval=pause_ms)
        self._timer.timeout.connect(self._start)

    @property
    def busy(self) -> bool:
        return self._running or self._waiting is not None

    def request(self, work: Job) -> None:
        self._waiting = work
        if self._timer.interval() > 0:
            self._timer.start()
        else:
            self._start()

    def cancel(self) -> None:
        """Drop the waiting request and ask the running one to stop."""
        self._waiting = None
        self._timer.stop()
        self._cancel.set()

    def wait(self) -> None:
        """Drop the waiting request and block until the running one has ended (before the
        database closes, and in tests)."""
        self._waiting = None
        self._timer.stop()
        self._pool.waitForDone()

    def _start(self) -> None:
        if self._running or self._waiting is None:
            return
        work, self._waiting = self._waiting, None
        self._running = True
        self._cancel.clear()
        self._pool.start(_Task(work, _unreported, self._signals, self._cancel.is_set))

    def _end(self, outcome: JobOutcome) -> None:
        self._running = False
        overtaken = self._latest_only and self._waiting is not None
        if not overtaken and not outcome.cancelled:
            if outcome.error:
                self.failed_with.emit(outcome)
                self.failed.emit(outcome.error)
            else:
                self.finished.emit(outcome.result)
        self._start()
