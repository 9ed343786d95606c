"""Reminders of planned activities: a desktop notification at ``remind_min_before``.

:class:`Reminders` looks every :data:`CHECK_MS` at the activities whose reminder moment
passed since its last look (``activities.reminders_between``: open ones only, so a done or
deleted activity never reminds) and shows each as a tray notification; clicking it opens
the activity. The time comes from ``core/clock``, so tests drive it with a fake clock.

How far this computer has reminded is kept per file (``preferences.reminders_seen_until``):
reminders that fell while FunnelDesk was closed are listed once at the next start. With the
tray setting on, closing the window hides it to the system tray and reminders keep coming.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import activities, clock
from funneldesk.core.activities import Activity
from funneldesk.ui import labels, preferences
from funneldesk.ui.activities.dialog import activity_name, open_activity, plan_activity
from funneldesk.ui.context import AppContext

CHECK_MS = 20_000
SEEN_FORMAT = "%Y-%m-%dT%H:%M"
MESSAGE_MS = 15_000


def reminder_text(item: Activity) -> tuple[str, str]:
    """Title and body of one notification: what, with whom, when."""
    when = item.due_time or labels.relative_days((item.due_date - clock.today()).days)
    title = f"{when} · {activity_name(item)}"
    body = item.customer_name
    if item.deal_title:
        body = f"{body} — {item.deal_title}"
    return title, body


class Reminders(QObject):
    """Reminds of the activities of one window's file while the app runs."""

    reminded = Signal(object)  # Activity: a notification was shown for it

    def __init__(self, window: QMainWindow, context: AppContext) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.shown: list[int] = []  # ids reminded in this session, latest last
        self.tray = QSystemTrayIcon(QApplication.windowIcon(), self)
        self.tray.setToolTip(window.windowTitle())
        self.tray.messageClicked.connect(self._open_latest)
        self.tray.activated.connect(self._tray_activated)
        self.tray.setContextMenu(self._tray_menu())
        seen = preferences.reminders_seen_until(context.db.path)
        self.last = clock.local_now()
        self.missed = (
            activities.reminders_between(
                context.db, datetime.strptime(seen, SEEN_FORMAT), self.last
            )
            if seen
            else []
        )
        self._remember(self.last)
        self.timer = QTimer(self, interval=CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def show_tray(self) -> None:
        """Put the icon in the system tray, if the desktop has one. Asking the desktop can
        take a moment (a D-Bus round trip), so this runs after the window is up; a headless
        run (the offscreen platform) has no desktop to ask."""
        if QApplication.platformName() != "offscreen" and QSystemTrayIcon.isSystemTrayAvailable():
            self.tray.show()

    def _tray_menu(self) -> QMenu:
        menu = QMenu(self.window)
        menu.addAction(self.tr("Open FunnelDesk"), self.show_window)
        menu.addAction(self.tr("Plan activity…"), lambda: plan_activity(self.window, self.context))
        menu.addSeparator()
        menu.addAction(self.tr("Quit"), QApplication.quit)
        return menu

    def check(self) -> list[Activity]:
        """Notify every reminder due since the last look; returns them."""
        now = clock.local_now()
        if now <= self.last:
            return []
        due = activities.reminders_between(self.context.db, self.last, now)
        self.last = now
        self._remember(now)
        for item in due:
            self.notify(item)
        return due

    def notify(self, item: Activity) -> None:
        self.shown.append(item.id)
        title, body = reminder_text(item)
        if self.tray.isVisible():
            self.tray.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)
        else:  # no system tray (some desktops): the status bar says it instead
            self.context.status_message.emit(f"{title} — {body}")
        self.reminded.emit(item)

    def show_missed(self) -> None:
        """List the reminders that fell while FunnelDesk was closed (once, at start)."""
        if self.missed:
            MissedReminders(self.context, self.missed, self.window).show()
            self.missed = []

    def _open_latest(self) -> None:
        if self.shown:
            self.show_window()
            open_activity(self.window, self.context, self.shown[-1])

    def _tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.show_window()

    def show_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def keeps_running(self, event: QCloseEvent) -> bool:
        """Closing the window hides it to the tray when the user chose so (and there is one)."""
        if not (preferences.keep_in_tray() and self.tray.isVisible()):
            return False
        event.ignore()
        self.window.hide()
        return True

    def _remember(self, moment: datetime) -> None:
        preferences.set_reminders_seen_until(self.context.db.path, moment.strftime(SEEN_FORMAT))


class MissedReminders(QDialog):
    """Reminders missed while FunnelDesk was closed; double-click opens the activity."""

    def __init__(self, context: AppContext, missed: list[Activity], parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Missed reminders"))
        self.setMinimumWidth(420)
        heading = QLabel(self.tr("These reminders fell while FunnelDesk was closed:"))
        heading.setWordWrap(True)
        self.list = QListWidget()
        for item in missed:
            title, body = reminder_text(item)
            row = QListWidgetItem(f"{labels.short_date(item.due_date)} {title} — {body}")
            row.setData(Qt.ItemDataRole.UserRole, item.id)
            self.list.addItem(row)
        self.list.itemActivated.connect(self._open)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def _open(self, row: QListWidgetItem) -> None:
        open_activity(self, self.context, row.data(Qt.ItemDataRole.UserRole))


def install_reminders(window: QMainWindow, context: AppContext) -> Reminders:
    """Start reminding for ``window``'s file and list what was missed (after the window shows)."""
    reminders = Reminders(window, context)
    window.reminders = reminders
    QTimer.singleShot(1000, reminders.show_tray)
    QTimer.singleShot(1500, reminders.show_missed)
    return reminders
