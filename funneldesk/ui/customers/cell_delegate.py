"""Painting the customer table's cells without a trip through the style per cell.

Every keystroke of a type-ahead search repaints the whole table (some 20 rows × 8 columns).
:class:`QStyledItemDelegate` asks the model for seven roles per cell (seven Python calls)
and draws each cell through the style sheet style and a ``QTextLayout``. A plain cell here
is one Python call that draws the row's already formatted text, elided, with the column's
font, colour and alignment, placed where ``QCommonStyle`` places it (the same pixels).
Selected or focused cells, right-to-left layouts and multi-line texts are left to
:class:`QStyledItemDelegate`, so the highlight and focus frame are exactly the style's.

A shown text is kept as a :class:`QStaticText` (its glyphs shaped and placed once): drawn
again, on the next keystroke that lists the same customer, city, source or date, it costs a
third of ``drawText``, which lays the text out anew on every call. The pen colour is applied
when drawing, so one kept text serves every colour and theme.

What is the same for every cell of one paint (fonts, their metrics, the text margin, the
palette's text colour) is looked up when the viewport's paint event starts, not per cell;
a cell's state is read as an ``int`` (operators on Qt's flag enums cost microseconds each).
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from funneldesk.ui.customers.model import CustomerTableModel

_DELEGATED_STATES = (QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus).value
_ENABLED = QStyle.StateFlag.State_Enabled.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_ELIDE = Qt.TextElideMode.ElideRight
_RIGHT = int(Qt.AlignmentFlag.AlignRight)
_PLAIN = Qt.TextFormat.PlainText
_TEXTS_KEPT = 4096  # shown texts remembered, least recently drawn dropped (some 25 screens)
_PAINT = QEvent.Type.Paint


class CustomerCellDelegate(QStyledItemDelegate):
    """Draws plain cells from :meth:`CustomerTableModel.cells`; the rest as Qt would."""

    def __init__(self, model: CustomerTableModel, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._model = model
        self._view = view
        self._base_font: QFont | None = None
        # per column: (font, which of the distinct fonts it is, metrics, exact metrics,
        # line height, right-aligned)
        self._columns: list[tuple[QFont, int, QFontMetrics, QFontMetricsF, int, bool]] = []
        self._margin = 0
        self._rtl = False
        self._colours: dict[int, object] = {}
        # (text, column, width) -> (the shown text laid out, its offset from the left edge)
        self._texts: OrderedDict[tuple[str, int, int], tuple[QStaticText, float]] = OrderedDict()
        self._prepared = False
        self._painter_font = -1  # the column whose font the painter has (QPainter.setFont is slow)
        self._row, self._row_cells = -1, None  # the row painted last, and its cells
        view.viewport().installEventFilter(self)
        for changed in (model.modelReset, model.layoutChanged, model.dataChanged):
            changed.connect(self._forget_row)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == _PAINT:
            self._prepared = False  # fonts, palette or style may have changed since
            self._painter_font = -1  # a new painter
            self._row = -1  # and the rows may be others since the last paint
        return False

    def _forget_row(self) -> None:
        self._row = -1

    def _prepare(self) -> None:
        view = self._view
        base = view.font()
        if base != self._base_font:
            self._base_font = QFont(base)
            self._columns = []
            distinct: list[QFont] = []
            for column, own in enumerate(self._model.column_fonts()):
                font = QFont(base) if own is None else own.resolve(base)
                if font not in distinct:
                    distinct.append(font)
                font_key = distinct.index(font)
                # QCommonStyle centres a QTextLayout on whole pixels: one line is this high.
                line_height = int(QFontMetricsF(font).height())
                right = bool((self._model.alignment(column) or 0) & _RIGHT)
                self._columns.append(
                    (font, font_key, QFontMetrics(font), QFontMetricsF(font), line_height, right)
                )
            self._texts.clear()
        style = view.style()
        self._margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        self._rtl = view.layoutDirection() == Qt.LayoutDirection.RightToLeft
        self._colours = {}
        self._prepared = True

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if not self._prepared:
            self._prepare()
        state = option.state.value
        if state & _DELEGATED_STATES or self._rtl:
            self._paint_as_qt(painter, option, index)
            return
        row = index.row()
        if row != self._row:  # a row's cells are painted one after another
            self._row, self._row_cells = row, self._model.cells(row)
        cells = self._row_cells
        if cells is None:
            return
        column = index.column()
        text = cells.text[column]
        if not text:
            return
        if "\n" in text or "\r" in text:  # the style draws line separators; leave it to it
            self._paint_as_qt(painter, option, index)
            return
        font, font_key, _metrics, _exact, line_height, _right = self._columns[column]
        x, y, width, height = option.rect.getRect()
        margin = self._margin
        width -= 2 * margin
        key = (text, column, width)
        kept = self._texts.get(key)
        if kept is None:
            kept = self._texts[key] = self._laid_out(cells.short[column], text, column, width)
            while len(self._texts) > _TEXTS_KEPT:
                self._texts.popitem(last=False)
        else:
            self._texts.move_to_end(key)
        shown, offset = kept
        colour = cells.foreground[column]
        if colour is None:
            colour = self._text_colour(option, state)
        if self._painter_font != font_key:
            painter.setFont(font)
            self._painter_font = font_key
        painter.setPen(colour)
        # The top of a line box centred on whole pixels, as QCommonStyle centres a layout.
        painter.drawStaticText(QPointF(x + margin + offset, y + (height - line_height) // 2), shown)

    def _laid_out(
        self, short: str | None, text: str, column: int, width: int
    ) -> tuple[QStaticText, float]:
        """``text`` as the column shows it in ``width`` pixels, with its offset there: elided
        with "…", or its short form when the whole does not fit ("196.5K CNY" reads better
        than "196,500 …"); right-aligned columns end at the right margin."""
        _font, _key, metrics, exact, _line_height, right = self._columns[column]
        shown = metrics.elidedText(text, _ELIDE, width)
        if short and shown != text:
            shown = metrics.elidedText(short, _ELIDE, width)
        laid_out = QStaticText(shown)
        laid_out.setTextFormat(_PLAIN)
        return laid_out, width - exact.horizontalAdvance(shown) if right else 0.0

    def _paint_as_qt(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        self._painter_font = -1  # the style set its own font

    def _text_colour(self, option: QStyleOptionViewItem, state: int) -> object:
        """The palette's text colour for the cell's state, as QCommonStyle picks it."""
        key = state & (_ENABLED | _ACTIVE)
        colour = self._colours.get(key)
        if colour is None:
            group = QPalette.ColorGroup.Normal if state & _ENABLED else QPalette.ColorGroup.Disabled
            if group == QPalette.ColorGroup.Normal and not state & _ACTIVE:
                group = QPalette.ColorGroup.Inactive
            colour = self._colours[key] = option.palette.color(group, QPalette.ColorRole.Text)
        return colour
