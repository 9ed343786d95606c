"""Board figures that take longer than a frame, computed on a worker thread: lead scores of
the cards on screen. (The learned stage probabilities behind the weighted totals are cheap
enough for the first paint: ``core/probability.py``.)

Cards and totals are painted first; scores arrive afterwards and the board repaints. Work
starts only once requests pause, so it never competes with a run of drags. Reads use the
worker thread's own read-only connection (see ``Database.reader``).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, QTimer, Signal

from funneldesk.core.db import Database
from funneldesk.ui.jobs import BackgroundReader

PAUSE_MS = 500
"""Work starts once requests pause this long, so it never competes with a run of drags."""


class ScoreLoader(QObject):
    """Batches score requests from every column into one background job at a time: the ids
    asked for while a job runs are scored together by the next one."""

    scored = Signal(object)  # dict: deal id → LeadScore

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._pending: set[int] = set()
        self._reader = BackgroundReader(self, latest_only=False)
        self._reader.finished.connect(self._done)
        self._reader.failed.connect(lambda _message: self._done({}))  # the badge is an aid
        self._timer = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._timer.timeout.connect(self._start)

    def request(self, deal_ids: Iterable[int]) -> None:
        """Score these deals once requests pause (closed or unknown ids are skipped)."""
        self._pending.update(deal_ids)
        if self._pending:
            self._timer.start()

    def _start(self) -> None:
        if self._reader.busy or not self._pending:
            return
        ids, self._pending = sorted(self._pending), set()
        from funneldesk.core.lead_score import score_deals  # numpy: loaded after the first paint

        db = self._db
        self._reader.request(lambda _p, _c: score_deals(db, ids))

    def _done(self, scores: dict) -> None:
        if scores:
            self.scored.emit(scores)
        if self._pending:
            self._timer.start()

    def wait(self) -> None:
        """Block until the running job ends (before the database is closed)."""
        self._timer.stop()
        self._pending.clear()
        self._reader.wait()
