"""The first start: a welcome with "Open demo data" and "Import contacts" (STYLE: empty states).

Shown by the Today view while the file has no customers and no deals.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from funneldesk.ui.context import AppContext
from funneldesk.ui.icons import icon
from funneldesk.ui.jobs import JobOutcome, ModalJob
from funneldesk.ui.theme import ACCENT, heading_font
from funneldesk.ui.today.demo_job import DEMO_CUSTOMERS, demo_job, new_demo_path


class WelcomePage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.job: ModalJob | None = None
        self.demo_customers = DEMO_CUSTOMERS

        picture = QLabel()
        picture.setPixmap(icon("hand-wave-outline", ACCENT).pixmap(QSize(64, 64)))
        title = QLabel(self.tr("Welcome to FunnelDesk"))
        title.setFont(heading_font(scale=1.6))
        text = QLabel(
            self.tr(
                "Start each day here: birthdays and other dates to greet, follow-ups that are "
                "due and deals that have gone quiet. Try it with demo data, or bring in your "
                "own contacts."
            )
        )
        text.setWordWrap(True)
        text.setFixedWidth(520)
        text.setMinimumHeight(text.heightForWidth(520))  # wrapped text keeps all its lines
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setStyleSheet("color: palette(placeholder-text);")

        self.demo_button = QPushButton(
            icon("database-eye-outline", "#ffffff"), self.tr("Open demo data")
        )
        self.demo_button.setObjectName("primaryButton")
        self.demo_button.setMinimumWidth(220)
        self.demo_button.clicked.connect(self.open_demo)
        self.import_button = QPushButton(icon("file-import-outline"), self.tr("Import contacts…"))
        self.import_button.setMinimumWidth(220)
        self.import_button.clicked.connect(self.import_contacts)
        self.new_button = QPushButton(icon("account-plus-outline"), self.tr("Add a customer"))
        self.new_button.setMinimumWidth(220)
        self.new_button.setFlat(True)
        self.new_button.clicked.connect(self.new_customer)

        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (picture, title, text):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        for widget in (self.demo_button, self.import_button, self.new_button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def new_customer(self) -> None:
        from funneldesk.ui.card.dialog import open_customer_card

        open_customer_card(self, self.context, None)

    def import_contacts(self) -> None:
        from funneldesk.ui.transfer.import_dialog import run_import_dialog  # on first use

        run_import_dialog(self.window(), self.context)

    def open_demo(self) -> None:
        """Generate demo data into a new file (worker thread, Cancel) and open it."""
        language = str(QApplication.instance().property("funneldesk_language") or "en")
        self.job = ModalJob(
            self,
            self.tr("Creating demo customers, deals and history…"),
            demo_job(new_demo_path(), language, self.demo_customers),
        )
        self.job.finished.connect(self._demo_finished)
        self.demo_button.setEnabled(False)
        self.job.start()

    def _demo_finished(self, outcome: JobOutcome) -> None:
        self.job.deleteLater()
        self.job = None
        self.demo_button.setEnabled(True)
        if outcome.error:
            QMessageBox.warning(self, self.tr("Demo data"), outcome.error)
        if outcome.ok:
            self.open_database(str(outcome.result))

    def open_database(self, path: str) -> None:
        """Open ``path`` in a new main window and close this one (as File › Open does)."""
        from funneldesk.ui.windows import open_window

        current = self.window()
        window = open_window(path, parent_window=current)
        if window is not None and current is not window and current.inherits("QMainWindow"):
            current.close()
        if window is not None:
            self.context.status_message.emit(
                QCoreApplication.translate("WelcomePage", "Opened demo data: %1").replace(
                    "%1", path
                )
            )
