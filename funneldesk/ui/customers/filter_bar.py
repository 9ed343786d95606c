"""The customer list's search box and filters (source, owner, city, open deals, birthdays),
and the words that describe them in the summary line."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from funneldesk.core.customer_list import ListQuery
from funneldesk.ui import labels
from funneldesk.ui.widgets.choice_menu import (
    clear_filters_button,
    clear_quietly,
    fill_choices,
    filter_toggle,
)
from funneldesk.ui.widgets.flow_layout import FlowLayout
from funneldesk.ui.widgets.search_field import search_box

SEARCH_DELAY_MS = 150


class CustomerFilterBar(QWidget):
    """Emits :attr:`changed` with a :class:`ListQuery` (sort left at its default)."""

    changed = Signal(object)  # ListQuery

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = search_box(
            self.tr("Search name, pinyin, phone, company, notes…"), min_width=280, max_length=500
        )
        self.search.setObjectName("customerSearch")
        self.source = self._combo()
        self.owner = self._combo()
        self.city = self._combo()
        self.open_deals = filter_toggle(self.tr("Open deals"), "handshake-outline")
        self.open_deals.setToolTip(self.tr("Only customers with an open deal"))
        self.birthdays = filter_toggle(self.tr("Birthday this month"), "cake-variant-outline")
        self.clear = clear_filters_button(self.tr("Clear filters"), self.reset)

        layout = FlowLayout(self)  # wraps onto a second line on a small window
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.search,
            self.source,
            self.owner,
            self.city,
            self.open_deals,
            self.birthdays,
            self.clear,
        ):
            layout.addWidget(widget)

        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._emit)
        self.search.textChanged.connect(self._timer.start)
        self.search.returnPressed.connect(self._emit_now)
        for combo in (self.source, self.owner, self.city):
            combo.currentIndexChanged.connect(self._emit)
        for toggle in (self.open_deals, self.birthdays):
            toggle.toggled.connect(self._emit)
        self.set_choices([], [], [])

    def _combo(self) -> QComboBox:
        combo = QComboBox()
        combo.setMinimumContentsLength(9)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        return combo

    def set_choices(self, sources: list[str], owners: list[str], cities: list[str]) -> None:
        """Fill the menus, keeping the current choice when it still exists."""
        fill_choices(self.source, self.tr("All sources"), sources, labels.source_name)
        fill_choices(self.owner, self.tr("All owners"), owners)
        fill_choices(self.city, self.tr("All cities"), cities)

    def query(self, base: ListQuery | None = None) -> ListQuery:
        """``base`` (its sort kept) with this bar's search text and filters."""
        return replace(
            base or ListQuery(),
            search=self.search.text().strip(),
            source=self.source.currentData(),
            owner=self.owner.currentData(),
            city=self.city.currentData(),
            has_open_deals=self.open_deals.isChecked(),
            birthday_this_month=self.birthdays.isChecked(),
        )

    def reset(self) -> None:
        """Clear the search and every filter (one ``changed``)."""
        clear_quietly(
            self.search, self.source, self.owner, self.city, self.open_deals, self.birthdays
        )
        self._emit_now()

    def _emit_now(self) -> None:
        self._timer.stop()
        self._emit()

    def _emit(self) -> None:
        query = self.query()
        self.clear.setVisible(query.is_filtered())
        self.changed.emit(query)

    def describe(self, query: ListQuery) -> list[str]:
        """Each active filter in a few words, for the summary line."""
        parts = []
        if query.search:
            parts.append(self.tr("matching “%1”").replace("%1", query.search[:40]))
        if query.source:
            parts.append(self.tr("source %1").replace("%1", labels.source_name(query.source)))
        if query.owner:
            parts.append(self.tr("owner %1").replace("%1", query.owner))
        if query.city:
            parts.append(self.tr("city %1").replace("%1", query.city))
        if query.has_open_deals:
            parts.append(self.tr("with open deals"))
        if query.birthday_this_month:
            parts.append(self.tr("birthday this month"))
        return parts
