"""Computing a funnel report off the UI thread.

The view asks for a report with a generation number; only the answer to the latest request
is shown, so a burst of moves on the board costs one visible refresh, never a stale one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from funneldesk.core.analytics import compute_funnel
from funneldesk.core.db import Database
from funneldesk.core.errors import FunnelDeskError


@dataclass(frozen=True)
class FunnelRequest:
    pipeline_id: int | None
    since: date | None
    until: date | None
    compare: bool


class _Job(QRunnable):
    def __init__(
        self, db: Database, request: FunnelRequest, generation: int, relay: ReportRelay
    ) -> None:
        super().__init__()
        self._db = db
        self._request = request
        self._generation = generation
        self._relay = relay

    def run(self) -> None:
        request = self._request
        try:
            report = compute_funnel(
                self._db,
                request.pipeline_id,
                request.since,
                request.until,
                compare=request.compare,
                with_activity=False,
            )
        except FunnelDeskError as exc:
            self._relay.failed.emit(self._generation, str(exc))
            return
        self._relay.finished.emit(self._generation, report)


class ReportRelay(QObject):
    """Runs report jobs on a private one-thread pool and hands back the latest answer."""

    finished = Signal(int, object)  # generation, FunnelReport
    failed = Signal(int, str)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.generation = 0

    def request(self, request: FunnelRequest) -> int:
        self.generation += 1
        self._pool.start(_Job(self._db, request, self.generation, self))
        return self.generation

    def is_latest(self, generation: int) -> bool:
        return generation == self.generation

    def wait(self) -> None:
        """Block until queued jobs are done (closing the view, tests)."""
        self._pool.waitForDone()
