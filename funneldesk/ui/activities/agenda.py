"""The agenda: one week of planned activities, days across and hours down.

Timed activities are blocks at their time and length; untimed ones sit in the all-day strip
above the hours. A red line marks the current time in today's column. Dragging a block to
another day or time (snapped to a quarter hour; into the strip: any time that day) runs the
reschedule operation, so Ctrl+Z puts it back; a click opens the activity, a double-click on
an empty slot plans one there. The week is read from ``activities_between`` (the open ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QEvent, QLocale, QPoint, QRect, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QScrollArea,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import activities, clock
from funneldesk.core.activities import Activity
from funneldesk.core.changes import ChangeSet
from funneldesk.ui import labels, preferences
from funneldesk.ui.activities.dialog import (
    activity_name,
    open_activity,
    plan_activity,
)
from funneldesk.ui.context import AppContext
from funneldesk.ui.icons import icon
from funneldesk.ui.owner_choice import fill_owner_choices
from funneldesk.ui.theme import ACCENT, semantic, tabular
from funneldesk.ui.widgets.header import ViewHeader

HOUR_HEIGHT = 44
GUTTER = 52  # the hours' labels
STRIP_ROW = 22  # one untimed activity in the all-day strip
STRIP_ROWS = 3  # rows the strip shows before "+n more"
SNAP_MIN = 15
DRAG_START = 6  # pixels a press must move before it is a drag
FIRST_SHOWN_HOUR = 8
WRAP_WIDTH = 110  # narrower blocks show their text a line per part instead of wrapping it


@dataclass(frozen=True)
class Placed:
    """An activity and where it is drawn."""

    item: Activity
    rect: QRect


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


class WeekGrid(QWidget):
    """The painted week; one per agenda, inside a scroll area (the strip and the hours)."""

    def __init__(self, agenda: AgendaView) -> None:
        super().__init__()
        self.agenda = agenda
        self.setMouseTracking(True)
        self._placed: list[Placed] = []
        self._press: QPoint | None = None
        self._dragging: Placed | None = None
        self._drop: tuple[date, str | None] | None = None
        self.strip_open = False
        self._more: list[tuple[QRect, int]] = []  # "+n more" rows of the closed strip

    def strip_rows(self) -> int:
        """Rows of the all-day strip: as many as the busiest day needs, up to
        :data:`STRIP_ROWS` unless the user opened it (a "+n more" row opens it)."""
        busiest = max((len(self.agenda.untimed(day)) for day in self.agenda.days()), default=0)
        return max(1, busiest if self.strip_open else min(busiest, STRIP_ROWS))

    def strip_height(self) -> int:
        return STRIP_ROW * self.strip_rows() + 8

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(700, self.strip_height() + 24 * HOUR_HEIGHT + 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(500, self.sizeHint().height())

    # -- geometry ------------------------------------------------------------------------
    def day_width(self) -> float:
        return (self.width() - GUTTER) / 7

    def day_x(self, index: int) -> int:
        return round(GUTTER + index * self.day_width())

    def hours_top(self) -> int:
        return self.strip_height()

    def strip_top(self) -> int:
        """The all-day strip stays in view: it is drawn at the top of the visible part."""
        return self.agenda.scroll.verticalScrollBar().value()

    def y_of(self, moment: time) -> int:
        return self.hours_top() + round((moment.hour + moment.minute / 60) * HOUR_HEIGHT)

    def slot_at(self, point: QPoint) -> tuple[date, str | None] | None:
        """The day and time (snapped; ``None`` in the all-day strip) under ``point``."""
        if point.x() < GUTTER:
            return None
        index = min(6, max(0, int((point.x() - GUTTER) / self.day_width())))
        day = self.agenda.first_day + timedelta(days=index)
        if point.y() < self.strip_top() + self.strip_height():
            return day, None
        minutes = (point.y() - self.hours_top()) / HOUR_HEIGHT * 60
        minutes = min(24 * 60 - SNAP_MIN, max(0, round(minutes / SNAP_MIN) * SNAP_MIN))
        return day, f"{int(minutes) // 60:02d}:{int(minutes) % 60:02d}"

    def layout_items(self) -> None:
        placed: list[Placed] = []
        more: list[tuple[QRect, int]] = []
        for index, day in enumerate(self.agenda.days()):
            left, right = self.day_x(index) + 2, self.day_x(index + 1) - 3
            for item, lane, lanes in _lanes(self.agenda.timed(day)):
                top = self.y_of(time.fromisoformat(item.due_time))
                share = (right - left) / lanes
                rect = QRect(round(left + lane * share), top, round(share) - 2, _height(item) - 2)
                placed.append(Placed(item, rect))
            strip = self.strip_top() + 4
            untimed = self.agenda.untimed(day)
            rows = self.strip_rows()
            shown = untimed if len(untimed) <= rows else untimed[: rows - 1]
            for row, item in enumerate(shown):
                rect = QRect(left, strip + row * STRIP_ROW, right - left, STRIP_ROW - 3)
                placed.append(Placed(item, rect))  # last: drawn over the hours, hit first
            if len(shown) < len(untimed):
                top = strip + (rows - 1) * STRIP_ROW
                more.append(
                    (QRect(left, top, right - left, STRIP_ROW - 3), len(untimed) - len(shown))
                )
        self._placed = placed
        self._more = more

    def placed(self) -> list[Placed]:
        return list(self._placed)

    def item_at(self, point: QPoint) -> Placed | None:
        return next((p for p in reversed(self._placed) if p.rect.contains(point)), None)

    # -- painting ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        self.layout_items()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        today = clock.today()
        grid = palette.color(QPalette.ColorRole.Mid)
        muted = semantic("muted")
        for index, day in enumerate(self.agenda.days()):
            if day == today:
                tint = QColor(ACCENT)
                tint.setAlpha(18)
                painter.fillRect(
                    QRect(self.day_x(index), 0, round(self.day_width()), self.height()), tint
                )
            painter.setPen(grid)
            painter.drawLine(self.day_x(index), 0, self.day_x(index), self.height())
        painter.setFont(tabular(self.font()))
        for hour in range(24):
            y = self.hours_top() + hour * HOUR_HEIGHT
            painter.setPen(grid)
            painter.drawLine(GUTTER, y, self.width(), y)
            painter.setPen(muted)
            painter.drawText(
                QRect(0, y, GUTTER - 6, 16), Qt.AlignmentFlag.AlignRight, f"{hour:02d}:00"
            )
        self._paint_now(painter, today)
        strip = QRect(0, self.strip_top(), self.width(), self.strip_height())
        for placed in self._placed:
            if placed.item.due_time is None:
                continue
            if self._dragging is None or placed.item.id != self._dragging.item.id:
                self._paint_item(painter, placed.rect, placed.item)
        painter.fillRect(strip, palette.color(QPalette.ColorRole.AlternateBase))
        painter.setPen(grid)
        painter.drawLine(0, strip.bottom(), self.width(), strip.bottom())
        painter.setPen(muted)
        painter.drawText(
            strip.adjusted(0, 0, -(self.width() - GUTTER + 6), 0),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            self.tr("all day"),
        )
        for placed in self._placed:
            if placed.item.due_time is None and (
                self._dragging is None or placed.item.id != self._dragging.item.id
            ):
                self._paint_item(painter, placed.rect, placed.item)
        painter.setPen(self.palette().color(QPalette.ColorRole.Link))
        for rect, hidden in self._more:
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignCenter, self.tr("+%1 more").replace("%1", str(hidden))
            )
        if self._dragging is not None and self._drop is not None:
            self._paint_drop(painter)

    def _paint_item(
        self, painter: QPainter, rect: QRect, item: Activity, ghost: bool = False
    ) -> None:
        overdue = item.is_overdue(clock.local_now())
        colour = semantic("overdue") if overdue else QColor(ACCENT)
        fill = QColor(colour)
        fill.setAlpha(90 if ghost else 38)
        painter.setPen(colour)
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(rect), 4, 4)
        painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), colour)
        glyph = icon(labels.icon_name(labels.ACTIVITY_KINDS, item.kind), colour)
        glyph.paint(painter, QRect(rect.left() + 5, rect.top() + 3, 14, 14))
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        metrics = QFontMetrics(self.font())
        room = rect.adjusted(22, 1, -3, -1)
        parts = [item.due_time or "", item.customer_name or "", activity_name(item)]
        if room.width() >= WRAP_WIDTH and room.height() >= 2 * metrics.height():
            flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
            text = f"{parts[0]} {parts[1]} · {parts[2]}".strip()
            painter.drawText(room, flags | Qt.TextFlag.TextWordWrap, text)
            return
        lines = block_lines(parts, room.width(), room.height(), metrics)
        flags = Qt.AlignmentFlag.AlignLeft | (
            Qt.AlignmentFlag.AlignVCenter if len(lines) == 1 else Qt.AlignmentFlag.AlignTop
        )
        painter.drawText(room, flags, "\n".join(lines))

    def _paint_drop(self, painter: QPainter) -> None:
        day, at = self._drop
        index = (day - self.agenda.first_day).days
        left, right = self.day_x(index) + 2, self.day_x(index + 1) - 3
        item = self._dragging.item
        if at is None:
            rect = QRect(left, self.strip_top() + 4, right - left, STRIP_ROW - 3)
        else:
            top = self.y_of(time.fromisoformat(at))
            rect = QRect(left, top, right - left, _height(item) - 2)
        self._paint_item(painter, rect, item, ghost=True)

    def _paint_now(self, painter: QPainter, today: date) -> None:
        """Today's line: the current time across today's column."""
        if not 0 <= (today - self.agenda.first_day).days < 7:
            return
        index = (today - self.agenda.first_day).days
        y = self.y_of(clock.local_now().time())
        colour = semantic("overdue")
        painter.setPen(colour)
        painter.drawLine(self.day_x(index), y, self.day_x(index + 1), y)
        painter.setBrush(colour)
        painter.drawEllipse(QPoint(self.day_x(index), y), 4, 4)

    # -- mouse ---------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        """Hovering a block tells all of it: narrow blocks show only part, or their icon."""
        if event.type() == QEvent.Type.ToolTip:
            hit = self.item_at(event.pos())
            if hit is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), block_tooltip(hit.item), self)
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        point = event.position().toPoint()
        pressed = self._press
        if (
            pressed is not None
            and self._dragging is None
            and ((point - pressed).manhattanLength() >= DRAG_START)
        ):
            self._dragging = self.item_at(pressed)
        if self._dragging is not None:
            self._drop = self.slot_at(point)
            self.update()
        hovering = self.item_at(point) is not None
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if hovering else Qt.CursorShape.ArrowCursor
        )
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        point = event.position().toPoint()
        dragged, drop = self._dragging, self._drop
        pressed = self._press
        self._press, self._dragging, self._drop = None, None, None
        self.update()
        if dragged is not None and drop is not None:
            self.agenda.move(dragged.item, *drop)
        elif pressed is not None and any(rect.contains(point) for rect, _n in self._more):
            self.strip_open = True
            self.agenda.refresh()
        elif pressed is not None and (hit := self.item_at(point)) is not None:
            open_activity(self.agenda, self.agenda.context, hit.item.id)
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        point = event.position().toPoint()
        slot = self.slot_at(point)
        if slot is not None and self.item_at(point) is None:
            day, at = slot
            plan_activity(self.agenda, self.agenda.context, {"due_date": day, "due_time": at})


def block_tooltip(item: Activity) -> str:
    """The whole of a block: time, customer, activity, a line each."""
    lines = [item.due_time or "", item.customer_name or "", activity_name(item)]
    return "\n".join(line for line in lines if line)


def block_lines(parts: list[str], width: int, height: int, metrics: QFontMetrics) -> list[str]:
    """What a narrow block shows: time, customer and activity a line each (on one line when
    the block is one line high), each cut with "…" — never a word broken into one-letter
    lines, nor a lone "1…": a block too narrow for its time shows its icon alone."""
    words = [part for part in parts if part]
    if width < metrics.horizontalAdvance("00:00") or not words:
        return []
    if height < 2 * metrics.height():
        words = [f"{parts[0]} {' · '.join(p for p in parts[1:] if p)}".strip()]
    lines = []
    for word in words[: max(height // metrics.height(), 1)]:
        line = metrics.elidedText(word, Qt.TextElideMode.ElideRight, width)
        if line in ("", "…"):
            break
        lines.append(line)
    return lines


def _height(item: Activity) -> int:
    """A block's height: its duration, at least half an hour (so its text fits)."""
    return max(HOUR_HEIGHT // 2, round((item.duration_min or 30) / 60 * HOUR_HEIGHT))


def _end(item: Activity) -> datetime:
    return item.starts_at + timedelta(minutes=max(30, item.duration_min or 30))


def _lanes(items: list[Activity]) -> list[tuple[Activity, int, int]]:
    """Side-by-side lanes for overlapping blocks: each item, its lane and how many lanes its
    group of overlapping items needs (items come sorted by time)."""
    placed: list[tuple[Activity, int, int]] = []
    group: list[tuple[Activity, int]] = []
    ends: list[datetime] = []  # end of the last block in each lane of the current group
    group_end = datetime.min

    def close_group() -> None:
        placed.extend((item, lane, len(ends)) for item, lane in group)

    for item in items:
        if group and item.starts_at >= group_end:
            close_group()
            group, ends = [], []
        lane = next((n for n, end in enumerate(ends) if end <= item.starts_at), len(ends))
        if lane == len(ends):
            ends.append(_end(item))
        else:
            ends[lane] = _end(item)
        group.append((item, lane))
        group_end = max(group_end, _end(item)) if len(group) > 1 else _end(item)
    if group:
        close_group()
    return placed


class DayNames(QWidget):
    """The week's day names above the grid (today in the accent colour)."""

    def __init__(self, agenda: AgendaView) -> None:
        super().__init__()
        self.agenda = agenda
        self.setFixedHeight(28)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        today = clock.today()
        scroll = self.agenda.scroll.verticalScrollBar()
        width = (self.width() - GUTTER - (scroll.width() if scroll.isVisible() else 0)) / 7
        locale = QLocale()
        for index, day in enumerate(self.agenda.days()):
            rect = QRect(round(GUTTER + index * width), 0, round(width), self.height())
            font = self.font()
            font.setBold(day == today)
            painter.setFont(font)
            text_colour = self.palette().color(QPalette.ColorRole.Text)
            painter.setPen(QColor(ACCENT) if day == today else text_colour)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, locale.toString(day, "ddd d"))
        painter.end()


class AgendaView(QWidget):
    """The week view in the navigation rail."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.first_day = week_start(clock.today())
        self.items: list[Activity] = []

        self.header = ViewHeader(self.tr("Agenda"))
        previous = self._tool("chevron-left", self.tr("Previous week"), lambda: self.shift(-7))
        this_week = QToolButton()
        this_week.setText(self.tr("This week"))
        this_week.setAutoRaise(True)
        this_week.clicked.connect(self.go_to_this_week)
        following = self._tool("chevron-right", self.tr("Next week"), lambda: self.shift(7))
        plan = self._tool(
            "calendar-plus", self.tr("Plan activity…"), lambda: plan_activity(self, context)
        )
        plan.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.owner = QComboBox()
        self.owner.setToolTip(self.tr("Whose plan to show"))
        self.owner.activated.connect(self._owner_chosen)
        for widget in (self.owner, previous, this_week, following, plan):
            self.header.add_tool(widget)

        self.day_names = DayNames(self)
        self.grid = WeekGrid(self)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.grid)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.verticalScrollBar().valueChanged.connect(self.grid.update)

        body = QVBoxLayout()
        body.setSpacing(0)
        body.addWidget(self.day_names)
        body.addWidget(self.scroll, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(self.header)
        layout.addLayout(body, 1)

        self._minute = QTimer(self, interval=60_000)
        self._minute.timeout.connect(self.grid.update)  # the current-time line moves
        self._minute.start()
        context.changed.connect(self._on_changed)
        self.refresh()
        QTimer.singleShot(0, self.scroll_to_morning)

    def _tool(self, icon_name: str, text: str, slot) -> QToolButton:  # noqa: ANN001
        button = QToolButton()
        button.setIcon(icon(icon_name))
        button.setText(text)
        button.setToolTip(text)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    # -- data ----------------------------------------------------------------------------
    def days(self) -> list[date]:
        return [self.first_day + timedelta(days=n) for n in range(7)]

    def untimed(self, day: date) -> list[Activity]:
        return [a for a in self.items if a.due_date == day and a.due_time is None]

    def timed(self, day: date) -> list[Activity]:
        return [a for a in self.items if a.due_date == day and a.due_time is not None]

    def _owner_chosen(self) -> None:
        preferences.remember(preferences.TODAY_OWNER_KEY, self.owner.currentData() or "")
        self.refresh()

    def refresh(self) -> None:
        last = self.first_day + timedelta(days=6)
        fill_owner_choices(self.owner, self.context.db)
        owner = self.owner.currentData()
        found = activities.activities_between(self.context.db, self.first_day, last)
        self.items = [a for a in found if not owner or a.owner == owner]
        self.header.set_subtitle(f"{labels.long_date(self.first_day)} – {labels.long_date(last)}")
        self.grid.updateGeometry()
        self.grid.adjustSize()
        self.grid.update()
        self.day_names.update()

    def shift(self, days: int) -> None:
        self.first_day += timedelta(days=days)
        self.refresh()

    def go_to_this_week(self) -> None:
        self.first_day = week_start(clock.today())
        self.refresh()

    def scroll_to_morning(self) -> None:
        morning = self.grid.y_of(time(FIRST_SHOWN_HOUR)) - self.grid.strip_height() - 4
        self.scroll.verticalScrollBar().setValue(morning)

    def show_payload(self, payload: object) -> None:
        """Open on the week of ``{"date": day}``."""
        day = payload.get("date") if isinstance(payload, dict) else None
        if isinstance(day, date):
            self.first_day = week_start(day)
            self.refresh()

    def move(self, item: Activity, day: date, at: str | None) -> None:
        """A block dropped on another slot: reschedule it (one undoable operation)."""
        if (day, at) != (item.due_date, item.due_time):
            self.context.run(activities.reschedule_activity, item.id, day, at, parent=self)

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.tables() & {"activities", "customers", "deals"}:
            self.refresh()
