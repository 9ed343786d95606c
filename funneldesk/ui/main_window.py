"""The application window: navigation rail, its views, menus, toolbar and status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from funneldesk import APP_NAME, __version__
from funneldesk.core.summary import database_counts
from funneldesk.ui import focus_return, preferences
from funneldesk.ui.context import AppContext
from funneldesk.ui.icons import icon
from funneldesk.ui.team.background import BackgroundSync, SyncButton
from funneldesk.ui.theme import heading_font
from funneldesk.ui.views import VIEWS, view_spec
from funneldesk.ui.widgets.muted_label import muted_label

if TYPE_CHECKING:
    from funneldesk.ui.activities.reminders import Reminders

# File-menu entries whose dialogs live in other modules: (key, shortcut, icon); a separator
# comes before each key of FILE_GROUPS.
FEATURE_ACTIONS = (
    ("import", "Ctrl+I", "file-import-outline"),
    ("export_report", "Ctrl+E", "microsoft-excel"),
    ("export_customers_csv", "", "file-delimited-outline"),
    ("export_deals_csv", "", "file-delimited-outline"),
    ("export_calendar", "", "calendar-export"),
    ("backup_now", "", "backup-restore"),
    ("restore", "", "history"),
    ("team", "", "account-group-outline"),
    ("settings", "Ctrl+,", "cog-outline"),
)
FILE_GROUPS = frozenset({"import", "export_report", "backup_now", "team", "settings"})


def run_feature(key: str, window: QMainWindow, context: AppContext) -> None:
    """Open the dialog behind a File-menu entry. Its module is imported here, on first use:
    import, export and backup code is not needed to show the window."""
    from funneldesk.ui import settings_dialog
    from funneldesk.ui.activities import dialog as activity_dialog
    from funneldesk.ui.backups import actions as backups
    from funneldesk.ui.duplicates import window as duplicates
    from funneldesk.ui.festivals import settings_dialog as festivals
    from funneldesk.ui.team import dialog as team_dialog
    from funneldesk.ui.transfer import export_actions, import_dialog

    handlers = {
        "import": import_dialog.run_import_dialog,
        "export_report": export_actions.export_report,
        "export_customers_csv": export_actions.export_customers_csv,
        "export_deals_csv": export_actions.export_deals_csv,
        "export_calendar": export_actions.export_calendar,
        "backup_now": backups.backup_now,
        "restore": backups.restore_dialog,
        "team": team_dialog.open_team_dialog,
        "settings": settings_dialog.open_settings,
        "find_duplicates": duplicates.open_duplicates,
        "festival_greetings": festivals.open_festival_settings,
        "plan_activity": activity_dialog.plan_activity,
    }
    handlers[key](window, context)


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        focus_return.install(QApplication.instance())
        title = self.tr("%1 (read-only) — FunnelDesk") if context.db.read_only else None
        title = title or self.tr("%1 — FunnelDesk")
        self.setWindowTitle(title.replace("%1", context.db.path.name))
        self.setMinimumSize(QSize(960, 600))
        self.actions_by_key: dict[str, QAction] = {}
        self._views: dict[str, QWidget] = {}
        self.remember_state = True  # False for unattended runs (--screenshot)
        self.restarting = False  # True while closing to restart (ui/restart.py)
        self.reminders: Reminders | None = (
            None  # set by install_reminders (ui/activities/reminders.py)
        )
        self._icon_names: dict[str, str] = {}

        self._nav = self._build_nav()
        self._stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_rail(self._nav))
        layout.addWidget(self._stack, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()

        context.navigate.connect(self.open_view)
        context.status_message.connect(lambda text: self.statusBar().showMessage(text, 4000))
        context.changed.connect(lambda _changes: self._counts_timer.start())
        self._restore_window_state()

    # -- navigation ----------------------------------------------------------------------
    def _build_rail(self, nav: QListWidget) -> QWidget:
        """The left rail: the app's mark above its views."""
        rail = QWidget()
        rail.setObjectName("navRail")
        rail.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        rail.setFixedWidth(184)
        brand_icon = QLabel()
        brand_icon.setPixmap(QApplication.windowIcon().pixmap(QSize(28, 28)))
        brand_name = QLabel("FunnelDesk")
        brand_name.setFont(heading_font(scale=1.2))
        brand = QHBoxLayout()
        brand.setContentsMargins(8, 0, 0, 0)
        brand.setSpacing(8)
        brand.addWidget(brand_icon)
        brand.addWidget(brand_name, 1)
        layout = QVBoxLayout(rail)
        layout.setContentsMargins(8, 16, 8, 8)
        layout.setSpacing(16)
        layout.addLayout(brand)
        layout.addWidget(nav, 1)
        return rail

    def _build_nav(self) -> QListWidget:
        nav = QListWidget()
        nav.setObjectName("navList")
        nav.setIconSize(QSize(20, 20))
        nav.setSpacing(2)
        nav.setFrameShape(QListWidget.Shape.NoFrame)
        nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        nav.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for spec in VIEWS:
            item = QListWidgetItem(icon(spec.icon), spec.translated_title())
            item.setData(Qt.ItemDataRole.UserRole, spec.name)
            item.setSizeHint(QSize(160, 40))
            item.setToolTip(
                self.tr("%1 (Ctrl+%2)")
                .replace("%1", spec.translated_title())
                .replace("%2", str(VIEWS.index(spec) + 1))
            )
            nav.addItem(item)
        nav.currentRowChanged.connect(lambda row: self.open_view(VIEWS[row].name))
        return nav

    def view(self, name: str) -> QWidget:
        """The view called ``name``, built the first time it is asked for."""
        if name not in self._views:
            widget = view_spec(name).load()(self.context)
            self._views[name] = widget
            self._stack.addWidget(widget)
        return self._views[name]

    def open_view(self, name: str, payload: object = None) -> None:
        widget = self.view(name)
        self._stack.setCurrentWidget(widget)
        row = [spec.name for spec in VIEWS].index(name)
        if self._nav.currentRow() != row:
            self._nav.blockSignals(True)
            self._nav.setCurrentRow(row)
            self._nav.blockSignals(False)
        if payload is not None and hasattr(widget, "show_payload"):
            widget.show_payload(payload)

    def current_view_name(self) -> str:
        return VIEWS[max(self._nav.currentRow(), 0)].name

    # -- menus and toolbar ---------------------------------------------------------------
    def _action(
        self,
        key: str,
        text: str,
        shortcut: str | QKeySequence.StandardKey = "",
        icon_name: str = "",
    ) -> QAction:
        action = QAction(icon(icon_name) if icon_name else QAction().icon(), text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        self.actions_by_key[key] = action
        if icon_name:
            self._icon_names[key] = icon_name
        return action

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt naming)
        """Icons are drawn in the text colour: redraw them when the palette changes."""
        if event.type() == QEvent.Type.PaletteChange:
            self._refresh_icons()
        super().changeEvent(event)

    def _refresh_icons(self) -> None:
        for key, name in self._icon_names.items():
            if key in self.actions_by_key:
                self.actions_by_key[key].setIcon(icon(name))
        for row, spec in enumerate(VIEWS):
            item = self._nav.item(row)
            if item is not None:
                item.setIcon(icon(spec.icon))

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu(self.tr("&File"))
        new_db = self._action(
            "new_database", self.tr("&New database…"), "", "database-plus-outline"
        )
        new_db.triggered.connect(self._new_database)
        open_db = self._action(
            "open_database",
            self.tr("&Open database…"),
            QKeySequence.StandardKey.Open,
            "folder-open-outline",
        )
        open_db.triggered.connect(self._open_database)
        file_menu.addActions([new_db, open_db])
        file_menu.addSeparator()
        translated = {
            "import": self.tr("&Import contacts…"),
            "export_report": self.tr("&Export report…"),
            "export_customers_csv": self.tr("Export customers as CSV…"),
            "export_deals_csv": self.tr("Export deals as CSV…"),
            "export_calendar": self.tr("Export dates to calendar…"),
            "backup_now": self.tr("&Back up now"),
            "restore": self.tr("&Restore from backup…"),
            "team": self.tr("&Team…"),
            "settings": self.tr("&Settings…"),
        }
        for key, shortcut, icon_name in FEATURE_ACTIONS:
            if key in FILE_GROUPS:
                file_menu.addSeparator()
            action = self._action(key, translated[key], shortcut, icon_name)
            action.triggered.connect(lambda _=False, k=key: run_feature(k, self, self.context))
            file_menu.addAction(action)
        file_menu.addSeparator()
        quit_action = self._action(
            "quit", self.tr("&Quit"), QKeySequence.StandardKey.Quit, "exit-to-app"
        )
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = menu_bar.addMenu(self.tr("&Edit"))
        undo = self.context.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setIcon(icon("undo"))
        self._icon_names.update(undo="undo", redo="redo")
        redo = self.context.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.StandardKey.Redo])
        redo.setIcon(icon("redo"))
        self.actions_by_key.update(undo=undo, redo=redo)
        edit_menu.addActions([undo, redo])
        edit_menu.addSeparator()
        find = self._action("find", self.tr("&Find…"), QKeySequence.StandardKey.Find, "magnify")
        find.triggered.connect(self._focus_search)
        edit_menu.addAction(find)

        customers_menu = menu_bar.addMenu(self.tr("&Customers"))
        for key, text, icon_name in (
            ("find_duplicates", self.tr("Find &duplicates…"), "account-multiple-check-outline"),
            ("festival_greetings", self.tr("Festival &greetings…"), "party-popper"),
        ):
            action = self._action(key, text, "", icon_name)
            action.triggered.connect(lambda _=False, k=key: run_feature(k, self, self.context))
            customers_menu.addAction(action)

        activities_menu = menu_bar.addMenu(self.tr("&Activities"))
        plan = self._action(
            "plan_activity", self.tr("&Plan activity…"), "Ctrl+Shift+A", "calendar-plus"
        )
        plan.triggered.connect(lambda: run_feature("plan_activity", self, self.context))
        activities_menu.addAction(plan)
        activities_menu.addSeparator()
        tray = self._action(
            "keep_in_tray", self.tr("Keep running in the &tray when closed"), "", "tray-arrow-down"
        )
        tray.setCheckable(True)
        tray.setChecked(preferences.keep_in_tray())
        tray.toggled.connect(preferences.set_keep_in_tray)
        activities_menu.addAction(tray)

        view_menu = menu_bar.addMenu(self.tr("&View"))
        for index, spec in enumerate(VIEWS, start=1):
            action = self._action(
                f"view_{spec.name}", spec.translated_title(), f"Ctrl+{index}", spec.icon
            )
            action.triggered.connect(lambda _=False, name=spec.name: self.open_view(name))
            view_menu.addAction(action)

        help_menu = menu_bar.addMenu(self.tr("&Help"))
        about = self._action("about", self.tr("&About FunnelDesk"), "", "information-outline")
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("Main toolbar"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.setIconSize(QSize(18, 18))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        short_texts = {
            "undo": self.tr("Undo"),
            "redo": self.tr("Redo"),
            "import": self.tr("Import"),
            "export_report": self.tr("Excel report"),
            "backup_now": self.tr("Back up"),
        }
        for key in ("undo", "redo"):
            toolbar.addWidget(self._toolbar_button(key, short_texts[key], text_beside=False))
        extras = [
            key for key in ("import", "export_report", "backup_now") if key in self.actions_by_key
        ]
        if extras:
            toolbar.addSeparator()
            for key in extras:
                toolbar.addWidget(self._toolbar_button(key, short_texts[key]))
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

    def _toolbar_button(self, key: str, text: str, *, text_beside: bool = True) -> QToolButton:
        """A toolbar button with a short label; the menu keeps the action's full text."""
        action = self.actions_by_key[key]
        button = QToolButton()
        button.setDefaultAction(action)
        button.setText(text)
        button.setAutoRaise(True)
        button.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonTextBesideIcon
            if text_beside
            else Qt.ToolButtonStyle.ToolButtonIconOnly
        )
        button.setToolTip(f"{action.toolTip()} ({action.shortcut().toString()})".replace(" ()", ""))
        action.changed.connect(lambda: button.setText(text))
        return button

    def _build_status_bar(self) -> None:
        self._path_label = muted_label(str(self.context.db.path.resolve()))
        self._counts_label = QLabel()
        self.statusBar().addWidget(self._path_label, 1)
        self.statusBar().addPermanentWidget(self._counts_label)
        self.team_sync = BackgroundSync(self.context, self)
        sync_button = SyncButton(self.team_sync)
        sync_button.clicked.connect(lambda: run_feature("team", self, self.context))
        self.statusBar().addPermanentWidget(sync_button)
        self.team_sync.start()
        self._counts_timer = QTimer(self, singleShot=True, interval=250)
        self._counts_timer.timeout.connect(self.refresh_counts)
        self.refresh_counts()

    def refresh_counts(self) -> None:
        counts = database_counts(self.context.db)
        self._counts_label.setText(
            self.tr("%Ln customers", "", counts.customers)
            + " · "
            + self.tr("%Ln open deals", "", counts.open_deals)
        )

    # -- handlers ------------------------------------------------------------------------
    def _focus_search(self) -> None:
        widget = self._stack.currentWidget()
        if widget is not None and hasattr(widget, "focus_search"):
            widget.focus_search()
        else:
            self.open_view("customers")
            view = self.view("customers")
            if hasattr(view, "focus_search"):
                view.focus_search()

    def _database_filter(self) -> str:
        return self.tr("FunnelDesk database (*.sqlite *.db *.funneldesk);;All files (*)")

    def _new_database(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("New database"), "", self._database_filter()
        )
        if path:
            self._switch_database(path)

    def _open_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open database"), "", self._database_filter()
        )
        if path:
            self._switch_database(path)

    def _switch_database(self, path: str) -> None:
        from funneldesk.ui.windows import open_window

        window = open_window(path, parent_window=self)
        if window is not None:
            self.close()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About FunnelDesk"),
            self.tr(
                "<h3>FunnelDesk %1</h3><p>An offline CRM for salespeople: customer cards, "
                "a pipeline board, a sales funnel and Excel reports.</p>"
                "<p>Your data stays in one file on this computer:<br><code>%2</code></p>"
            )
            .replace("%1", __version__)
            .replace("%2", str(self.context.db.path)),
        )

    # -- window state --------------------------------------------------------------------
    def _restore_window_state(self) -> None:
        geometry, state = preferences.window_layout()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt naming)
        if (
            self.reminders is not None
            and not self.restarting
            and self.reminders.keeps_running(event)
        ):
            return
        if self.remember_state:
            preferences.remember_window(
                self.saveGeometry(), self.saveState(), self.current_view_name()
            )
        self.team_sync.stop()  # a sync in flight finishes before the file closes
        super().closeEvent(event)


__all__ = ["MainWindow", "APP_NAME"]
