"""A list of collapsible groups of compact rows: the body of the Today view.

One :class:`QListView` holds every group (its header with a count, optional day headers and
the rows), so a column scrolls as one page and a busy day of thousands of rows paints as
fast as three. Rows are painted by a delegate with their action button (and a snooze
button for activities). An activity row can be dragged onto another group or day: the drop
names the activity ids and the day in :attr:`GroupedList.dropped`, and the view runs the
reschedule operation; the model itself is never edited by a drop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QEvent,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QWidget,
)

from funneldesk.core.activities import Activity
from funneldesk.ui.icons import icon
from funneldesk.ui.theme import ACCENT, heading_font, semantic, tabular
from funneldesk.ui.widgets.drag_moves import drag_to_move

ACTIVITY_MIME = "application/x-funneldesk-activity-ids"
ITEM_HEIGHT = 46
GROUP_HEIGHT = 34
DAY_HEIGHT = 24
HINT_HEIGHT = 30
HINT_INDENT = 12
BUTTON_PADDING = 20
SNOOZE_WIDTH = 28


@dataclass(frozen=True)
class TaskItem:
    """What one row shows; ``payload`` is the core record it stands for."""

    icon: str
    title: str
    detail: str
    when: str
    when_detail: str
    tone: str  # "accent", "overdue", "idle" or "muted": the left edge and the "when" colour
    action: str
    done: bool
    payload: Any


def tone_colour(tone: str) -> QColor:
    return QColor(ACCENT) if tone == "accent" else semantic(tone)


@dataclass
class Group:
    """One titled group; ``drop_day`` is the day a dropped activity moves to (None: no drops).
    ``days`` splits the rows under day headers (each a drop target of its own)."""

    key: str
    icon: str
    title: str
    hint: str  # what to do next when the group is empty
    items: list[TaskItem] = field(default_factory=list)
    drop_day: date | None = None
    days: list[tuple[date, str]] | None = None  # (day, its header text) in order
    limit: int | None = None  # rows shown before a "show all" row (None: all)
    total: int | None = None  # rows in the group when ``items`` holds only its first screen

    @property
    def count(self) -> int:
        """How many rows the group holds (its badge), listed or still to be read."""
        return len(self.items) if self.total is None else self.total

    @property
    def complete(self) -> bool:
        return len(self.items) >= self.count


@dataclass(frozen=True)
class Row:
    kind: str  # "group", "day", "item", "hint" or "more"
    group: Group
    text: str = ""
    day: date | None = None  # drop target of a day header (and of the rows under it)
    item: TaskItem | None = None
    hidden: int = 0  # rows behind a "more" row


def item_day(item: TaskItem) -> date | None:
    payload = item.payload
    return payload.due_date if isinstance(payload, Activity) else None


class GroupedModel(QAbstractListModel):
    RowRole = Qt.ItemDataRole.UserRole + 1

    dropped = Signal(list, object)  # activity ids, the day they were dropped on
    more_wanted = Signal(str)  # a group's "Show n more" asked for rows not read yet

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.groups: list[Group] = []
        self.collapsed: set[str] = set()
        self.expanded: set[str] = set()  # groups showing every row despite their limit
        self._rows: list[Row] = []

    def set_groups(self, groups: list[Group]) -> None:
        self.beginResetModel()
        self.groups = groups
        self._rows = self._layout()
        self.endResetModel()

    def expand(self, key: str) -> None:
        """Show every row of group ``key``; rows not read yet are asked for (more_wanted)."""
        self.expanded.add(key)
        self.set_groups(self.groups)
        if not next(g for g in self.groups if g.key == key).complete:
            self.more_wanted.emit(key)

    def toggle(self, key: str) -> None:
        if key in self.collapsed:
            self.collapsed.discard(key)
        else:
            self.collapsed.add(key)
        self.set_groups(self.groups)

    def _layout(self) -> list[Row]:
        rows: list[Row] = []
        for group in self.groups:
            rows.append(Row("group", group, group.title))
            if group.key in self.collapsed:
                continue
            if not group.items:
                rows.append(Row("hint", group, group.hint, group.drop_day))
                continue
            if group.days is None:
                shown = group.items
                if group.limit is not None and group.key not in self.expanded:
                    shown = group.items[: group.limit]
                rows.extend(Row("item", group, day=group.drop_day, item=i) for i in shown)
            else:
                shown = group.items
                for day, text in group.days:
                    rows.append(Row("day", group, text, day))
                    rows.extend(
                        Row("item", group, day=day, item=i)
                        for i in group.items
                        if item_day(i) == day
                    )
            if len(shown) < group.count:
                rows.append(Row("more", group, day=group.drop_day, hidden=group.count - len(shown)))
        return rows

    def row(self, number: int) -> Row:
        return self._rows[number]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == self.RowRole:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if row.item is not None:
                return f"{row.item.title}, {row.item.detail}, {row.item.when}"
            if row.kind == "group":
                return f"{row.text} ({row.group.count})"
            return row.text
        if role == Qt.ItemDataRole.ToolTipRole and row.item is not None:
            item = row.item
            return f"{item.title}\n{item.detail}\n{item.when} · {item.when_detail}"
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        row = self._rows[index.row()]
        flags = Qt.ItemFlag.ItemIsEnabled
        if row.kind == "item":
            flags |= Qt.ItemFlag.ItemIsSelectable
            if isinstance(row.item.payload, Activity):
                flags |= Qt.ItemFlag.ItemIsDragEnabled
        if self.drop_day(index.row()) is not None:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def drop_day(self, number: int) -> date | None:
        row = self._rows[number]
        if row.kind == "group":
            return row.group.drop_day
        return row.day if row.group.drop_day is not None or row.group.days else None

    # -- drag and drop -------------------------------------------------------------------
    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [ACTIVITY_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        ids = [
            str(self._rows[i.row()].item.payload.id)
            for i in indexes
            if self._rows[i.row()].kind == "item"
            and isinstance(self._rows[i.row()].item.payload, Activity)
        ]
        mime = QMimeData()
        mime.setData(ACTIVITY_MIME, QByteArray(",".join(ids).encode()))
        return mime

    def canDropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: ANN001, N802
        return data.hasFormat(ACTIVITY_MIME) and self._target(row, parent) is not None

    def dropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: ANN001, N802
        """Announce the drop (ids and target day); the view reschedules through the core."""
        day = self._target(row, parent)
        if day is None or not data.hasFormat(ACTIVITY_MIME):
            return False
        raw = bytes(data.data(ACTIVITY_MIME).data()).decode()
        ids = [int(part) for part in raw.split(",") if part.isdigit()]
        if ids:
            self.dropped.emit(ids, day)
        return False  # nothing to remove from this model: the change set refreshes it

    def _target(self, row: int, parent: QModelIndex) -> date | None:
        number = parent.row() if parent.isValid() else row - 1 if row > 0 else row
        if not 0 <= number < len(self._rows):
            return None
        return self.drop_day(number)


def _caption_font(*, bold: bool) -> QFont:
    font = QApplication.font()
    font.setBold(bold)
    font.setItalic(not bold)
    return font


class GroupedDelegate(QStyledItemDelegate):
    def __init__(self, owner: GroupedList) -> None:
        super().__init__(owner)
        self._owner = owner

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        row: Row = index.data(GroupedModel.RowRole)
        if row.kind == "hint":
            return QSize(200, self._hint_height(row.text))
        height = {
            "group": GROUP_HEIGHT,
            "day": DAY_HEIGHT,
            "hint": HINT_HEIGHT,
            "more": HINT_HEIGHT,
        }
        return QSize(200, height.get(row.kind, ITEM_HEIGHT))

    def _hint_height(self, text: str) -> int:
        """A hint wraps onto as many lines as the list's width needs: at 1024 px the Keep
        in touch hint ("Set 'keep in touch every … days' on a cust…") was cut off."""
        width = max(self._owner.viewport().width() - HINT_INDENT - 8, 120)
        bounds = QFontMetrics(_caption_font(bold=False)).boundingRect(
            QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, text
        )
        return max(HINT_HEIGHT, bounds.height() + 12)

    @staticmethod
    def button_rect(rect: QRect, item: TaskItem) -> QRect:
        if not item.action:
            return QRect()
        width = QFontMetrics(QApplication.font()).horizontalAdvance(item.action) + BUTTON_PADDING
        return QRect(rect.right() - width - 6, rect.center().y() - 13, width, 26)

    @classmethod
    def snooze_rect(cls, rect: QRect, item: TaskItem) -> QRect:
        if not isinstance(item.payload, Activity):
            return QRect()
        button = cls.button_rect(rect, item)
        return QRect(button.left() - SNOOZE_WIDTH - 4, button.top(), SNOOZE_WIDTH, 26)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        row: Row = index.data(GroupedModel.RowRole)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if row.kind == "group":
            self._paint_group(painter, option, row)
        elif row.kind == "day":
            self._paint_caption(painter, option.rect.adjusted(8, 4, 0, 0), row.text, bold=True)
        elif row.kind == "hint":
            self._paint_caption(
                painter, option.rect.adjusted(HINT_INDENT, 0, 0, 0), row.text, bold=False
            )
        elif row.kind == "more":
            self._paint_more(painter, option.rect.adjusted(38, 0, 0, 0), row.hidden)
        else:
            self._paint_item(painter, option, row.item)
        painter.restore()
        if row.kind == "item" and row.item.action:
            self._paint_buttons(painter, option, row.item)

    def _paint_group(self, painter: QPainter, option: QStyleOptionViewItem, row: Row) -> None:
        palette = QApplication.palette()
        rect = option.rect
        collapsed = row.group.key in self._owner.model.collapsed
        chevron = icon("chevron-right" if collapsed else "chevron-down")
        chevron.paint(painter, QRect(rect.left(), rect.center().y() - 9, 18, 18))
        icon(row.group.icon).paint(painter, QRect(rect.left() + 22, rect.center().y() - 10, 20, 20))
        font = heading_font(QApplication.font(), scale=1.05)
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        metrics = QFontMetrics(font)
        title_rect = QRect(
            rect.left() + 48, rect.top(), metrics.horizontalAdvance(row.text) + 4, rect.height()
        )
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignVCenter, row.text)
        count = f"{row.group.count:,}"
        badge_font = tabular(QApplication.font())
        width = QFontMetrics(badge_font).horizontalAdvance(count) + 14
        badge = QRect(title_rect.right() + 8, rect.center().y() - 9, width, 18)
        painter.setPen(Qt.PenStyle.NoPen)
        tone = "overdue" if row.group.key == "overdue" and row.group.count else None
        painter.setBrush(semantic(tone) if tone else palette.color(QPalette.ColorRole.Mid))
        painter.drawRoundedRect(badge, 9, 9)
        painter.setFont(badge_font)
        painter.setPen(
            palette.color(QPalette.ColorRole.Base)
            if tone
            else palette.color(QPalette.ColorRole.Text)
        )
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, count)
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())

    def _paint_more(self, painter: QPainter, rect: QRect, hidden: int) -> None:
        painter.setFont(QApplication.font())
        painter.setPen(QApplication.palette().color(QPalette.ColorRole.Link))
        painter.drawText(
            rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self._owner.more_text(hidden),
        )

    @staticmethod
    def _paint_caption(painter: QPainter, rect: QRect, text: str, *, bold: bool) -> None:
        """A day caption (bold, one line) or a hint (italic, wrapped to the row's height)."""
        font = _caption_font(bold=bold)
        painter.setFont(font)
        painter.setPen(semantic("muted"))
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        if bold:
            text = QFontMetrics(font).elidedText(
                text, Qt.TextElideMode.ElideRight, rect.width() - 8
            )
        else:
            flags |= Qt.TextFlag.TextWordWrap
        painter.drawText(rect.adjusted(0, 0, -8, 0), flags, text)

    def _paint_item(self, painter: QPainter, option: QStyleOptionViewItem, item: TaskItem) -> None:
        palette = QApplication.palette()
        rect = option.rect.adjusted(0, 1, 0, -1)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected or hovered:
            background = palette.color(QPalette.ColorRole.AlternateBase)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(background.darker(104) if selected else background)
            painter.drawRoundedRect(rect, 5, 5)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(tone_colour(item.tone))
        painter.drawRoundedRect(QRect(rect.left() + 2, rect.top() + 6, 3, rect.height() - 12), 1, 1)
        muted = semantic("muted")
        glyph = icon(item.icon, muted if item.done else tone_colour(item.tone))
        glyph.paint(painter, QRect(rect.left() + 12, rect.center().y() - 9, 18, 18))

        right = self.snooze_rect(rect, item)
        if right.isNull():
            right = self.button_rect(rect, item)
        right_edge = (right.left() if not right.isNull() else rect.right()) - 10
        text_left = rect.left() + 38
        when_font = tabular(QApplication.font())
        title_font = heading_font(QApplication.font(), scale=1.0)
        text_colour = muted if item.done else palette.color(QPalette.ColorRole.Text)
        when_colour = (
            muted if item.done or item.tone in ("accent", "muted") else tone_colour(item.tone)
        )
        lines = (
            (item.title, item.when, title_font, text_colour, when_colour),
            (item.detail.replace("\n", " "), item.when_detail, QApplication.font(), muted, muted),
        )
        for number, (text, when, font, colour, side_colour) in enumerate(lines):
            top = rect.top() + 4 + 19 * number
            when_width = QFontMetrics(when_font).horizontalAdvance(when)
            when_rect = QRect(right_edge - when_width, top, when_width, 19)
            text_rect = QRect(text_left, top, when_rect.left() - text_left - 8, 19)
            painter.setFont(font)
            painter.setPen(colour)
            painter.drawText(
                text_rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, text_rect.width()),
            )
            painter.setFont(when_font)
            painter.setPen(side_colour)
            painter.drawText(
                when_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, when
            )

    def _paint_buttons(
        self, painter: QPainter, option: QStyleOptionViewItem, item: TaskItem
    ) -> None:
        rect = option.rect.adjusted(0, 1, 0, -1)
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        for button, text, glyph in (
            (self.button_rect(rect, item), item.action, None),
            (self.snooze_rect(rect, item), "", "alarm-snooze"),
        ):
            if button.isNull():
                continue
            style_option = QStyleOptionButton()
            style_option.rect = button
            style_option.text = text
            if glyph:
                style_option.icon = icon(glyph)
                style_option.iconSize = QSize(16, 16)
            style_option.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
            style_option.palette = QApplication.palette()
            style.drawControl(QStyle.ControlElement.CE_PushButton, style_option, painter, widget)

    def editorEvent(self, event: QEvent, model, option: QStyleOptionViewItem, index) -> bool:  # noqa: ANN001, N802
        if event.type() != QEvent.Type.MouseButtonRelease or not isinstance(event, QMouseEvent):
            return super().editorEvent(event, model, option, index)
        row: Row = index.data(GroupedModel.RowRole)
        position = event.position().toPoint()
        if row.kind == "group":
            self._owner.model.toggle(row.group.key)
            return True
        if row.kind == "more":
            self._owner.model.expand(row.group.key)
            return True
        if row.kind != "item":
            return super().editorEvent(event, model, option, index)
        rect = option.rect.adjusted(0, 1, 0, -1)
        if self.button_rect(rect, row.item).contains(position):
            self._owner.action_requested.emit(row.item)
            return True
        if self.snooze_rect(rect, row.item).contains(position):
            self._owner.snooze_requested.emit(
                row.item, self._owner.viewport().mapToGlobal(position)
            )
            return True
        return super().editorEvent(event, model, option, index)


class GroupedList(QListView):
    """The grouped rows with their signals (what the user asked for, per row)."""

    action_requested = Signal(object)  # TaskItem: its row button
    snooze_requested = Signal(object, QPoint)  # TaskItem, where to open the snooze menu
    item_activated = Signal(object)  # TaskItem: double-click or Enter
    menu_requested = Signal(object, QMenu)  # TaskItem, the context menu to add actions to

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = GroupedModel(self)
        self.setModel(self.model)
        self.setItemDelegate(GroupedDelegate(self))
        self.setMouseTracking(True)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # a hint re-wraps to the new width
        self.setStyleSheet("QListView { background: palette(window); }")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        drag_to_move(self, drop_indicator=True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.activated.connect(self._activated)

    def set_groups(self, groups: list[Group]) -> None:
        self.model.set_groups(groups)

    def more_text(self, hidden: int) -> str:
        return self.tr("Show %n more…", "", hidden)

    def group(self, key: str) -> Group:
        return next(g for g in self.model.groups if g.key == key)

    def items(self, key: str) -> list[TaskItem]:
        return list(self.group(key).items)

    def row_of(self, key: str, position: int = 0) -> int:
        """The list row of the ``position``-th item of group ``key`` (for tests and help)."""
        seen = 0
        for number in range(self.model.rowCount()):
            row = self.model.row(number)
            if row.kind == "item" and row.group.key == key:
                if seen == position:
                    return number
                seen += 1
        raise LookupError(key)

    def button_center(self, number: int, which: str = "action") -> QPoint:
        rect = self.visualRect(self.model.index(number)).adjusted(0, 1, 0, -1)
        item = self.model.row(number).item
        if which == "snooze":
            return GroupedDelegate.snooze_rect(rect, item).center()
        return GroupedDelegate.button_rect(rect, item).center()

    def current_item(self) -> TaskItem | None:
        index = self.currentIndex()
        return self.model.row(index.row()).item if index.isValid() else None

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row(index.row())
        if row.item is not None:
            self.item_activated.emit(row.item)
        elif row.kind == "group":
            self.model.toggle(row.group.key)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Space does what the row's button does, for keyboard users."""
        item = self.current_item()
        if event.key() == Qt.Key.Key_Space and item is not None and item.action:
            self.action_requested.emit(item)
            return
        super().keyPressEvent(event)

    def _context_menu(self, position: QPoint) -> None:
        index = self.indexAt(position)
        if not index.isValid() or self.model.row(index.row()).item is None:
            return
        menu = QMenu(self)
        self.menu_requested.emit(self.model.row(index.row()).item, menu)
        if not menu.isEmpty():
            menu.exec(self.viewport().mapToGlobal(position))
