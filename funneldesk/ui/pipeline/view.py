"""The Pipeline view: pipeline picker, filters, the board, and the card actions.

Answers "where is each deal?": one column per stage with exact totals, cards dragged between
stages, Won/Lost targets while dragging, and every action undoable with Ctrl+Z.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QPushButton, QWidget

from funneldesk.core import board
from funneldesk.core.board import BoardFilters
from funneldesk.core.changes import ChangeSet
from funneldesk.core.pipelines import default_pipeline_id, list_pipelines
from funneldesk.ui.activities.dialog import plan_activity
from funneldesk.ui.context import AppContext
from funneldesk.ui.icons import icon
from funneldesk.ui.pipeline.board import BoardWidget, open_customer_card
from funneldesk.ui.pipeline.card_look import money
from funneldesk.ui.pipeline.closed_deals import show_closed_deals
from funneldesk.ui.pipeline.deal_dialog import run_deal_dialog
from funneldesk.ui.pipeline.filters import FilterBar
from funneldesk.ui.pipeline.stage_editor import edit_stages
from funneldesk.ui.team.mine_toggle import team_member
from funneldesk.ui.widgets.header import ViewHeader
from funneldesk.ui.widgets.view_layout import view_layout


class PipelineView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.header = ViewHeader(self.tr("Pipeline"))
        self.picker = QComboBox()
        self.picker.setMinimumContentsLength(12)
        self.picker.setToolTip(self.tr("Pipeline shown on the board"))
        self.picker.currentIndexChanged.connect(self._pipeline_picked)
        stages_button = QPushButton(icon("tune-variant"), self.tr("Stages…"))
        stages_button.clicked.connect(self.edit_stages)
        closed_button = QPushButton(icon("archive-outline"), self.tr("Closed deals"))
        closed_button.setToolTip(self.tr("Won and lost deals; reopen one from here"))
        closed_button.clicked.connect(lambda: self.show_closed())
        self.header.add_tool(self.picker)
        self.header.add_tool(stages_button)
        self.header.add_tool(closed_button)
        new_deal = QAction(icon("plus"), self.tr("New deal"), self)
        new_deal.setShortcut(QKeySequence("Ctrl+Shift+N"))
        new_deal.triggered.connect(self.new_deal)
        self.header.set_primary_action(new_deal)

        self.filter_bar = FilterBar()
        self.filter_bar.changed.connect(self._query_changed)
        self.filter_bar.sort_changed.connect(lambda _key: self._query_changed())
        self.board = BoardWidget(context)
        self.board.totals_changed.connect(self._update_summary)
        self.board.edit_requested.connect(self.edit_deal)
        self._build_actions()

        view_layout(self, self.header, self.filter_bar, body=self.board, bottom_margin=8)

        context.changed.connect(self._changed)
        self._load_pipelines()

    # -- actions -------------------------------------------------------------------------
    def _build_actions(self) -> None:
        def action(text: str, shortcut: str, icon_name: str, slot) -> QAction:  # noqa: ANN001
            item = QAction(icon(icon_name), text, self)
            if shortcut:
                item.setShortcut(QKeySequence(shortcut))
            item.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            item.triggered.connect(slot)
            self.board.addAction(item)  # only while focus is on the board, not in a field
            return item

        self.edit_action = action(self.tr("Edit deal…"), "F2", "pencil-outline", self.edit_selected)
        self.customer_action = action(
            self.tr("Open customer card"), "Ctrl+Return", "account-box-outline", self.open_customer
        )
        self.plan_action = action(
            self.tr("Plan activity…"), "", "calendar-plus", self.plan_for_selected
        )
        self.next_action = action(
            self.tr("Move to next stage"),
            "Ctrl+Right",
            "arrow-right-bold-outline",
            lambda: self.board.move_selected(1),
        )
        self.previous_action = action(
            self.tr("Move to previous stage"),
            "Ctrl+Left",
            "arrow-left-bold-outline",
            lambda: self.board.move_selected(-1),
        )
        self.won_action = action(
            self.tr("Mark won"),
            "Ctrl+Shift+W",
            "trophy-outline",
            lambda: self.board.close_deals(self.board.selected_ids(), "won"),
        )
        self.lost_action = action(
            self.tr("Mark lost…"),
            "Ctrl+Shift+L",
            "close-circle-outline",
            lambda: self.board.close_deals(self.board.selected_ids(), "lost"),
        )
        self.delete_action = action(
            self.tr("Delete deal"), "Delete", "trash-can-outline", self.board.delete_selected
        )
        self.board.card_actions = [
            self.edit_action,
            self.customer_action,
            self.plan_action,
            None,
            self.next_action,
            self.previous_action,
            None,
            self.won_action,
            self.lost_action,
            None,
            self.delete_action,
        ]

    # -- pipelines -----------------------------------------------------------------------
    def pipeline_id(self) -> int | None:
        return self.picker.currentData()

    def _load_pipelines(self, keep: int | None = None) -> None:
        keep = keep if keep is not None else self.picker.currentData()
        if keep is None:  # first load: the default pipeline chosen in Settings
            keep = default_pipeline_id(self.context.db)
        found = list_pipelines(self.context.db)
        self.picker.blockSignals(True)
        self.picker.clear()
        for item in found:
            self.picker.addItem(icon("view-column-outline"), item.name, item.id)
        index = self.picker.findData(keep) if keep is not None else 0
        self.picker.setCurrentIndex(max(index, 0))
        self.picker.blockSignals(False)
        self._pipeline_picked()

    def _pipeline_picked(self) -> None:
        pipeline_id = self.pipeline_id()
        if pipeline_id is None:
            return
        self._refresh_choices()
        self.board.filters = self.filter_bar.filters()
        self.board.sort = self.filter_bar.sort.currentData()
        self.board.set_pipeline(pipeline_id)

    def _refresh_choices(self) -> None:
        pipeline_id = self.pipeline_id()
        if pipeline_id is not None:
            self.filter_bar.set_choices(*board.filter_choices(self.context.db, pipeline_id))
            self.filter_bar.mine.set_member(team_member(self.context.db))

    def _query_changed(self, _filters: BoardFilters | None = None) -> None:
        self.board.set_query(self.filter_bar.filters(), self.filter_bar.sort.currentData())

    def _changed(self, changes: ChangeSet) -> None:
        if "pipelines" in changes.tables():
            self._load_pipelines()
        elif "customers" in changes.tables() or _owners_changed(changes):
            self._refresh_choices()

    # -- summary -------------------------------------------------------------------------
    def _update_summary(self) -> None:
        totals = self.board.totals.values()
        count = sum(t.count for t in totals)
        value = sum(t.total for t in totals)
        weighted = sum(t.weighted for t in totals)
        currency = board.default_currency(self.context.db)
        filters = self.board.filters
        if filters.is_active():
            text = self.tr("%Ln open deals shown (%2) · %3 · weighted %4", "", count).replace(
                "%2", ", ".join(self.filter_bar.describe(filters))
            )
        else:
            text = self.tr("%Ln open deals · %3 · weighted %4", "", count)
        text = text.replace("%3", money(value, currency, compact=value >= 1e6)).replace(
            "%4", money(weighted, currency, compact=weighted >= 1e6)
        )
        left_out = sum(t.unconverted for t in totals)
        if left_out:
            text += " · " + self.tr("%1 without an exchange rate left out (*)").replace(
                "%1", f"{left_out:,}"
            )
        self.header.set_subtitle(text)

    # -- commands ------------------------------------------------------------------------
    def new_deal(self) -> None:
        first = self.board.columns[0].stage.id if self.board.columns else None
        deal_id = run_deal_dialog(self, self.context, None, stage_id=first)
        if deal_id is not None:
            self.show_payload({"deal_id": deal_id})

    def edit_deal(self, deal_id: int) -> None:
        run_deal_dialog(self, self.context, deal_id)

    def edit_selected(self) -> None:
        ids = self.board.selected_ids()
        if ids:
            self.edit_deal(ids[0])

    def plan_for_selected(self) -> None:
        """Plan the next step of the selected deal (its customer and the deal filled in)."""
        cards = self.board.selected_cards()
        if cards and cards[0].customer_id is not None:
            plan_activity(
                self, self.context, {"customer_id": cards[0].customer_id, "deal_id": cards[0].id}
            )

    def open_customer(self) -> None:
        cards = self.board.selected_cards()
        if not cards:
            return
        if cards[0].customer_id is None:
            self.context.status_message.emit(self.tr("This deal has no customer."))
        else:
            open_customer_card(self, self.context, cards[0].customer_id)

    def edit_stages(self) -> None:
        pipeline_id = self.pipeline_id()
        if pipeline_id is not None:
            chosen = edit_stages(self, self.context, pipeline_id)
            self._load_pipelines(keep=chosen)

    def show_closed(self, deal_id: int | None = None) -> None:
        pipeline_id = self.pipeline_id()
        if pipeline_id is not None:
            show_closed_deals(self, self.context, pipeline_id, deal_id)

    # -- entry points for other views ----------------------------------------------------
    def show_payload(self, payload: dict) -> None:
        """``{"deal_id": n}``: select that deal and scroll to it (switching pipeline)."""
        deal_id = payload.get("deal_id") if isinstance(payload, dict) else None
        if deal_id is None:
            return
        location = board.deal_location(self.context.db, int(deal_id))
        if location is None:
            self.context.status_message.emit(self.tr("That deal no longer exists."))
            return
        if location.pipeline_id != self.pipeline_id():
            self._load_pipelines(keep=location.pipeline_id)
        if location.status != "open":
            self.show_closed(int(deal_id))
            return
        column = self.board.column_of_stage(location.stage_id)
        if column is None:
            return
        if not self.board.select_ids(column, [int(deal_id)], scroll_to=True):
            self.filter_bar.reset()
            self.board.select_ids(column, [int(deal_id)], scroll_to=True)
        self.board.scroll.ensureWidgetVisible(column)

    def focus_search(self) -> None:
        self.filter_bar.search.setFocus()
        self.filter_bar.search.selectAll()


def _owners_changed(changes: ChangeSet) -> bool:
    for change in changes.changes("deals"):
        before, after = change.before or {}, change.after or {}
        if before.get("owner") != after.get("owner"):
            return True
    return False
