"""An import on the undo stack, undone and redone on a worker thread.

Undoing an import removes every contact it added (a revert of its change set, one
transaction). For a phone book that is instant; for 100,000 rows it takes long enough that
the window must keep painting and say what it is doing, so unlike small edits
(:class:`~funneldesk.ui.context.OperationCommand`) the revert runs off the UI thread behind
a progress dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication

from funneldesk.core.changes import ChangeSet
from funneldesk.core.db import revert
from funneldesk.ui.context import AppContext
from funneldesk.ui.jobs import run_modal


class ImportCommand(QUndoCommand):
    """The already-applied import; undo removes it, redo puts it back."""

    def __init__(self, context: AppContext, changeset: ChangeSet) -> None:
        super().__init__(QCoreApplication.translate("Operations", changeset.label))
        self._context = context
        self._applied = changeset
        self._first_redo = True

    def redo(self) -> None:
        if self._first_redo:  # the import was written before it was pushed
            self._first_redo = False
            return
        self._apply(QCoreApplication.translate("ImportCommand", "Importing the contacts again…"))

    def undo(self) -> None:
        self._apply(QCoreApplication.translate("ImportCommand", "Removing the imported contacts…"))

    def _apply(self, label: str) -> None:
        db, applied = self._context.db, self._applied
        outcome = run_modal(
            QApplication.activeWindow(),
            label,
            lambda _progress, _cancelled: revert(db, applied, applied.label),
            cancellable=False,
        )
        if outcome.error:
            self.setObsolete(True)
            self._context.show_error(outcome.error)
            return
        self._applied = outcome.result
        self._context.changed.emit(self._applied)
