"""Indexing a large backlog of customers for search, behind a progress dialog.

After an import or raw edits by another tool thousands of customers may wait in the search
queue; indexing them takes seconds, so the view does it on the job runner when it opens,
instead of in the first keystroke.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from funneldesk.core.db import Database
from funneldesk.core.errors import Cancelled
from funneldesk.core.search import SHORT_QUEUE, pending_count, update_search_index
from funneldesk.ui.jobs import ModalJob

BACKLOG_THRESHOLD = SHORT_QUEUE
"""A shorter queue is indexed by the next operation (or on opening the file)."""


def index_backlog(parent: QWidget, db: Database, finished: Callable[[], None]) -> ModalJob | None:
    """Start indexing when the backlog is large; ``finished()`` runs when it is over.

    Cancel keeps what was indexed and leaves the rest queued for the next time the view
    opens (searches do not write, and do not match a long queue meanwhile).
    """
    if db.read_only or pending_count(db) < BACKLOG_THRESHOLD:
        return None  # a read-only file is searched as it stands, queued customers included

    def index(progress, cancelled) -> None:  # noqa: ANN001
        with contextlib.suppress(Cancelled):
            update_search_index(db, progress, cancelled)

    job = ModalJob(
        parent,
        QCoreApplication.translate("CustomersView", "Preparing search…"),
        index,
        delay_ms=500,
    )
    job.finished.connect(lambda _outcome: finished())
    job.finished.connect(job.deleteLater)
    job.start()
    return job
