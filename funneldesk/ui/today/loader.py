"""Reading the Today lists on a worker thread, so a big file never freezes the window.

At 100k customers the three lists take a few hundred milliseconds to read and word; the
view asks :class:`TodayLoader` and swaps the finished rows in when they arrive. Requests made while a read is
running are folded into one more read afterwards, so the view always ends up current.
Reads use the worker thread's own read-only connection (``Database.reader``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from funneldesk.core.db import Database
from funneldesk.core.today import TodayList, today_list
from funneldesk.ui.today.rows import RowBuilder, TodayRows


class _Relay(QObject):
    finished = Signal(object, object)  # TodayList or None, its TodayRows


class _ReadJob(QRunnable):
    def __init__(self, db: Database, on: date, relay: _Relay) -> None:
        super().__init__()
        self._db, self._on, self._relay = db, on, relay

    def run(self) -> None:
        try:
            result = today_list(self._db, self._on)
            rows = RowBuilder().rows(result)
        except Exception:  # noqa: BLE001 — e.g. the file closed meanwhile; never raise into Qt
            result, rows = None, None
        self._relay.finished.emit(result, rows)


class TodayLoader(QObject):
    loaded = Signal(object, object)  # TodayList, TodayRows (what each row says)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._done)
        self._job: _ReadJob | None = None
        self._pending: date | None = None

    @property
    def busy(self) -> bool:
        return self._job is not None or self._pending is not None

    def request(self, on: date) -> None:
        if self._job is not None:
            self._pending = on
            return
        self._job = _ReadJob(self._db, on, self._relay)  # referenced until it has run
        self._job.setAutoDelete(False)
        self._pool.start(self._job)

    def _done(self, result: TodayList | None, rows: TodayRows | None) -> None:
        self._job = None
        if self._pending is not None:
            on, self._pending = self._pending, None
            self.request(on)
            return
        if result is not None:
            self.loaded.emit(result, rows)

    def wait(self) -> None:
        """Block until a running read ends (before the database is closed)."""
        self._pending = None
        self._pool.waitForDone()
