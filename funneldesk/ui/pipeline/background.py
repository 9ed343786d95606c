"""Board figures that take longer than a frame, computed on a worker thread: lead scores of
the cards on screen and the learned stage probabilities behind the weighted totals.

Cards and totals are painted first; these arrive afterwards and the board repaints. Work
starts only once requests pause, so it never competes with a run of drags. Reads use the
worker thread's own read-only connection (see ``Database.reader``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from funneldesk.core.board import stage_probabilities
from funneldesk.core.db import Database

PAUSE_MS = 500
"""Scoring starts once requests pause this long, so it never competes with a run of drags."""


class _Relay(QObject):
    finished = Signal(object)


class _Job(QRunnable):
    """Calls ``work()`` on the pool's thread and hands the result (or ``None``) back."""

    def __init__(self, work: Callable[[], object], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._work, self._relay = work, relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception:  # decoration only: the board works without it, so log and go on
            logging.getLogger(__name__).exception("background board figures failed")
            result = None
        self._relay.finished.emit(result)


class ProbabilityLoader(QObject):
    """Learned stage probabilities of a pipeline (DESIGN §3), recomputed after closes."""

    loaded = Signal(int, object)  # pipeline id, {stage id: probability}

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._wanted: int | None = None
        self._running: int | None = None
        self._job: _Job | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._done)
        self._timer = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._timer.timeout.connect(self._start)

    def request(self, pipeline_id: int) -> None:
        self._wanted = pipeline_id
        self._timer.start()

    def _start(self) -> None:
        if self._running is not None or self._wanted is None:
            return
        self._running, self._wanted = self._wanted, None
        pipeline_id = self._running
        self._job = _Job(
            lambda: stage_probabilities(self._db, pipeline_id, learned=True), self._relay
        )
        self._pool.start(self._job)

    def _done(self, result: object) -> None:
        pipeline_id, self._running, self._job = self._running, None, None
        if result is not None and pipeline_id is not None:
            self.loaded.emit(pipeline_id, result)
        if self._wanted is not None:
            self._timer.start()

    def wait(self) -> None:
        self._timer.stop()
        self._wanted = None
        self._pool.waitForDone()


class ScoreLoader(QObject):
    """Batches score requests from every column into one background job at a time."""

    scored = Signal(object)  # dict: deal id → LeadScore

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._pending: set[int] = set()
        self._busy = False
        self._job: _Job | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._done)
        self._timer = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._timer.timeout.connect(self._start)

    def request(self, deal_ids: Iterable[int]) -> None:
        """Score these deals once requests pause (closed or unknown ids are skipped)."""
        self._pending.update(deal_ids)
        if self._pending:
            self._timer.start()

    def _start(self) -> None:
        if self._busy or not self._pending:
            return
        ids, self._pending = sorted(self._pending), set()
        self._busy = True
        from funneldesk.core.lead_score import score_deals  # numpy: loaded after the first paint

        self._job = _Job(lambda: score_deals(self._db, ids), self._relay)
        self._pool.start(self._job)

    def _done(self, scores: object) -> None:
        self._busy = False
        self._job = None
        if scores:
            self.scored.emit(scores)
        if self._pending:
            self._timer.start()

    def wait(self) -> None:
        """Block until the running job ends (before the database is closed)."""
        self._timer.stop()
        self._pending.clear()
        self._pool.waitForDone()
