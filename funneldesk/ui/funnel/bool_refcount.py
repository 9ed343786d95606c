"""Keep ``True`` and ``False`` alive despite a reference leak in PySide6 6.12 on Python 3.11.

In that combination ``SignalInstance.emit()`` returns ``True`` without taking a reference,
so every emit of a signal declared in Python (pyqtgraph emits dozens per redraw, and
``AppContext.changed`` one per operation) drops one reference to ``True``. Python 3.11
starts with a few hundred, and when the count reaches zero the interpreter aborts with
"bool_dealloc: deallocating True or False" — during a session or at exit.

Python 3.12 and later make both objects immortal; before that, giving them a reference count
that no session can exhaust has the same effect. Nothing else changes.
"""

from __future__ import annotations

import sys

RESERVE = 1 << 40


def pin_booleans() -> None:
    """Raise the reference counts of ``True`` and ``False`` once (Python < 3.12 only)."""
    if sys.version_info >= (3, 12) or getattr(pin_booleans, "done", False):
        return
    import ctypes

    for value in (True, False):
        ctypes.c_ssize_t.from_address(id(value)).value += RESERVE
    pin_booleans.done = True  # type: ignore[attr-defined]
