"""Restarting FunnelDesk on the same files and views, to show a new language.

Why a restart and not re-translating the open windows on ``QEvent.LanguageChange``: every
view builds its texts once — labels, menus, table headers, chart axes, Today's cached
phrases, numbers and dates formatted through the default ``QLocale`` — and the UI font is
chosen per language at start-up. Re-translating in place would need every widget of every
view to rebuild its text, and each one forgotten leaves a window half in the old language.
A new process starts with the new translators, locale and font before the first widget
exists, so every text is in the new language, reliably; the price is a second or two of
start-up, with the same file and view coming back.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QProcess
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from funneldesk.ui import single_instance


@dataclass(frozen=True)
class OpenPlace:
    """Where a window was: its database file and the view it showed."""

    database: Path
    view: str


def relaunch_command(place: OpenPlace) -> tuple[str, list[str]]:
    """The program and arguments that start FunnelDesk on ``place``.

    An installed build (PyInstaller) is its own program; from a Python environment it is
    this interpreter running the package. No ``--lang``: the new process reads the language
    just chosen in Settings.
    """
    arguments = ["--db", str(place.database), "--view", place.view]
    if getattr(sys, "frozen", False):
        return sys.executable, arguments
    return sys.executable, ["-m", "funneldesk", *arguments]


def start_detached(program: str, arguments: list[str]) -> bool:
    """Start a process that outlives this one (tests replace this to run nothing)."""
    started, _pid = QProcess.startDetached(program, arguments)
    return bool(started)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Restart", text)


def offer_restart(parent: QWidget) -> bool:
    """Ask whether to restart now to show the new language; ``True`` for "Restart now"."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_tr("Language changed"))
    box.setText(_tr("Restart FunnelDesk now to show every window in the new language?"))
    box.setInformativeText(
        _tr(
            "Each window comes back on the same file and view. "
            "If a card has unsaved changes, you are asked about them first."
        )
    )
    restart = box.addButton(_tr("Restart now"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_tr("Later"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restart)
    box.exec()
    return box.clickedButton() is restart


def main_windows() -> list[QMainWindow]:
    """The main windows on screen (a closed one lingers hidden until it is deleted)."""
    from funneldesk.ui.main_window import MainWindow

    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]


def restart_app() -> bool:
    """Close every main window, start FunnelDesk again on each one's file and view, quit.

    Each window asks about unsaved edits as it closes; a Cancel there stops the restart and
    reopens the windows already closed, so nothing is lost. ``False`` when nothing restarted.
    """
    from funneldesk.ui.windows import open_window

    closed: list[OpenPlace] = []
    for window in main_windows():
        place = OpenPlace(window.context.db.path, window.current_view_name())
        window.restarting = True  # closes for real, even when it would hide in the tray
        if not window.close():
            window.restarting = False
            for earlier in closed:
                open_window(earlier.database, view=earlier.view)
            return False
        single_instance.release_window(window)  # the new process claims the file at once
        closed.append(place)
    failed = [place for place in closed if not start_detached(*relaunch_command(place))]
    if failed:
        reopened = [open_window(place.database, view=place.view) for place in failed]
        QMessageBox.warning(
            next((w for w in reopened if w is not None), None),
            _tr("Restart"),
            _tr("FunnelDesk could not start again; the new language is used at the next start."),
        )
        return False
    QApplication.quit()
    return True
