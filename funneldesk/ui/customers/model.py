"""The customer table model: a window onto the SQL list, fetched a page at a time.

The model knows the row count (one SQL ``COUNT``) and keeps a few recently used pages of
rows (a screen of them and a few more, once the view has said how many it shows); ``data()``
for a row outside them fetches that page. A row's texts and colours are formatted once, the
first time it is painted, and kept for those values of the row across searches, so a
repaint is tuple lookups (type-ahead repaints on every keystroke); :mod:`.cell_delegate`
paints them from :meth:`CustomerTableModel.cells`. A page points at its rows' kept cells by
position, so a paint finds them without hashing the row. Sorting and filtering replace the
:class:`ListQuery` and reset the model; nothing is ever sorted in Python, so 1M customers
cost the same memory as 1,000. Sorts no index serves (last contact,
next birthday, open deals value, phone) read the ordered ids once and slice them.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from funneldesk.core import clock, customer_list
from funneldesk.core.clock import parse_timestamp
from funneldesk.core.customer_list import CustomerRow, ListQuery
from funneldesk.core.db import Database
from funneldesk.ui import labels
from funneldesk.ui.funnel.formatting import DASH, money
from funneldesk.ui.theme import semantic, tabular

PAGE_SIZE = 50  # rows per page until a view says how many it shows (set_page_size)
MIN_PAGE_SIZE = 25
PAGES_KEPT = 40
FORMATTED_KEPT = 2000  # rows whose texts are kept across searches (some 80 screens)
DEEP_OFFSET = 20_000
COLUMNS = (
    # (sort key, header source text, translated in the "CustomerTable" context)
    ("name", QT_TRANSLATE_NOOP("CustomerTable", "Name")),
    ("company", QT_TRANSLATE_NOOP("CustomerTable", "Company")),
    ("phone", QT_TRANSLATE_NOOP("CustomerTable", "Phone")),
    ("city", QT_TRANSLATE_NOOP("CustomerTable", "City")),
    ("source", QT_TRANSLATE_NOOP("CustomerTable", "Source")),
    ("last_contact", QT_TRANSLATE_NOOP("CustomerTable", "Last contact")),
    ("next_birthday", QT_TRANSLATE_NOOP("CustomerTable", "Next birthday")),
    ("open_value", QT_TRANSLATE_NOOP("CustomerTable", "Open deals")),
)
NUMERIC_COLUMNS = frozenset({"open_value"})
TABULAR_COLUMNS = NUMERIC_COLUMNS | {"phone", "last_contact", "next_birthday"}
ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_ID = int(ID_ROLE)
_HANDLED_ROLES = frozenset({_DISPLAY, _TOOLTIP, _ALIGNMENT, _FONT, _FOREGROUND, _ID})
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_KEYS = tuple(key for key, _ in COLUMNS)
_ALIGNMENTS = tuple(_RIGHT if key in NUMERIC_COLUMNS else None for key in _KEYS)


def _tr(text: str) -> str:
    return QCoreApplication.translate("CustomerTable", text)


@dataclass
class _Page:
    """Rows of one page and, per row, its formatted cells once painted: the same objects as
    the model's cells kept by row values, found here by position (a lookup by a row's values
    hashes its twelve fields, some 1 us a row on every paint)."""

    rows: list[CustomerRow]
    cells: dict[int, _Cells] = field(default_factory=dict)


@dataclass(frozen=True)
class _Cells:
    """What a row shows: text and colour per column (``None``: the palette's)."""

    customer: CustomerRow
    text: tuple[str, ...]
    foreground: tuple[object, ...]
    # per column: a shorter text for a column too narrow for the whole ("196.5K CNY" for
    # "196,500 CNY"), or None
    short: tuple[str | None, ...] = ()


class CustomerTableModel(QAbstractTableModel):
    """Rows of :func:`customer_list.fetch_page` for the current :class:`ListQuery`."""

    def __init__(self, db: Database, currency: str, parent: object = None) -> None:
        super().__init__(parent)
        self._db = db
        self._currency = currency
        self._query = ListQuery()
        self._count = 0
        self._pages: OrderedDict[int, _Page] = OrderedDict()
        self._page_size = PAGE_SIZE
        self._ordered: array | None = None
        self._today = clock.today()
        # A row's cells by its values, across searches: typing on ("zhang", "zhangw") lists
        # many of the same customers again. Kept while what else the texts depend on (the
        # day, the locale, the palette's colours) stays the same.
        self._formatted: OrderedDict[CustomerRow, _Cells] = OrderedDict()
        self._formatted_for: tuple = ()
        number_font = tabular()
        self._fonts = tuple(number_font if key in TABULAR_COLUMNS else None for key in _KEYS)
        self.reload()

    # -- the query -----------------------------------------------------------------------
    @property
    def query(self) -> ListQuery:
        return self._query

    def set_query(self, query: ListQuery) -> None:
        """Show the rows of ``query`` (search, filters, sort), from the top."""
        self._query = query
        self.reload()

    def reload(self) -> None:
        """Count again and forget cached rows (after a change of data or of the query).

        A sort no index serves reads its ordered ids here, not while painting, so the one
        slow step happens where the view shows a busy cursor.
        """
        self.beginResetModel()
        self._today = clock.today()
        self._colours = {name: semantic(name) for name in ("muted", "idle")}  # palette may change
        self._locale = QLocale()
        formatted_for = (
            self._today,
            self._locale.name(),
            *(colour.name() for colour in self._colours.values()),
        )
        if formatted_for != self._formatted_for:
            self._formatted.clear()
            self._formatted_for = formatted_for
        self._pages.clear()
        self._ordered = None
        self._count = customer_list.count_customers(self._db, self._query, self._today)
        if self._query.sort not in customer_list.INDEXED_SORTS | {"relevance"}:
            self._ordered = customer_list.ordered_ids(self._db, self._query, self._today)
        self.endResetModel()

    def total(self) -> int:
        return self._count

    def set_page_size(self, visible_rows: int) -> None:
        """Read pages of a screen of rows and a few more (at least ``MIN_PAGE_SIZE``): the
        first page then covers what a repaint shows, and each keystroke of a search reads
        (and dates, counts and formats) only that many rows, not two screens of them."""
        size = max(MIN_PAGE_SIZE, visible_rows + 5)
        if size != self._page_size:
            self._page_size = size
            self._pages.clear()

    # -- rows ----------------------------------------------------------------------------
    def row(self, row: int) -> CustomerRow | None:
        """The customer on ``row``, fetching its page when it is not cached."""
        cells = self.cells(row)
        return cells.customer if cells is not None else None

    def column_fonts(self) -> tuple[QFont | None, ...]:
        """Each column's own font (``None``: the view's), as :meth:`data` gives it."""
        return self._fonts

    @staticmethod
    def alignment(column: int) -> int | None:
        """Each column's text alignment (``None``: the view's), as :meth:`data` gives it."""
        return _ALIGNMENTS[column]

    def cells(self, row: int) -> _Cells | None:
        """The formatted cells of ``row`` (its page fetched, its texts made, when needed);
        the delegate paints from them."""
        if not 0 <= row < self._count:
            return None
        number, within = divmod(row, self._page_size)
        page = self._pages.get(number)
        if page is None:
            page = _Page(self._fetch(number))
            self._pages[number] = page
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        cells = page.cells.get(within)
        if cells is None and within < len(page.rows):
            cells = page.cells[within] = self._formatted_cells(page.rows[within])
        return cells

    def _formatted_cells(self, customer: CustomerRow) -> _Cells:
        """What ``customer``'s row shows, made once for these values of the row."""
        cells = self._formatted.get(customer)
        if cells is not None:
            self._formatted.move_to_end(customer)
            return cells
        cells = self._formatted[customer] = _Cells(
            customer,
            tuple(self._display(customer, key) for key in _KEYS),
            tuple(self._foreground(customer, key) for key in _KEYS),
            tuple(self._short(customer, key) for key in _KEYS),
        )
        if len(self._formatted) > FORMATTED_KEPT:
            self._formatted.popitem(last=False)
        return cells

    def _fetch(self, number: int) -> list[CustomerRow]:
        """Near the top an indexed sort reads the page itself; deeper down (a jump with the
        scroll bar) ``OFFSET`` would walk the index for every page, so the ordered ids are read
        once and sliced, as for the sorts no index serves."""
        offset = number * self._page_size
        query = self._query
        relevance = query.sort == "relevance" and query.search.strip()
        shallow = offset < DEEP_OFFSET and self._ordered is None
        if relevance or (query.sort in customer_list.INDEXED_SORTS and shallow):
            return customer_list.fetch_page(self._db, query, offset, self._page_size, self._today)
        if self._ordered is None:
            self._ordered = customer_list.ordered_ids(self._db, query, self._today)
        ids = self._ordered[offset : offset + self._page_size].tolist()
        return customer_list.rows_by_ids(self._db, ids, self._today)

    def customer_id(self, row: int) -> int | None:
        found = self.row(row)
        return found.id if found is not None else None

    def row_of(self, customer_id: int) -> int | None:
        """The row ``customer_id`` sits on under the current query, or ``None``."""
        for number, page in self._pages.items():
            for within, customer in enumerate(page.rows):
                if customer.id == customer_id:
                    return number * self._page_size + within
        return customer_list.row_position(self._db, self._query, customer_id, self._today)

    # -- Qt model interface --------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        key = COLUMNS[section][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return _tr(COLUMNS[section][1])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight
                if key in NUMERIC_COLUMNS
                else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Called ~7 times per visible cell per paint: unhandled roles return at once, the
        rest are lookups in the row's cells, formatted on its first paint."""
        role = int(role)
        if role not in _HANDLED_ROLES or not index.isValid():
            return None
        column = index.column()
        if role == _FONT:
            return self._fonts[column]
        if role == _ALIGNMENT:
            return _ALIGNMENTS[column]
        cells = self.cells(index.row())
        if cells is None:
            return None
        if role == _DISPLAY:
            return cells.text[column]
        if role == _FOREGROUND:
            return cells.foreground[column]
        if role == _ID:
            return cells.customer.id
        return self._tooltip(cells.customer, _KEYS[column])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Header clicks sort in SQL."""
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(replace(self._query, sort=COLUMNS[column][0], descending=descending))

    # -- presentation --------------------------------------------------------------------
    def _display(self, customer: CustomerRow, key: str) -> str:
        if key == "last_contact":
            return _short_date(customer.last_contact, self._locale)
        if key == "next_birthday":
            return _birthday(customer.next_birthday, self._today, self._locale)
        if key == "open_value":
            return money(customer.open_value, self._currency) if customer.open_deals else DASH
        value = getattr(customer, key)
        if key == "source":
            return labels.source_name(value)
        return "" if value is None else str(value)

    def _short(self, customer: CustomerRow, key: str) -> str | None:
        """What a narrow column shows instead of cutting the text (the tooltip has the rest)."""
        if key == "open_value" and customer.open_deals:
            return money(customer.open_value, self._currency, compact=True)
        return None

    def _tooltip(self, customer: CustomerRow, key: str) -> str | None:
        if key == "open_value" and customer.open_deals:
            return _tr("%1 open deals").replace("%1", QLocale().toString(customer.open_deals))
        if key == "next_birthday" and customer.next_birthday is not None:
            return QLocale().toString(_qdate(customer.next_birthday), QLocale.FormatType.LongFormat)
        if key in ("name", "company") and getattr(customer, key):
            return str(getattr(customer, key))
        return None

    def _foreground(self, customer: CustomerRow, key: str) -> object:
        if key == "open_value" and not customer.open_deals:
            return self._colours["muted"]
        birthday = customer.next_birthday
        if key == "next_birthday" and birthday is not None and (birthday - self._today).days <= 7:
            return self._colours["idle"]
        return None


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _short_date(timestamp: str | None, locale: QLocale) -> str:
    if not timestamp:
        return ""
    try:
        moment = parse_timestamp(timestamp)
    except ValueError:
        return timestamp[:10]
    return locale.toString(
        QDate(moment.year, moment.month, moment.day), QLocale.FormatType.ShortFormat
    )


def _birthday(value: date | None, today: date, locale: QLocale) -> str:
    """``Dec 3 · in 8 days``; today's and tomorrow's are called out."""
    if value is None:
        return ""
    days = (value - today).days
    shown = locale.toString(_qdate(value), _tr("MMM d"))
    if days == 0:
        return _tr("%1 · today").replace("%1", shown)
    if days == 1:
        return _tr("%1 · tomorrow").replace("%1", shown)
    return _tr("%1 · in %2 days").replace("%1", shown).replace("%2", locale.toString(days))
