"""Customers ▸ Find duplicates…: review the pairs of cards that look like one person and merge them.

The pairs are found on a background thread (a second or so at 100k customers) and listed
with why they look alike; the selected pair is shown side by side (:class:`MergeComparison`).
**Merge** is one undoable operation (Ctrl+Z in any window brings both cards back exactly);
**Not the same person** is remembered in the file so the pair is not proposed again.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from funneldesk.core import duplicates
from funneldesk.core.changes import ChangeSet
from funneldesk.core.errors import FunnelDeskError
from funneldesk.core.merge import merge_customers, merge_plan
from funneldesk.ui.context import AppContext
from funneldesk.ui.duplicates.compare import MergeComparison
from funneldesk.ui.icons import icon
from funneldesk.ui.jobs import BackgroundReader
from funneldesk.ui.widgets.button_row import button_row
from funneldesk.ui.widgets.empty_state import EmptyState

_open: dict[int, DuplicatesWindow] = {}


def open_duplicates(window: QWidget, context: AppContext) -> None:
    """Customers ▸ Find duplicates… (one window per open file, raised when already open)."""
    found = _open.get(id(context))
    if found is None:
        found = DuplicatesWindow(context, window)
        _open[id(context)] = found
        found.destroyed.connect(lambda *_: _open.pop(id(context), None))
    found.show()
    found.raise_()
    found.activateWindow()


def _find(db):  # noqa: ANN001, ANN202
    def work(_progress, _cancelled):  # noqa: ANN001, ANN202
        pairs = duplicates.find_pairs(db)
        cards = duplicates.cards_by_id(db, (i for p in pairs for i in (p.first_id, p.second_id)))
        return pairs, cards

    return work


class DuplicatesWindow(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Find duplicates"))
        self.setModal(False)
        self.resize(1040, 640)
        self.pairs: list[duplicates.DuplicatePair] = []
        self.kept_first = True

        self.reasons = {
            "phone": self.tr("Phone"),
            "email": self.tr("E-mail"),
            "name": self.tr("Name"),
        }
        self.heading = QLabel(self.tr("Looking for cards of the same person…"))
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setHeaderLabels([self.tr("Card"), self.tr("Looks like"), self.tr("Same")])
        self.list.headerItem().setToolTip(
            2, self.tr("Same phone number, same e-mail address, or same name at the same company")
        )
        self.list.setColumnWidth(0, 140)
        self.list.setColumnWidth(1, 140)
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.comparison = MergeComparison()
        self.swap_button = QPushButton(icon("swap-horizontal"), self.tr("Keep the other card"))
        self.swap_button.clicked.connect(self._swap)
        self.dismiss_button = QPushButton(self.tr("Not the same person"))
        self.dismiss_button.clicked.connect(self.dismiss)
        self.merge_button = QPushButton(icon("call-merge", "#ffffff"), self.tr("Merge"))
        self.merge_button.setObjectName("primaryButton")
        self.merge_button.clicked.connect(self.merge)
        buttons = button_row([self.swap_button], [self.dismiss_button, self.merge_button])
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(8, 0, 0, 0)
        detail_layout.addWidget(self.comparison, 1)
        detail_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(detail)
        splitter.setSizes([460, 580])
        self.empty = EmptyState(
            "account-check-outline",
            self.tr("No duplicates"),
            self.tr(
                "No two cards share a phone number, an e-mail address, or a name at the "
                "same company."
            ),
        )
        self.pages = QStackedWidget()
        self.pages.addWidget(splitter)
        self.pages.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.pages, 1)

        self.reader = BackgroundReader(self)
        self.reader.finished.connect(self._loaded)
        self.reader.failed.connect(lambda message: self.context.show_error(message, self))
        context.changed.connect(self._on_changed)
        self._enable(False)
        self.refresh()

    # -- loading -------------------------------------------------------------------------
    def refresh(self) -> None:
        self.reader.request(_find(self.context.db))

    def _on_changed(self, changes: ChangeSet) -> None:
        if "customers" in changes.tables() or "settings" in changes.tables():
            self.refresh()

    def _loaded(self, answer) -> None:  # noqa: ANN001
        self.pairs, cards = answer
        self.pairs = [p for p in self.pairs if p.first_id in cards and p.second_id in cards]
        current = self._current_pair()
        self.list.clear()
        for pair in self.pairs:
            first, second = cards[pair.first_id], cards[pair.second_id]
            item = QTreeWidgetItem(
                [
                    self._who(first),
                    self._who(second),
                    ", ".join(self.reasons[reason] for reason in pair.reasons),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, pair)
            item.setToolTip(0, self._contact(first))
            item.setToolTip(1, self._contact(second))
            self.list.addTopLevelItem(item)
        self.heading.setText(
            self.tr("%1 pairs of cards look like the same person.").replace(
                "%1", f"{len(self.pairs):,}"
            )
            if self.pairs
            else ""
        )
        self.heading.setVisible(bool(self.pairs))
        self.pages.setCurrentWidget(self.pages.widget(0) if self.pairs else self.empty)
        index = next((i for i, p in enumerate(self.pairs) if p == current), 0)
        if self.pairs:
            self.list.setCurrentItem(self.list.topLevelItem(min(index, len(self.pairs) - 1)))
        else:
            self._show_current()

    @staticmethod
    def _who(card: dict) -> str:
        return f"{card['name']} ({card['company']})" if card.get("company") else card["name"]

    @staticmethod
    def _contact(card: dict) -> str:
        return "\n".join(str(card[k]) for k in ("phone", "email", "city") if card.get(k))

    # -- the selected pair ---------------------------------------------------------------
    def _current_pair(self) -> duplicates.DuplicatePair | None:
        item = self.list.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _ids(self) -> tuple[int, int] | None:
        pair = self._current_pair()
        if pair is None:
            return None
        ids = (pair.first_id, pair.second_id)
        return ids if self.kept_first else (ids[1], ids[0])

    def _show_current(self) -> None:
        ids = self._ids()
        plan = None
        if ids is not None:
            try:
                plan = merge_plan(self.context.db, *ids)
            except FunnelDeskError:
                plan = None  # merged or deleted meanwhile: the refresh drops the pair
        self.comparison.show_plan(plan)
        self._enable(plan is not None)

    def _enable(self, enabled: bool) -> None:
        for button in (self.swap_button, self.dismiss_button, self.merge_button):
            button.setEnabled(enabled)

    def _swap(self) -> None:
        self.kept_first = not self.kept_first
        self._show_current()

    # -- actions -------------------------------------------------------------------------
    def merge(self) -> None:
        ids = self._ids()
        if ids is None:
            return
        changes = self.context.run(merge_customers, *ids, self.comparison.choices(), parent=self)
        if changes is not None:
            self.context.status_message.emit(self.tr("Cards merged. Ctrl+Z brings both back."))
            self.kept_first = True

    def dismiss(self) -> None:
        pair = self._current_pair()
        if pair is not None:
            self.context.run(
                duplicates.dismiss_pairs, [(pair.first_id, pair.second_id)], parent=self
            )

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802
        self.reader.wait()
        with contextlib.suppress(RuntimeError, TypeError):
            self.context.changed.disconnect(self._on_changed)
        super().closeEvent(event)
