"""What every view shares: the open database, the one undo stack, and the change signal.

Views never re-read everything after a change: they listen to :attr:`AppContext.changed`
and refresh from the :class:`~funneldesk.core.changes.ChangeSet` it carries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from funneldesk.core import name_order, search
from funneldesk.core.changes import ChangeSet
from funneldesk.core.db import Database
from funneldesk.core.errors import FunnelDeskError
from funneldesk.core.recorder import revert
from funneldesk.ui.error_messages import translated_error
from funneldesk.ui.jobs import run_modal


class AppContext(QObject):
    """Holds the database and undo stack; emits ``changed`` after every applied change."""

    changed = Signal(object)  # ChangeSet
    status_message = Signal(str)
    navigate = Signal(str, object)  # view name, payload (e.g. {"deal_id": 7})
    rebuilt = Signal()  # derived data was repaired: figures read from it changed

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        name_order.catch_up(db)  # names another program added sort in place from the start
        search.catch_up(db)  # ... and are found by every search (a long queue: index_job)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(200)

    def run(
        self,
        operation: Callable[..., ChangeSet],
        *args: Any,
        parent: QWidget | None = None,
        **kwargs: Any,
    ) -> ChangeSet | None:
        """Run a core operation, push it on the undo stack and announce it.

        A refused operation (validation, missing row) shows its message and changes nothing;
        the caller gets ``None``.
        """
        try:
            changeset = operation(self.db, *args, **kwargs)
        except FunnelDeskError as exc:
            self.show_error(str(exc), parent)
            return None
        self.record(changeset)
        return changeset

    def record(self, changeset: ChangeSet) -> None:
        """Put an operation that has already run (e.g. on the job runner, as an import does)
        on the undo stack and announce it; an empty change set is neither."""
        if changeset:
            self.undo_stack.push(OperationCommand(self, changeset))
            self.changed.emit(changeset)

    def show_error(self, message: str, parent: QWidget | None = None) -> None:
        title = QCoreApplication.translate("AppContext", "FunnelDesk")
        QMessageBox.warning(parent, title, translated_error(message))


LARGE_CHANGE_ROWS = 2000
"""Undoing or redoing more rows than this (an import, say) runs on the job runner behind a
progress dialog, so the window keeps painting while tens of thousands of rows go back."""


class OperationCommand(QUndoCommand):
    """An already-applied operation; undo and redo are themselves operations (revert)."""

    def __init__(self, context: AppContext, changeset: ChangeSet) -> None:
        super().__init__(QCoreApplication.translate("Operations", changeset.label))
        self._context = context
        self._applied = changeset
        self._first_redo = True

    def redo(self) -> None:
        if self._first_redo:  # the change was made before it was pushed
            self._first_redo = False
            return
        self._apply(QCoreApplication.translate("OperationCommand", "Redoing “%1”…"))

    def undo(self) -> None:
        self._apply(QCoreApplication.translate("OperationCommand", "Undoing “%1”…"))

    def _apply(self, progress_label: str) -> None:
        db, applied = self._context.db, self._applied
        if len(applied.rows) > LARGE_CHANGE_ROWS:
            outcome = run_modal(
                QApplication.activeWindow(),
                progress_label.replace("%1", self.text()),
                lambda _progress, _cancelled: revert(db, applied, applied.label),
                cancellable=False,  # one transaction: it cannot stop halfway
            )
            reverted, error = outcome.result, outcome.error
        else:
            try:
                reverted, error = revert(db, applied, applied.label), ""
            except FunnelDeskError as exc:
                reverted, error = None, str(exc)
        if error:
            self.setObsolete(True)
            self._context.show_error(error)
            return
        self._applied = reverted
        self._context.changed.emit(self._applied)
