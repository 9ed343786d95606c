"""One board column as a list model: the open deals of a stage, read a page at a time.

The model holds a window of the first cards (``fetchMore`` extends it as the user scrolls
down) while :attr:`ColumnModel.totals` carries the exact count and sums of every matching
deal. Keeping the window short matters: a list view lays out every row it is told about,
and each row costs a call into Python. The model never changes data: drags leave it through
:meth:`mimeData` and come back as a refresh after the move operation.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from funneldesk.core import board, clock
from funneldesk.core.board import BoardFilters, ColumnTotals, DealCard, StageInfo
from funneldesk.core.db import Database
from funneldesk.ui.pipeline.deal_mime import DEAL_IDS_MIME, encode_deal_ids

DEAL_ROLE = Qt.ItemDataRole.UserRole + 1
SCORE_ROLE = Qt.ItemDataRole.UserRole + 2
PAGE_SIZE = 40

ModelIndex = QModelIndex | QPersistentModelIndex


class ColumnModel(QAbstractListModel):
    """The cards of one stage under the board's filters and order."""

    scores_wanted = Signal(list)  # deal ids whose lead score is not known yet

    def __init__(self, db: Database, stage: StageInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.stage = stage
        self.filters = BoardFilters()
        self.sort = "manual"
        self.on = clock.today()
        self.totals = ColumnTotals(stage.id, 0, 0.0, 0.0)
        self._cards: list[DealCard] = []
        self._scores: dict[int, Any] = {}

    # -- refreshing ----------------------------------------------------------------------
    def set_query(self, filters: BoardFilters, sort: str, on: date) -> None:
        self.filters, self.sort, self.on = filters, sort, on

    def reload(
        self, totals: ColumnTotals, keep: int = PAGE_SIZE, changed: Collection[int] | None = None
    ) -> None:
        """Show new totals and re-read the first ``keep`` cards (at least one page), so a
        column the user had scrolled through stays as long as it was.

        ``changed``: the only deals whose cards can differ from the ones shown (what a move
        changed, under an unchanged query); the window's order is read again but every other
        card is kept, so a drop reads one card's details instead of a page of them.
        """
        known = None
        if changed is not None:
            known = {card.id: card for card in self._cards if card.id not in changed}
        self.beginResetModel()
        self.totals = totals
        self._cards = self._read(0, max(PAGE_SIZE, keep), known)
        self.endResetModel()

    def _read(
        self, offset: int, limit: int, known: dict[int, DealCard] | None = None
    ) -> list[DealCard]:
        cards = board.column_cards(
            self._db,
            self.stage.id,
            self.filters,
            self.on,
            sort=self.sort,
            offset=offset,
            limit=limit,
            known=known,
        )
        missing = [c.id for c in cards if c.id not in self._scores]
        if missing:
            self.scores_wanted.emit(missing)
        return cards

    def remove_deals(self, deal_ids: set[int], totals: ColumnTotals) -> None:
        """Drop cards that left this column (moved, closed, deleted) without a query."""
        for row in sorted((r for r, c in enumerate(self._cards) if c.id in deal_ids), reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._cards[row]
            self.endRemoveRows()
        self.totals = totals

    # -- the window of cards -------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._cards)

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and len(self._cards) < self.totals.count

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: N802, B008
        """The view scrolled to the end of the window: read the next page."""
        if not parent.isValid():
            self._extend(PAGE_SIZE)

    def ensure_loaded(self, row: int) -> None:
        """Extend the window (in one read) so ``row`` and the card after it are in it."""
        missing = row + 2 - len(self._cards)
        if missing > 0 and self.canFetchMore():
            self._extend(max(missing, PAGE_SIZE))

    def _extend(self, count: int) -> None:
        more = self._read(len(self._cards), count)
        if more:
            first = len(self._cards)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._cards.extend(more)
            self.endInsertRows()

    def card(self, row: int) -> DealCard | None:
        return self._cards[row] if 0 <= row < len(self._cards) else None

    def apply_scores(self, scores: dict[int, Any]) -> None:
        """Take the scores of this column's cards from a batch and repaint the badges."""
        loaded = {card.id for card in self._cards}
        mine = {deal_id: score for deal_id, score in scores.items() if deal_id in loaded}
        if mine:
            self._scores.update(mine)
            self.dataChanged.emit(self.index(0), self.index(len(self._cards) - 1), [SCORE_ROLE])

    def rescore(self, deal_ids: Sequence[int] | None = None) -> None:
        """Ask again for the scores of changed deals (all when ``None``); the old badge stays
        until the new score arrives."""
        wanted = [c.id for c in self._cards] if deal_ids is None else list(deal_ids)
        if wanted:
            self.scores_wanted.emit(wanted)

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
        """The rows read so far with their cards (finding a deal without another query)."""
        return list(enumerate(self._cards))

    def row_of(self, deal_id: int) -> int | None:
        return next((row for row, card in enumerate(self._cards) if card.id == deal_id), None)

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
