"""The board: one column per open stage, drops turned into move operations, and refreshes
that touch only the columns a change affected.

Where does a drop become a database change? :meth:`BoardWidget.drop_on_column` and
:meth:`BoardWidget.close_deals`: both call ``context.run`` with an operation of
:mod:`funneldesk.core.deals`, which pushes it on the undo stack; the columns then refresh
from the :class:`~funneldesk.core.changes.ChangeSet` the context announces.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMenu,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import board, clock, deals, money
from funneldesk.core.board import BoardFilters, ColumnTotals, DealCard, StageInfo
from funneldesk.core.changes import ChangeSet
from funneldesk.ui.context import AppContext
from funneldesk.ui.icons import icon
from funneldesk.ui.pipeline import lost_reason
from funneldesk.ui.pipeline.background import ScoreLoader
from funneldesk.ui.pipeline.card_look import SCROLLBARS
from funneldesk.ui.pipeline.column import StageColumn
from funneldesk.ui.pipeline.drop_zones import DropZoneBar
from funneldesk.ui.theme import stage_colour
from funneldesk.ui.widgets.empty_state import EmptyState


class BoardWidget(QWidget):
    """Columns of one pipeline under the current filters and order."""

    totals_changed = Signal()
    edit_requested = Signal(int)  # deal id
    stages_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.pipeline_id: int | None = None
        self.filters = BoardFilters()
        self.sort = "manual"
        self.columns: list[StageColumn] = []
        self.totals: dict[int, ColumnTotals] = {}
        self._probabilities: dict[int, float] = {}
        self._rates = money.rates_of(context.db)
        self._currency = self._rates.reporting
        self.card_actions: list[QAction | None] = []  # set by the view; None = separator

        self._strip = QWidget()
        self._strip.setObjectName("boardStrip")
        self._strip_layout = QHBoxLayout(self._strip)
        self._strip_layout.setContentsMargins(0, 0, 0, 0)
        self._strip_layout.setSpacing(12)
        self._strip_layout.addStretch(0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self._strip)
        self.scroll.setStyleSheet(SCROLLBARS)
        self.scroll.viewport().setAutoFillBackground(False)
        self._strip.setAutoFillBackground(False)

        self.empty = EmptyState(
            "view-column-outline",
            self.tr("This pipeline has no stages"),
            self.tr("Add the steps your deals go through, such as Lead, Proposal and Negotiation."),
        )
        self.empty.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.empty, 1)

        self.zones = DropZoneBar(self)
        self.zones.hide()
        self.zones.won.deals_dropped.connect(lambda ids: self.close_deals(ids, "won"))
        self.zones.lost.deals_dropped.connect(
            lambda ids: QTimer.singleShot(0, lambda: self.close_deals(ids, "lost"))
        )
        self.scores = ScoreLoader(context.db, self)
        self.scores.scored.connect(self._scores_arrived)
        context.changed.connect(self.apply_changes)

    # -- building ------------------------------------------------------------------------
    def set_pipeline(self, pipeline_id: int) -> None:
        self.pipeline_id = pipeline_id
        self.rebuild()

    def set_query(self, filters: BoardFilters, sort: str) -> None:
        self.filters, self.sort = filters, sort
        self.refresh_all()

    def rebuild(self) -> None:
        """Recreate the columns (after stages changed or another pipeline was picked)."""
        for column in self.columns:
            column.setParent(None)
            column.deleteLater()
        self.columns = []
        self.totals = {}
        if self.pipeline_id is None:
            return
        self._rates = money.rates_of(self.context.db)
        self._currency = self._rates.reporting
        stages = board.open_stages(self.context.db, self.pipeline_id)
        self._probabilities = board.stage_probabilities(self.context.db, self.pipeline_id)
        for index, stage in enumerate(stages):
            self._add_column(stage, stage_colour(index, len(stages)))
        self.scroll.setVisible(bool(stages))
        self.empty.setVisible(not stages)
        self.refresh_all()

    def _add_column(self, stage: StageInfo, colour) -> None:  # noqa: ANN001
        column = StageColumn(self.context.db, stage, colour, self._currency, self._strip)
        column.model.scores_wanted.connect(self.scores.request)
        view = column.view
        view.deals_dropped.connect(lambda ids, row, c=column: self.drop_on_column(c, ids, row))
        view.drag_started.connect(self.show_drop_zones)
        view.drag_finished.connect(self.hide_drop_zones)
        view.drag_hover.connect(lambda active: active and self.show_drop_zones())
        view.selectionModel().selectionChanged.connect(
            lambda *_, c=column: self._keep_selection_in(c)
        )
        view.step_out.connect(lambda step, c=column: self.focus_neighbour(c, step))
        view.doubleClicked.connect(lambda index: self._edit_index(column, index.row()))
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(lambda pos, c=column: self._context_menu(c, pos))
        self._strip_layout.insertWidget(len(self.columns), column, 1)
        self.columns.append(column)

    def _relearn(self) -> None:
        """Closing or reopening deals changes the learned probabilities: weigh again."""
        if self.pipeline_id is None:
            return
        learned = board.stage_probabilities(self.context.db, self.pipeline_id)
        if learned != self._probabilities:
            self._probabilities = learned
            for column in self.columns:
                column.probability = learned.get(column.stage.id, 0.0)
            self.refresh_all()

    def wait_for_background(self) -> None:
        """Let background work finish (before the database closes)."""
        self.scores.wait()

    def _scores_arrived(self, scores: dict) -> None:
        for column in self.columns:
            column.model.apply_scores(scores)

    # -- refreshing ----------------------------------------------------------------------
    def refresh_all(self) -> None:
        self.refresh_columns([c.stage.id for c in self.columns])

    def refresh_columns(self, stage_ids: Iterable[int]) -> None:
        """Re-read totals and the visible cards of the given columns only."""
        wanted = set(stage_ids)
        columns = [c for c in self.columns if c.stage.id in wanted]
        if not columns or self.pipeline_id is None:
            return
        on = clock.today()
        totals = board.column_totals(
            self.context.db,
            self.pipeline_id,
            [c.stage.id for c in columns],
            self.filters,
            on,
            probabilities=self._probabilities,
            rates=self._rates,
        )
        for column in columns:
            self._reload_column(column, totals[column.stage.id], on)
        self.totals.update(totals)
        self.totals_changed.emit()

    def _reload_column(
        self,
        column: StageColumn,
        totals: ColumnTotals,
        on: date,
        changed: Collection[int] | None = None,
    ) -> None:
        """Re-read a column's window; with ``changed`` (the deals an operation changed) the
        other cards are kept as shown, unless the query itself changed (filters, order, day)."""
        view = column.view
        selected = self.selected_ids(column)
        scroll = view.verticalScrollBar().value()
        model = column.model
        if (model.filters, model.sort, model.on) != (self.filters, self.sort, on):
            changed = None
        model.set_query(self.filters, self.sort, on)
        column.view.delegate.today = on
        model.reload(totals, keep=model.rowCount(), changed=changed)
        column.show_totals(totals)
        view.verticalScrollBar().setValue(scroll)
        if selected:
            self.select_ids(column, selected, scroll_to=False)

    def apply_changes(self, changes: ChangeSet) -> None:
        """Refresh from what an operation changed: only the columns whose deals moved."""
        tables = changes.tables()
        if tables & {"stages", "pipelines"}:
            self.rebuild()
            return
        currency_changed = "currency" in changes.ids("settings") or "exchange_rates" in tables
        if currency_changed:
            self._rates = money.rates_of(self.context.db)
            self._currency = self._rates.reporting
            for column in self.columns:
                column.currency = self._currency
        if tables & {"customers", "interactions", "activities"} or currency_changed:
            self.refresh_all()
            for column in self.columns:
                column.model.rescore()
            return
        if "deals" in tables:
            self._apply_deal_changes(changes)

    def _apply_deal_changes(self, changes: ChangeSet) -> None:
        """Cards that left a column are dropped from it; columns that gained or changed a card
        re-read their window. Without filters the totals come from the change set itself."""
        if self.pipeline_id is None:
            return
        left: dict[int, set[int]] = {}
        touched: set[int] = set()
        for change in changes.changes("deals"):
            before = board.open_stage_of(change.before, self.pipeline_id)
            after = board.open_stage_of(change.after, self.pipeline_id)
            if before is not None and before != after:
                left.setdefault(before, set()).add(change.row_id)
            if after is not None:
                touched.add(after)
        affected = [c for c in self.columns if c.stage.id in touched or c.stage.id in left]
        if not affected:
            return
        on = clock.today()
        ids = [c.stage.id for c in affected]
        if self.filters.is_active():
            totals = board.column_totals(
                self.context.db,
                self.pipeline_id,
                ids,
                self.filters,
                on,
                probabilities=self._probabilities,
                rates=self._rates,
            )
        else:
            totals = {i: self.totals[i] for i in ids if i in self.totals}
            totals.update(
                board.totals_after_changes(
                    self.totals, changes, self.pipeline_id, self._probabilities, self._rates
                )
            )
        for column in affected:
            stage_totals = totals[column.stage.id]
            if column.stage.id in touched:
                self._reload_column(column, stage_totals, on, changed=_changed_cards(changes))
            else:
                column.model.remove_deals(left[column.stage.id], stage_totals)
                column.view.lay_out_now()
                column.show_totals(stage_totals)
        self.totals.update(totals)
        self.totals_changed.emit()
        self.scores.request(changes.ids("deals"))
        if any(
            (c.before or {}).get("status") != (c.after or {}).get("status")
            for c in changes.changes("deals")
        ):
            self._relearn()  # closes teach the stage probabilities

    # -- selection -----------------------------------------------------------------------
    def column_of_stage(self, stage_id: int) -> StageColumn | None:
        return next((c for c in self.columns if c.stage.id == stage_id), None)

    def active_column(self) -> StageColumn | None:
        for column in self.columns:
            if column.view.selectionModel().hasSelection():
                return column
        return None

    def selected_cards(self, column: StageColumn | None = None) -> list[DealCard]:
        column = column or self.active_column()
        if column is None:
            return []
        cards = [column.model.card(row) for row in column.view.selected_rows()]
        return [card for card in cards if card is not None]

    def selected_ids(self, column: StageColumn | None = None) -> list[int]:
        return [card.id for card in self.selected_cards(column)]

    def focus_neighbour(self, column: StageColumn, step: int) -> None:
        """Move the keyboard focus to the next column with cards, at about the same row."""
        index = self.columns.index(column) + step
        while 0 <= index < len(self.columns) and not self.columns[index].model.rowCount():
            index += step
        if not 0 <= index < len(self.columns):
            return
        target = self.columns[index]
        current = column.view.currentIndex()
        row = min(max(current.row(), 0), target.model.rowCount() - 1)
        target.view.setFocus()
        target.view.setCurrentIndex(target.model.index(row))
        target.view.scrollTo(target.model.index(row))
        self.scroll.ensureWidgetVisible(target)

    def _keep_selection_in(self, column: StageColumn) -> None:
        """Cards of one column at a time are selected, so an action has one clear target."""
        if not column.view.selectionModel().hasSelection():
            return
        for other in self.columns:
            if other is not column and other.view.selectionModel().hasSelection():
                other.view.selectionModel().clearSelection()

    def select_ids(self, column: StageColumn, deal_ids: Sequence[int], *, scroll_to: bool) -> bool:
        """Select the given deals in ``column`` (finding them with a query if not loaded)."""
        rows = []
        for deal_id in deal_ids:
            row = column.model.row_of(deal_id)
            if row is None:
                row = board.card_row(
                    self.context.db, deal_id, self.filters, column.model.on, sort=self.sort
                )
                if row is not None:
                    column.model.ensure_loaded(row)
            if row is not None and column.model.card(row) is not None:
                rows.append(row)
        if not rows:
            return False
        selection = QItemSelection()
        for row in rows:
            index = column.model.index(row)
            selection.select(index, index)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        column.view.selectionModel().select(selection, flags)
        column.view.selectionModel().setCurrentIndex(
            column.model.index(rows[0]), QItemSelectionModel.SelectionFlag.NoUpdate
        )
        if scroll_to:
            column.view.scrollTo(column.model.index(rows[0]))
            column.view.setFocus()
        return True

    # -- drops and moves -----------------------------------------------------------------
    def drop_on_column(self, column: StageColumn, deal_ids: list[int], row: int) -> None:
        """A drop of ``deal_ids`` before ``row`` of ``column``: move them, or reorder them
        within their own column; a drop that would change nothing does nothing."""
        same_column = self._all_in_column(column, deal_ids)
        if same_column and self.sort != "manual":
            return
        position = None
        if self.sort == "manual":
            if same_column and self._drop_keeps_order(column, deal_ids, row):
                return
            position = self._position_before(column, row, set(deal_ids))
        changes = self.context.run(
            deals.move_deals, deal_ids, column.stage.id, position=position, parent=self
        )
        if changes:
            self.select_ids(column, deal_ids, scroll_to=False)

    def _all_in_column(self, column: StageColumn, deal_ids: Sequence[int]) -> bool:
        loaded = {card.id for _, card in column.model.loaded_rows()}
        if all(deal_id in loaded for deal_id in deal_ids):
            return True
        locations = [board.deal_location(self.context.db, d) for d in deal_ids]
        return all(loc is not None and loc.stage_id == column.stage.id for loc in locations)

    def _drop_keeps_order(self, column: StageColumn, deal_ids: Sequence[int], row: int) -> bool:
        rows = sorted(r for r, card in column.model.loaded_rows() if card.id in set(deal_ids))
        if len(rows) != len(deal_ids):
            return False
        contiguous = rows == list(range(rows[0], rows[0] + len(rows)))
        return contiguous and rows[0] <= row <= rows[-1] + 1

    def _position_before(self, column: StageColumn, row: int, moving: set[int]) -> float:
        """A board position between the visible neighbours of ``row`` (skipping moved cards)."""
        model = column.model
        model.ensure_loaded(row)
        above = below = None
        for r in range(row - 1, -1, -1):
            card = model.card(r)
            if card is not None and card.id not in moving:
                above = card.board_position
                break
        for r in range(row, model.rowCount()):
            card = model.card(r)
            if card is not None and card.id not in moving:
                below = card.board_position
                break
        return board.position_between(above, below)

    def move_selected(self, step: int) -> None:
        """Move the selected deals to the next (+1) or previous (-1) stage, on top of it."""
        column = self.active_column()
        if column is None:
            return
        index = self.columns.index(column) + step
        if not 0 <= index < len(self.columns):
            return
        target = self.columns[index]
        ids = self.selected_ids(column)
        position = None
        if self.sort == "manual":
            position = self._position_before(target, 0, set(ids))
        changes = self.context.run(
            deals.move_deals, ids, target.stage.id, position=position, parent=self
        )
        if changes:
            self.select_ids(target, ids, scroll_to=True)

    def close_deals(self, deal_ids: list[int], status: str) -> None:
        """Mark deals won, or lost after asking why (Cancel leaves them open)."""
        self.hide_drop_zones()
        if not deal_ids:
            return
        if status == "won":
            self.context.run(deals.win_deals, deal_ids, parent=self)
            return
        reason = lost_reason.ask_lost_reason(self, self.context.db, list(deal_ids))
        if reason is None:
            return
        self.context.run(
            deals.lose_deals, deal_ids, reason.text, remember=reason.remember, parent=self
        )

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.context.run(deals.delete_deals, ids, parent=self)

    # -- drop zones ----------------------------------------------------------------------
    def show_drop_zones(self) -> None:
        if self.zones.isVisible():
            return
        self._place_zones()
        self.zones.show()
        self.zones.raise_()

    def hide_drop_zones(self) -> None:
        self.zones.hide()
        for column in self.columns:
            column.set_drop_target(False)

    def _place_zones(self) -> None:
        height = self.zones.height()
        self.zones.setGeometry(0, self.height() - height, self.width(), height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place_zones()

    # -- menus ---------------------------------------------------------------------------
    def _edit_index(self, column: StageColumn, row: int) -> None:
        card = column.model.card(row)
        if card is not None:
            self.edit_requested.emit(card.id)

    def _context_menu(self, column: StageColumn, pos: QPoint) -> None:
        index = column.view.indexAt(pos)
        if not index.isValid():
            return
        if not column.view.selectionModel().isSelected(index):
            column.view.selectionModel().select(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        menu = QMenu(self)
        for action in self.card_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        move_menu = menu.addMenu(icon("arrow-right-bold-outline"), self.tr("Move to stage"))
        for target in self.columns:
            action = move_menu.addAction(target.stage.name)
            action.setEnabled(target is not column)
            action.triggered.connect(lambda _=False, t=target, c=column: self._move_to(c, t))
        menu.exec(column.view.viewport().mapToGlobal(pos))

    def _move_to(self, column: StageColumn, target: StageColumn) -> None:
        ids = self.selected_ids(column)
        if ids and self.context.run(deals.move_deals, ids, target.stage.id, parent=self):
            self.select_ids(target, ids, scroll_to=True)


def _changed_cards(changes: ChangeSet) -> set[int]:
    """Deals whose cards a change of deals can alter: the changed deals, and those whose
    stage history changed (their time in stage)."""
    history = {
        image.get("deal_id")
        for change in changes.changes("stage_changes")
        for image in (change.before, change.after)
        if image is not None
    }
    return changes.ids("deals") | (history - {None})


def open_customer_card(parent: QWidget, context: AppContext, customer_id: int) -> None:
    """Open the customer card; its module (tabs, lead score, history) is imported on first use."""
    from funneldesk.ui.card.dialog import open_customer_card as open_card

    open_card(parent, context, customer_id)
