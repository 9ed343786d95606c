"""One section of the Today view: a titled list of things to do, each with one action.

Rows are painted by a delegate instead of being widgets, so a list of thousands (a busy
birthday week at 100k customers) scrolls as smoothly as a list of three. The action button
is painted in the row; clicking it emits :attr:`TaskSection.action_requested`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from funneldesk.ui.icons import icon
from funneldesk.ui.theme import ACCENT, heading_font, semantic, tabular
from funneldesk.ui.widgets.empty_state import EmptyState

ROW_HEIGHT = 64
BUTTON_WIDTH_PADDING = 24


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


class TaskModel(QAbstractListModel):
    ItemRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[TaskItem] = []

    def set_items(self, items: list[TaskItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> TaskItem:
        return self._items[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.title}\n{item.detail}\n{item.when} · {item.when_detail}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{item.title}, {item.detail}, {item.when}"
        if role == self.ItemRole:
            return item
        return None


class TaskDelegate(QStyledItemDelegate):
    """Paints a row: coloured left edge, icon, name and detail, when, and the action button."""

    def __init__(self, section: TaskSection) -> None:
        super().__init__(section)
        self._section = section

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        return QSize(200, ROW_HEIGHT)

    @staticmethod
    def button_rect(option_rect: QRect, item: TaskItem) -> QRect:
        if not item.action:
            return QRect()
        width = QFontMetrics(QApplication.font()).horizontalAdvance(item.action)
        width += BUTTON_WIDTH_PADDING
        return QRect(option_rect.right() - width - 10, option_rect.center().y() - 14, width, 28)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        item: TaskItem = index.data(TaskModel.ItemRole)
        palette = QApplication.palette()
        rect = option.rect.adjusted(0, 2, 0, -2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        background = palette.color(QPalette.ColorRole.Base)
        if selected:
            background = palette.color(QPalette.ColorRole.AlternateBase).darker(104)
        elif hovered:
            background = palette.color(QPalette.ColorRole.AlternateBase)
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.setBrush(background)
        painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 6, 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(tone_colour(item.tone))
        painter.drawRoundedRect(QRect(rect.left(), rect.top(), 4, rect.height()), 2, 2)

        muted = semantic("muted")
        text_colour = muted if item.done else palette.color(QPalette.ColorRole.Text)
        glyph = icon(item.icon, muted if item.done else tone_colour(item.tone))
        glyph.paint(painter, QRect(rect.left() + 14, rect.center().y() - 11, 22, 22))

        button = self.button_rect(rect, item)
        right_edge = (button.left() if item.action else rect.right()) - 12
        text_left = rect.left() + 46
        when_font = tabular(QApplication.font())
        when_metrics = QFontMetrics(when_font)
        lines = (
            (item.title, item.when, heading_font(QApplication.font(), scale=1.0), text_colour),
            (item.detail.replace("\n", " "), item.when_detail, QApplication.font(), muted),
        )
        when_colour = muted if item.done or item.tone == "accent" else tone_colour(item.tone)
        for number, (text, when, font, colour) in enumerate(lines):
            top = rect.top() + 10 + 22 * number
            when_width = when_metrics.horizontalAdvance(when)
            when_rect = QRect(right_edge - when_width, top, when_width, 20)
            text_rect = QRect(text_left, top, when_rect.left() - text_left - 8, 20)
            painter.setFont(font)
            painter.setPen(colour)
            painter.drawText(
                text_rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, text_rect.width()),
            )
            painter.setFont(when_font)
            painter.setPen(when_colour if number == 0 else muted)
            painter.drawText(
                when_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, when
            )
        painter.restore()
        if item.action:
            style_option = QStyleOptionButton()
            style_option.rect = button
            style_option.text = item.action
            style_option.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
            style_option.palette = palette
            widget = option.widget
            style = widget.style() if widget is not None else QApplication.style()
            style.drawControl(QStyle.ControlElement.CE_PushButton, style_option, painter, widget)

    def editorEvent(self, event: QEvent, model, option: QStyleOptionViewItem, index) -> bool:  # noqa: ANN001, N802
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            item: TaskItem = index.data(TaskModel.ItemRole)
            rect = option.rect.adjusted(0, 2, 0, -2)
            if self.button_rect(rect, item).contains(event.position().toPoint()):
                self._section.action_requested.emit(item)
                return True
        return super().editorEvent(event, model, option, index)


class TaskSection(QWidget):
    """A titled list with a count, and an empty state that says what to do next."""

    action_requested = Signal(object)  # TaskItem: its row button was clicked
    item_activated = Signal(object)  # TaskItem: double-click or Enter

    def __init__(
        self,
        icon_name: str,
        title: str,
        empty_title: str,
        empty_hint: str,
        open_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.open_text = open_text
        heading_icon = QLabel()
        heading_icon.setPixmap(icon(icon_name).pixmap(QSize(20, 20)))
        self.title = QLabel(title)
        self.title.setFont(heading_font(scale=1.1))
        self.count = QLabel()
        self.count.setObjectName("countBadge")
        self.count.setStyleSheet(
            "#countBadge { background: palette(mid); border-radius: 9px; padding: 1px 8px; }"
        )
        self.count.hide()  # until the list has been read
        heading = QHBoxLayout()
        heading.setSpacing(8)
        heading.addWidget(heading_icon)
        heading.addWidget(self.title)
        heading.addWidget(self.count)
        heading.addStretch(1)

        self.model = TaskModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(TaskDelegate(self))
        self.view.setMouseTracking(True)
        self.view.setUniformItemSizes(True)
        self.view.setFrameShape(QListView.Shape.NoFrame)
        self.view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setStyleSheet("QListView { background: palette(window); }")
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.installEventFilter(self)
        self.view.activated.connect(
            lambda index: self.item_activated.emit(self.model.item(index.row()))
        )
        self.empty = EmptyState(icon_name, empty_title, empty_hint)
        for label in self.empty.findChildren(QLabel):  # three side by side must fit 1280 px
            label.setMinimumWidth(0)
            if label.wordWrap():  # room for the hint to wrap onto three lines
                label.setMinimumHeight(label.fontMetrics().lineSpacing() * 3 + 4)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(heading)
        layout.addWidget(self.stack, 1)

    def current_item(self) -> TaskItem | None:
        index = self.view.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Space does what the row's button does, for keyboard users."""
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            item = self.current_item()
            if isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Space and item:
                self.action_requested.emit(item)
                return True
        return super().eventFilter(watched, event)

    def _context_menu(self, position: QPoint) -> None:
        index = self.view.indexAt(position)
        if not index.isValid():
            return
        item = self.model.item(index.row())
        menu = QMenu(self)
        menu.addAction(self.open_text, lambda: self.item_activated.emit(item))
        if item.action:
            menu.addAction(item.action, lambda: self.action_requested.emit(item))
        menu.exec(self.view.viewport().mapToGlobal(position))

    def set_items(self, items: list[TaskItem]) -> None:
        self.model.set_items(items)
        self.count.setText(f"{len(items):,}")
        self.count.setVisible(bool(items))
        self.stack.setCurrentWidget(self.view if items else self.empty)

    def items(self) -> list[TaskItem]:
        return [self.model.item(row) for row in range(self.model.rowCount())]

    def button_center(self, row: int):  # noqa: ANN201 (QPoint; for keyboard-free tests and help)
        """Where row ``row``'s action button is drawn, in view coordinates."""
        rect = self.view.visualRect(self.model.index(row)).adjusted(0, 2, 0, -2)
        return TaskDelegate.button_rect(rect, self.model.item(row)).center()
