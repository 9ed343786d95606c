"""Lead scores for the cards on screen, computed on a worker thread.

Scoring reads features and may fit a model, which takes far longer than a frame on a big
database; cards are painted first and their score badges fill in when the scores arrive.
Reads use the worker thread's own read-only connection (see ``Database.reader``).
"""

from __future__ import annotations

import importlib
import importlib.util
import sqlite3
from collections.abc import Iterable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from funneldesk.core.db import Database
from funneldesk.core.errors import FunnelDeskError

MODULE = "funneldesk.core.lead_score"
PAUSE_MS = 500
"""Scoring starts once requests pause this long, so it never competes with a run of drags."""


def lead_scores_available() -> bool:
    """Whether the lead score module is installed (the badge is left out without it)."""
    return importlib.util.find_spec(MODULE) is not None


class _Relay(QObject):
    finished = Signal(object)


class _ScoreJob(QRunnable):
    def __init__(self, db: Database, deal_ids: list[int], relay: _Relay) -> None:
        super().__init__()
        self._db, self._ids, self._relay = db, deal_ids, relay

    def run(self) -> None:
        try:
            scores = importlib.import_module(MODULE).score_deals(self._db, self._ids)
        except (FunnelDeskError, sqlite3.Error, ValueError):
            scores = {}  # a score is decoration: the board works without it
        self._relay.finished.emit(scores)


class ScoreLoader(QObject):
    """Batches score requests from every column into one background job at a time."""

    scored = Signal(object)  # dict: deal id → LeadScore

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._pending: set[int] = set()
        self._busy = False
        self._job: _ScoreJob | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._available = lead_scores_available()
        self._relay = _Relay(self)
        self._relay.finished.connect(self._done)
        self._timer = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._timer.timeout.connect(self._start)

    def request(self, deal_ids: Iterable[int]) -> None:
        """Score these deals once requests pause (closed or unknown ids are skipped)."""
        if not self._available:
            return
        self._pending.update(deal_ids)
        if self._pending:
            self._timer.start()

    def _start(self) -> None:
        if self._busy or not self._pending:
            return
        ids, self._pending = sorted(self._pending), set()
        self._busy = True
        self._job = _ScoreJob(self._db, ids, self._relay)  # referenced until it has run
        self._job.setAutoDelete(False)
        self._pool.start(self._job)

    def _done(self, scores: dict) -> None:
        self._busy = False
        self._job = None
        self.scored.emit(scores)
        if self._pending:
            self._timer.start()

    def wait(self) -> None:
        """Block until the running job ends (before the database is closed)."""
        self._timer.stop()
        self._pending.clear()
        self._pool.waitForDone()
