"""Background sync of a team file, and the status-bar button that shows how it stands.

A sync runs on a worker (never blocking the window) a few seconds after a change, and every
minute; while the hub cannot be reached it retries with growing pauses (up to ten minutes)
and the button says "Offline" — work goes on and waits in the file. A hub set up by an older
FunnelDesk is not "offline": retrying cannot help until its owner upgrades it, so the button
names whom to ask and the sync looks again only every ten minutes (or on *Sync now*).
Changes pulled from the hub reach the views through the same ``changed`` signal as local
ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QToolButton, QWidget

from funneldesk.core.changes import ChangeSet, RowChange
from funneldesk.core.db import Database
from funneldesk.core.sync import status as team_status
from funneldesk.core.sync.tables import SYNCED_TABLES
from funneldesk.ui.context import AppContext
from funneldesk.ui.jobs import BackgroundReader

AFTER_CHANGE_MS = 3_000
EVERY_MS = 60_000
LONGEST_PAUSE_MS = 600_000


@dataclass(frozen=True)
class SyncState:
    in_team: bool
    unsent: int = 0
    conflicts: int = 0
    offline: bool = False
    syncing: bool = False
    upgrade_by: str | None = None  # the hub is outdated: who may upgrade it


def upgrade_message(owner: str) -> str:
    """What to do about a hub an older FunnelDesk set up (shown by the button and the Team
    window)."""
    return QCoreApplication.translate(
        "BackgroundSync",
        "The team's hub needs an upgrade: ask %1 to update FunnelDesk and sync, or to run "
        "`funneldesk team create` once more. Your changes wait in this file.",
    ).replace("%1", owner)


def _sync_job(db: Database):  # noqa: ANN202 - a Job
    def work(_progress, _cancelled):  # noqa: ANN001, ANN202
        from funneldesk.core.sync import team  # the PostgreSQL client loads on first sync

        try:
            return team.sync(db)
        except team.HubOutdatedError as exc:  # not a failure to retry: the owner must act
            return exc

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
        self.offline = False
        self.upgrade_by: str | None = None
        self._pause_ms = EVERY_MS
        self.worker = BackgroundReader(self, latest_only=False)
        self.worker.finished.connect(self._synced)
        self.worker.failed.connect(self._failed)
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.sync_now)
        context.changed.connect(self._changed)

    def state(self) -> SyncState:
        found = team_status.status(self.context.db)
        return SyncState(
            in_team=found["hub"] is not None,
            unsent=found["unsent"] or 0,
            conflicts=found["conflicts"] or 0,
            offline=self.offline,
            syncing=self.worker.busy,
            upgrade_by=self.upgrade_by,
        )

    def start(self) -> None:
        """Sync soon if the file is in a team (after joining, or when the window opens)."""
        self.state_changed.emit(self.state())
        if self.state().in_team:
            self.timer.start(AFTER_CHANGE_MS)

    def sync_now(self) -> None:
        if self.context.db.read_only or not self.state().in_team or self.worker.busy:
            return
        self.worker.request(_sync_job(self.context.db))
        self.state_changed.emit(self.state())

    def stop(self) -> None:
        self.timer.stop()
        self.worker.wait()

    def _changed(self, changes: ChangeSet) -> None:
        if changes.label == "Sync":
            return
        self.state_changed.emit(self.state())
        if self.state().in_team and not (self.offline or self.upgrade_by):
            self.timer.start(AFTER_CHANGE_MS)

    def _synced(self, result) -> None:  # noqa: ANN001 - team.SyncResult or HubOutdatedError
        self.offline = False
        self._pause_ms = EVERY_MS
        self.upgrade_by = getattr(result, "owner", None)
        if self.upgrade_by:  # look again now and then, as the owner may upgrade it any time
            self.timer.start(LONGEST_PAUSE_MS)
            self.state_changed.emit(self.state())
            return
        self.timer.start(EVERY_MS)
        if result.pulled:
            self.context.changed.emit(pulled_changes())
        self.state_changed.emit(self.state())

    def _failed(self, message: str) -> None:
        """Offline (or the hub refused): try again later, waiting longer each time."""
        self.offline = True
        self.last_error = message
        self.timer.start(self._pause_ms)
        self._pause_ms = min(self._pause_ms * 2, LONGEST_PAUSE_MS)
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
        if state.upgrade_by:
            text = self.tr("Hub needs an upgrade")
            tip = upgrade_message(state.upgrade_by)
        elif state.conflicts:
            text = self.tr("%n conflicts", "", state.conflicts)
        elif state.offline:
            text = self.tr("Offline")
        elif state.syncing:
            text = self.tr("Syncing…")
        elif state.unsent:
            text = self.tr("%n unsent", "", state.unsent)
        else:
            text = self.tr("Synced ✓")
        self.setText(text)
        self.setToolTip(tip)
