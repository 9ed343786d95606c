"""File ▸ Export: the Excel report, customers or deals as CSV, dates as a calendar file.

Each action asks where to save, runs the core writer on a worker thread with progress and
Cancel, and answers in the status bar (or a message when the file could not be written).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import exporting
from funneldesk.core.clock import today
from funneldesk.core.db import Database
from funneldesk.core.jobs import CancelCheck, Progress
from funneldesk.ui import preferences
from funneldesk.ui.context import AppContext
from funneldesk.ui.jobs import run_modal
from funneldesk.ui.transfer.saved_file import offer_to_open
from funneldesk.ui.widgets.dialog_buttons import confirm_cancel


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExportActions", text)


class PeriodDialog(QDialog):
    """Which deals the report's funnel covers: all time or a recent period. It starts from
    the period the Funnel view shows, so the report repeats what the user was looking at."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export report"))
        self.choice = QComboBox()
        self.choice.addItem(self.tr("All time"), None)
        for days in (7, 30, 90, 365):
            self.choice.addItem(self.tr("Last %1 days").replace("%1", str(days)), days)
        self.choice.addItem(self.tr("This year"), "year")
        self._start_from_the_funnel_view()
        explanation = QLabel(
            self.tr(
                "The funnel and its figures cover deals created in this period; the Deals "
                "and Customers sheets list every row."
            )
        )
        explanation.setWordWrap(True)
        explanation.setStyleSheet("color: palette(placeholder-text);")
        form = QFormLayout()
        form.addRow(self.tr("Period:"), self.choice)
        buttons = confirm_cancel(self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Choose file…"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        layout.addLayout(form)
        layout.addWidget(explanation)
        layout.addWidget(buttons)

    def _start_from_the_funnel_view(self) -> None:
        shown, since, until = preferences.funnel_period()
        if shown == "custom":
            if since is None or until is None:
                return
            first, last = sorted((since, until))
            self.choice.addItem(f"{first.isoformat()} – {last.isoformat()}", (first, last))
            self.choice.setCurrentIndex(self.choice.count() - 1)
            return
        index = self.choice.findData(
            None if shown == "all" else int(shown) if shown.isdigit() else -1
        )
        if index >= 0:
            self.choice.setCurrentIndex(index)

    def period(self, on: date) -> tuple[date | None, date | None]:
        """``(since, until)`` of the chosen period (both ``None`` for all time)."""
        value = self.choice.currentData()
        if value is None:
            return None, None
        if isinstance(value, tuple):
            return value
        if value == "year":
            return date(on.year, 1, 1), on
        return on - timedelta(days=int(value) - 1), on


def _save_path(parent: QWidget, title: str, name: str, file_filter: str) -> Path | None:
    folder = preferences.last_folder(preferences.EXPORT_FOLDER_KEY)
    path, _ = QFileDialog.getSaveFileName(parent, title, str(folder / name), file_filter)
    if not path:
        return None
    preferences.remember_folder(preferences.EXPORT_FOLDER_KEY, path)
    return Path(path)


def _run(
    window: QWidget,
    context: AppContext,
    path: Path,
    label: str,
    job: Callable[..., object],
) -> bool:
    outcome = run_modal(window, label, job)
    if outcome.cancelled:
        context.status_message.emit(_tr("Export cancelled; no file was written."))
        return False
    if outcome.error:
        QMessageBox.warning(
            window,
            _tr("Export failed"),
            _tr("%1 could not be written: %2")
            .replace("%1", path.name)
            .replace("%2", outcome.error),
        )
        return False
    context.status_message.emit(_tr("Saved %1").replace("%1", str(path)))
    offer_to_open(window, path)
    return True


def export_report(window: QWidget, context: AppContext) -> None:
    dialog = PeriodDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    on = today()
    since, until = dialog.period(on)
    path = _save_path(
        window,
        _tr("Export report"),
        f"FunnelDesk report {on.isoformat()}.xlsx",
        _tr("Excel workbook (*.xlsx)"),
    )
    if path is None:
        return
    from funneldesk.core.report import write_report

    app = QCoreApplication.instance()
    language = app.property("funneldesk_language") if app is not None else None
    _run(
        window,
        context,
        path,
        _tr("Writing the report…"),
        lambda progress, cancelled: write_report(
            context.db,
            path,
            since=since,
            until=until,
            progress=progress,
            cancelled=cancelled,
            language=str(language) if language else None,
        ),
    )


def export_customers_csv(window: QWidget, context: AppContext) -> None:
    _export_file(
        window,
        context,
        (_tr("Export customers"), "customers.csv", _tr("CSV file (*.csv)")),
        _tr("Exporting customers…"),
        exporting.export_customers_csv,
    )


def export_deals_csv(window: QWidget, context: AppContext) -> None:
    _export_file(
        window,
        context,
        (_tr("Export deals"), "deals.csv", _tr("CSV file (*.csv)")),
        _tr("Exporting deals…"),
        exporting.export_deals_csv,
    )


def export_calendar(window: QWidget, context: AppContext) -> None:
    _export_file(
        window,
        context,
        (_tr("Export dates to calendar"), "FunnelDesk dates.ics", _tr("iCalendar file (*.ics)")),
        _tr("Exporting dates…"),
        exporting.export_calendar,
    )


def _export_file(
    window: QWidget,
    context: AppContext,
    save_as: tuple[str, str, str],
    label: str,
    writer: Callable[[Database, Path, Progress, CancelCheck], object],
) -> None:
    """Ask where to save (dialog title, suggested name, file filter), then run ``writer``
    on the open database with progress and Cancel."""
    path = _save_path(window, *save_as)
    if path is not None:
        _run(
            window,
            context,
            path,
            label,
            lambda progress, cancelled: writer(context.db, path, progress, cancelled),
        )
