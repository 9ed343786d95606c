"""The Customers view: every customer in one table that stays smooth at 1M rows.

Search box (Ctrl+F) and filters build a :class:`ListQuery`; the model pages its rows from
SQL. Double-click or Enter opens the customer card, Del deletes (asking about the deals),
"New customer" (Ctrl+N) opens an empty card. The list refreshes only when an operation
touched customers, deals, contact history or dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTableView,
    QWidget,
)

from funneldesk.core import customer_list, customers, search
from funneldesk.core.changes import ChangeSet
from funneldesk.core.customer_list import ListQuery
from funneldesk.core.settings_ops import file_setting
from funneldesk.ui.context import AppContext
from funneldesk.ui.customers.cell_delegate import CustomerCellDelegate
from funneldesk.ui.customers.column_fit import ColumnFit
from funneldesk.ui.customers.filter_bar import CustomerFilterBar
from funneldesk.ui.customers.index_job import index_backlog
from funneldesk.ui.customers.model import COLUMNS, CustomerTableModel
from funneldesk.ui.icons import icon
from funneldesk.ui.jobs import ModalJob
from funneldesk.ui.widgets.empty_state import EmptyState
from funneldesk.ui.widgets.header import ViewHeader
from funneldesk.ui.widgets.muted_label import muted_label
from funneldesk.ui.widgets.steady_scroll_bar import SteadyScrollBar
from funneldesk.ui.widgets.view_layout import view_layout

WATCHED_TABLES = frozenset(
    {"customers", "deals", "interactions", "important_dates", "exchange_rates", "settings"}
)
ROW_HEIGHT = 30


@contextmanager
def busy_cursor() -> Iterator[None]:
    """A wait cursor while the list re-reads (a second or more for some sorts at 1M rows)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def _tallest_line(label: QLabel) -> int:
    """The label's height with Chinese in its text. The fallback font's line is a pixel
    taller than a Latin one: a summary that grows when a search turns Chinese (and shrinks
    back) would move the table under it, and lay out and repaint the whole view on that
    keystroke instead of the table alone."""
    text = label.text()
    label.setText("Ag 王")  # i18n: ok (measured, never shown)
    height = label.sizeHint().height()
    label.setText(text)
    return height


class CustomersView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        db = context.db
        self.model = CustomerTableModel(db, file_setting(db, "currency") or "", self)
        self._column_sort = ("name", False)  # restored when a search is cleared
        self._index_job: ModalJob | None = None

        self.header = ViewHeader(
            self.tr("Customers"),
            self.tr("Find anyone by name, pinyin, initials, phone digits, company or notes."),
        )
        self.new_action = self._action(self.tr("New customer"), "Ctrl+N", "account-plus-outline")
        self.new_action.triggered.connect(lambda: self.open_card(None))
        self.header.set_primary_action(self.new_action)

        self.filters = CustomerFilterBar()
        self.filters.changed.connect(self._filters_changed)
        self.summary = muted_label()
        self.summary.setObjectName("customerSummary")
        self.summary.setMinimumHeight(_tallest_line(self.summary))

        self.table = self._build_table()
        self.empty = EmptyState(
            "account-multiple-plus-outline",
            self.tr("No customers yet"),
            self.tr(
                "Add your first customer with New customer (Ctrl+N), or bring in your "
                "address book with File ▸ Import contacts (CSV, Excel or vCard)."
            ),
            [self.new_action],
        )
        clear = QAction(icon("filter-remove-outline"), self.tr("Clear search and filters"), self)
        clear.triggered.connect(self.filters.reset)
        self.no_match = EmptyState(
            "account-search-outline",
            self.tr("No customers match"),
            self.tr(
                "Check the spelling, or try pinyin or initials (zs finds 张三), part of a "
                "phone number, or fewer filters."
            ),
            [clear],
        )
        self.stack = QStackedWidget()
        for widget in (self.table, self.empty, self.no_match):
            self.stack.addWidget(widget)

        view_layout(self, self.header, self.filters, self.summary, body=self.stack)

        context.changed.connect(self._data_changed)
        self._refresh_choices()
        self._show_state()
        self._index_job = index_backlog(self, db, self._index_ready)

    # -- building ------------------------------------------------------------------------
    def _action(self, text: str, shortcut: str, icon_name: str) -> QAction:
        action = QAction(icon(icon_name), text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)
        return action

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("customerTable")
        table.setModel(self.model)
        table.setItemDelegate(CustomerCellDelegate(self.model, table))
        table.viewport().installEventFilter(self)  # resized: the model's page follows
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.setVerticalScrollBar(SteadyScrollBar(Qt.Orientation.Vertical))  # row counts vary
        rows = table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(ROW_HEIGHT)
        columns = table.horizontalHeader()
        columns.setHighlightSections(False)
        columns.setSectionsClickable(True)
        columns.setSortIndicatorShown(True)
        columns.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        columns.setStretchLastSection(False)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.column_fit = ColumnFit(columns)
        columns.sortIndicatorChanged.connect(self._sort_clicked)
        table.doubleClicked.connect(
            lambda index: self.open_card(self.model.customer_id(index.row()))
        )
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)

        self.open_action = QAction(
            icon("card-account-details-outline"), self.tr("Open card"), table
        )
        self.open_action.setShortcuts(
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]
        )
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.open_action.triggered.connect(lambda: self.open_card(self.current_customer_id()))
        self.delete_action = QAction(icon("delete-outline"), self.tr("Delete customer…"), table)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_current)
        table.addActions([self.open_action, self.delete_action])
        return table

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self.model.set_page_size(-(-self.table.viewport().height() // ROW_HEIGHT))
            self.column_fit.fit(self.table.viewport().width())
        return False

    # -- entry points (views.py) ---------------------------------------------------------
    def focus_search(self) -> None:
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()

    def show_payload(self, payload: object) -> None:
        """``{"customer_id": n}``: select that customer, clearing filters that hide it."""
        if not isinstance(payload, dict) or not isinstance(payload.get("customer_id"), int):
            return
        self.select_customer(payload["customer_id"])

    def select_customer(self, customer_id: int) -> bool:
        row = self.model.row_of(customer_id)
        if row is None and self.model.query.is_filtered():
            self.filters.reset()
            row = self.model.row_of(customer_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def current_customer_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.customer_id(index.row()) if index.isValid() else None

    # -- actions -------------------------------------------------------------------------
    def open_card(self, customer_id: int | None) -> None:
        """The customer card; its module is imported on first use, not at start-up."""
        from funneldesk.ui.card.dialog import open_customer_card

        open_customer_card(self, self.context, customer_id)

    def delete_current(self) -> None:
        customer_id = self.current_customer_id()
        row = self.model.row(self.table.currentIndex().row()) if customer_id else None
        if row is None:
            return
        keep = self._ask_keep_deals(row.name, customer_list.deal_count(self.context.db, row.id))
        if keep is None:
            return
        self.context.run(customers.delete_customer, row.id, keep_deals=keep, parent=self)

    def _ask_keep_deals(self, name: str, deals: int) -> bool | None:
        """``True`` keep the deals, ``False`` delete them too, ``None`` cancelled."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Delete customer"))
        box.setText(self.tr("Delete %1?").replace("%1", name))
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        if deals:
            text = (
                self.tr("%1 has one deal.")
                if deals == 1
                else self.tr("%1 has %2 deals.").replace("%2", f"{deals:,}")
            )
            box.setInformativeText(
                text.replace("%1", name)
                + " "
                + self.tr(
                    "Keep the deals on the board without a customer, or delete them too? "
                    "Dates, preferences and contact history are deleted. Ctrl+Z undoes this."
                )
            )
            keep = box.addButton(self.tr("Delete, keep deals"), QMessageBox.ButtonRole.AcceptRole)
            drop = box.addButton(
                self.tr("Delete with deals"), QMessageBox.ButtonRole.DestructiveRole
            )
            box.setDefaultButton(keep)
        else:
            box.setInformativeText(
                self.tr(
                    "Dates, preferences and contact history are deleted too. Ctrl+Z undoes this."
                )
            )
            keep = None
            drop = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
            box.setDefaultButton(drop)
        box.exec()
        clicked = box.clickedButton()
        if clicked is None or clicked is cancel:
            return None
        return clicked is keep

    def _context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.exec(self.table.viewport().mapToGlobal(position))

    # -- query changes -------------------------------------------------------------------
    def _filters_changed(self, query: ListQuery) -> None:
        current = self.model.query
        sort, descending = current.sort, current.descending
        if query.search and not current.search:
            if sort != "relevance":
                self._column_sort = (sort, descending)
            sort, descending = "relevance", False
        elif not query.search and sort == "relevance":
            sort, descending = self._column_sort
        self._apply(replace(query, sort=sort, descending=descending))

    def _sort_clicked(self, section: int, order: Qt.SortOrder) -> None:
        if not 0 <= section < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self._column_sort = (COLUMNS[section][0], descending)
        self._apply(replace(self.model.query, sort=COLUMNS[section][0], descending=descending))

    def _apply(self, query: ListQuery) -> None:
        if query.search:  # what another program queued since the file opened, indexed first:
            search.catch_up(self.context.db)  # a write of its own (the search only reads)
        with busy_cursor():
            self.model.set_query(query)
        self.table.doItemsLayout()  # now, not on a timer: one repaint per keystroke, not two
        self._sync_sort_indicator()
        self._show_state()
        if self.model.total():
            self.table.scrollToTop()

    def _sync_sort_indicator(self) -> None:
        header = self.table.horizontalHeader()
        query = self.model.query
        keys = [key for key, _ in COLUMNS]
        header.blockSignals(True)
        if query.sort in keys:
            order = (
                Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
            )
            header.setSortIndicatorShown(True)
            header.setSortIndicator(keys.index(query.sort), order)
        else:
            header.setSortIndicatorShown(False)
        header.blockSignals(False)

    # -- data changes --------------------------------------------------------------------
    def _data_changed(self, changes: ChangeSet) -> None:
        if not changes.tables() & WATCHED_TABLES:
            return
        selected = self.current_customer_id()
        scroll = self.table.verticalScrollBar().value()
        if "customers" in changes.tables():
            self._refresh_choices()
        with busy_cursor():
            self.model.reload()
        self._show_state()
        self.table.verticalScrollBar().setValue(scroll)
        created = changes.inserted_ids("customers")
        if len(created) == 1:  # a new customer, or one brought back by undo
            self.select_customer(created[0])
        elif selected is not None:
            row = self.model.row_of(selected)
            if row is not None:
                self.table.selectRow(row)

    def _refresh_choices(self) -> None:
        db = self.context.db
        self.filters.set_choices(
            customer_list.filter_choices(db, "source"),
            customer_list.filter_choices(db, "owner"),
            customer_list.filter_choices(db, "city"),
        )

    def _index_ready(self) -> None:
        self._index_job = None
        if self.model.query.search:
            self.model.reload()
            self._show_state()

    def _show_state(self) -> None:
        total = self.model.total()
        query = self.model.query
        if total:
            self.stack.setCurrentWidget(self.table)
        elif query.is_filtered():
            self.stack.setCurrentWidget(self.no_match)
        else:
            self.stack.setCurrentWidget(self.empty)
        self.summary.setText(self._summary_text(total, query))

    def _summary_text(self, total: int, query: ListQuery) -> str:
        if query.search and total >= customer_list.SEARCH_COUNT_CAP:
            count = self.tr("More than %1 customers").replace(
                "%1", f"{customer_list.SEARCH_COUNT_CAP:,}"
            )
        else:
            count = (
                self.tr("1 customer")
                if total == 1
                else self.tr("%1 customers").replace("%1", f"{total:,}")
            )
        parts = self.filters.describe(query)
        if not parts:
            return count
        return self.tr("%1 · filtered by %2").replace("%1", count).replace("%2", ", ".join(parts))
