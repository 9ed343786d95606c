"""Keyboard focus goes back where it was when a dialog closes.

Without this, closing a modal dialog (Mark as lost, a question, a file dialog) can leave no
window active — without a window manager, or when the card the user acted on was moved —
and Ctrl+Z or the arrow keys do nothing until the user clicks the window. The application's
focus signals remember the last focused widget of every window; a dialog that receives the
focus is watched (no application-wide event filter), and when it hides, its window is
activated again and that widget (or the window, if the widget is gone) gets the focus back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QDialog, QWidget


def _alive(widget: QWidget | None) -> bool:
    try:
        return widget is not None and widget.isVisible()
    except RuntimeError:  # deleted meanwhile
        return False


class FocusReturn(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._last: dict[int, QWidget] = {}  # id(window) -> its last focused widget
        self._windows: dict[int, QWidget] = {}
        app.focusChanged.connect(self._focus_changed)
        app.focusWindowChanged.connect(self._window_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or isinstance(new.window(), QDialog):
            return
        self._last[id(new.window())] = new
        self._windows[id(new.window())] = new.window()

    def _window_changed(self, window: QWindow | None) -> None:
        """A dialog got the focus: watch it, to give the focus back when it hides."""
        dialog = _widget_of(window)
        if isinstance(dialog, QDialog) and not dialog.property("funneldesk_focus_watched"):
            dialog.setProperty("funneldesk_focus_watched", True)
            dialog.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.Hide and isinstance(watched, QDialog):
            parent = watched.parentWidget()
            owner = parent.window() if parent is not None else None
            QTimer.singleShot(0, lambda: self._give_back(owner))
        return False

    def _give_back(self, owner: QWidget | None) -> None:
        """Focus the owner's last focused widget (never stealing it from another dialog)."""
        if QApplication.activeModalWidget() or QApplication.activePopupWidget():
            return
        if not _alive(owner):
            owner = next((w for w in reversed(self._windows.values()) if _alive(w)), None)
        if owner is None:
            return
        widget = self._last.get(id(owner))
        target = widget if _alive(widget) and widget.window() is owner else owner
        owner.activateWindow()
        target.setFocus(Qt.FocusReason.OtherFocusReason)


def _widget_of(window: QWindow | None) -> QWidget | None:
    if window is None:
        return None
    return next((w for w in QApplication.topLevelWidgets() if w.windowHandle() is window), None)


def install(app: QApplication) -> None:
    """Install once per application (later calls do nothing)."""
    if app.property("funneldesk_focus_return"):
        return
    app.setProperty("funneldesk_focus_return", True)
    FocusReturn(app)
