"""File ▸ Team…: create or join a team (with a connection test), see how the file stands,
put back overwritten values, sync now, or leave."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core.sync import status as team_status
from funneldesk.ui.context import AppContext
from funneldesk.ui.jobs import run_modal
from funneldesk.ui.team.background import BackgroundSync, pulled_changes
from funneldesk.ui.team.problems import failed_job_problem
from funneldesk.ui.widgets.button_row import button_row


def _address(server: str, password: str) -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo(server.strip(), password=password) if password else server.strip()


def _test_job(address: str, allow_insecure: bool):  # noqa: ANN202 - a Job
    def work(_progress, _cancelled):  # noqa: ANN001, ANN202
        from funneldesk.core.sync import credentials, hub

        secured = credentials.secured(address, allow_insecure_lan=allow_insecure)
        with hub.connect(secured) as conn:
            found = hub.guarded(lambda: hub.version(conn))
        if found > hub.HUB_VERSION:
            raise hub.HubNewerError(found, hub.HUB_VERSION)
        return found

    return work


def _membership_job(action: str, context: AppContext, address: str, member: str, insecure: bool):  # noqa: ANN202
    def work(progress, _cancelled):  # noqa: ANN001, ANN202
        from funneldesk.core.sync import team

        run = team.create if action == "create" else team.join
        return run(context.db, address, member, allow_insecure_lan=insecure, progress=progress)

    return work


class TeamDialog(QDialog):
    def __init__(
        self, context: AppContext, sync: BackgroundSync, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.sync = sync
        self.setWindowTitle(self.tr("Team"))
        self.resize(900, 480)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_join_page())
        self.pages.addWidget(self._build_member_page())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(close)
        sync.state_changed.connect(lambda _state: self.refresh())
        self.refresh()

    # -- not in a team -------------------------------------------------------------------
    def _build_join_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            self.tr(
                "Share your pipeline and customers with your team through a PostgreSQL "
                "database (the hub). Everyone keeps a complete file and can work offline."
            )
        )
        intro.setWordWrap(True)
        self.server = QLineEdit()
        self.server.setPlaceholderText(self.tr("postgresql://anna@office-pc/funneldesk"))
        self.member = QLineEdit()
        self.member.setPlaceholderText(self.tr("Your name, as the team sees it"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.insecure = QCheckBox(
            self.tr("The hub is on our office network and has no TLS certificate (not recommended)")
        )
        form = QFormLayout()
        form.addRow(self.tr("Hub address:"), self.server)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow(self.tr("Your name:"), self.member)
        form.addRow("", self.insecure)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        test = QPushButton(self.tr("Test connection"))
        test.clicked.connect(self.test_connection)
        create = QPushButton(self.tr("Create team"))
        create.setToolTip(self.tr("Prepare the hub and upload this file (the first member)"))
        create.clicked.connect(lambda: self.become_member("create"))
        join = QPushButton(self.tr("Join team"))
        join.setDefault(True)
        join.clicked.connect(lambda: self.become_member("join"))
        buttons = button_row([test], [create, join])
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.test_result)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def test_connection(self) -> None:
        if not self.server.text().strip():
            self.test_result.setText(self.tr("Enter the hub's address first."))
            return
        outcome = run_modal(
            self,
            self.tr("Connecting to the hub…"),
            _test_job(
                _address(self.server.text(), self.password.text()), self.insecure.isChecked()
            ),
            cancellable=False,
        )
        if not outcome.ok:
            self.test_result.setText(failed_job_problem(outcome).message)
        elif outcome.result:
            self.test_result.setText(self.tr("Connected. A team is set up on this hub: join it."))
        else:
            self.test_result.setText(
                self.tr("Connected. No team on this hub yet: Create team sets it up.")
            )

    def become_member(self, action: str) -> None:
        member = self.member.text().strip()
        if not self.server.text().strip() or not member:
            self.test_result.setText(self.tr("Enter the hub's address and your name."))
            return
        label = (
            self.tr("Creating the team…") if action == "create" else self.tr("Joining the team…")
        )
        address = _address(self.server.text(), self.password.text())
        self.sync.stop()
        outcome = run_modal(
            self,
            label,
            _membership_job(action, self.context, address, member, self.insecure.isChecked()),
            cancellable=False,
        )
        if not outcome.ok:
            self.test_result.setText(failed_job_problem(outcome).message)
            return
        self.password.clear()
        self.context.undo_stack.clear()  # row ids may have changed: old undo steps no longer apply
        self.context.changed.emit(pulled_changes())
        self.sync.start()
        self.refresh()

    # -- in a team -----------------------------------------------------------------------
    def _build_member_page(self) -> QWidget:
        page = QWidget()
        self.summary = QLabel()
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Record"),
                self.tr("Field"),
                self.tr("Overwritten value"),
                self.tr("By"),
                self.tr("Kept value"),
            ]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        restore = QPushButton(self.tr("Put back the overwritten value"))
        restore.clicked.connect(self.restore_selected)
        sync_now = QPushButton(self.tr("Sync now"))
        sync_now.clicked.connect(self.sync.sync_now)
        leave = QPushButton(self.tr("Leave team…"))
        leave.clicked.connect(self.leave)
        buttons = button_row([restore], [sync_now, leave])
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("Values overwritten by a later edit:")))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        return page

    def refresh(self) -> None:
        found = team_status.status(self.context.db)
        self.pages.setCurrentIndex(0 if found["hub"] is None else 1)
        if found["hub"] is None:
            return
        problem = self.sync.state().problem
        where = self.tr("online") if problem is None else problem.label
        self.summary.setText(
            self.tr("Hub: %1 (%2)\nYou are: %3 · unsent changes: %4 · last sync: %5")
            .replace("%1", found["hub"])
            .replace("%2", where)
            .replace("%3", found["member"])
            .replace("%4", f"{found['unsent']:,}")
            .replace("%5", _moment(found["last_sync"]) or self.tr("never"))
            + (f"\n\n{problem.message}" if problem is not None else "")
        )
        rows = team_status.conflicts(self.context.db)
        self.table.setRowCount(len(rows))
        for r, conflict in enumerate(rows):
            cells = (
                self._record(conflict),
                QCoreApplication.translate(
                    "Fields", conflict["col"].replace("_", " ").capitalize()
                ),
                _shown(conflict["lost_value"]),
                f"{conflict['lost_member']} · {_moment(conflict['lost_at'])}",
                f"{_shown(conflict['kept_value'])} ({conflict['kept_member']})",
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, conflict["id"])
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    def _record(self, conflict: dict) -> str:
        kinds = {
            "customers": self.tr("Customer"),
            "deals": self.tr("Deal"),
            "activities": self.tr("Activity"),
            "interactions": self.tr("Contact"),
            "pipelines": self.tr("Pipeline"),
            "stages": self.tr("Stage"),
            "settings": self.tr("Setting"),
        }
        kind = kinds.get(conflict["tbl"], conflict["tbl"])
        name = conflict["record"] or self.tr("(deleted)")
        return f"{kind}: {name}"

    def restore_selected(self) -> None:
        selected = self.table.selectionModel().selectedRows()
        if not selected:
            return
        conflict_id = self.table.item(selected[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        self.context.run(team_status.restore_conflict, conflict_id, parent=self)
        self.refresh()

    def leave(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Leave team"),
            self.tr(
                "Stop syncing this file? It keeps everything it has now and becomes a "
                "single-user file; changes not yet sent stay only here."
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        from funneldesk.core.sync import team

        self.sync.stop()
        try:
            team.leave(self.context.db)
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a traceback
            self.context.show_error(str(exc), self)
        self.sync.start()
        self.refresh()


def _moment(stamp: str | None) -> str:
    """``2026-12-07T11:38:18Z`` as ``2026-12-07 11:38:18`` (UTC, as stored)."""
    return (stamp or "").replace("T", " ").rstrip("Z")


def _shown(value: object) -> str:
    return "" if value is None else str(value)


def open_team_dialog(window: QWidget, context: AppContext) -> None:
    """File ▸ Team…"""
    sync = getattr(window, "team_sync", None) or BackgroundSync(context, window)
    TeamDialog(context, sync, window).exec()
