"""The "whose plan" box of the Today and agenda views: "Everyone", then each owner.

Its own module so that the Today view can fill it before the first paint without importing
the activity dialog (and the board, card and deal modules that dialog needs).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox

from funneldesk.core.db import Database
from funneldesk.core.owners import known_owners
from funneldesk.ui import preferences
from funneldesk.ui.icons import icon


def fill_owner_choices(combo: QComboBox, db: Database) -> None:
    """ "Everyone" and each owner, keeping the choice made here or in another view (Today and
    the agenda show the same person's plan)."""
    wanted = preferences.remembered(preferences.TODAY_OWNER_KEY)
    combo.clear()
    combo.addItem(
        icon("account-multiple-outline"),
        QCoreApplication.translate("ActivityDialog", "Everyone"),
        "",
    )
    for name in known_owners(db):
        combo.addItem(icon("account-outline"), name, name)
    combo.setCurrentIndex(max(combo.findData(wanted), 0))
