"""Reading the Today lists in the background, so a big file never freezes the window.

The view first asks for its first screen (every group's count and the rows it shows, see
:func:`funneldesk.core.today.first_screen`), and for the whole lists once *Show n more* was
clicked (at 100k customers these take a few hundred milliseconds to read and word); it swaps
the finished rows in when they arrive. Requests made while a
read runs are folded into one more read afterwards (the newest wins), so the view always
ends up current. Reads use the worker thread's own read-only connection.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Signal

from funneldesk.core.db import Database
from funneldesk.core.today import TodayList, first_screen, today_list
from funneldesk.ui.jobs import BackgroundReader
from funneldesk.ui.today.rows import RowBuilder, TodayRows


class TodayLoader(QObject):
    loaded = Signal(object, object)  # TodayList, TodayRows (what each row says)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._reader = BackgroundReader(self)
        self._reader.finished.connect(lambda answer: self.loaded.emit(*answer))

    @property
    def busy(self) -> bool:
        return self._reader.busy

    def request(self, on: date, owner: str | None = None, *, whole: bool = False) -> None:
        """Read ``owner``'s plan (None: everyone's): the first screen, or every row."""
        db = self._db
        reader = today_list if whole else first_screen

        def read(_progress, _cancelled) -> tuple[TodayList, TodayRows]:  # noqa: ANN001
            result = reader(db, on, owner)
            return result, RowBuilder().rows(result)

        self._reader.request(read)

    def wait(self) -> None:
        """Block until a running read ends (before the database is closed)."""
        self._reader.wait()
