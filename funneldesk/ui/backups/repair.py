"""The open-time self-check: offer to repair what the file's schema lacks.

Just after the window has painted, the cheap check of ``core/integrity.py`` (milliseconds)
compares the file with its schema. When another program dropped a trigger or an index, or
left the derived tables off, a dialog says what it means and offers the repair; it runs on
a worker behind a progress dialog with Cancel (``ui/jobs.py``). Until it is done the statistics refuse to
compute from the stale data (the funnel view says so) rather than show wrong numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from funneldesk.ui.error_messages import translated_error
from funneldesk.ui.jobs import run_modal

if TYPE_CHECKING:
    from funneldesk.core.integrity import IntegrityReport
    from funneldesk.ui.context import AppContext

CHECK_DELAY_MS = 300
"""Let the window paint first: the check and what it imports stay off the start-up path."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("RepairOffer", text)


def offer_repair_after_show(window: QMainWindow, context: AppContext) -> None:
    """Run the self-check once the window has painted (the dialog then sits over it).

    Not for a file opened read-only: nothing could be repaired (the Funnel view still says
    why it shows no statistics)."""
    if not context.db.read_only:
        QTimer.singleShot(CHECK_DELAY_MS, window, lambda: offer_repair(window, context))


def offer_repair(window: QWidget, context: AppContext) -> bool:
    """Check the open file; when it lacks something, ask and repair. True when repaired."""
    from funneldesk.core import integrity  # imported when first needed (start-up time)

    report = integrity.open_check(context.db)
    if report.sound or not report.repairable or not ask_to_repair(window, report):
        return False
    outcome = run_modal(
        window,
        _tr("Repairing the database…"),
        lambda progress, cancelled: integrity.repair(context.db, report, progress, cancelled),
    )
    if outcome.error:
        QMessageBox.warning(window, _tr("Repair failed"), translated_error(outcome.error))
    if not outcome.ok:
        return False
    context.rebuilt.emit()
    context.status_message.emit(_tr("The database was repaired."))
    return True


def ask_to_repair(parent: QWidget, report: IntegrityReport) -> bool:
    """The dialog: what was found, what it means for the user, and Repair / Later."""
    from funneldesk.core import integrity

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_tr("Repair database"))
    box.setText(_tr("FunnelDesk found problems in this file that it can repair."))
    advice = [
        _tr(
            "Another program changed this file: parts FunnelDesk keeps up to date for the "
            "statistics and the search are missing or out of date."
        )
    ]
    if integrity.FACTS.name in report.stale():
        advice.append(_tr("Until they are repaired, the statistics are not shown."))
    advice.append(
        _tr(
            "Repairing changes none of your customers, deals or notes: it rebuilds only what "
            "FunnelDesk derives from them."
        )
    )
    box.setInformativeText("\n\n".join(advice))
    box.setDetailedText("\n".join(finding.message for finding in report.findings))
    repair = box.addButton(_tr("&Repair now"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_tr("&Later"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(repair)
    box.exec()
    return box.clickedButton() is repair
