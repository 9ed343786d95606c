""" "Mine / Everyone" on the board and on Today, for a file that is in a team.

The views already narrow their lists by owner through an owner menu; *Mine* picks the
member this file belongs to in that menu (and locks it), *Everyone* picks everyone again.
The choice is remembered on this computer (``ui/preferences.py``), one per view. Outside a
team the two buttons are hidden and the owner menu works alone, as before.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QToolButton, QWidget

from funneldesk.core.db import Database
from funneldesk.core.sync.status import state
from funneldesk.ui import preferences
from funneldesk.ui.icons import icon


def team_member(db: Database) -> str | None:
    """The member this file belongs to, or None for a single-user file."""
    found = state(db)
    return None if found is None else found.member


class MineToggle(QWidget):
    """Two exclusive buttons driving ``owner_menu``; emits :attr:`changed` when the user
    switches (the menu's own signals tell the views that listen to it)."""

    changed = Signal()

    def __init__(self, owner_menu: QComboBox, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._menu = owner_menu
        self._key = key
        self._member: str | None = None
        self.mine = self._button(self.tr("Mine"), "account-outline")
        self.mine.setToolTip(self.tr("Only your deals, customers and activities"))
        self.everyone = self._button(self.tr("Everyone"), "account-multiple-outline")
        self.everyone.setToolTip(self.tr("The whole team's"))
        group = QButtonGroup(self)
        group.setExclusive(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for button in (self.mine, self.everyone):
            group.addButton(button)
            layout.addWidget(button)
        self.everyone.setChecked(True)
        self.mine.clicked.connect(lambda: self._chosen(True))
        self.everyone.clicked.connect(lambda: self._chosen(False))
        self.hide()

    @staticmethod
    def _button(text: str, icon_name: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setIcon(icon(icon_name))
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        return button

    def set_member(self, member: str | None) -> None:
        """Show the toggle for ``member`` (None: not in a team, hide it) and apply the
        remembered choice; call it after the owner menu was filled."""
        self._member = member
        self.setVisible(member is not None)
        self._apply(member is not None and preferences.remembered(self._key) == "1")

    def set_mine(self, mine: bool) -> None:
        """Switch as the user would (remembered); without a team, only Everyone exists."""
        self._chosen(mine and self._member is not None)

    def _chosen(self, mine: bool) -> None:
        preferences.remember(self._key, "1" if mine else "0")
        self._apply(mine)
        self.changed.emit()

    def _apply(self, mine: bool) -> None:
        (self.mine if mine else self.everyone).setChecked(True)
        if mine:
            if self._menu.findData(self._member) < 0:  # nothing of theirs yet
                self._menu.addItem(icon("account-outline"), self._member, self._member)
            self._menu.setCurrentIndex(self._menu.findData(self._member))
        elif not self._menu.isEnabled():  # leaving Mine: back to everyone
            self._menu.setCurrentIndex(0)
        self._menu.setEnabled(not mine)
