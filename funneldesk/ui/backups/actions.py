"""File ▸ Back up now and File ▸ Restore from backup…

Restoring first backs up the current data (so a restore can itself be undone from the same
list), then reopens the window on the restored file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDateTime, QLocale, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core.backup import BackupInfo, list_backups
from funneldesk.ui import single_instance
from funneldesk.ui.backups.jobs import backup_job, current_backup_folder
from funneldesk.ui.backups.open_failure import restore_with_progress, safety_copy_note
from funneldesk.ui.context import AppContext
from funneldesk.ui.jobs import run_modal
from funneldesk.ui.theme import heading_font, tabular
from funneldesk.ui.widgets.empty_state import EmptyState


def backup_now(window: QMainWindow, context: AppContext) -> BackupInfo | None:
    """Back up the open database into its backup folder; say where and what it holds."""
    outcome = run_modal(
        window,
        QCoreApplication.translate("BackupActions", "Backing up…"),
        backup_job(context.db.path, "manual"),
        delay_ms=500,
    )
    info = outcome.result
    if outcome.error:
        QMessageBox.warning(
            window, QCoreApplication.translate("BackupActions", "Backup failed"), outcome.error
        )
    elif info is not None:
        context.status_message.emit(
            QCoreApplication.translate("BackupActions", "Backed up: %1 customers, %2 deals.")
            .replace("%1", f"{info.customers:,}")
            .replace("%2", f"{info.deals:,}")
        )
    return info


def kind_label(kind: str) -> str:
    labels = {
        "auto": QT_TRANSLATE_NOOP("RestoreDialog", "Automatic"),
        "manual": QT_TRANSLATE_NOOP("RestoreDialog", "Manual"),
        "before-restore": QT_TRANSLATE_NOOP("RestoreDialog", "Before a restore"),
        "before-upgrade": QT_TRANSLATE_NOOP("RestoreDialog", "Before an upgrade"),
        "refused": QT_TRANSLATE_NOOP("RestoreDialog", "Unreadable file, kept"),
    }
    return QCoreApplication.translate("RestoreDialog", labels[kind]) if kind in labels else kind


class RestoreDialog(QDialog):
    """The backups of one database, newest first, with date, size and counts."""

    COLUMNS = 5

    def __init__(self, parent: QWidget | None, db_path: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Restore from backup"))
        self.resize(720, 440)
        self.folder = current_backup_folder(db_path)
        self.backups = list_backups(self.folder)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        title = QLabel(self.tr("Choose the backup to go back to"))
        title.setFont(heading_font())
        layout.addWidget(title)
        explanation = QLabel(
            self.tr(
                "The data you have now is backed up first, so you can come back to it "
                "from this list."
            )
        )
        explanation.setWordWrap(True)
        layout.addWidget(explanation)

        self.restore_button = QPushButton(self.tr("&Restore"))
        self.restore_button.setDefault(True)
        self.restore_button.setEnabled(False)
        self.table = self._build_table()
        if self.backups:
            layout.addWidget(self.table, 1)
        else:
            layout.addWidget(
                EmptyState(
                    "backup-restore",
                    self.tr("No backups yet"),
                    self.tr(
                        "FunnelDesk backs up automatically while you work; "
                        "use File ▸ Back up now to make one at any time."
                    ),
                ),
                1,
            )

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        folder_button = QPushButton(self.tr("Show &folder"))
        folder_button.setEnabled(self.folder.is_dir())
        folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))
        )
        buttons.addButton(folder_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _build_table(self) -> QTableWidget:
        table = QTableWidget(len(self.backups), self.COLUMNS, self)
        table.setHorizontalHeaderLabels(
            [
                self.tr("Date"),
                self.tr("Kind"),
                self.tr("Customers"),
                self.tr("Deals"),
                self.tr("Size"),
            ]
        )
        table.verticalHeader().hide()
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        locale = QLocale()
        for row, info in enumerate(self.backups):
            when = QDateTime.fromString(info.created_at, Qt.DateFormat.ISODate).toLocalTime()
            cells = [
                locale.toString(when, QLocale.FormatType.ShortFormat),
                kind_label(info.kind),
                "—" if info.customers is None else locale.toString(info.customers),
                "—" if info.deals is None else locale.toString(info.deals),
                locale.formattedDataSize(info.size),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                    item.setFont(tabular(item.font()))
                table.setItem(row, column, item)
        table.itemSelectionChanged.connect(
            lambda: self.restore_button.setEnabled(bool(table.selectedItems()))
        )
        table.doubleClicked.connect(self.accept)
        if self.backups:
            table.selectRow(0)
        return table

    def selected_backup(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None


def restore_dialog(window: QMainWindow, context: AppContext) -> None:
    """Choose a backup, confirm, restore it over the open file and reopen the window."""
    db_path = context.db.path
    dialog = RestoreDialog(window, db_path)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    chosen = dialog.selected_backup()
    if chosen is None:
        return
    when = QLocale().toString(
        QDateTime.fromString(chosen.created_at, Qt.DateFormat.ISODate).toLocalTime(),
        QLocale.FormatType.LongFormat,
    )
    answer = QMessageBox.question(
        window,
        QCoreApplication.translate("BackupActions", "Restore this backup?"),
        QCoreApplication.translate(
            "BackupActions",
            "Go back to the data of %1? What you have now is backed up first and stays in "
            "the list of backups.",
        ).replace("%1", when),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    result = restore_with_progress(window, chosen.path, db_path)
    if result is None:
        return
    new_window = reopen_window(window, context, result.database)
    if new_window is not None and result.safety_copy is not None:
        new_window.statusBar().showMessage(safety_copy_note(result.safety_copy), 60_000)


def reopen_window(window: QMainWindow, context: AppContext, db_path: Path) -> QMainWindow | None:
    """Replace ``window`` by a new one on ``db_path`` (views and undo history start afresh)."""
    from funneldesk.ui.windows import open_window

    view = window.current_view_name() if hasattr(window, "current_view_name") else None
    single_instance.release_window(window)
    new_window = open_window(db_path, view=view)
    if new_window is None:
        return None
    old_db = context.db
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.destroyed.connect(lambda *_: old_db.close())
    window.close()
    return new_window
