"""Work that waits until a widget has been painted once.

Start-up shows the window first and reads what fills it a moment later: a read started
before the first paint competes with building the window for the processor (and for
Python's lock, when it runs on a worker thread), so the window took longer to appear
without its contents appearing any sooner.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # once this paint has been handled
        return False

    def _run(self) -> None:
        self.deleteLater()
        self._callback()


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` once ``widget`` has been painted for the first time."""
    _FirstPaint(widget, callback)
