"""Painting the customer table's cells without a trip through the style per cell.

Every keystroke of a type-ahead search repaints the whole table (some 20 rows × 8 columns).
:class:`QStyledItemDelegate` asks the model for seven roles per cell (seven Python calls)
and draws each cell through the style sheet style and a ``QTextLayout``. A plain cell here
is one Python call that draws the row's already formatted text, elided, with the column's
font, colour and alignment, placed where ``QCommonStyle`` places it (the same pixels).
Selected or focused cells, right-to-left layouts and multi-line texts are left to
:class:`QStyledItemDelegate`, so the highlight and focus frame are exactly the style's.

What is the same for every cell of one paint (fonts, their metrics, the text margin, the
palette's text colour) is looked up when the viewport's paint event starts, not per cell.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from funneldesk.ui.customers.model import CustomerTableModel

_DELEGATED_STATES = QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus
_ENABLED = QStyle.StateFlag.State_Enabled
_ACTIVE = QStyle.StateFlag.State_Active
_ELIDE = Qt.TextElideMode.ElideRight
_LEFT = int(Qt.AlignmentFlag.AlignLeft)
_HORIZONTAL = int(Qt.AlignmentFlag.AlignHorizontal_Mask)
# On top of a rectangle exactly one line high (see _Column); unclipped like a text layout.
_FLAGS = (
    int(Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextSingleLine) | int(Qt.TextFlag.TextDontClip)
)
_ELIDED_KEPT = 4096  # shown texts remembered (a few screens of cells)
_PAINT = QEvent.Type.Paint


class CustomerCellDelegate(QStyledItemDelegate):
    """Draws plain cells from :meth:`CustomerTableModel.cells`; the rest as Qt would."""

    def __init__(self, model: CustomerTableModel, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._model = model
        self._view = view
        self._base_font: QFont | None = None
        # per column: (font, which of the distinct fonts it is, metrics, line height, flags)
        self._columns: list[tuple[QFont, int, QFontMetrics, int, int]] = []
        self._margin = 0
        self._rtl = False
        self._colours: dict[tuple[bool, bool], object] = {}
        self._elided: dict[tuple[str, int, int], str] = {}
        self._prepared = False
        self._painter_font = -1  # the column whose font the painter has (QPainter.setFont is slow)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == _PAINT:
            self._prepared = False  # fonts, palette or style may have changed since
            self._painter_font = -1  # a new painter
        return False

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
                alignment = self._model.alignment(column)
                flags = ((_LEFT if alignment is None else int(alignment)) & _HORIZONTAL) | _FLAGS
                self._columns.append((font, font_key, QFontMetrics(font), line_height, flags))
            self._elided.clear()
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
        state = option.state
        if state & _DELEGATED_STATES or self._rtl:
            super().paint(painter, option, index)
            self._painter_font = -1
            return
        cells = self._model.cells(index.row())
        if cells is None:
            return
        column = index.column()
        text = cells.text[column]
        if not text:
            return
        if "\n" in text or "\r" in text:  # the style draws line separators; leave it to it
            super().paint(painter, option, index)
            self._painter_font = -1
            return
        font, font_key, metrics, line_height, flags = self._columns[column]
        x, y, width, height = option.rect.getRect()
        margin = self._margin
        width -= 2 * margin
        key = (text, column, width)
        shown = self._elided.get(key)
        if shown is None:
            shown = metrics.elidedText(text, _ELIDE, width)
            short = cells.short[column] if shown != text else None
            if short:  # "196.5K CNY" reads better than "196,500 …"
                shown = metrics.elidedText(short, _ELIDE, width)
            if len(self._elided) >= _ELIDED_KEPT:
                self._elided.clear()
            self._elided[key] = shown
        colour = cells.foreground[column]
        if colour is None:
            colour = self._text_colour(option, state)
        if self._painter_font != font_key:
            painter.setFont(font)
            self._painter_font = font_key
        painter.setPen(colour)
        painter.drawText(
            x + margin, y + (height - line_height) // 2, width, line_height, flags, shown
        )

    def _text_colour(self, option: QStyleOptionViewItem, state: QStyle.StateFlag) -> object:
        """The palette's text colour for the cell's state, as QCommonStyle picks it."""
        key = (bool(state & _ENABLED), bool(state & _ACTIVE))
        colour = self._colours.get(key)
        if colour is None:
            group = QPalette.ColorGroup.Normal if state & _ENABLED else QPalette.ColorGroup.Disabled
            if group == QPalette.ColorGroup.Normal and not state & _ACTIVE:
                group = QPalette.ColorGroup.Inactive
            colour = self._colours[key] = option.palette.color(group, QPalette.ColorRole.Text)
        return colour
