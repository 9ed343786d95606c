"""The board's filter bar (owner, source, value range, closing this month, idle only, text)
and the sentence that says what the board shows."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QWidget,
)

from funneldesk.core.board import BoardFilters
from funneldesk.ui import labels, preferences
from funneldesk.ui.icons import icon
from funneldesk.ui.team.mine_toggle import MineToggle
from funneldesk.ui.widgets.choice_menu import (
    clear_filters_button,
    clear_quietly,
    fill_choices,
    filter_toggle,
)
from funneldesk.ui.widgets.flow_layout import FlowLayout
from funneldesk.ui.widgets.search_field import search_box

SORT_LABELS = (
    ("manual", QT_TRANSLATE_NOOP("FilterBar", "Manual order")),
    ("value", QT_TRANSLATE_NOOP("FilterBar", "Highest value")),
    ("expected_close", QT_TRANSLATE_NOOP("FilterBar", "Closing soonest")),
    ("age", QT_TRANSLATE_NOOP("FilterBar", "Longest in stage")),
    ("title", QT_TRANSLATE_NOOP("FilterBar", "Title")),
    ("customer", QT_TRANSLATE_NOOP("FilterBar", "Customer name")),
    ("created", QT_TRANSLATE_NOOP("FilterBar", "Newest")),
)


class FilterBar(QWidget):
    """Emits :attr:`changed` with the new filters and :attr:`sort_changed` with a sort key."""

    changed = Signal(object)  # BoardFilters
    sort_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = search_box(
            self.tr("Search deals and customers"), min_width=220, max_length=200
        )
        self.owner = QComboBox()
        self.owner.setMinimumContentsLength(10)
        self.mine = MineToggle(self.owner, preferences.BOARD_MINE_KEY)
        self.source = QComboBox()
        self.source.setMinimumContentsLength(10)
        self.min_value = self._money_box(self.tr("Min value"))
        self.max_value = self._money_box(self.tr("Max value"))
        self.this_month = filter_toggle(self.tr("Closing this month"), "calendar-month-outline")
        self.idle_only = filter_toggle(self.tr("Idle only"), "sleep")
        self.no_next_step = filter_toggle(self.tr("No next step"), "calendar-question")
        self.no_next_step.setToolTip(self.tr("Open deals without a planned activity"))
        self.clear = clear_filters_button(self.tr("Clear filters"), self.reset)
        self.sort = QComboBox()
        for key, label in SORT_LABELS:
            self.sort.addItem(icon("sort"), QCoreApplication.translate("FilterBar", label), key)
        self.sort.setToolTip(self.tr("Order of the cards in each column"))

        # the controls wrap onto a second line on a small window instead of squeezing the
        # search box (whose placeholder must stay readable)
        layout = FlowLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.search,
            self.mine,
            self.owner,
            self.source,
            self.min_value,
            self.max_value,
            self.this_month,
            self.idle_only,
            self.no_next_step,
            self.clear,
            self.sort,
        ):
            layout.addWidget(widget)

        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self._emit)
        self.search.textChanged.connect(self._timer.start)
        self.min_value.textChanged.connect(self._timer.start)
        self.max_value.textChanged.connect(self._timer.start)
        for combo in (self.owner, self.source):
            combo.currentIndexChanged.connect(self._emit)
        for toggle in (self.this_month, self.idle_only, self.no_next_step):
            toggle.toggled.connect(self._emit)
        self.sort.currentIndexChanged.connect(
            lambda _: self.sort_changed.emit(self.sort.currentData())
        )
        self.set_choices([], [])

    def _money_box(self, placeholder: str) -> QLineEdit:
        box = QLineEdit()
        box.setPlaceholderText(placeholder)
        validator = QDoubleValidator(0, 1e12, 2, box)
        validator.setNotation(QDoubleValidator.Notation.StandardNotation)
        box.setValidator(validator)
        box.setFixedWidth(96)
        box.setAlignment(Qt.AlignmentFlag.AlignRight)
        return box

    def set_choices(self, owners: list[str], sources: list[str]) -> None:
        """Fill the owner and source menus, keeping the current choice when it still exists."""
        fill_choices(self.owner, self.tr("All owners"), owners)
        fill_choices(
            self.source,
            self.tr("All sources"),
            sources,
            labels.source_name,
        )

    def filters(self) -> BoardFilters:
        return BoardFilters(
            owner=self.owner.currentData(),
            source=self.source.currentData(),
            min_value=_number(self.min_value.text()),
            max_value=_number(self.max_value.text()),
            closing_this_month=self.this_month.isChecked(),
            idle_only=self.idle_only.isChecked(),
            no_next_step=self.no_next_step.isChecked(),
            text=self.search.text().strip(),
        )

    def reset(self) -> None:
        clear_quietly(
            self.search,
            self.min_value,
            self.max_value,
            self.owner,
            self.source,
            self.this_month,
            self.idle_only,
            self.no_next_step,
        )
        self.mine.set_mine(False)
        self._emit()

    def _emit(self) -> None:
        filters = self.filters()
        self.clear.setVisible(filters.is_active())
        self.changed.emit(filters)

    def describe(self, filters: BoardFilters) -> list[str]:
        """Each active filter in a few words, for the summary line."""
        parts = []
        if filters.text:
            parts.append(self.tr("matching “%1”").replace("%1", filters.text))
        if filters.owner:
            parts.append(self.tr("owner %1").replace("%1", filters.owner))
        if filters.source:
            parts.append(self.tr("source %1").replace("%1", labels.source_name(filters.source)))
        if filters.min_value is not None:
            parts.append(self.tr("at least %1").replace("%1", _plain(filters.min_value)))
        if filters.max_value is not None:
            parts.append(self.tr("at most %1").replace("%1", _plain(filters.max_value)))
        if filters.closing_this_month:
            parts.append(self.tr("closing this month"))
        if filters.idle_only:
            parts.append(self.tr("idle"))
        if filters.no_next_step:
            parts.append(self.tr("no next step"))
        return parts


def _number(text: str) -> float | None:
    value, ok = QLocale().toDouble(text.strip())
    if not ok:
        try:
            return float(text.replace(",", "").strip())
        except ValueError:
            return None
    return value


def _plain(value: float) -> str:
    return QLocale().toString(value, "f", 0)
