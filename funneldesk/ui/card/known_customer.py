"""A new card whose phone number or e-mail address is already on another card offers to open it.

The check runs when the user leaves the phone or e-mail field of a new card and again on
saving, before anything is written (:func:`funneldesk.core.duplicates.known_customers`), so
the same person is not entered twice by accident; saving a new card anyway stays possible
(two people may share a number).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from funneldesk.core.duplicates import KnownCustomer
from funneldesk.ui.icons import icon


def known_text(known: KnownCustomer) -> str:
    """``王芳 (华为) already has this phone number.``"""
    who = f"{known.name} ({known.company})" if known.company else known.name
    if known.matched == "phone":
        text = QCoreApplication.translate(
            "KnownCustomerBanner", "%1 already has this phone number."
        )
    else:
        text = QCoreApplication.translate(
            "KnownCustomerBanner", "%1 already has this e-mail address."
        )
    return text.replace("%1", who)


class KnownCustomerBanner(QFrame):
    """Hidden until :meth:`show_known`; ``open_requested(customer_id)`` on "Open card"."""

    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("knownCustomerBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.known: KnownCustomer | None = None
        self.icon = QLabel()
        self.icon.setPixmap(icon("account-alert-outline").pixmap(20, 20))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open that card"))
        self.open_button.clicked.connect(self._open)
        close = QToolButton()
        close.setIcon(icon("close"))
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Not the same person"))
        close.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.icon)
        row.addWidget(self.text, 1)
        row.addWidget(self.open_button)
        row.addWidget(close)
        self.hide()

    def show_known(self, found: list[KnownCustomer]) -> None:
        """Offer the first card found (hidden when there is none)."""
        self.known = found[0] if found else None
        if self.known is None:
            self.hide()
            return
        self.text.setText(known_text(self.known))
        self.show()

    def _open(self) -> None:
        if self.known is not None:
            self.open_requested.emit(self.known.customer_id)
