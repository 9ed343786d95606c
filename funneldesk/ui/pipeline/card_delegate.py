"""Paints a deal card (STYLE "Board cards"): bold title, customer below, value right-aligned,
a thin left edge for state (idle amber, overdue red), and a meta line with the next planned
activity (red when overdue; a quiet marker when there is none), age in stage, expected close
and the owner's initials. Hover lifts the card; selection rings it in the
accent colour. One delegate paints every card: there is no widget per deal.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from funneldesk.core import clock
from funneldesk.core.activities import is_overdue
from funneldesk.core.board import DealCard
from funneldesk.ui import labels
from funneldesk.ui.icons import icon
from funneldesk.ui.pipeline.card_look import (
    BoardColours,
    age_text,
    board_colours,
    initials,
    money,
    short_day,
)
from funneldesk.ui.pipeline.column_model import DEAL_ROLE, SCORE_ROLE
from funneldesk.ui.theme import semantic, tabular

MARGIN_X = 8
MARGIN_Y = 4
PAD = 10
RADIUS = 6.0

FEATURE_NAMES = {
    "source": QT_TRANSLATE_NOOP("PipelineBoard", "Lead source"),
    "spending_level": QT_TRANSLATE_NOOP("PipelineBoard", "Spending level"),
    "interactions_30d": QT_TRANSLATE_NOOP("PipelineBoard", "Contacts in the last 30 days"),
    "days_since_contact": QT_TRANSLATE_NOOP("PipelineBoard", "Days since last contact"),
    "stage": QT_TRANSLATE_NOOP("PipelineBoard", "Stage"),
    "value": QT_TRANSLATE_NOOP("PipelineBoard", "Deal value"),
}

_PIXMAPS: dict[tuple[str, str, int], QPixmap] = {}


def _pixmap(name: str, colour: QColor, size: int) -> QPixmap:
    """Icon pixmaps are rendered once per colour: painting runs for every visible card."""
    key = (name, colour.name(), size)
    if key not in _PIXMAPS:
        _PIXMAPS[key] = icon(name, colour).pixmap(QSize(size, size))
    return _PIXMAPS[key]


SHADOW = 4  # room around a card's surface for its shadow
CARD_CACHE = 120  # rendered cards kept (a screenful of five columns is about 50)
_CARDS: dict[tuple, QPixmap] = {}
_SURFACES: dict[tuple, QPixmap] = {}


def _surface(
    size: QSize,
    colours: BoardColours,
    hovered: bool,
    selected: bool,
    edge: str | None,
    ratio: float,
) -> QPixmap:
    """A card's background (shadow, fill, border, state edge), rendered once per look.

    Antialiased rounded rectangles cost about half a millisecond each in the raster
    engine; blitting a cached pixmap keeps a repaint of two columns well inside a frame.
    """
    edge_colour = semantic(edge) if edge else None
    key = (
        size.width(),
        size.height(),
        hovered,
        selected,
        edge_colour.rgba() if edge_colour else None,
        colours.card.rgba(),
        colours.accent.rgba(),
        colours.card_border.rgba(),
        colours.shadow.rgba(),
        ratio,
    )
    if key not in _SURFACES:
        if len(_SURFACES) > 64:
            _SURFACES.clear()
        _SURFACES[key] = _render_surface(size, colours, hovered, selected, edge_colour, ratio)
    return _SURFACES[key]


def _render_surface(
    size: QSize,
    colours: BoardColours,
    hovered: bool,
    selected: bool,
    edge: QColor | None,
    ratio: float,
) -> QPixmap:
    pixmap = QPixmap(QSize(size.width() + 2 * SHADOW, size.height() + 2 * SHADOW) * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRectF(SHADOW, SHADOW, size.width(), size.height())
    shadow = QColor(colours.shadow)
    layers = ((3.0, 0.25), (1.5, 0.5), (0.5, 1.0)) if hovered else ((0.5, 0.6),)
    painter.setPen(Qt.PenStyle.NoPen)
    for spread, alpha in layers:
        colour = QColor(shadow)
        colour.setAlphaF(shadow.alphaF() * alpha)
        painter.setBrush(colour)
        painter.drawRoundedRect(
            rect.adjusted(-spread, -spread + 1.5, spread, spread + 1.5), RADIUS, RADIUS
        )
    fill = QColor(colours.card)
    if selected:
        tint = colours.accent
        fill = QColor(
            round(fill.red() * 0.88 + tint.red() * 0.12),
            round(fill.green() * 0.88 + tint.green() * 0.12),
            round(fill.blue() * 0.88 + tint.blue() * 0.12),
        )
    painter.setBrush(fill)
    painter.setPen(
        QPen(colours.accent if selected else colours.card_border, 1.6 if selected else 1.0)
    )
    painter.drawRoundedRect(rect, RADIUS, RADIUS)
    if edge is not None:
        clip = QPainterPath()
        clip.addRoundedRect(rect, RADIUS, RADIUS)
        painter.setClipPath(clip)
        painter.fillRect(QRectF(rect.left(), rect.top(), 4, rect.height()), edge)
    painter.end()
    return pixmap


def _tr(text: str) -> str:
    return QCoreApplication.translate("PipelineBoard", text)


class CardDelegate(QStyledItemDelegate):
    """Draws :class:`~funneldesk.core.board.DealCard` items of a column model."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = clock.today()

    # -- geometry ------------------------------------------------------------------------
    def _fonts(self, base: QFont) -> tuple[QFont, QFont, QFont]:
        title = QFont(base)
        title.setWeight(QFont.Weight.Bold)
        small = QFont(base)
        small.setPointSizeF(max(7.5, base.pointSizeF() * 0.88))
        value = tabular(title)
        return title, small, value

    def card_height(self, base: QFont) -> int:
        title, small, _ = self._fonts(base)
        return (
            2 * PAD
            + QFontMetrics(title).height()
            + 3
            + QFontMetrics(base).height()
            + 8
            + max(QFontMetrics(small).height(), 20)
        )

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        return QSize(option.rect.width() or 240, self.card_height(option.font) + 2 * MARGIN_Y)

    # -- painting ------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        """Blit the card from a small cache of rendered cards; render it on a miss.

        After a drop only the moved card is new, so a repaint of two columns costs a few
        pixmap copies instead of hundreds of text and path operations.
        """
        card: DealCard | None = index.data(DEAL_ROLE)
        if card is None:
            return
        score = getattr(index.data(SCORE_ROLE), "score", None)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        ratio = painter.device().devicePixelRatioF()
        size = option.rect.size()
        key = (
            card,
            self._late(card),  # a timed next step turns red during the day
            score,
            size.width(),
            size.height(),
            hovered,
            selected,
            option.palette.cacheKey(),
            option.font.key(),
            self.today,
            ratio,
        )
        pixmap = _CARDS.get(key)
        if pixmap is None:
            pixmap = self._render(option, card, score, hovered, selected, ratio)
            if len(_CARDS) >= CARD_CACHE:
                _CARDS.pop(next(iter(_CARDS)))
            _CARDS[key] = pixmap
        painter.drawPixmap(option.rect.topLeft(), pixmap)

    def _render(
        self,
        option: QStyleOptionViewItem,
        card: DealCard,
        score: int | None,
        hovered: bool,
        selected: bool,
        ratio: float,
    ) -> QPixmap:
        size = option.rect.size()
        pixmap = QPixmap(size * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        colours = board_colours(option.palette)
        rect = QRectF(0, 0, size.width(), size.height()).adjusted(
            MARGIN_X, MARGIN_Y, -MARGIN_X, -MARGIN_Y
        )
        if hovered:
            rect.translate(0, -1)
        edge = "overdue" if card.overdue else "idle" if card.idle else None
        surface = _surface(rect.size().toSize(), colours, hovered, selected, edge, ratio)
        painter = QPainter(pixmap)
        painter.drawPixmap(QPointF(rect.left() - SHADOW, rect.top() - SHADOW), surface)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_text(painter, rect, option, card, score, colours)
        painter.end()
        return pixmap

    def _paint_text(
        self,
        painter: QPainter,
        rect: QRectF,
        option: QStyleOptionViewItem,
        card: DealCard,
        score: int | None,
        colours: BoardColours,
    ) -> None:
        title_font, small_font, value_font = self._fonts(option.font)
        inner = rect.adjusted(PAD + 2, PAD, -PAD, -PAD).toRect()
        title_h = QFontMetrics(title_font).height()
        body_h = QFontMetrics(option.font).height()

        title_row = QRect(inner.left(), inner.top(), inner.width(), title_h)
        score_w = self._paint_score(painter, title_row, score, small_font, colours)
        title_rect = title_row.adjusted(0, 0, -(score_w + 6 if score_w else 0), 0)
        painter.setFont(title_font)
        painter.setPen(colours.text)
        painter.drawText(
            title_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(title_font).elidedText(
                card.title, Qt.TextElideMode.ElideRight, title_rect.width()
            ),
        )

        customer_row = QRect(inner.left(), title_row.bottom() + 4, inner.width(), body_h)
        value_text = money(card.value, card.currency)
        painter.setFont(value_font)
        value_w = QFontMetrics(value_font).horizontalAdvance(value_text)
        painter.drawText(
            customer_row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, value_text
        )
        painter.setFont(option.font)
        painter.setPen(colours.muted)
        customer = card.customer_name or _tr("No customer")
        customer_rect = customer_row.adjusted(0, 0, -(value_w + 8), 0)
        painter.drawText(
            customer_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(option.font).elidedText(
                customer, Qt.TextElideMode.ElideRight, customer_rect.width()
            ),
        )

        meta_top = customer_row.bottom() + 8
        meta_h = max(QFontMetrics(small_font).height(), 20)
        meta_row = QRect(inner.left(), meta_top, inner.width(), meta_h)
        owner_w = self._paint_owner(painter, meta_row, card.owner, small_font, colours)
        meta_row.setRight(meta_row.right() - (owner_w + 6 if owner_w else 0))
        self._paint_meta(painter, meta_row, card, small_font, colours)

    def _paint_meta(
        self, painter: QPainter, row: QRect, card: DealCard, font: QFont, colours: BoardColours
    ) -> None:
        painter.setFont(font)
        metrics = QFontMetrics(font)
        x = row.left()
        size = 13
        items = [
            self._next_step(card, colours),
            ("timer-sand", age_text(card.days_in_stage), colours.muted),
        ]
        if card.expected_close:
            colour = semantic("overdue") if card.overdue else colours.muted
            items.append(
                ("calendar-blank-outline", short_day(card.expected_close, self.today), colour)
            )
        if card.idle:
            items.append(("sleep", _tr("Idle"), semantic("idle")))
        for icon_name, text, colour in items:
            width = metrics.horizontalAdvance(text) if text else -8
            if x + size + 3 + width > row.right():
                break  # a narrow column shows what fits whole; the tooltip has the rest
            painter.drawPixmap(x, row.center().y() - size // 2, _pixmap(icon_name, colour, size))
            x += size + 3
            painter.setPen(colour)
            painter.drawText(
                QRect(x, row.top(), width + 2, row.height()), Qt.AlignmentFlag.AlignVCenter, text
            )
            x += width + 8

    def _next_step(self, card: DealCard, colours: BoardColours) -> tuple[str, str, QColor]:
        """The deal's next activity (its kind's icon and day, red when overdue), or a quiet
        marker that it has none: every open deal should have a next step."""
        if card.next_date is None:
            return ("calendar-question", "", colours.muted)
        text = short_day(card.next_date, self.today)
        if card.next_date == self.today.isoformat() and card.next_time:
            text = card.next_time
        colour = semantic("overdue") if self._late(card) else colours.accent
        return (labels.icon_name(labels.ACTIVITY_KINDS, card.next_kind or ""), text, colour)

    @staticmethod
    def _late(card: DealCard) -> bool:
        if card.next_date is None:
            return False
        return is_overdue(date.fromisoformat(card.next_date), card.next_time, clock.local_now())

    def _paint_owner(
        self, painter: QPainter, row: QRect, owner: str | None, font: QFont, colours: BoardColours
    ) -> int:
        letters = initials(owner)
        if not letters:
            return 0
        metrics = QFontMetrics(font)
        diameter = max(20, metrics.horizontalAdvance(letters) + 8)
        circle = QRectF(row.right() - diameter, row.center().y() - 10, diameter, 20)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colours.chip)
        painter.drawRoundedRect(circle, 10, 10)
        painter.setPen(colours.text)
        painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, letters)
        return diameter

    def _paint_score(
        self, painter: QPainter, row: QRect, score: int | None, font: QFont, colours: BoardColours
    ) -> int:
        if score is None:
            return 0
        text = str(int(score))
        metrics = QFontMetrics(font)
        size = 11
        width = metrics.horizontalAdvance(text) + size + 14
        badge = QRectF(row.right() - width, row.center().y() - 9, width, 18)
        fill = QColor(colours.accent)
        fill.setAlpha(36)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(badge, 9, 9)
        left = int(badge.left()) + 6
        painter.drawPixmap(
            left,
            int(badge.center().y()) - size // 2,
            _pixmap("lightning-bolt", colours.accent, size),
        )
        painter.setPen(colours.accent)
        painter.setFont(font)
        painter.drawText(
            QRectF(left + size + 1, badge.top(), width - size - 8, badge.height()),
            Qt.AlignmentFlag.AlignCenter,
            text,
        )
        return width

    # -- tooltip -------------------------------------------------------------------------
    def helpEvent(  # noqa: N802
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex,
    ) -> bool:
        card: DealCard | None = index.data(DEAL_ROLE)
        if event.type() != QEvent.Type.ToolTip or card is None:
            return super().helpEvent(event, view, option, index)
        QToolTip.showText(event.globalPos(), self.tooltip(card, index.data(SCORE_ROLE)), view)
        return True

    def tooltip(self, card: DealCard, score: object) -> str:
        lines = [f"<b>{_escape(card.title)}</b>"]
        if card.customer_name:
            lines.append(_escape(card.customer_name))
        lines.append(money(card.value, card.currency))
        lines.append(_tr("In this stage for %1").replace("%1", age_text(card.days_in_stage)))
        if card.expected_close:
            lines.append(
                _tr("Expected close: %1").replace("%1", short_day(card.expected_close, self.today))
            )
        if card.owner:
            lines.append(_tr("Owner: %1").replace("%1", _escape(card.owner)))
        if card.next_date is None:
            lines.append(_tr("No next step planned"))
        else:
            when = short_day(card.next_date, self.today)
            if card.next_time:
                when = f"{when} {card.next_time}"
            kind = labels.label(labels.ACTIVITY_KINDS, card.next_kind)
            lines.append(_tr("Next step: %1, %2").replace("%1", kind).replace("%2", when))
        if card.idle:
            lines.append(
                f"<span style='color:{semantic('idle').name()}'>{_tr('Idle: no activity for longer than this stage allows')}</span>"
            )
        if card.overdue:
            lines.append(
                f"<span style='color:{semantic('overdue').name()}'>{_tr('Expected close date has passed')}</span>"
            )
        value = getattr(score, "score", None)
        if value is not None:
            lines.append(f"<br><b>{_tr('Lead score %1').replace('%1', str(int(value)))}</b>")
            for feature, points in getattr(score, "contributions", []):
                name = _tr(FEATURE_NAMES.get(feature, feature))
                lines.append(f"{_escape(name)}: {points:+.0f}")
        return "<br>".join(lines)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
