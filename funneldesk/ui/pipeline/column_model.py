"""One board column as a list model: the open deals of a stage, fetched a page at a time.

``rowCount`` is the exact number of matching deals (from the column totals), so the scroll
bar is true, but cards are read from SQL only for the pages that are actually painted. The
model never changes data: drags leave it through :meth:`mimeData` and come back as a
refresh after the move operation.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

from funneldesk.core import board
from funneldesk.core.board import BoardFilters, ColumnTotals, DealCard, StageInfo
from funneldesk.core.db import Database
from funneldesk.ui.pipeline.deal_mime import DEAL_IDS_MIME, encode_deal_ids

DEAL_ROLE = Qt.ItemDataRole.UserRole + 1
SCORE_ROLE = Qt.ItemDataRole.UserRole + 2
PAGE_SIZE = 60

ModelIndex = QModelIndex | QPersistentModelIndex


def lead_scores_available() -> bool:
    """Whether the funnel engineer's lead score module is installed."""
    return importlib.util.find_spec("funneldesk.core.lead_score") is not None


class ColumnModel(QAbstractListModel):
    """The cards of one stage under the board's filters and order."""

    def __init__(self, db: Database, stage: StageInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.stage = stage
        self.filters = BoardFilters()
        self.sort = "manual"
        self.on = date.today()
        self.totals = ColumnTotals(stage.id, 0, 0.0, 0.0)
        self._pages: dict[int, list[DealCard]] = {}
        self._scores: dict[int, Any] = {}
        self._score_queue: set[int] = set()
        self._with_scores = lead_scores_available()
        self._score_timer = QTimer(self, singleShot=True, interval=0)
        self._score_timer.timeout.connect(self._load_scores)

    # -- refreshing ----------------------------------------------------------------------
    def set_query(self, filters: BoardFilters, sort: str, on: date) -> None:
        self.filters, self.sort, self.on = filters, sort, on

    def reload(self, totals: ColumnTotals, keep_rows: Sequence[int] = ()) -> None:
        """Show new totals and forget cached cards; pages holding ``keep_rows`` are re-read
        at once so the view repaints without a second trip."""
        self.beginResetModel()
        self.totals = totals
        self._pages = {}
        for page in sorted({row // PAGE_SIZE for row in keep_rows if row < totals.count}):
            self._fetch(page)
        self.endResetModel()

    # -- reading -------------------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.totals.count

    def card(self, row: int) -> DealCard | None:
        if not 0 <= row < self.totals.count:
            return None
        page = row // PAGE_SIZE
        cards = self._pages.get(page)
        if cards is None:
            cards = self._fetch(page)
        offset = row - page * PAGE_SIZE
        return cards[offset] if offset < len(cards) else None

    def _fetch(self, page: int) -> list[DealCard]:
        cards = board.column_cards(
            self._db,
            self.stage.id,
            self.filters,
            self.on,
            sort=self.sort,
            offset=page * PAGE_SIZE,
            limit=PAGE_SIZE,
        )
        self._pages[page] = cards
        if self._with_scores:
            self._score_queue.update(c.id for c in cards if c.id not in self._scores)
            self._score_timer.start()
        return cards

    def _load_scores(self) -> None:
        """Lead scores arrive after the cards are painted, so a drop never waits for them."""
        ids, self._score_queue = sorted(self._score_queue), set()
        if not ids:
            return
        module = importlib.import_module("funneldesk.core.lead_score")
        self._scores.update(module.score_deals(self._db, ids))
        if self.totals.count:
            self.dataChanged.emit(self.index(0), self.index(self.totals.count - 1), [SCORE_ROLE])

    def forget_scores(self, deal_ids: Sequence[int] | None = None) -> None:
        if deal_ids is None:
            self._scores.clear()
        for deal_id in deal_ids or ():
            self._scores.pop(deal_id, None)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        card = self.card(index.row()) if index.isValid() else None
        if card is None:
            return None
        if role == DEAL_ROLE:
            return card
        if role == SCORE_ROLE:
            return self._scores.get(card.id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return card.title
        return None

    def loaded_rows(self) -> list[tuple[int, DealCard]]:
        """Rows whose cards are in memory (for finding a deal without another query)."""
        return [
            (page * PAGE_SIZE + offset, card)
            for page, cards in self._pages.items()
            for offset, card in enumerate(cards)
        ]

    def row_of(self, deal_id: int) -> int | None:
        return next((row for row, card in self.loaded_rows() if card.id == deal_id), None)

    # -- dragging out --------------------------------------------------------------------
    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [DEAL_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        rows = sorted({index.row() for index in indexes})
        cards = [self.card(row) for row in rows]
        return encode_deal_ids([card.id for card in cards if card is not None])

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction
