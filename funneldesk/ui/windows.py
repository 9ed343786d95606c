"""Opening a database in a main window: the one place the app, File ▸ Open, the welcome page
and a restore go through.

Lives in the UI package (not in ``app.py``, the process entry point) so that widgets can open
another file without importing start-up code. ``main_window`` and the pages that open files
import this module inside the function that needs it, because this module builds
``MainWindow``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from funneldesk.paths import default_database_path
from funneldesk.ui import single_instance
from funneldesk.ui.backups.open_failure import open_or_recover
from funneldesk.ui.backups.repair import offer_repair_after_show
from funneldesk.ui.backups.scheduler import install_auto_backup
from funneldesk.ui.context import AppContext
from funneldesk.ui.first_paint import after_first_paint
from funneldesk.ui.main_window import MainWindow


def open_window(
    path: str | Path | None,
    *,
    parent_window=None,
    view: str | None = None,
    exclusive: bool = True,
    unattended: bool = False,
):  # noqa: ANN001, ANN201
    """Open the database at ``path`` in a new main window, or explain why it cannot be opened.

    A file already open in a window (of this or another process) brings that window forward
    instead; a refused file offers to restore a backup or open another file. ``exclusive``
    False skips the one-window-per-file guard; ``unattended`` (screenshots) raises a refusal
    as :class:`~funneldesk.core.errors.FunnelDeskError` instead of asking.
    """
    app = QApplication.instance()
    db_path = Path(path).expanduser() if path else default_database_path()
    if exclusive and single_instance.defer_to_existing(db_path, parent_window):
        return None
    language = str(app.property("funneldesk_language") or "en")

    def build(db):  # noqa: ANN001, ANN202 (a damaged page met here leads to the recovery dialog)
        window = MainWindow(AppContext(db))
        window.open_view(view or "today")
        return window

    window = open_or_recover(db_path, language, parent_window, build, unattended=unattended)
    if window is None:
        return None
    if exclusive:
        single_instance.claim_for_window(window, window.context.db.path)
    install_auto_backup(window, window.context)
    if not unattended:
        after_first_paint(window, lambda: _remind(window))
    window.show()
    if not unattended:
        offer_repair_after_show(window, window.context)
    app.setProperty("funneldesk_windows", (app.property("funneldesk_windows") or 0) + 1)
    _keep_alive(window)
    return window


def _remind(window) -> None:  # noqa: ANN001
    """Reminders start once the window has painted: they are not on its first screen."""
    from funneldesk.ui.activities.reminders import install_reminders

    install_reminders(window, window.context)


_WINDOWS: list = []


def _keep_alive(window) -> None:  # noqa: ANN001
    """Top-level windows need a Python reference; drop it when the window is destroyed."""
    _WINDOWS.append(window)
    window.destroyed.connect(lambda *_: _WINDOWS.remove(window) if window in _WINDOWS else None)
