"""File ▸ Import contacts: pick a file, check the columns, import, see which rows to fix.

The steps a salesperson goes through: a file picker; a preview of the first rows with a
field chosen for each column (recognised headers pre-filled, any column can be changed or
ignored) and what to do with contacts already in FunnelDesk; the import on a worker thread
with progress and Cancel; a summary listing each row that was rejected or lost a value, by
the row number the user sees in their spreadsheet. The whole import is one undo step.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core.errors import Cancelled
from funneldesk.core.importing import (
    TARGETS,
    ImportFileError,
    ImportResult,
    SourceTable,
    guess_mapping,
    import_table,
    open_source,
    preview,
)
from funneldesk.core.importing.encodings import CHOICES as ENCODING_CHOICES
from funneldesk.core.importing.headers import has_name_columns
from funneldesk.core.importing.problems import save_problems_csv
from funneldesk.core.importing.records import SourceRow, cell_text
from funneldesk.core.search import update_search_index
from funneldesk.ui import preferences
from funneldesk.ui.context import AppContext
from funneldesk.ui.jobs import ModalJob
from funneldesk.ui.theme import heading_font, semantic
from funneldesk.ui.widgets.button_row import button_row
from funneldesk.ui.widgets.muted_label import muted_label

SHOWN_PROBLEMS = 2000
SHOWN_SKIPPED = 5  # skipped duplicates named in the summary before "and n more"
"""Rows listed in the summary; a longer list is saved to a file with "Save list…"."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportDialog", text)


def target_labels() -> dict[str, str]:
    """The field names shown in the mapping combo boxes (translated)."""
    return {
        "name": _tr("Name"),
        "family_name": _tr("Family name"),
        "given_name": _tr("Given name"),
        "middle_name": _tr("Middle name"),
        "company": _tr("Company"),
        "title": _tr("Title"),
        "phone": _tr("Phone"),
        "email": _tr("E-mail"),
        "address": _tr("Address"),
        "city": _tr("City"),
        "source": _tr("Source"),
        "spending_level": _tr("Spending level"),
        "purchase_frequency": _tr("Purchase frequency"),
        "satisfaction": _tr("Satisfaction"),
        "notes": _tr("Notes"),
        "owner": _tr("Owner"),
        "contact_every_days": _tr("Keep in touch every (days)"),
        "birthday": _tr("Birthday"),
        "anniversary": _tr("Anniversary"),
        "other_dates": _tr("Other dates"),
        "preferences": _tr("Preferences"),
    }


def encoding_labels() -> dict[str, str]:
    """The text encodings offered when the detected one reads wrong (translated)."""
    return {
        "utf-8": _tr("UTF-8 (Unicode)"),
        "gb18030": _tr("GB18030 / GBK (Simplified Chinese)"),
        "big5": _tr("Big5 (Traditional Chinese)"),
        "windows-1252": _tr("Windows-1252 (Western European)"),
        "windows-1250": _tr("Windows-1250 (Central European)"),
        "windows-1251": _tr("Windows-1251 (Cyrillic)"),
        "shift_jis": _tr("Shift-JIS (Japanese)"),
        "euc-kr": _tr("EUC-KR (Korean)"),
        "utf-16": _tr("UTF-16 (Unicode)"),
        "utf-16-le": _tr("UTF-16 LE (Unicode)"),
        "utf-16-be": _tr("UTF-16 BE (Unicode)"),
    }


def run_import_dialog(window: QWidget, context: AppContext) -> None:
    """Ask for a file, then run the import dialog on it."""
    path, _ = QFileDialog.getOpenFileName(
        window,
        _tr("Import contacts"),
        str(preferences.last_folder(preferences.IMPORT_FOLDER_KEY)),
        _tr("Contacts (*.csv *.txt *.tsv *.xlsx *.vcf);;All files (*)"),
    )
    if not path:
        return
    preferences.remember_folder(preferences.IMPORT_FOLDER_KEY, path)
    ImportDialog(context, Path(path), window).exec()


class ImportDialog(QDialog):
    """Mapping step, then the summary; the import itself runs between them on a worker."""

    def __init__(self, context: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.path = path
        self.result: ImportResult | None = None
        self.table: SourceTable | None = None
        self.combos: list[QComboBox] = []
        self.setWindowTitle(self.tr("Import contacts"))
        self.resize(960, 560)
        self.pages = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(self.pages)
        self.mapping_page = self._build_mapping_page()
        self.summary_page = QWidget()
        self.pages.addWidget(self.mapping_page)
        self.pages.addWidget(self.summary_page)
        self._load()

    # -- mapping step --------------------------------------------------------------------
    def _build_mapping_page(self) -> QWidget:
        page = QWidget()
        self.title = QLabel(self.tr("Check the columns"))
        self.title.setFont(heading_font())
        self.subtitle = muted_label()
        self.subtitle.setWordWrap(True)
        self.grid = QTableWidget()
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.grid.verticalHeader().setDefaultSectionSize(28)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.duplicates = QComboBox()
        self.duplicates.addItem(
            self.tr("Skip contacts whose phone or e-mail is already known"), "skip"
        )
        self.duplicates.addItem(
            self.tr("Merge them into the existing card (fill empty fields)"), "merge"
        )
        self.duplicates.addItem(self.tr("Import them as new cards anyway"), "keep")
        self.encoding = QComboBox()
        self.encoding.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.encoding.activated.connect(self._encoding_chosen)
        self.encoding_note = QLabel()
        self.encoding_note.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {semantic('lost').name()};")
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        self.encoding_row = QWidget()  # hidden for a workbook, which has no text encoding
        encoding_row = QHBoxLayout(self.encoding_row)
        encoding_row.setContentsMargins(0, 0, 0, 0)
        encoding_row.addWidget(self.encoding)
        encoding_row.addWidget(self.encoding_note, 1)
        self.encoding_label = QLabel(self.tr("Text encoding:"))
        options = QGridLayout()
        options.setColumnStretch(1, 1)
        options.addWidget(self.encoding_label, 0, 0)
        options.addWidget(self.encoding_row, 0, 1)
        options.addWidget(QLabel(self.tr("Contacts already in FunnelDesk:")), 1, 0)
        options.addWidget(self.duplicates, 1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.warning, 1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.grid, 1)
        layout.addLayout(options)
        layout.addLayout(buttons)
        return page

    def _load(self, encoding: str | None = None) -> None:
        """Read the preview (in ``encoding``, or the one the file's bytes suggest)."""
        try:
            table, rows = preview(self.path, encoding=encoding)
        except ImportFileError as exc:
            self.subtitle.setText(self.path.name)
            self.warning.setText(str(exc))
            self.import_button.setEnabled(False)
            return
        keep = self.mapping() if self.table and self.table.headers == table.headers else None
        self.table = table
        self._fill_grid(table, rows, keep)
        self._show_encoding(table, rows, detected=encoding is None)
        self.subtitle.setText(
            self.tr(
                "%1 · about %Ln rows · choose what each column holds; the first rows are shown.",
                "",
                table.total,
            ).replace("%1", self.path.name)
        )
        self._check_mapping()
        self.import_button.setFocus()

    def _show_encoding(self, table: SourceTable, rows: list[SourceRow], detected: bool) -> None:
        """The encoding the preview was read in; the list offers the usual others."""
        self.encoding_row.setVisible(table.encoding is not None)
        self.encoding_label.setVisible(table.encoding is not None)
        if table.encoding is None:
            return
        if detected:
            labels = encoding_labels()
            self.encoding.clear()
            for name in dict.fromkeys((table.encoding, *ENCODING_CHOICES)):
                label = labels.get(name, name)
                if name == table.encoding:
                    label = self.tr("%1 (found in the file)").replace("%1", label)
                self.encoding.addItem(label, name)
        self.encoding.setCurrentIndex(self.encoding.findData(table.encoding))
        unreadable = any(row.problems for row in rows)
        self.encoding_note.setStyleSheet(
            f"color: {semantic('lost').name()};"
            if unreadable
            else "color: palette(placeholder-text);"
        )
        self.encoding_note.setText(
            self.tr("Some characters cannot be read in this encoding (shown as �): choose another.")
            if unreadable
            else self.tr("If names look garbled, choose the encoding the file was saved in.")
        )

    def _encoding_chosen(self) -> None:
        if self.table is not None and self.encoding.currentData() != self.table.encoding:
            self._load(self.encoding.currentData())

    def _fill_grid(
        self, table: SourceTable, rows: list[SourceRow], mapping: list[str | None] | None = None
    ) -> None:
        headers = table.headers
        labels = target_labels()
        chosen = mapping if mapping is not None else guess_mapping(headers)
        self.grid.clear()
        self.combos = []
        self.grid.setColumnCount(len(headers))
        self.grid.setRowCount(len(rows) + 1)
        self.grid.setHorizontalHeaderLabels([h or self.tr("(no header)") for h in headers])
        self.grid.setVerticalHeaderLabels([self.tr("Field")] + [str(r.number) for r in rows])
        for column, target in enumerate(chosen):
            combo = QComboBox()
            combo.addItem(self.tr("(ignore)"), None)
            for key in TARGETS:
                combo.addItem(labels[key], key)
            combo.setCurrentIndex(combo.findData(target) if target else 0)
            combo.currentIndexChanged.connect(self._check_mapping)
            self.combos.append(combo)
            self.grid.setCellWidget(0, column, combo)
        for row_index, row in enumerate(rows, start=1):
            for column in range(len(headers)):
                value = row.cells[column] if column < len(row.cells) else None
                text = cell_text(value).replace("\n", " ⏎ ")
                item = QTableWidgetItem(text[:200])
                item.setToolTip(text[:2000])
                self.grid.setItem(row_index, column, item)
        for column in range(len(headers)):
            self.grid.setColumnWidth(column, 150)

    def mapping(self) -> list[str | None]:
        return [combo.currentData() for combo in self.combos]

    def _check_mapping(self) -> None:
        mapping = self.mapping()
        ok = has_name_columns(mapping)
        self.import_button.setEnabled(ok)
        recognised = sum(1 for m in mapping if m)
        self.warning.setText(
            "" if ok else self.tr("Choose the column that holds the names (or the company).")
        )
        self.import_button.setText(
            self.tr("Import (%1 of %2 columns)")
            .replace("%1", str(recognised))
            .replace("%2", str(len(mapping)))
        )

    # -- import --------------------------------------------------------------------------
    def start_import(self) -> None:
        if self.table is None:
            return
        mapping = self.mapping()
        duplicates = self.duplicates.currentData()
        fmt, encoding = self.table.format, self.table.encoding
        db = self.context.db

        def job(progress, cancelled) -> ImportResult:  # noqa: ANN001 (Qt signal callables)
            result = import_table(
                db,
                open_source(self.path, fmt, encoding),
                mapping,
                duplicates=duplicates,
                progress=progress,
                building=building,
                cancelled=cancelled,
            )
            # What is not indexed when Cancel is pressed stays queued for the next search.
            with contextlib.suppress(Cancelled):
                update_search_index(db, searching, cancelled)
            return result

        runner = ModalJob(self, self.tr("Importing contacts…"), job)
        building = runner.stage(self.tr("Building the customer indexes…"))
        searching = runner.stage(self.tr("Indexing for search…"))
        outcome = runner.run()
        if outcome.error:
            self.warning.setText(outcome.error)
            return
        self.result = outcome.result
        self.context.record(self.result.changeset)
        self.context.status_message.emit(self._imported_text(self.result))
        self._show_summary(self.result)

    # -- summary -------------------------------------------------------------------------
    def _show_summary(self, result: ImportResult) -> None:
        headline = QLabel(self._imported_text(result))
        headline.setFont(heading_font())
        details: list[str] = []
        if result.cancelled:
            details.append(
                self.tr("The import was stopped; the rows before that point were imported.")
            )
        if result.skipped:
            details.append(self._skipped_text(result))
        if result.errors:
            details.append(
                self.tr(
                    "%Ln rows need a look: fix them in your file and import just those rows again.",
                    "",
                    len(result.errors),
                )
            )
        else:
            details.append(self.tr("Every row was read without a problem."))
        if result.encoding:
            details.append(
                self.tr("The file was read as %1.").replace(
                    "%1", encoding_labels().get(result.encoding, result.encoding)
                )
            )
        if result.changeset:
            details.append(self.tr("Edit ▸ Undo (Ctrl+Z) removes the whole import."))
        text = QLabel("\n".join(details))
        text.setWordWrap(True)
        shown = result.errors[:SHOWN_PROBLEMS]
        if len(result.errors) > len(shown):
            details.append(
                self.tr(
                    "The first %1 are listed; “Save list…” writes all of them to a file."
                ).replace("%1", f"{len(shown):,}")
            )
            text.setText("\n".join(details))
        self.problems = QTableWidget(len(shown), 2)
        self.problems.setHorizontalHeaderLabels([self.tr("Row"), self.tr("What to fix")])
        self.problems.verticalHeader().setVisible(False)
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setWordWrap(True)
        self.problems.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for index, problem in enumerate(shown):
            row_item = QTableWidgetItem()
            row_item.setData(Qt.ItemDataRole.DisplayRole, problem.row)
            row_item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.problems.setItem(index, 0, row_item)
            message = QTableWidgetItem(problem.message)
            message.setToolTip(problem.message)
            self.problems.setItem(index, 1, message)
        self.problems.resizeRowsToContents()
        self.problems.setVisible(bool(result.errors))
        close = QPushButton(self.tr("Close"))
        close.setDefault(True)
        close.clicked.connect(self.accept)
        save = QPushButton(self.tr("Save list…"))
        save.setVisible(bool(result.errors))
        save.clicked.connect(self.save_problems)
        buttons = button_row([save], [close])
        layout = QVBoxLayout(self.summary_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(headline)
        layout.addWidget(text)
        layout.addWidget(self.problems, 1)
        if not result.errors:
            layout.addStretch(1)
        layout.addLayout(buttons)
        self.pages.setCurrentWidget(self.summary_page)

    def _imported_text(self, result: ImportResult) -> str:
        return self.tr("Imported %Ln contacts", "", result.imported)

    def _skipped_text(self, result: ImportResult) -> str:
        """Who was left out as already known, by name and row: the first few, then a count."""
        lines = [self.tr("%Ln skipped because they are already in FunnelDesk:", "", result.skipped)]
        named = result.skipped_rows[:SHOWN_SKIPPED]
        lines += [
            "• " + self.tr("%1 (row %2)").replace("%2", str(s.row)).replace("%1", s.name)
            for s in named
        ]
        if result.skipped > len(named):
            lines.append("• " + self.tr("and %Ln more", "", result.skipped - len(named)))
        return "\n".join(lines)

    def save_problems(self) -> None:
        """Write every row to fix (with its reason) to a CSV file the user chooses."""
        if self.result is None:
            return
        suggested = self.path.with_name(f"{self.path.stem} - rows to fix.csv")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save rows to fix"), str(suggested), self.tr("CSV file (*.csv)")
        )
        if not path:
            return
        try:
            count = save_problems_csv(self.result.errors, path)
        except OSError as exc:
            self.context.show_error(f"{exc.strerror or exc}: {path}", self)
            return
        self.context.status_message.emit(
            self.tr("Saved %Ln rows to fix to %1", "", count).replace("%1", path)
        )
