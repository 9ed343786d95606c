"""Indexing a large backlog of customers for search on a worker thread, with progress.

After an import or raw edits by another tool thousands of customers may wait in the search
queue; indexing them takes seconds, so the view does it here, behind a progress dialog,
instead of in the first keystroke.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from funneldesk.core.db import Database
from funneldesk.core.errors import Cancelled
from funneldesk.core.search import pending_count, update_search_index

BACKLOG_THRESHOLD = 1000


class IndexJob(QThread):
    """Runs :func:`update_search_index`; ``progress(done, total)`` and ``done`` are queued."""

    progress = Signal(int, int)
    done = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def run(self) -> None:
        with contextlib.suppress(Cancelled):  # what was indexed stays; the rest stays queued
            update_search_index(self._db, self.progress.emit, self._stop.is_set)
        self.done.emit()


def index_backlog(parent: QWidget, db: Database, finished: Callable[[], None]) -> IndexJob | None:
    """Start indexing when the backlog is large; ``finished()`` runs when it is over.

    Cancel leaves the rest queued; searches then index it a little at a time.
    """
    if pending_count(db) < BACKLOG_THRESHOLD:
        return None
    job = IndexJob(db, parent)
    dialog = QProgressDialog(
        QCoreApplication.translate("CustomersView", "Preparing search…"),
        QCoreApplication.translate("CustomersView", "Cancel"),
        0,
        0,
        parent,
    )
    dialog.setMinimumDuration(500)
    dialog.canceled.connect(job.cancel)
    job.progress.connect(lambda done, total: (dialog.setMaximum(total), dialog.setValue(done)))
    job.done.connect(dialog.close)
    job.done.connect(finished)
    job.finished.connect(job.deleteLater)
    job.start()
    return job
