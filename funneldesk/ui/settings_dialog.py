"""File ▸ Settings: preferences of this computer and settings of the open database.

Two groups because they live in two places: language, theme and backup folder belong to
the computer (``ui/preferences.py``, QSettings); currency, reminder default, the 29 February
rule and the default pipeline travel with the file and change through one undoable
operation (``core/settings_ops.set_settings``). *Exchange rates…* opens Settings ▸
Currencies (``ui/currencies_dialog.py``), whose changes are undoable operations of their own.

The theme applies at once. A new language offers "Restart now", which brings every window
back on the same file and view in that language (``ui/restart.py`` says why a restart);
"Later" keeps it for the next start.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import backup
from funneldesk.core.pipelines import list_pipelines
from funneldesk.core.settings_ops import file_settings, set_settings
from funneldesk.ui import preferences, restart
from funneldesk.ui.context import AppContext
from funneldesk.ui.icons import clear_cache
from funneldesk.ui.theme import apply_theme, semantic
from funneldesk.ui.widgets.dialog_buttons import confirm_cancel

COMMON_CURRENCIES = ("CNY", "USD", "EUR", "HKD", "TWD", "JPY", "GBP", "SGD", "AUD", "CAD")

# Each language is named in itself, so a user can find theirs whatever the current language.
LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}


class SettingsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(480)
        self._stored = file_settings(context.db)
        self.language_changed = False  # set on OK: the chosen language is not the one shown

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(16)
        layout.addWidget(self._computer_group())
        layout.addWidget(self._database_group())
        buttons = confirm_cancel(self)
        layout.addWidget(buttons)

    # -- this computer -------------------------------------------------------------------
    def _computer_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("This computer"))
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.language = QComboBox()
        system_name = LANGUAGE_NAMES[preferences.system_language()]
        self.language.addItem(self.tr("System default (%1)").replace("%1", system_name), "system")
        for code in preferences.LANGUAGE_CHOICES[1:]:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self._select(self.language, preferences.language())
        form.addRow(self.tr("&Language:"), self.language)
        self.language_note = QLabel(
            self.tr("FunnelDesk restarts to show a new language, on the same file and view.")
        )
        self.language_note.setWordWrap(True)
        self.language_note.setStyleSheet(f"color: {semantic('muted').name()};")
        form.addRow("", self.language_note)

        self.theme = QComboBox()
        self.theme.addItem(self.tr("Follow the system"), "system")
        self.theme.addItem(self.tr("Light"), "light")
        self.theme.addItem(self.tr("Dark"), "dark")
        self._select(self.theme, preferences.theme())
        form.addRow(self.tr("&Theme:"), self.theme)

        self.backup_folder = QLineEdit()
        folder = preferences.backup_folder()
        self.backup_folder.setText(str(folder) if folder else "")
        if folder is None:  # the root in use is the default one
            self.backup_folder.setPlaceholderText(
                self.tr("Default: %1").replace("%1", str(backup.backup_root()))
            )
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._choose_backup_folder)
        row = QHBoxLayout()
        row.addWidget(self.backup_folder, 1)
        row.addWidget(browse)
        label = QLabel(self.tr("&Backup folder:"))
        label.setBuddy(self.backup_folder)
        form.addRow(label, row)
        return group

    # -- this database -------------------------------------------------------------------
    def _database_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("This database"))
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.currency = QComboBox()
        self.currency.setEditable(True)
        self.currency.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.currency.addItems(COMMON_CURRENCIES)
        self.currency.setCurrentText(self._stored["currency"] or "")
        self.currency.setToolTip(
            self.tr("Three-letter code used for new deals; every total is shown in it")
        )
        self.currencies_button = QPushButton(self.tr("Exchange &rates…"))
        self.currencies_button.setToolTip(
            self.tr("Rates that convert deals in other currencies for every total")
        )
        self.currencies_button.clicked.connect(self._open_currencies)
        currency_row = QHBoxLayout()
        currency_row.addWidget(self.currency, 1)
        currency_row.addWidget(self.currencies_button)
        currency_label = QLabel(self.tr("&Currency:"))  # a row of two: the label needs its buddy
        currency_label.setBuddy(self.currency)
        form.addRow(currency_label, currency_row)

        self.remind_days = QSpinBox()
        self.remind_days.setRange(0, 365)
        self.remind_days.setValue(int(self._stored["remind_days_before"] or 7))
        self.remind_days.setSuffix(self.tr(" days before"))
        self.remind_days.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.remind_days.setToolTip(self.tr("Used for important dates added from now on"))
        form.addRow(self.tr("&Remind me:"), self.remind_days)

        self.feb29 = QComboBox()
        locale = QLocale()
        for month, day in ((2, 28), (3, 1)):
            name = locale.toString(
                QDate(2001, month, day),
                self.tr("d MMMM", "date format for a day and month without year"),
            )
            self.feb29.addItem(name, f"{month:02d}-{day:02d}")
        self._select(self.feb29, self._stored["feb29_in_common_years"])
        form.addRow(self.tr("29 February &in common years:"), self.feb29)

        self.pipeline = QComboBox()
        self.pipeline.addItem(self.tr("First pipeline"), None)
        for pipeline in list_pipelines(self.context.db):
            self.pipeline.addItem(pipeline.name, str(pipeline.id))
        self._select(self.pipeline, self._stored["default_pipeline_id"])
        form.addRow(self.tr("Default &pipeline:"), self.pipeline)
        return group

    # -- applying ------------------------------------------------------------------------
    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))

    def _open_currencies(self) -> None:
        from funneldesk.ui.currencies_dialog import open_currencies

        open_currencies(self, self.context)

    def _choose_backup_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Backup folder"), self.backup_folder.text()
        )
        if folder:
            self.backup_folder.setText(folder)

    def file_changes(self) -> dict[str, str | None]:
        """The database settings whose value differs from what is stored."""
        wanted = {
            "currency": self.currency.currentText().strip(),
            "remind_days_before": str(self.remind_days.value()),
            "feb29_in_common_years": self.feb29.currentData(),
            "default_pipeline_id": self.pipeline.currentData(),
        }
        return {key: value for key, value in wanted.items() if value != self._stored[key]}

    def accept(self) -> None:
        """Store the database settings first: when they are refused, nothing is applied."""
        changes = self.file_changes()
        if changes and self.context.run(set_settings, changes, parent=self) is None:
            return
        preferences.set_language(self.language.currentData())
        running = QApplication.instance().property("funneldesk_language") or "en"
        self.language_changed = preferences.effective_language() != running
        preferences.set_backup_folder(self.backup_folder.text())
        backup.use_backup_root(preferences.backup_folder())
        theme = self.theme.currentData()
        if theme != preferences.theme():
            preferences.set_theme(theme)
            apply_theme(QApplication.instance(), theme)
            clear_cache()
        super().accept()


def open_settings(window: QWidget, context: AppContext) -> None:
    """File ▸ Settings…; a new language offers to restart at once."""
    dialog = SettingsDialog(context, window)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.language_changed:
        return
    if not (restart.offer_restart(window) and restart.restart_app()):
        context.status_message.emit(
            QCoreApplication.translate(
                "SettingsDialog", "The new language is used after FunnelDesk restarts."
            )
        )
