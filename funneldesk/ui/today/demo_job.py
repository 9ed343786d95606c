"""Building a demo database on a worker thread, with progress and Cancel.

The generator (:func:`funneldesk.core.demo.generate_demo`) writes into a new file in the
user data folder; a cancelled or failed run removes that file so nothing half-made is left.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from funneldesk.core.clock import now_timestamp
from funneldesk.core.db import open_database
from funneldesk.core.errors import Cancelled, FunnelDeskError
from funneldesk.paths import user_data_dir

DEMO_CUSTOMERS = 2000


def new_demo_path(folder: Path | None = None) -> Path:
    """A file name that does not exist yet, e.g. ``funneldesk-demo-20261125T100000Z.sqlite``."""
    folder = folder or user_data_dir()
    stamp = now_timestamp().replace("-", "").replace(":", "")
    path = folder / f"funneldesk-demo-{stamp}.sqlite"
    counter = 2
    while path.exists():
        path = folder / f"funneldesk-demo-{stamp}-{counter}.sqlite"
        counter += 1
    return path


def remove_database_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


class DemoJob(QThread):
    """Runs the generator; ``progress(done, total)`` while it works, ``finished_with`` at the end
    (``ok``, error message) — a cancel ends with ``ok`` False and an empty message."""

    progress = Signal(int, int)
    finished_with = Signal(bool, str)

    def __init__(self, path: Path, language: str, customers: int = DEMO_CUSTOMERS) -> None:
        super().__init__()
        self.path = path
        self.language = language
        self.customers = customers
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        from funneldesk.core.demo import generate_demo

        try:
            db = open_database(self.path, language=self.language)
            try:
                generate_demo(
                    db,
                    customers=self.customers,
                    progress=lambda done, total: self.progress.emit(done, total),
                    cancelled=self._cancel.is_set,
                )
            finally:
                db.close()
        except Cancelled:
            remove_database_files(self.path)
            self.finished_with.emit(False, "")
            return
        except (FunnelDeskError, OSError) as exc:
            remove_database_files(self.path)
            self.finished_with.emit(False, str(exc))
            return
        self.finished_with.emit(True, "")
