"""Background sync of a team file, and the status-bar button that shows how it stands.

A sync runs on a worker (never blocking the window) a few seconds after a change, and every
minute. When it fails, the button says why in a word and its tooltip and the Team window say
what to do (``problems.py``), and how it tries again depends on the kind of trouble: while
the hub cannot be reached (or refused the login) it retries with growing pauses, up to ten
minutes — work goes on and waits in the file; a hub an older FunnelDesk set up waits for
its owner, so it looks again only every ten minutes; a hub a newer FunnelDesk set up needs
this computer's FunnelDesk updated, so it stops (the file remembers, so a restart does not
try again either; *Sync now* still does). Changes pulled from the hub reach the views
through the same ``changed`` signal as local ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QToolButton, QWidget

from funneldesk.core.changes import ChangeSet, RowChange
from funneldesk.core.db import Database
from funneldesk.core.sync import status as team_status
from funneldesk.core.sync.tables import SYNCED_TABLES
from funneldesk.ui.context import AppContext
from funneldesk.ui.jobs import BackgroundReader, JobOutcome
from funneldesk.ui.team.problems import Retry, SyncProblem, failed_job_problem, update_needed

AFTER_CHANGE_MS = 3_000
EVERY_MS = 60_000
LONGEST_PAUSE_MS = 600_000


@dataclass(frozen=True)
class SyncState:
    in_team: bool
    unsent: int = 0
    conflicts: int = 0
    syncing: bool = False
    problem: SyncProblem | None = None  # why the last sync failed; None when it worked

    @property
    def waits_for_someone(self) -> bool:
        """Retrying now cannot help: FunnelDesk or the hub must be updated first."""
        return self.problem is not None and self.problem.retry is not Retry.BACK_OFF


def _sync_job(db: Database):  # noqa: ANN202 - a Job
    def work(_progress, _cancelled):  # noqa: ANN001, ANN202
        from funneldesk.core.sync import team  # the PostgreSQL client loads on first sync

        return team.sync(db)

    return work


def pulled_changes() -> ChangeSet:
    """What views are told after a sync brought changes: every shared table may have moved
    (``pipelines`` first, which makes the board rebuild rather than patch)."""
    return ChangeSet("Sync", [RowChange(table, 0, {}, {}) for table in SYNCED_TABLES])


class BackgroundSync(QObject):
    """Runs ``team.sync`` for the open file when it is in a team; emits ``state_changed``."""

    state_changed = Signal(object)  # SyncState

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.problem: SyncProblem | None = None
        self._pause_ms = EVERY_MS
        self.worker = BackgroundReader(self, latest_only=False)
        self.worker.finished.connect(self._synced)
        self.worker.failed_with.connect(self._failed)
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self._sync_by_itself)
        context.changed.connect(self._changed)

    def state(self) -> SyncState:
        found = team_status.status(self.context.db)
        problem = self.problem
        if problem is None and found["update_needed"]:
            problem = update_needed()  # met by an earlier run of this FunnelDesk
        return SyncState(
            in_team=found["hub"] is not None,
            unsent=found["unsent"] or 0,
            conflicts=found["conflicts"] or 0,
            syncing=self.worker.busy,
            problem=problem,
        )

    def start(self) -> None:
        """Sync soon if the file is in a team (after joining, or when the window opens)."""
        self.problem, self._pause_ms = None, EVERY_MS
        state = self.state()
        self.state_changed.emit(state)
        if state.in_team and not state.waits_for_someone:
            self.timer.start(AFTER_CHANGE_MS)

    def sync_now(self) -> None:
        """Sync at once (the Team window's button: also when retrying seems futile)."""
        if self.context.db.read_only or not self.state().in_team or self.worker.busy:
            return
        self.worker.request(_sync_job(self.context.db))
        self.state_changed.emit(self.state())

    def stop(self) -> None:
        self.timer.stop()
        self.worker.wait()

    def _sync_by_itself(self) -> None:
        """The timer's sync, unless the file remembers a hub too new for this FunnelDesk
        (met by the command line, or before this window opened)."""
        if self.problem is not None or not team_status.update_needed(self.context.db):
            self.sync_now()
        else:
            self.state_changed.emit(self.state())

    def _changed(self, changes: ChangeSet) -> None:
        if changes.label == "Sync":
            return
        state = self.state()
        self.state_changed.emit(state)
        if state.in_team and state.problem is None:
            self.timer.start(AFTER_CHANGE_MS)

    def _synced(self, result) -> None:  # noqa: ANN001 - team.SyncResult
        self.problem = None
        self._pause_ms = EVERY_MS
        self.timer.start(EVERY_MS)
        if result.pulled:
            self.context.changed.emit(pulled_changes())
        self.state_changed.emit(self.state())

    def _failed(self, outcome: JobOutcome) -> None:
        """Say why, and try again as the kind of trouble allows (see the module docstring)."""
        self.problem = failed_job_problem(outcome)
        if self.problem.retry is Retry.BACK_OFF:
            self.timer.start(self._pause_ms)
            self._pause_ms = min(self._pause_ms * 2, LONGEST_PAUSE_MS)
        elif self.problem.retry is Retry.RARELY:  # the hub's owner may upgrade it any time
            self.timer.start(LONGEST_PAUSE_MS)
        else:
            self.timer.stop()
        self.state_changed.emit(self.state())


class SyncButton(QToolButton):
    """The status-bar button: synced ✓ / syncing… / offline / N unsent / N conflicts."""

    def __init__(self, sync: BackgroundSync, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoRaise(True)
        sync.state_changed.connect(self.show_state)

    def show_state(self, state: SyncState) -> None:
        self.setVisible(state.in_team)
        tip = self.tr("Team sync: click for the team, conflicts and sync now")
        if state.waits_for_someone:
            text, tip = state.problem.label, state.problem.message
        elif state.conflicts:
            text = self.tr("%n conflicts", "", state.conflicts)
        elif state.problem is not None:
            text, tip = state.problem.label, state.problem.message
        elif state.syncing:
            text = self.tr("Syncing…")
        elif state.unsent:
            text = self.tr("%n unsent", "", state.unsent)
        else:
            text = self.tr("Synced ✓")
        self.setText(text)
        self.setToolTip(tip)
